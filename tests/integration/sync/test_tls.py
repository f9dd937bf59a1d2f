"""TLS with the server's certificate pinned at enrolment, checked against the code's tag."""

from __future__ import annotations

import pytest
from sync_wire import certificate as _certificate

from desktop.sync.client.enrol import enrol
from desktop.sync.errors import CERTIFICATE, PIN_MISMATCH, SyncError

pytestmark = pytest.mark.postgres


def test_the_pinned_certificate_is_required_after_enrolment(start_server, desks, tmp_path):
    cert = _certificate(tmp_path, "district")
    server = start_server(cert)
    north = desks("AKT-05")
    code = server.cli("enrol", "--office", "AKT-05", "--cert", str(cert[0]))
    assert len(code.replace("-", "")) == 16  # the fourth group is the certificate's tag
    enrol(north.db, server.url, code)
    assert north.sync().pushed_batches >= 1

    impostor = _certificate(tmp_path, "impostor")  # same name, another key: refused
    server.stop()
    server.cert = impostor
    server.start()
    with pytest.raises(SyncError) as refused:
        north.sync()
    assert refused.value.code == CERTIFICATE


def test_an_enrolment_code_for_another_certificate_is_refused(start_server, desks, tmp_path):
    real, other = _certificate(tmp_path, "real"), _certificate(tmp_path, "other")
    server = start_server(real)
    code = server.cli("enrol", "--office", "AKT-05", "--cert", str(other[0]))
    with pytest.raises(SyncError) as refused:
        enrol(desks("AKT-05").db, server.url, code)
    assert refused.value.code == PIN_MISMATCH
