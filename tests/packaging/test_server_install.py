"""packaging/server: the install script's dry run, the unit files, the scripts' syntax.

The script's plan is checked (every step, in order, nothing changed), the unit files by
systemd's own parser, the options the unit passes by komek-server's own parser. The real
installation, in a sandbox, is test_server_install_sandbox.py.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "packaging" / "server"
SANDBOX = Path(__file__).resolve().parent / "server_sandbox"
SCRIPTS = [*sorted(HERE.glob("*.sh")), *sorted(SANDBOX.iterdir())]
UNITS = ("komek-server.service", "komek-server-backup.service", "komek-server-backup.timer")
# What a real run would create: a dry run must leave all of it as it was.
SYSTEM_PATHS = ("/etc/komek-server", "/opt/komek-server", "/var/backups/komek-server",
                "/usr/local/sbin/komek-server", "/etc/systemd/system/komek-server.service",
                "/etc/systemd/journald.conf.d/60-komek-server.conf")


def _env_example() -> dict[str, str]:
    lines = (HERE / "server.env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def _unit(name: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def _debian_like() -> bool:
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return False
    return bool(re.search(r"^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b", text, re.M))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_parse_and_pass_shellcheck(script):
    subprocess.run(["bash", "-n", str(script)], check=True, capture_output=True)
    assert os.access(script, os.X_OK), f"{script.name} is not executable in the repository"
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    result = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(not _debian_like(), reason="install.sh knows Debian and Ubuntu only")
def test_dry_run_prints_every_step_in_order_and_changes_nothing(tmp_path):
    wheel = tmp_path / "komek-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    before = {path: os.path.lexists(path) for path in SYSTEM_PATHS}

    result = subprocess.run(
        ["bash", str(HERE / "install.sh"), "--dry-run", "--self-signed", "komek.test",
         "--port", "9443", "--keep-days", "30", str(wheel)],
        capture_output=True, text=True, timeout=120, check=False)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert {path: os.path.lexists(path) for path in SYSTEM_PATHS} == before
    steps = re.findall(r"^== (\d+)\. ", out, re.M)
    assert steps == [str(n) for n in range(11)]
    # Each step either is already done on this machine or prints its command, in this order.
    expected = [
        (r"\+ .*apt-get install .*postgresql", "already installed: postgresql"),
        (r"\+ useradd --system .* komek$", "user komek exists"),
        (r"\+ runuser -u postgres -- createuser komek", "role komek exists"),
        (r"\+ runuser -u postgres -- createdb --owner=komek .* komek$", "database komek exists"),
        (r"\+ .*pip install --quiet --upgrade \S*" + re.escape(wheel.name), None),
        (r"\+ install .*backup\.sh .*restore\.sh .*renew-cert\.sh /opt/komek-server/bin/", None),
        (r"\+ write /etc/komek-server/server\.env \(mode 0640, owner root:komek\)",
         "server.env exists: kept"),
        (r"\+ openssl req -x509 .*CN=komek\.test", "certificate and key present: kept"),
        (r"\+ runuser -u komek -- /opt/komek-server/venv/bin/komek-server --database .* init",
         None),
        (r"\+ systemctl enable komek-server\.service", None),
        (r"\+ systemctl enable --now komek-server-backup\.timer", None),
    ]
    position = 0
    for command, done in expected:
        match = re.compile(command, re.M).search(out, position)
        if match is None and done is not None:
            assert done in out[position:], f"neither '{command}' nor '{done}' in:\n{out}"
            position = out.index(done, position)
            continue
        assert match is not None, f"'{command}' not found (in order) in:\n{out}"
        position = match.end()
    if "+ write /etc/komek-server/server.env" in out:  # written from the example, with options
        assert "| KOMEK_PORT=9443" in out and "| KOMEK_BACKUP_KEEP_DAYS=30" in out


def test_the_script_refuses_bad_arguments(tmp_path):
    script = str(HERE / "install.sh")
    missing = subprocess.run(["bash", script, "--dry-run", str(tmp_path / "none.whl")],
                             capture_output=True, text=True, check=False)
    assert missing.returncode == 1 and "no such wheel or folder" in missing.stderr
    half = subprocess.run(["bash", script, "--dry-run", "--cert", "a.pem", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert half.returncode == 1 and "both --cert and --key" in half.stderr
    assert subprocess.run(["bash", script, "--dry-run"], capture_output=True,
                          check=False).returncode == 2


def test_the_unit_passes_only_options_komek_server_accepts():
    from desktop.sync.server.cli import _parser

    unit, settings = _unit("komek-server.service"), _env_example()
    [exec_start] = unit["ExecStart"]
    assert unit["EnvironmentFile"] == ["/etc/komek-server/server.env"]
    assert unit["Restart"] == ["on-failure"]
    used = set(re.findall(r"\$\{(\w+)\}", exec_start))
    assert used <= set(settings), f"not in server.env.example: {used - set(settings)}"
    argv = shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: settings[m.group(1)], exec_start))
    assert argv[0] == "/opt/komek-server/venv/bin/komek-server"
    args = _parser(str).parse_args(argv[1:])  # untranslated help: only the options count
    assert (args.command, args.host, args.port) == ("run", "0.0.0.0", 8443)
    assert str(args.certfile) == settings["KOMEK_TLS_CERT"]
    assert str(args.keyfile) == settings["KOMEK_TLS_KEY"]


def test_the_example_database_url_is_understood_by_both_drivers():
    import psycopg
    from sqlalchemy.engine import make_url

    from desktop.sync.server.db import database_url

    url = _env_example()["KOMEK_SERVER_DATABASE"]
    parsed = make_url(database_url(url))  # komek-server (SQLAlchemy + psycopg)
    assert (parsed.drivername, parsed.database, parsed.query["host"]) == (
        "postgresql+psycopg", "komek", "/var/run/postgresql")
    libpq = psycopg.conninfo.conninfo_to_dict(url)  # pg_dump in backup.sh (libpq)
    assert (libpq["dbname"], libpq["user"], libpq["host"]) == (
        "komek", "komek", "/var/run/postgresql")


def test_the_backup_unit_runs_the_installed_script_where_backups_go():
    service, timer = _unit("komek-server-backup.service"), _unit("komek-server-backup.timer")
    settings = _env_example()
    assert service["ExecStart"] == ["/opt/komek-server/bin/backup.sh"]
    assert service["Type"] == ["oneshot"] and service["User"] == ["komek"]
    assert service["ReadWritePaths"] == [settings["KOMEK_BACKUP_DIR"]]
    assert timer["Persistent"] == ["true"] and timer["OnCalendar"]
    assert _unit("komek-server.service")["User"] == ["komek"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_unit_files(tmp_path):
    # systemd-analyze verify also checks that ExecStart's programs exist: give it a root
    # folder with the system's own units and stand-ins for the installed programs.
    system_units = next((p for p in (Path("/usr/lib/systemd/system"),
                                     Path("/lib/systemd/system")) if p.is_dir()), None)
    if system_units is None:
        pytest.skip("no systemd unit folder on this machine")
    root = tmp_path / "root"
    shutil.copytree(system_units, root / "usr/lib/systemd/system", symlinks=True)
    for program in ("opt/komek-server/venv/bin/komek-server", "opt/komek-server/bin/backup.sh"):
        (root / program).parent.mkdir(parents=True, exist_ok=True)
        (root / program).write_text("#!/bin/sh\n")
        (root / program).chmod(0o755)
    target = root / "etc/systemd/system"
    target.mkdir(parents=True)
    for unit in UNITS:
        shutil.copy(HERE / unit, target / unit)

    result = subprocess.run(["systemd-analyze", "verify", f"--root={root}", *UNITS],
                            cwd=target, capture_output=True, text=True, timeout=120,
                            check=False)
    # Unknown keys and bad values are only warnings for systemd: none may appear.
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_the_admin_command_reads_server_env_like_systemd(tmp_path):
    env_file = tmp_path / "server.env"
    env_file.write_text(
        "# comment\nKOMEK_SERVER_DATABASE=\"postgresql://komek@/komek?host=/s&port=5\"\n"
        "KOMEK_PORT=8443\nOTHER=ignored\n  KOMEK_HOST='0.0.0.0'\n", encoding="utf-8")
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout
    # The stand-in program, env, prints the environment it was given.
    probe = subprocess.run(
        ["bash", str(HERE / "komek-server.sh")],
        env={"PATH": os.environ["PATH"], "KOMEK_SERVER_ENV": str(env_file),
             "KOMEK_SERVER_USER": user.strip(), "KOMEK_SERVER_PROGRAM": "/usr/bin/env"},
        capture_output=True, text=True, check=True)
    found = dict(line.split("=", 1) for line in probe.stdout.splitlines() if "=" in line)
    assert found["KOMEK_SERVER_DATABASE"] == "postgresql://komek@/komek?host=/s&port=5"
    assert found["KOMEK_HOST"] == "0.0.0.0" and found["KOMEK_PORT"] == "8443"
    assert "OTHER" not in found


def test_the_guide_has_the_scripts_steps_under_the_same_headings():
    script = (HERE / "install.sh").read_text(encoding="utf-8")
    guide = (HERE / "README.md").read_text(encoding="utf-8")
    steps = [re.split(r"[$(]", title)[0].strip()  # the words before any variable part
             for title in re.findall(r'^step "(\d+\. [^"]+)"$', script, re.M)]
    headings = re.findall(r"^### (\d+\. .+)$", guide, re.M)
    assert len(steps) == 11
    assert [h.split(" ")[:2] for h in headings] == [s.split(" ")[:2] for s in steps]
    for step, heading in zip(steps, headings, strict=True):
        assert heading.startswith(step), (step, heading)
