"""The server under the unit's riskiest restriction, with the certificate install.sh makes.

``komek-server.service`` sets ``MemoryDenyWriteExecute=true``: no memory may be made both
writable and executable. That breaks programs that generate code at run time (JITs, some
libffi callbacks), so the server is run here under the kernel's own form of that rule
(``prctl(PR_SET_MDWE)``, Linux 6.3+, inherited across exec) and ``no_new_privs``, with TLS
from the self-signed certificate that ``install.sh --self-signed`` makes (same openssl
command). Two desks enrol (the server proving their codes over that certificate), push and
pull.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN = 65, 1
# Sets the restrictions, then becomes the program named by the arguments.
RESTRICT = f"""
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl({PR_SET_MDWE}, {PR_MDWE_REFUSE_EXEC_GAIN}, 0, 0, 0) != 0:
    sys.exit("MDWE: " + os.strerror(ctypes.get_errno()))
if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
    sys.exit("no_new_privs: " + os.strerror(ctypes.get_errno()))
os.execv(sys.argv[1], sys.argv[1:])
"""

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _mdwe_supported() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run([sys.executable, "-c", RESTRICT, "/bin/true"], capture_output=True,
                           check=False)
    return probe.returncode == 0


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """The certificate install.sh makes for --self-signed NAME (keep the two in step)."""
    cert, key = folder / "server.pem", folder / "server.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-sha256", "-days", "3650", "-nodes", "-subj",
                    f"/CN={name}", "-addext", f"subjectAltName=DNS:{name}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def test_the_server_works_without_writable_executable_memory(server_db, desks, tmp_path,
                                                             isolated_credentials):
    from komek_tests_sync_fixtures import free_port, server_rows  # type: ignore[import-not-found]

    from desktop.sync.client.enrol import enrol

    if not _mdwe_supported():
        pytest.skip("the kernel has no PR_SET_MDWE (Linux 6.3+)")
    install_sh = (ROOT / "packaging/server/install.sh").read_text(encoding="utf-8")
    assert ("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -days 3650 "
            "-nodes") in install_sh
    cert, key = _self_signed(tmp_path, "localhost")
    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", RESTRICT, sys.executable, "-m", "desktop.sync.server.cli",
               "--database", server_db, "run", "--host", "127.0.0.1", "--port", str(port),
               "--certfile", str(cert), "--keyfile", str(key)]
    with log.open("wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log.read_text()
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port),
                                                                        timeout=0.2):
                break
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)

        def code(office: str, kind: str) -> str:
            return subprocess.run(
                [sys.executable, "-m", "desktop.sync.server.cli", "--database", server_db,
                 "enrol", "--office", office, "--kind", kind], env=env,
                check=True, capture_output=True, text=True).stdout.strip()

        north, district_desk = desks("AKT-05"), desks("AUD-01", "district")
        north.fill(3, seed=21)
        url = f"https://localhost:{port}"
        enrol(north.db, url, code("AKT-05", "akimat"))
        enrol(district_desk.db, url, code("AUD-01", "district"))
        pushed = north.sync()
        pulled = district_desk.sync()
        assert pushed.pushed_batches >= 1 and pulled.pulled > 0
        applications = {("applications", i) for i in north.ids("applications")}
        assert applications and applications <= set(server_rows(server_db))
        assert applications <= {("applications", i) for i in district_desk.ids("applications")}
        assert process.poll() is None, log.read_text()
    finally:
        process.terminate()
        process.wait(10)
    text = log.read_text()
    assert "Traceback" not in text, text
