"""Sync by USB stick: a village's bundle through 'komek-server import' and the reply back."""

from __future__ import annotations

import pytest

from desktop.demo.samples import sample_application
from desktop.storage.repositories.applications import save_draft
from desktop.sync.bundle import BundleError
from desktop.sync.client.bundles import export_bundle, import_reply
from desktop.sync.client.status import sync_status

pytestmark = pytest.mark.postgres


def test_bundles_applied_twice_or_out_of_order_are_harmless(server, desks, district_rows,
                                                            held_by, history_duplicates,
                                                            tmp_path):
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.enrol(server)
    district.enrol(server)
    save_draft(district.db, sample_application(office_code="AUD-01"))
    district.sync()

    north.fill(10, seed=1)
    first = tmp_path / "north-1.komek"
    export_bundle(north.db, first)
    another_family = sample_application(office_code="AKT-05", iin="850505400127")
    save_draft(north.db, another_family)
    second = tmp_path / "north-2.komek"
    export_bundle(north.db, second)  # holds the first bundle's batches too: not acknowledged

    replies = []
    for name, bundle in (("r2", second), ("r1", first), ("r2b", second)):
        reply = tmp_path / f"{name}.komek"
        server.cli("import", str(bundle), "--reply", str(reply))
        replies.append(reply)
    assert set(district_rows()) >= held_by(north)
    assert history_duplicates() == []

    latest = import_reply(north.db, replies[0])
    assert latest.applied > 0 and latest.acknowledged > 0
    older = import_reply(north.db, replies[1])
    assert older.stale or older.applied == 0
    assert import_reply(north.db, replies[0]).acknowledged == 0  # the same reply again
    assert sync_status(north.db).pending == 0
    assert held_by(north) >= {k for k in held_by(district) if k[0] in ("offices", "staff")}
    north.sync()  # online afterwards: nothing is sent twice
    assert history_duplicates() == []


def test_a_tampered_bundle_is_refused_with_a_clear_message(server, desks, tmp_path):
    north = desks("AKT-05")
    north.enrol(server)
    save_draft(north.db, sample_application(office_code="AKT-05"))
    bundle = tmp_path / "north.komek"
    export_bundle(north.db, bundle)
    data = bytearray(bundle.read_bytes())
    data[-20] ^= 0x01
    bundle.write_bytes(bytes(data))
    with pytest.raises(RuntimeError, match="Пакет поврежден или изменен"):  # Russian default
        server.cli("import", str(bundle), "--reply", str(tmp_path / "reply.komek"))
    with pytest.raises(BundleError):
        import_reply(north.db, bundle)  # a push bundle is not a reply either
