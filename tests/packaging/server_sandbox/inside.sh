#!/bin/bash
# The install test's sandbox, run under "unshare --mount --net": overlays over /etc, /opt,
# /usr, /var and /run keep every change the install makes in $SANDBOX/ov (gone with the
# test), and the network namespace has only loopback. Usage: inside.sh REPO WHEEL WHEELHOUSE
set -u
repo=$1 wheel=$2 wheelhouse=$3
ip link set lo up
for d in etc opt usr var run; do
  mkdir -p "$SANDBOX/ov/$d/upper" "$SANDBOX/ov/$d/work"
  mount -t overlay overlay \
    -o "lowerdir=/$d,upperdir=$SANDBOX/ov/$d/upper,workdir=$SANDBOX/ov/$d/work" "/$d" || exit 97
done
install -m 0755 "$repo/tests/packaging/server_sandbox/systemctl" /usr/local/sbin/systemctl
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PIP_NO_INDEX=1 PIP_FIND_LINKS=$wheelhouse
cleanup() {
  systemctl stop komek-server
  cluster=$(pg_lsclusters --no-header | awk 'NR == 1 { print $1, $2 }')
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster stop -m fast >/dev/null 2>&1
}
trap cleanup EXIT
health() {
  for _ in $(seq 40); do
    curl -sS --cacert /etc/komek-server/tls/server.pem https://localhost:8443/health 2>/dev/null \
      && return
    sleep 0.5
  done
}
cd /tmp || exit 1
echo "#### install"
bash "$repo/packaging/server/install.sh" --self-signed localhost "$wheel"
echo "#### install rc=$?"
echo "#### health $(health)"
pg_show() { runuser -u postgres -- psql -X -At -d postgres -c "SHOW $1"; }
echo "#### postgresql log $(pg_show log_error_verbosity) $(pg_show log_min_error_statement)"
echo "#### enrol $(komek-server enrol --office AKT-05)"
echo "#### nodes rc: $(komek-server nodes >/dev/null; echo $?)"
settings=()
while IFS= read -r line; do [[ $line =~ ^KOMEK_ ]] && settings+=("$line"); done </etc/komek-server/server.env
runuser -u komek -- env "${settings[@]}" /opt/komek-server/bin/backup.sh
echo "#### backup rc=$?"
dump=$(ls /var/backups/komek-server/komek-server-*.dump)
/opt/komek-server/bin/restore.sh "$dump" komek_check
echo "#### restore rc=$?"
/opt/komek-server/bin/restore.sh "$dump" komek
echo "#### restore over the live database rc=$?"
before=$(sha256sum </etc/komek-server/tls/server.pem)
/opt/komek-server/bin/renew-cert.sh --self-signed localhost
echo "#### renew rc=$?"
[ "$(sha256sum </etc/komek-server/tls/server.pem)" != "$before" ] && echo "#### renewed"
echo "#### health renewed $(health)"
echo "#### again"
bash "$repo/packaging/server/install.sh" "$wheel"
echo "#### again rc=$?"
echo "#### health again $(health)"
stat -c '#### mode %a %U:%G %n' /etc/komek-server /etc/komek-server/server.env \
  /etc/komek-server/tls/server.key /etc/komek-server/tls/server.pem /var/backups/komek-server \
  "$dump" /opt/komek-server/venv/bin/komek-server /usr/local/sbin/komek-server
