"""TLS with the server's certificate pinned at enrolment (how the code proves the server:
test_enrolment.py)."""

from __future__ import annotations

import pytest

from desktop.sync.client.enrol import enrol
from desktop.sync.errors import CERTIFICATE, SyncError

pytestmark = pytest.mark.postgres


def test_the_pinned_certificate_is_required_after_enrolment(start_server, desks, certificate):
    cert = certificate("district")
    server = start_server(cert)
    north = desks("AKT-05")
    code = server.cli("enrol", "--office", "AKT-05")
    enrol(north.db, server.url, code)
    assert north.sync().pushed_batches >= 1

    impostor = certificate("impostor")  # same name, another key: refused
    server.stop()
    server.cert = impostor
    server.start()
    with pytest.raises(SyncError) as refused:
        north.sync()
    assert refused.value.code == CERTIFICATE
