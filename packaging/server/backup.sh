#!/usr/bin/env bash
# Nightly backup of the Kömek district database: one pg_dump custom-format file per run.
#
#   backup.sh [--dir DIR] [--keep-days N] [--database URL]
#
# Run by komek-server-backup.service (as the komek user, with /etc/komek-server/server.env),
# or by hand. Defaults come from the environment:
#   KOMEK_SERVER_DATABASE   the server's database URL (the same one komek-server uses)
#   KOMEK_BACKUP_DIR        where the dumps go          (default /var/backups/komek-server)
#   KOMEK_BACKUP_KEEP_DAYS  how many days of dumps stay (default 14)
#
# What it guarantees:
#   * a dump is written to a hidden temporary file, checked with pg_restore --list, flushed to
#     disk and only then renamed to komek-server-YYYYMMDD-HHMMSS.dump (UTC): a file with that
#     name is always a complete dump, never the half of one;
#   * any failure exits non-zero (systemd then marks the service failed) and leaves the older
#     dumps untouched: old dumps are pruned only after a new one is safely in place;
#   * the newest dump is never pruned, whatever its age.
# Restore a dump with restore.sh (same folder).
set -euo pipefail

dir=${KOMEK_BACKUP_DIR:-/var/backups/komek-server}
keep_days=${KOMEK_BACKUP_KEEP_DAYS:-14}
database=${KOMEK_SERVER_DATABASE:-}

usage() { sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "backup.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    --keep-days) keep_days=${2:?--keep-days needs a number}; shift 2 ;;
    --database) database=${2:?--database needs a URL}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

[ -n "$database" ] || die "no database: set KOMEK_SERVER_DATABASE or give --database URL"
if ! [[ $keep_days =~ ^[0-9]+$ ]] || [ "$keep_days" -lt 1 ]; then
  die "--keep-days must be 1 or more"
fi
# komek-server accepts SQLAlchemy's "postgresql+psycopg://"; libpq knows only "postgresql://".
database=${database/#postgresql+psycopg:\/\//postgresql://}
database=${database/#postgres:\/\//postgresql://}
command -v pg_dump >/dev/null || die "pg_dump not found (package postgresql-client)"

umask 077                      # dumps hold personal data: readable by their owner only
mkdir -p "$dir"
# One backup at a time: a second run started while one is writing fails at once.
exec 9>"$dir/.lock"
flock --nonblock 9 || die "another backup is running in $dir"
stamp=$(date -u +%Y%m%d-%H%M%S)
name="komek-server-$stamp"
n=1
while [ -e "$dir/$name.dump" ]; do name="komek-server-$stamp-$n"; n=$((n + 1)); done
final="$dir/$name.dump"
partial="$dir/.$name.dump.partial"

# Remove the temporary file if anything below fails or the run is interrupted.
trap 'rm -f "$partial"' EXIT
started=$(date +%s)

# -Fc: custom format (compressed, restored selectively and in parallel by pg_restore).
# --no-password: a nightly job must fail, not wait for a password prompt.
pg_dump --format=custom --no-password --dbname="$database" --file="$partial"
# A dump that pg_restore cannot list is no backup.
pg_restore --list "$partial" >/dev/null || die "the dump just written cannot be read back"
sync "$partial"                # the data reaches the disk before the name does
mv -f "$partial" "$final"
sync "$dir"
trap - EXIT

size=$(stat -c %s "$final")
echo "backup written: $final ($size bytes, $(( $(date +%s) - started )) s)"

# Prune dumps older than the retention, never the one just written. Leftover temporary files
# of interrupted runs (older than a day) go too.
find "$dir" -maxdepth 1 -type f -name 'komek-server-*.dump' ! -path "$final" \
  -mmin +$(( keep_days * 1440 )) -print -delete | sed 's/^/pruned: /'
find "$dir" -maxdepth 1 -type f -name '.komek-server-*.dump.partial' -mmin +1440 -delete
