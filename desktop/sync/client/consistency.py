"""The consistency check: counts and hashes per table and scope, repaired by a scoped resync.

The desk and the server each fold ``(id, version)`` of their live records per (table,
scope) into a count and an XOR of hashes. Where they differ, only that table and scope is
compared record by record: what the server has newer is fetched, what it deleted is deleted,
and what only the desk has goes back into the outbox. Nothing is wiped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, text

from desktop.sync import scopes
from desktop.sync.client.apply import apply_changes
from desktop.sync.client.settings import Enrolment
from desktop.sync.protocol import MAX_FETCH_IDS, REFERENCE_SCOPE, digest


class CheckTransport(Protocol):
    def digests(self) -> list[list[Any]]: ...
    def record_versions(self, table: str, scope: str) -> list[list[Any]]: ...
    def fetch(self, table: str, ids: list[str]) -> list[dict[str, Any]]: ...


@dataclass
class CheckReport:
    diverged: list[tuple[str, str]] = field(default_factory=list)
    fetched: int = 0
    deleted: int = 0
    requeued: int = 0


def _scope_sql(name: str) -> str:
    if name in scopes.REFERENCE:
        return f"'{REFERENCE_SCOPE}'"
    column = scopes.BY_OFFICE_CODE.get(name)
    if column:
        return f"t.{column}"
    return "(SELECT a.office_code FROM applications a WHERE a.id = t.application_id)"


def local_versions(connection: Connection, name: str) -> dict[str, dict[str, int]]:
    """scope -> {id: version} of table ``name``; an open conflict counts with the server's
    version (the desk knowingly holds its own side)."""
    rows = connection.execute(text(
        f"SELECT t.id, coalesce(c.theirs_version, t.version) AS version, "
        f"{_scope_sql(name)} AS scope FROM {name} t "
        f"LEFT JOIN sync_conflicts c ON c.table_name = :name AND c.record_id = t.id "
        f"AND c.resolved_at IS NULL"), {"name": name})
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        found[str(row.scope or "")][row.id] = int(row.version)
    return found


def _visible(enrolment: Enrolment, scope: str) -> bool:
    return enrolment.is_district or scope in (enrolment.office_code, REFERENCE_SCOPE)


def diverged(connection: Connection, transport: CheckTransport,
             enrolment: Enrolment) -> list[tuple[str, str]]:
    server = {(t, s): (n, h) for t, s, n, h in transport.digests()}
    local: dict[tuple[str, str], tuple[int, int]] = {}
    for name in scopes.synced_tables():
        for scope, versions in local_versions(connection, name).items():
            if _visible(enrolment, scope):
                local[(name, scope)] = digest(versions.items())
    keys = set(server) | set(local)
    return sorted(k for k in keys if server.get(k, (0, 0)) != local.get(k, (0, 0)))


def _pending(connection: Connection, name: str) -> set[str]:
    return set(connection.execute(text(
        "SELECT record_id FROM sync_outbox WHERE table_name = :n UNION "
        "SELECT record_id FROM sync_conflicts WHERE table_name = :n AND resolved_at IS NULL"),
        {"n": name}).scalars())


def resync_scope(connection: Connection, transport: CheckTransport, name: str, scope: str,
                 report: CheckReport) -> None:
    """Bring one table and scope in line with the server, in the caller's transaction."""
    server = {r[0]: (int(r[1]), bool(r[2])) for r in transport.record_versions(name, scope)}
    local = local_versions(connection, name).get(scope, {})
    pending = _pending(connection, name)
    wanted = [i for i, (v, gone) in server.items()
              if not gone and local.get(i) != v and i not in pending]
    gone = [i for i, (_v, dead) in server.items() if dead and i in local and i not in pending]
    only_here = [i for i in local if i not in server and i not in pending]
    for start in range(0, len(wanted), MAX_FETCH_IDS):
        changes = transport.fetch(name, wanted[start:start + MAX_FETCH_IDS])
        report.fetched += apply_changes(connection, changes).applied
    if gone:
        report.deleted += apply_changes(connection, [
            {"t": name, "id": i, "v": server[i][0], "d": None} for i in gone]).deleted
    if only_here:
        connection.exec_driver_sql(
            "DELETE FROM sync_known WHERE table_name = ? AND record_id = ?",
            [(name, i) for i in only_here])
        connection.exec_driver_sql(
            "INSERT INTO sync_outbox (table_name, record_id, op, at) "
            "VALUES (?, ?, 'upsert', datetime('now'))", [(name, i) for i in only_here])
        report.requeued += len(only_here)


def check_and_repair(connection: Connection, transport: CheckTransport,
                     enrolment: Enrolment) -> CheckReport:
    report = CheckReport(diverged=diverged(connection, transport, enrolment))
    for name, scope in report.diverged:
        resync_scope(connection, transport, name, scope, report)
    return report
