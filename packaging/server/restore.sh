#!/usr/bin/env bash
# Restore a Kömek district database from a dump made by backup.sh.
#
#   restore.sh [--force] [--owner ROLE] [--os-user USER] DUMP DATABASE
#
#   DUMP        a komek-server-*.dump file (pg_dump custom format)
#   DATABASE    the database to restore into: a new name, or an existing database
#   --force     replace the contents of an existing database that is not empty
#   --owner     the role that owns the restored database and its tables (default komek)
#   --os-user   run the PostgreSQL tools as this system user (default postgres when run as
#               root, so that local "peer" authentication lets them create databases; give
#               --os-user "" to run them as yourself)
#
# The connection is libpq's: PGHOST, PGPORT, PGUSER... (default: the local socket). The
# connecting role must be allowed to create databases (the "postgres" superuser is).
#
# How it stays safe:
#   1. the dump is checked readable before anything is touched;
#   2. an existing database that holds any table is left alone unless --force is given;
#   3. the dump is restored into a separate staging database, in one transaction;
#   4. the staging database is verified: the row count of every table equals the number of
#      rows the dump holds for it, and the schema version (alembic_version) is present;
#   5. only then is it renamed to DATABASE. A replaced database is not dropped: it is renamed
#      to DATABASE_before_restore_YYYYMMDDHHMMSS, for you to drop once satisfied.
# Stop komek-server before restoring over its database (systemctl stop komek-server): a
# database cannot be renamed while someone is connected to it. Afterwards run
# "komek-server init" (it upgrades a dump of an older version) and start the service again.
#
# Exit codes: 0 restored, 1 failed (nothing changed), 2 usage, 3 refused (non-empty target
# without --force, or the target is in use).
set -euo pipefail

force=0
owner=komek
os_user=
[ "$(id -u)" -eq 0 ] && os_user=postgres

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "restore.sh: $1" >&2; exit "${2:-1}"; }

args=()
while [ $# -gt 0 ]; do
  case $1 in
    --force) force=1; shift ;;
    --owner) owner=${2:?--owner needs a role}; shift 2 ;;
    --os-user) os_user=${2?--os-user needs a user name (or "")}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ ${#args[@]} -eq 2 ] || { usage >&2; exit 2; }
dump=${args[0]}
target=${args[1]}

# Names go into SQL statements: accept plain identifiers only.
ident='^[a-z_][a-z0-9_]{0,40}$'
[[ $target =~ $ident ]] || die "database name must be lower-case letters, digits and _" 2
[[ $owner =~ $ident ]] || die "role name must be lower-case letters, digits and _" 2
if [ ! -f "$dump" ] || [ ! -r "$dump" ]; then die "cannot read $dump" 2; fi

# The PostgreSQL tools, as the chosen system user. The dump itself is always read by this
# script (on standard input), so it may stay readable by root and komek only.
as=()
[ -n "$os_user" ] && as=(runuser -u "$os_user" --)
pg() { "${as[@]}" "$@"; }
sql() { pg env PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql --no-psqlrc --no-password -X -q -At -v ON_ERROR_STOP=1 "$@"; }

stamp=$(date -u +%Y%m%d%H%M%S)
staging="${target}_restoring"
kept="${target}_before_restore_$stamp"

# 1. The dump must be a readable custom-format archive with the server's schema.
toc=$(pg_restore --list "$dump") || die "$dump is not a readable pg_dump archive"
grep -q ' TABLE public alembic_version ' <<<"$toc" \
  || die "$dump holds no Kömek server schema (no alembic_version table)"

# 2. What is the target now?
exists=$(sql -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$target'")
relations=0
if [ "$exists" = 1 ]; then
  relations=$(sql -d "$target" -c "SELECT count(*) FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'")
  if [ "$relations" -gt 0 ] && [ "$force" -ne 1 ]; then
    die "database $target is not empty ($relations tables, views or sequences): add --force
to replace it (its current contents are then kept as ${target}_before_restore_<time>)" 3
  fi
  in_use=$(sql -d postgres -c "SELECT count(*) FROM pg_stat_activity
      WHERE datname = '$target' AND pid <> pg_backend_pid()")
  [ "$in_use" = 0 ] || die "database $target is in use ($in_use connections): stop
komek-server first (systemctl stop komek-server)" 3
fi

# 3. Restore into a fresh staging database, in one transaction (all or nothing). A staging
# database left by an earlier failed attempt is ours to drop.
sql -d postgres -c "DROP DATABASE IF EXISTS $staging"
sql -d postgres -c "CREATE DATABASE $staging OWNER $owner TEMPLATE template0 ENCODING 'UTF8'"
echo "restoring $dump into $staging..."
# --no-owner --role: every object is created by (so owned by) the owner role, whoever made
# the dump; --no-acl: the dump's grants are not replayed.
if ! pg pg_restore --no-password --exit-on-error --single-transaction --no-owner --no-acl \
    --role="$owner" --dbname="$staging" <"$dump"; then
  sql -d postgres -c "DROP DATABASE IF EXISTS $staging" || true
  die "pg_restore failed; $target was not changed"
fi

# 4. Verify: the rows of every table in the dump (counted in its COPY sections) against the
# restored tables. COPY's text format escapes newlines, so one line is one row.
expected=$(pg_restore --data-only --file=- "$dump" | awk '
  /^COPY / { table = $2; sub(/^public\./, "", table); rows = 0; copying = 1; next }
  copying && $0 == "\\." { print table, rows; copying = 0; next }
  copying { rows++ }' | sort)
actual=""
while read -r table _; do
  count=$(sql -d "$staging" -c "SELECT count(*) FROM public.\"$table\"")
  actual+="$table $count"$'\n'
done <<<"$expected"
actual=$(sort <<<"${actual%$'\n'}")
if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
  echo "expected (dump):" >&2; echo "$expected" >&2
  echo "found (restored):" >&2; echo "$actual" >&2
  sql -d postgres -c "DROP DATABASE IF EXISTS $staging" || true
  die "the restored rows do not match the dump; $target was not changed"
fi
revision=$(sql -d "$staging" -c "SELECT version_num FROM alembic_version")
[ -n "$revision" ] || die "the restored database has no schema version"

# 5. Put it in place.
if [ "$exists" = 1 ]; then
  if [ "$relations" -gt 0 ]; then
    sql -d postgres -c "ALTER DATABASE $target RENAME TO $kept"
    echo "the previous contents of $target are kept as $kept (dropdb $kept once satisfied)"
  else
    sql -d postgres -c "DROP DATABASE $target"
  fi
fi
sql -d postgres -c "ALTER DATABASE $staging RENAME TO $target"

echo "restored $target from $dump (schema $revision):"
while read -r table rows; do echo "  $table: $rows rows"; done <<<"$expected"
echo "next: komek-server init (upgrades an older schema), then systemctl start komek-server"
