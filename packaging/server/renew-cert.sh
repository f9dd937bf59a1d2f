#!/usr/bin/env bash
# Renew the district server's TLS certificate (installed by install.sh in /opt/komek-server/bin).
#
#   sudo /opt/komek-server/bin/renew-cert.sh --self-signed NAME [--days N]
#   sudo /opt/komek-server/bin/renew-cert.sh --cert FILE --key FILE
#
#   --self-signed NAME   make a new key and a self-signed certificate for the host NAME
#   --days N             how long it is valid (default 3650: ten years)
#   --cert FILE --key FILE   install the district's new certificate (PEM, with its chain) and key
#
# The certificate and key in use are kept beside the new ones (server.pem.<time>,
# server.key.<time>), the new ones take their place with the same modes, and komek-server is
# restarted. Every enrolled desk then refuses the server ("not the certificate this workstation
# was enrolled with") until it is enrolled again with a new code: komek-server nodes lists the
# desks, komek-server enrol --office CODE makes a code for each, and at each desk
# Synchronization -> Connect to the district server (or komek sync --enrol URL --code CODE
# --again) connects it again, keeping its data and its place in the sync. A person types each
# code: that is what makes the desk trust the new certificate (packaging/server/README.md).
set -euo pipefail
umask 022

env_file=${KOMEK_SERVER_ENV:-/etc/komek-server/server.env}
group=${KOMEK_SERVER_USER:-komek}
self_signed='' days=3650 cert='' key=''

usage() { sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "renew-cert.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --self-signed) self_signed=${2:?--self-signed needs a host name}; shift 2 ;;
    --days) days=${2:?--days needs a number}; shift 2 ;;
    --cert) cert=${2:?--cert needs a file}; shift 2 ;;
    --key) key=${2:?--key needs a file}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
if [ -n "$self_signed" ] && [ -n "$cert$key" ]; then die "give --self-signed or --cert/--key"; fi
if [ -z "$self_signed" ] && { [ -z "$cert" ] || [ -z "$key" ]; }; then usage >&2; exit 2; fi
[[ $days =~ ^[0-9]+$ ]] || die "--days must be a number"
[ -r "$env_file" ] || die "cannot read $env_file (is the server installed?)"
setting() {
  sed -n "s/^$1=//p" "$env_file" | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'$/\1/"
}
tls_cert=$(setting KOMEK_TLS_CERT)
tls_key=$(setting KOMEK_TLS_KEY)
if [ -z "$tls_cert" ] || [ -z "$tls_key" ]; then
  die "KOMEK_TLS_CERT and KOMEK_TLS_KEY are not set in $env_file"
fi

work=$(mktemp -d "$(dirname "$tls_cert")/.renew.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -n "$self_signed" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -days "$days" -nodes \
    -subj "/CN=$self_signed" -addext "subjectAltName=DNS:$self_signed" \
    -keyout "$work/key" -out "$work/cert" 2>/dev/null
else
  cp "$cert" "$work/cert"
  cp "$key" "$work/key"
fi
if [ "$(openssl x509 -noout -pubkey -in "$work/cert" 2>/dev/null)" != \
     "$(openssl pkey -pubout -in "$work/key" 2>/dev/null)" ]; then
  die "the key is not the private key of the certificate"
fi

stamp=$(date -u +%Y%m%d-%H%M%S)
for file in "$tls_cert" "$tls_key"; do
  if [ -e "$file" ]; then cp -p "$file" "$file.$stamp"; fi
done
install -o root -g "$group" -m 0644 "$work/cert" "$tls_cert"
install -o root -g "$group" -m 0640 "$work/key" "$tls_key"
echo "new certificate: $tls_cert (the one before: $tls_cert.$stamp)"
openssl x509 -noout -subject -enddate -fingerprint -sha256 -in "$tls_cert"
systemctl restart komek-server.service
echo "komek-server restarted. Every desk must now be enrolled again, with a new code each:"
echo "  komek-server nodes                   (the desks and their offices)"
echo "  komek-server enrol --office CODE     (one code per desk)"
