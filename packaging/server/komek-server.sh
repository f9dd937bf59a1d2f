#!/usr/bin/env bash
# /usr/local/sbin/komek-server (installed by install.sh): the venv's komek-server with the
# settings of /etc/komek-server/server.env, run as the komek system user. For administrators:
#
#   sudo komek-server enrol --office AKT-05 --cert /etc/komek-server/tls/server.pem
#   sudo komek-server nodes
#   sudo komek-server revoke --node NODE_ID
#   sudo komek-server reference poverty_lines.json
#   sudo komek-server import village.komek --reply village-reply.komek
#
# Files named on the command line are opened by the komek user: put them where it can read
# (and, for --reply, write) them, e.g. in /tmp. The service itself is run by systemd, not by
# this command: systemctl start|stop|restart komek-server.
set -euo pipefail
env_file=${KOMEK_SERVER_ENV:-/etc/komek-server/server.env}
program=${KOMEK_SERVER_PROGRAM:-/opt/komek-server/venv/bin/komek-server}
user=${KOMEK_SERVER_USER:-komek}

# KOMEK_* lines of the environment file (systemd's format: no shell expansion; quotes removed).
settings=()
while IFS= read -r line || [ -n "$line" ]; do
  if [[ $line =~ ^[[:space:]]*(KOMEK_[A-Z0-9_]+)=(.*)$ ]]; then
    name=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then value=${BASH_REMATCH[1]}; fi
    settings+=("$name=$value")
  fi
done <"$env_file"

if [ "$(id -u)" -eq 0 ] && [ "$(id -un)" != "$user" ]; then
  exec runuser -u "$user" -- env "${settings[@]}" "$program" "$@"
fi
exec env "${settings[@]}" "$program" "$@"
