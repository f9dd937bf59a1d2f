"""Requests to the real server as an attacker sends them: raw HTTP over a socket (TLS or
not), bodies of any size streamed piece by piece, and the server process's memory read from
/proc. Shared by the tests of the server's bounds, of its logs and of its fuzzing."""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import select
import socket
import ssl
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import orjson
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

MIB = 1024 * 1024


def certificate(folder: Path, name: str, *, serial: int | None = None
                ) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(serial if serial is not None else x509.random_serial_number())
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


@dataclass(frozen=True)
class Memory:
    rss: int  # bytes resident now
    peak: int  # the most bytes ever resident (VmHWM)


def memory(pid: int) -> Memory:
    """The resident memory of process ``pid``, now and at its peak, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) * 1024
    return Memory(fields["VmRSS"], fields["VmHWM"])


@dataclass
class Answer:
    """What came back: the status (None: the connection was closed without an answer),
    the headers (lower-case names), the body, and how many body bytes were sent."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    sent: int = 0

    def json(self) -> dict[str, object]:
        value = orjson.loads(self.body)
        assert isinstance(value, dict)
        return value


def zeros(total: int, piece: int = 64 * 1024) -> Iterator[bytes]:
    """``total`` bytes of a body, ``piece`` at a time."""
    chunk = b"0" * piece
    for start in range(0, total, piece):
        yield chunk[:min(piece, total - start)]


def chunked(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """``pieces`` in HTTP/1.1 chunked transfer coding."""
    for piece in pieces:
        if piece:
            yield b"%x\r\n%s\r\n" % (len(piece), piece)
    yield b"0\r\n\r\n"


def _parse(data: bytes) -> Answer | None:
    head, found, rest = data.partition(b"\r\n\r\n")
    if not found:
        return None
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if len(rest) < length:
        return None
    return Answer(int(lines[0].split()[1]), headers, rest[:length])


@dataclass
class Wire:
    """Raw HTTP/1.1 requests to the server at ``port`` (over TLS when ``tls``)."""

    port: int
    tls: bool = False
    timeout: float = 60.0

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock, server_hostname="localhost")
        return sock

    def _early(self, sock: socket.socket) -> bytes | None:
        """What the server has sent already (b"": it closed), None: nothing yet. Over TLS
        the socket is also readable for the server's session tickets, which are no answer."""
        if not select.select([sock], [], [], 0)[0]:
            return None
        sock.setblocking(False)
        try:
            return sock.recv(65536)
        except (ssl.SSLWantReadError, BlockingIOError):
            return None
        finally:
            sock.settimeout(self.timeout)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None,
                body: Iterable[bytes] = ()) -> Answer:
        """Send the request, the body piece by piece, and stop sending as soon as an answer
        arrives (as a careful client does): the server may answer before it reads a body."""
        lines = [f"{method} {path} HTTP/1.1", "Host: localhost"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        received = b""
        sent = 0
        with contextlib.closing(self._connect()) as sock:
            try:
                sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
                for piece in body:
                    early = self._early(sock)
                    if early is not None:
                        received = early
                        break
                    sock.sendall(piece)
                    sent += len(piece)
            except OSError:
                pass  # the server closed the connection while the body was being sent
            try:
                while (answer := _parse(received)) is None:
                    data = sock.recv(65536)
                    if not data:
                        break
                    received += data
            except OSError:
                answer = None
        answer = _parse(received) or Answer(None)
        answer.sent = sent
        return answer


@dataclass(frozen=True)
class Node:
    """An enrolled desk's credentials, for requests made by hand."""

    id: str
    secret: str
    office: str

    def headers(self, **more: str) -> dict[str, str]:
        return {PROTOCOL_HEADER: str(PROTOCOL_VERSION),
                "Authorization": f"Bearer {self.id}.{self.secret}", **more}


def enrol_node(server: object, office: str, kind: str = "akimat") -> Node:
    """A desk of ``office`` enrolled with ``server`` (a ServerProcess), without a desk
    database: its node id and secret. The enrolment proves the code over the certificate
    the server presents, as a desk does (desktop/sync/client/enrol.py)."""
    import secrets

    from desktop.sync import codes
    from desktop.sync.client.transport import certificate_sha256, fetch_certificate

    code = server.cli("enrol", "--office", office, "--kind", kind)  # type: ignore[attr-defined]
    url = server.url  # type: ignore[attr-defined]
    seen = certificate_sha256(fetch_certificate(url)) if url.startswith("https") else ""
    node_id, nonce = str(uuid.uuid4()), secrets.token_hex(codes.NONCE_BYTES)
    key = codes.code_key(code)
    answer = httpx.post(url + "/v1/enrol", verify=False,
                        headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
                        content=orjson.dumps({
                            "node_id": node_id, "name": "t", "nonce": nonce,
                            "certificate": seen,
                            "proof": codes.desk_proof(key, seen, nonce, node_id)}))
    answer.raise_for_status()
    return Node(node_id, str(answer.json()["secret"]), office)
