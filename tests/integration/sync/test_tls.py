"""TLS with the server's certificate pinned at enrolment, checked against the code's tag."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.sync.client.enrol import enrol
from desktop.sync.errors import CERTIFICATE, PIN_MISMATCH, SyncError

pytestmark = pytest.mark.postgres


def _certificate(folder, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


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
