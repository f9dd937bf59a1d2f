"""install.sh for real, in a sandbox: twice, then the server answers over TLS.

The project's wheel is built from this tree and its dependencies fetched into a local folder;
then ``install.sh`` runs as root under ``unshare --mount --net``, with overlays over /etc,
/opt, /usr, /var and /run (every change it makes disappears with the test) and only loopback
networking. The real system packages are used: the distribution's PostgreSQL cluster (started
in the sandbox), useradd, runuser, python3 -m venv, pip (from the local folder), openssl. Only
systemctl is a stand-in (``server_sandbox/systemctl``): systemd is not PID 1 here, so it
starts PostgreSQL with pg_ctlcluster and komek-server from the installed unit's ExecStart.

After the install: /health over HTTPS with the self-signed certificate, an enrolment code from
the administrator's command, a backup as the backup unit runs it, a restore into another
database and a refused one over the live database, the certificate renewed by
``renew-cert.sh`` and /health over the new one; then the script a second time (an upgrade:
everything kept, the service stopped for ``komek-server init`` and started again).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.sync.protocol import PROTOCOL_VERSION

# What the installed server answers at /health: its protocol and its program version
HEALTH = f'{{"status":"ok","protocol":{PROTOCOL_VERSION},"version":"{__version__}"}}'

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = Path(__file__).resolve().parent / "server_sandbox"

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]
LEAK_CHECK = ("/etc/komek-server", "/opt/komek-server", "/var/backups/komek-server",
              "/usr/local/sbin/komek-server", "/usr/local/sbin/systemctl",
              "/etc/systemd/system/komek-server.service")


def _skip_reason() -> str | None:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "needs root on Linux (mount namespaces and overlays)"
    for tool in ("unshare", "ip", "curl", "pg_lsclusters", "pg_ctlcluster", "runuser", "git"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    for package in ("postgresql", "python3-venv", "openssl"):
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                                capture_output=True, text=True, check=False).stdout
        if "install ok installed" not in status:
            return f"the {package} package is not installed"
    clusters = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True,
                              check=False).stdout.split("\n")
    if not clusters[0].strip():
        return "no PostgreSQL cluster (pg_createcluster)"
    if "down" not in clusters[0].split():
        return "the system's PostgreSQL cluster is running: the sandbox would start a second one"
    system_python = subprocess.run(
        ["/usr/bin/python3", "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True, text=True, check=False).stdout.strip()
    if system_python != str(sys.version_info[:2]):
        return f"the system's python3 {system_python} is not this test's {sys.version_info[:2]}"
    return None


@pytest.fixture(scope="module")
def wheel_and_wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The project's wheel, built from this tree's files, and its dependencies' wheels."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("server-wheel")
    source, dist, wheelhouse = base / "src", base / "dist", base / "wheels"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(dist), str(source)], check=True,
                   timeout=600)
    [wheel] = dist.glob("komek-*.whl")
    fetched = subprocess.run([*pip, "download", "-d", str(wheelhouse), f"{wheel}[server]"],
                             capture_output=True, text=True, timeout=900, check=False)
    if fetched.returncode != 0:
        pytest.skip(f"could not fetch the dependencies' wheels: {fetched.stderr[-500:]}")
    return wheel, wheelhouse


def test_install_twice_then_the_server_answers(wheel_and_wheelhouse, tmp_path):
    wheel, wheelhouse = wheel_and_wheelhouse
    before = {path: os.path.lexists(path) for path in LEAK_CHECK}
    logs = tmp_path / "log"
    logs.mkdir()
    result = subprocess.run(
        ["unshare", "--mount", "--net", "--propagation", "private",
         "bash", str(SANDBOX / "inside.sh"), str(ROOT), str(wheel), str(wheelhouse)],
        env={**os.environ, "SANDBOX": str(tmp_path / "sandbox"), "SANDBOX_LOG": str(logs)},
        capture_output=True, text=True, timeout=1100, check=False)
    out = result.stdout + result.stderr
    if result.returncode == 97 or "unshare failed" in out:
        pytest.skip(f"no mount namespace or overlay here: {out[-300:]}")
    server_log = (logs / "server.log").read_text() if (logs / "server.log").exists() else ""
    calls = (logs / "systemctl.log").read_text().splitlines()
    context = f"{out}\n--- server log ---\n{server_log}"

    first, again = out.split("#### again\n", 1)
    assert "#### install rc=0" in first, context
    for command in ("useradd --system", "createuser komek", "createdb --owner=komek",
                    "-m venv /opt/komek-server/venv", "openssl req -x509",
                    "komek-server --database", "systemctl enable komek-server.service"):
        assert command in first, f"{command} not run:\n{context}"
    assert f"#### health {HEALTH}" in first, context
    # PostgreSQL logs a refused statement in one line, without its data or the statement
    assert "#### postgresql log terse panic" in first, context
    assert "may write personal data" not in server_log, context
    assert re.search(r"#### enrol [A-Z0-9]{4}(-[A-Z0-9]{4}){2}$", first, re.M), context
    assert "#### nodes rc: 0" in first
    assert "#### backup rc=0" in first and "backup written: /var/backups/komek-server/" in first
    assert "#### restore rc=0" in first and "restored komek_check" in first
    assert "#### restore over the live database rc=3" in first
    # the certificate renewed by the installed script, the service restarted with it
    assert "#### renew rc=0" in first and "#### renewed" in first, context
    assert f"#### health renewed {HEALTH}" in first, context

    assert "#### again rc=0" in again, context
    for kept in ("user komek exists", "role komek exists", "database komek exists",
                 "virtual environment exists", "server.env exists: kept",
                 "certificate and key present: kept", "60-komek-server.conf exists: kept"):
        assert kept in again, f"second run did not find '{kept}':\n{context}"
    assert "useradd" not in again and "openssl req" not in again
    # An upgrade stops the running service before migrating, then starts it again.
    stop, init = again.index("+ systemctl stop komek-server\n"), again.index(" init\nschema at ")
    assert stop < init < again.index("+ systemctl restart komek-server.service")
    second = calls[calls.index("systemctl enable --now postgresql", 1):]
    assert second.index("systemctl stop komek-server") < second.index(
        "systemctl restart komek-server.service")
    assert f"#### health again {HEALTH}" in again, context

    modes = {path: mode for mode, path in re.findall(r"^#### mode (\d+ \S+) (\S+)$", again, re.M)}
    assert modes["/etc/komek-server"] == "750 root:komek"
    assert modes["/etc/komek-server/server.env"] == "640 root:komek"
    assert modes["/etc/komek-server/tls/server.key"] == "640 root:komek"
    assert modes["/etc/komek-server/tls/server.pem"] == "644 root:komek"
    assert modes["/var/backups/komek-server"] == "750 komek:komek"
    assert modes["/opt/komek-server/venv/bin/komek-server"] == "755 root:root"
    assert modes["/usr/local/sbin/komek-server"] == "755 root:root"
    [dump_mode] = [mode for path, mode in modes.items() if path.endswith(".dump")]
    assert dump_mode == "600 komek:komek"
    # Nothing of the sandbox leaked out.
    assert {path: os.path.lexists(path) for path in LEAK_CHECK} == before
