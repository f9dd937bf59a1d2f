#!/usr/bin/env bash
# Install (or upgrade) the Kömek district sync server on Debian 12 or Ubuntu 22.04 and later.
# The same steps, explained, are in packaging/server/README.md: read them before running this.
#
#   sudo bash packaging/server/install.sh [options] PACKAGE
#
#   PACKAGE                 the komek wheel (komek-X.Y.Z-py3-none-any.whl) or a source folder
#   --dry-run               print every step and command, change nothing (root not needed)
#   --cert FILE --key FILE  the district's TLS certificate (PEM, with its chain) and its key
#   --self-signed NAME      make a self-signed certificate for the host NAME, if there is none
#   --port N                the port the desks connect to (default 8443)
#   --keep-days N           days of nightly backups to keep (default 14)
#
# Safe to run again: each step looks at what is there and does only what is missing. An
# upgrade is the same command with the new wheel: pip replaces the program, the service is
# stopped, "komek-server init" migrates the database, the service starts again. What an
# administrator wrote is never overwritten: /etc/komek-server/server.env, the certificate (unless
# --cert/--key are given again), the journald setting. The unit files are this script's and are
# replaced on every run: change them with "systemctl edit komek-server", not in place.
set -euo pipefail
# Files the script creates are readable by the service unless a step says otherwise (a root
# umask of 077 would otherwise leave the installed program unreadable to the komek user).
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=/opt/komek-server           # the program: venv/, bin/ (backup.sh, restore.sh), README
VENV=$PREFIX/venv
CONF=/etc/komek-server             # server.env and tls/ (root:komek, 0750)
ENV_FILE=$CONF/server.env
BACKUPS=/var/backups/komek-server  # nightly dumps (komek:komek, 0750)
UNITS=/etc/systemd/system
JOURNALD_CONF=/etc/systemd/journald.conf.d/60-komek-server.conf
PG_LOG_CONF=60-komek-server.conf   # postgresql-komek.conf, in the cluster's conf.d folder
USER_NAME=komek                    # the system user, the PostgreSQL role and the database

dry_run=0
cert='' key='' self_signed='' port='' keep_days='' package=''

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) dry_run=1; shift ;;
    --cert) cert=${2:?--cert needs a file}; shift 2 ;;
    --key) key=${2:?--key needs a file}; shift 2 ;;
    --self-signed) self_signed=${2:?--self-signed needs a host name}; shift 2 ;;
    --port) port=${2:?--port needs a number}; shift 2 ;;
    --keep-days) keep_days=${2:?--keep-days needs a number}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) [ -z "$package" ] || { usage >&2; exit 2; }; package=$1; shift ;;
  esac
done

# --- helpers ---------------------------------------------------------------------------------
# run CMD...: run a command that changes the system; with --dry-run only print it.
run() {
  printf '+'; printf ' %q' "$@"; printf '\n'
  [ "$dry_run" -eq 1 ] || "$@"
}
# write PATH MODE OWNER:GROUP < CONTENT: write a file whole (through a temporary file).
write() {
  local path=$1 mode=$2 owner=$3 content line
  content=$(cat)
  echo "+ write $path (mode $mode, owner $owner):"
  while IFS= read -r line; do echo "    | $line"; done <<<"$content"
  [ "$dry_run" -eq 1 ] && return 0
  printf '%s\n' "$content" >"$path.tmp"
  chmod "$mode" "$path.tmp" && chown "$owner" "$path.tmp" && mv -f "$path.tmp" "$path"
}
step() { printf '\n== %s\n' "$*"; }
note() { echo "   $*"; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# A question to PostgreSQL as its superuser; empty when it cannot be asked (in a dry run on a
# machine without PostgreSQL, say).
pg_ask() { runuser -u postgres -- psql -X -At -d postgres -c "$1" 2>/dev/null || true; }
# The value of a setting in server.env (or, before it exists, in the example).
setting() {
  local file=$ENV_FILE
  [ -r "$file" ] || file=$HERE/server.env.example
  sed -n "s/^$1=//p" "$file" | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'$/\1/"
}

# --- 0. checks -------------------------------------------------------------------------------
step "0. Checks"
[ -n "$package" ] || { usage >&2; exit 2; }
[ -e "$package" ] || die "no such wheel or folder: $package"
package=$(cd "$(dirname "$package")" && pwd)/$(basename "$package")
if [ -n "$cert$key" ] && { [ -z "$cert" ] || [ -z "$key" ]; }; then
  die "give both --cert and --key"
fi
[ -z "$cert" ] || [ -z "$self_signed" ] || die "give --cert/--key or --self-signed, not both"
[ -z "$cert" ] || [ -r "$cert" ] || die "cannot read $cert"
[ -z "$key" ] || [ -r "$key" ] || die "cannot read $key"
[[ -z $port || $port =~ ^[0-9]+$ ]] || die "--port must be a number"
[[ -z $keep_days || $keep_days =~ ^[0-9]+$ ]] || die "--keep-days must be a number"
if [ "$dry_run" -eq 1 ]; then
  note "dry run: nothing is changed; commands are printed with a leading +"
else
  [ "$(id -u)" -eq 0 ] || die "run as root (sudo), or add --dry-run to see the steps"
fi
# shellcheck disable=SC1091
. /etc/os-release 2>/dev/null || true
case " ${ID:-} ${ID_LIKE:-} " in
  *" debian "*|*" ubuntu "*) note "system: ${PRETTY_NAME:-$ID}" ;;
  *) die "this script knows Debian and Ubuntu only (found ${PRETTY_NAME:-an unknown system})" ;;
esac

# --- 1. system packages ----------------------------------------------------------------------
# PostgreSQL from the distribution (Debian 12: 15, Ubuntu 22.04: 14, 24.04: 16: all fine), the
# venv module, openssl for certificate checks. Kömek needs Python 3.11 or newer: Ubuntu 22.04's
# python3 is 3.10, so there python3.11 is installed beside it.
step "1. System packages"
python=python3
wanted=(postgresql python3-venv openssl)
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  python=python3.11
  wanted+=(python3.11 python3.11-venv)
fi
missing=()
for name in "${wanted[@]}"; do installed "$name" || missing+=("$name"); done
if [ ${#missing[@]} -gt 0 ]; then
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
else
  note "already installed: ${wanted[*]}"
fi

# --- 2. the system user ----------------------------------------------------------------------
# The service runs as "komek", a system user with no shell and no home: it owns nothing but
# the backups; the program and the configuration belong to root.
step "2. System user $USER_NAME"
if id -u "$USER_NAME" >/dev/null 2>&1; then
  note "user $USER_NAME exists"
else
  run useradd --system --user-group --home-dir /nonexistent --no-create-home \
    --shell /usr/sbin/nologin --comment "Komek district sync server" "$USER_NAME"
fi

# --- 3. the database -------------------------------------------------------------------------
# A PostgreSQL role and a database, both named komek, owned by that role. The server connects
# over the local socket with "peer" authentication (system user komek = role komek), so there
# is no password to keep anywhere.
step "3. PostgreSQL role and database $USER_NAME"
run systemctl enable --now postgresql
if [ "$(pg_ask "SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME'")" = 1 ]; then
  note "role $USER_NAME exists"
else
  run runuser -u postgres -- createuser "$USER_NAME"
fi
if [ "$(pg_ask "SELECT 1 FROM pg_database WHERE datname = '$USER_NAME'")" = 1 ]; then
  note "database $USER_NAME exists"
else
  run runuser -u postgres -- createdb --owner="$USER_NAME" --encoding=UTF8 \
    --template=template0 "$USER_NAME"
fi

# --- 4. the program --------------------------------------------------------------------------
# A virtual environment of its own under /opt/komek-server, owned by root (the service cannot
# change its own code). pip installs the package with its "server" extra (Starlette, uvicorn,
# psycopg). The backup, restore and certificate renewal scripts go beside it, and
# /usr/local/sbin/komek-server runs the program as komek with the settings of server.env (for
# enrol, nodes, revoke...).
step "4. Program in $VENV"
if [ -x "$VENV/bin/python" ]; then
  note "virtual environment exists"
else
  run install -d -o root -g root -m 0755 "$PREFIX"
  run "$python" -m venv "$VENV"
fi
run env PIP_ROOT_USER_ACTION=ignore "$VENV/bin/pip" install --quiet --upgrade "${package}[server]"
run install -d -o root -g root -m 0755 "$PREFIX/bin"
run install -o root -g root -m 0755 "$HERE/backup.sh" "$HERE/restore.sh" "$HERE/renew-cert.sh" \
  "$PREFIX/bin/"
run install -o root -g root -m 0644 "$HERE/README.md" "$PREFIX/README.md"
run install -o root -g root -m 0755 "$HERE/komek-server.sh" /usr/local/sbin/komek-server

# --- 5. configuration ------------------------------------------------------------------------
# /etc/komek-server/server.env holds the database URL, address, port, certificate paths and
# backup settings. Written once from server.env.example; afterwards it is the administrator's.
step "5. Configuration $ENV_FILE"
run install -d -o root -g "$USER_NAME" -m 0750 "$CONF" "$CONF/tls"
if [ -e "$ENV_FILE" ]; then
  note "$ENV_FILE exists: kept as it is"
  [ -z "$port$keep_days" ] || note "--port/--keep-days ignored: edit $ENV_FILE instead"
else
  sed -e "s/^KOMEK_PORT=.*/KOMEK_PORT=${port:-8443}/" \
      -e "s/^KOMEK_BACKUP_KEEP_DAYS=.*/KOMEK_BACKUP_KEEP_DAYS=${keep_days:-14}/" \
      "$HERE/server.env.example" | write "$ENV_FILE" 0640 "root:$USER_NAME"
fi
database=$(setting KOMEK_SERVER_DATABASE)
port=$(setting KOMEK_PORT)
port=${port:-8443}
tls_cert=$(setting KOMEK_TLS_CERT)
tls_key=$(setting KOMEK_TLS_KEY)
backups=$(setting KOMEK_BACKUP_DIR)
backups=${backups:-$BACKUPS}

# --- 6. TLS certificate ----------------------------------------------------------------------
# The desks speak HTTPS only. Each desk pins the server's certificate when it enrols and from
# then on trusts that certificate alone, until it expires: a replaced certificate means new
# enrolment codes for every desk. So use a long-lived one: the district's (from its CA, or
# self-signed), or for a test server --self-signed NAME (ten years, ECDSA P-256). To renew it
# later: /opt/komek-server/bin/renew-cert.sh (packaging/server/README.md, "Enrolling a desk
# again").
step "6. TLS certificate $tls_cert"
if [ -n "$cert" ]; then
  if [ "$dry_run" -eq 0 ] && [ "$(openssl x509 -noout -pubkey -in "$cert" 2>/dev/null)" != \
       "$(openssl pkey -pubout -in "$key" 2>/dev/null)" ]; then
    die "$key is not the private key of $cert"
  fi
  [ ! -e "$tls_cert" ] || cmp -s "$cert" "$tls_cert" \
    || note "the certificate changes: enrolled desks will refuse it until enrolled again"
  run install -o root -g "$USER_NAME" -m 0644 "$cert" "$tls_cert"
  run install -o root -g "$USER_NAME" -m 0640 "$key" "$tls_key"
elif [ -e "$tls_cert" ] && [ -e "$tls_key" ]; then
  note "certificate and key present: kept"
elif [ -n "$self_signed" ]; then
  # ECDSA P-256: its handshake costs the server a fraction of an RSA key's (docs/sync.md,
  # "A district's morning rush")
  run openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -days 3650 -nodes \
    -subj "/CN=$self_signed" -addext "subjectAltName=DNS:$self_signed" \
    -keyout "$tls_key" -out "$tls_cert"
  run chown "root:$USER_NAME" "$tls_cert" "$tls_key"
  run chmod 0644 "$tls_cert"
  run chmod 0640 "$tls_key"
else
  note "NO CERTIFICATE YET: put the district's certificate in $tls_cert and its key in"
  note "$tls_key (0640 root:$USER_NAME), then: systemctl start komek-server"
fi

# --- 7. database schema ----------------------------------------------------------------------
# "komek-server init" creates the schema, or migrates it after an upgrade, in one transaction.
# A running service is stopped first so that it never serves a half-upgraded database.
step "7. Database schema (komek-server init)"
if systemctl is-active --quiet komek-server 2>/dev/null; then
  run systemctl stop komek-server
fi
run runuser -u "$USER_NAME" -- "$VENV/bin/komek-server" --database "$database" init

# --- 8. logs ---------------------------------------------------------------------------------
# The server logs to standard error, which systemd puts in the journal (journalctl -u
# komek-server): no log file of its own, so no logrotate. journald rotates by itself; this
# keeps the journal across reboots and at most 1 GiB or one year of it. The log holds node ids,
# batch numbers, counts and error codes, never personal data.
step "8. Logs (journald, PostgreSQL)"
if [ -e "$JOURNALD_CONF" ]; then
  note "$JOURNALD_CONF exists: kept"
else
  run install -d -m 0755 "$(dirname "$JOURNALD_CONF")"
  write "$JOURNALD_CONF" 0644 root:root <<'EOF'
# Written by the Kömek server's install.sh: keep the journal (and so komek-server's log)
# across reboots, at most 1 GiB of it and for at most a year.
[Journal]
Storage=persistent
SystemMaxUse=1G
MaxRetentionSec=1year
EOF
  run systemctl restart systemd-journald
fi

# PostgreSQL's own log keeps no personal data either: a statement it refuses (a desk's record
# it cannot store) is logged in one line, without the row it quotes by default ("COPY
# records, line 1, column data: {...}") and without the statement. postgresql-komek.conf
# goes into the cluster's conf.d folder, which Debian's and Ubuntu's postgresql.conf include;
# it is this script's file, replaced on every run. PostgreSQL rereads it without a restart.
pg_config=$(pg_ask "SHOW config_file")
if [ -n "$pg_config" ]; then
  pg_conf_d=$(dirname "$pg_config")/conf.d
elif [ "$dry_run" -eq 1 ]; then
  pg_conf_d="/etc/postgresql/<version>/main/conf.d"
else
  die "cannot ask PostgreSQL where its configuration is (is it running?)"
fi
[ -d "$pg_conf_d" ] || run install -d -o postgres -g postgres -m 0755 "$pg_conf_d"
run install -o root -g root -m 0644 "$HERE/postgresql-komek.conf" "$pg_conf_d/$PG_LOG_CONF"
run runuser -u postgres -- psql -X -q -At -d postgres -c "SELECT pg_reload_conf()"
if [ "$dry_run" -eq 0 ]; then
  sleep 1
  if [ "$(pg_ask "SHOW log_error_verbosity")" = terse ]; then
    note "PostgreSQL's log: terse, no statements (log_error_verbosity, log_min_error_statement)"
  else
    note "WARNING: PostgreSQL did not take $pg_conf_d/$PG_LOG_CONF: check that its"
    note "postgresql.conf has include_dir = 'conf.d', then reload it"
  fi
fi

# --- 9. services -----------------------------------------------------------------------------
# komek-server.service (restarted on failure) and the nightly backup: a timer at 02:30 starting
# komek-server-backup.service, which runs backup.sh into /var/backups/komek-server.
step "9. systemd units"
run install -d -o "$USER_NAME" -g "$USER_NAME" -m 0750 "$backups"
for unit in komek-server.service komek-server-backup.service komek-server-backup.timer; do
  run install -o root -g root -m 0644 "$HERE/$unit" "$UNITS/$unit"
done
run systemctl daemon-reload
run systemctl enable komek-server.service
run systemctl enable --now komek-server-backup.timer
if [ -n "$self_signed$cert" ] || { [ -e "$tls_cert" ] && [ -e "$tls_key" ]; }; then
  run systemctl restart komek-server.service
else
  note "komek-server is enabled but not started: it needs the certificate (step 6)"
fi

# --- 10. firewall ----------------------------------------------------------------------------
# The desks connect to TCP port $port. ufw, when active, is opened for it; any other firewall
# (the district network's, nftables rules of your own) is yours to open.
step "10. Firewall (TCP $port)"
if command -v ufw >/dev/null && ufw status 2>/dev/null | grep -q '^Status: active'; then
  run ufw allow "$port/tcp" comment "Kömek sync server"
else
  note "ufw is not active here: let the desks reach TCP port $port through your firewall"
fi

# --- 11. done --------------------------------------------------------------------------------
step "Done"
note "status:      systemctl status komek-server; journalctl -u komek-server"
note "a new desk:  komek-server enrol --office CODE"
note "backups:     $backups, nightly (systemctl list-timers komek-server-backup.timer)"
note "restore:     $PREFIX/bin/restore.sh --help"
