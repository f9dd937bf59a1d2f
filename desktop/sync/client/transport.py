"""HTTPS to the district server, with its certificate pinned at enrolment.

The pinned certificate is the only trust anchor (``VERIFY_X509_PARTIAL_CHAIN``): a district
certificate signed by any CA, or self-signed, is accepted only if it is that very
certificate. Plain ``http://`` is allowed only to this computer (tests, a local proxy).
"""

from __future__ import annotations

import hashlib
import json
import socket
import ssl
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from desktop import __version__
from desktop.sync import compression
from desktop.sync.errors import (
    CERTIFICATE,
    INSECURE,
    NAME_NOT_FOUND,
    NO_ANSWER,
    OFFLINE,
    REFUSED_CONNECTION,
    SyncError,
)
from desktop.sync.protocol import (
    ANSWERS_HEADER,
    COMPACT,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    VERSION_HEADER,
    ErrorCode,
)

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TIMEOUT = httpx.Timeout(120.0, connect=10.0)
# Seconds an idle connection is kept for the next request: less than the server's keep-alive
# (60 s, ``komek-server run --keep-alive``), so that the desk closes it rather than reuse one
# the server is closing. Reusing it saves a connection and a TLS handshake per request, two
# round trips or more on a village's link.
KEEP_ALIVE = 30.0
# What a request that failed on its way is sent again for, once: the connection broke
# before an answer came, typically one kept alive that the server closed as the request
# went out ("Server disconnected without sending a response"). Only requests that are the
# same the second time are sent again (see ``_call``'s ``again``).
_BROKEN = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


def check_url(url: str) -> str:
    parts = urlsplit(url.rstrip("/"))
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK):
        return url.rstrip("/")
    raise SyncError(INSECURE, url)


def pinned_context(cert_pem: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_verify_locations(cadata=cert_pem)
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    return context


def fetch_certificate(url: str) -> str:
    """The server's certificate as it presents it (PEM), unverified: pinned at enrolment."""
    parts = urlsplit(url)
    try:
        return ssl.get_server_certificate((parts.hostname or "", parts.port or 443), timeout=10)
    except OSError as error:
        raise SyncError(OFFLINE, str(error), cause=offline_cause(error),
                        address=server_address(url)) from error


def offline_cause(error: BaseException) -> str:
    """Why a connection failed, as the person is told it: refused, the name not found, no
    answer in time; "" when the error does not say."""
    seen: BaseException | None = error
    for _ in range(8):  # the causes httpx and httpcore wrap around the socket's error
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError):
            return REFUSED_CONNECTION
        if isinstance(seen, socket.gaierror):
            return NAME_NOT_FOUND
        if isinstance(seen, (httpx.TimeoutException, TimeoutError, socket.timeout)):
            return NO_ANSWER
        seen = seen.__cause__ or seen.__context__
    text = str(error)
    if "Connection refused" in text or "Errno 111" in text:
        return REFUSED_CONNECTION
    if "Name or service not known" in text or "getaddrinfo" in text or "Errno -2" in text:
        return NAME_NOT_FOUND
    return ""


def server_address(url: str) -> str:
    """The server as the person typed it: host and port, no scheme or path."""
    parts = urlsplit(url)
    return parts.netloc or url


def certificate_sha256(cert_pem: str) -> str:
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(cert_pem)).hexdigest()


class HttpTransport:
    """The server's API as methods; raises SyncError with the server's or a network code."""

    def __init__(self, url: str, *, node_id: str = "", secret: str = "",
                 cert_pem: str | None = None, timeout: httpx.Timeout = TIMEOUT) -> None:
        url = check_url(url)
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), VERSION_HEADER: __version__,
                   "User-Agent": f"Komek/{__version__}",
                   # answers compressed (httpx inflates them); a server of before ignores it
                   "Accept-Encoding": compression.ENCODING}
        if node_id and secret:
            headers["Authorization"] = f"Bearer {node_id}.{secret}"
        verify: Any = pinned_context(cert_pem) if url.startswith("https") and cert_pem else \
            url.startswith("https")
        self.address = server_address(url)
        self.client = httpx.Client(base_url=url, headers=headers, verify=verify,
                                   timeout=timeout, trust_env=False,
                                   limits=httpx.Limits(keepalive_expiry=KEEP_ALIVE))
        self.server_version = ""  # from the last answer's Komek-Version header
        # pushes go compressed once an answer said the server takes them (Accept-Encoding)
        self.compress = False
        # bytes on the wire, request and answer lines, headers and bodies (as sent, so
        # compressed), of every request that got an answer: what a slow link carries
        self.sent = 0
        self.received = 0
        self.broken = 0  # requests whose connection broke and that were sent again

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _send(self, method: str, path: str, again: bool, **kwargs: Any) -> httpx.Response:
        """The answer, sending the request once more if ``again`` and its connection broke
        before an answer came (a fresh connection is opened for it: the broken one has left
        the pool)."""
        try:
            return self.client.request(method, path, **kwargs)
        except _BROKEN:
            if not again:
                raise
        self.broken += 1
        return self.client.request(method, path, **kwargs)

    def _call(self, method: str, path: str, again: bool = True,
              **kwargs: Any) -> httpx.Response:
        """The server's answer. ``again``: the request may be sent a second time when its
        connection broke, which every request but an enrolment may: reads change nothing,
        and a push is answered from the server's record of the batch, keyed by the desk
        and the batch's number and checked by the body's hash (desktop.sync.server.push),
        whether the first one was applied or not."""
        try:
            response = self._send(method, path, again, **kwargs)
        except httpx.ConnectError as error:
            if isinstance(error.__cause__, ssl.SSLCertVerificationError) or \
                    "CERTIFICATE_VERIFY_FAILED" in str(error):
                raise SyncError(CERTIFICATE, "certificate verification failed") from error
            raise SyncError(OFFLINE, type(error).__name__, cause=offline_cause(error),
                            address=self.address) from error
        except httpx.TransportError as error:
            raise SyncError(OFFLINE, type(error).__name__, cause=offline_cause(error),
                            address=self.address) from error
        self.server_version = response.headers.get(VERSION_HEADER, self.server_version)
        self.compress = self.compress or compression.accepts(
            response.headers.get("accept-encoding", ""))
        self._count(response)
        if response.status_code >= 400:
            try:
                code = str(response.json().get("error") or ErrorCode.SERVER.value)
            except ValueError:
                code = ErrorCode.SERVER.value
            if code == ErrorCode.TOO_MANY_ATTEMPTS.value:
                wait = response.headers.get("Retry-After", "")
                minutes = -(-int(wait) // 60) if wait.isdigit() else 15
                raise SyncError(code, f"HTTP {response.status_code}", minutes=max(1, minutes))
            raise SyncError(code, f"HTTP {response.status_code}")
        return response

    def _count(self, response: httpx.Response) -> None:
        request = response.request
        self.sent += len(request.method) + len(request.url.raw_path) + 14 + \
            sum(len(k) + len(v) + 4 for k, v in request.headers.raw) + len(request.content)
        self.received += 17 + len(response.reason_phrase) + \
            sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + \
            response.num_bytes_downloaded

    def _json(self, method: str, path: str, again: bool = True,
              **kwargs: Any) -> dict[str, Any]:
        response = self._call(method, path, again, **kwargs)
        try:
            answer: dict[str, Any] = orjson.loads(response.content)
        except ValueError as error:  # orjson.JSONDecodeError is one
            raise SyncError(OFFLINE, "truncated answer") from error
        return answer

    def enrol(self, request: dict[str, str]) -> dict[str, Any]:
        """``request``: node id, name, nonce, the certificate seen and the desk's proof (never
        the code: desktop.sync.codes)."""
        # not sent again: a one-time code, and a second attempt would count as a wrong one
        return self._json("POST", "/v1/enrol", again=False, content=json.dumps(request))

    def status(self) -> dict[str, Any]:
        return self._json("GET", "/v1/status")

    def push(self, body: bytes, packed: bytes | None = None, again: bool = True,
             compact: bool = False) -> dict[str, Any]:
        """Send a batch: compressed to a server that takes it (``packed``: the same body
        compressed as the desk keeps it, not compressed again), plain otherwise. ``again``:
        sent once more by the transport itself if its connection breaks (the engine, which
        can ask for the answer of a batch the server applied instead, says False).
        ``compact``: asks for the compact answer, only the results that are not plain "ok",
        by their place (``protocol.answer_results``, which reads both forms: a server of
        before answers one result per change)."""
        headers = {"Content-Type": "application/json"}
        if compact:
            headers[ANSWERS_HEADER] = COMPACT
        if self.compress:
            body = packed if packed is not None else compression.compress(body)
            headers["Content-Encoding"] = compression.ENCODING
        return self._json("POST", "/v1/push", again, content=body, headers=headers)

    def push_answer(self, node_id: str, seq: int) -> dict[str, Any]:
        """The server's kept answer to batch ``seq`` of this desk (compact: see
        ``protocol.answer_results``), with the hash of the body it answers. A server of
        before has no such route (404 ``bad_request``), and one that has not applied the
        batch says ``no_batch`` (404)."""
        return self._json("GET", "/v1/push/answer", params={"node": node_id, "seq": seq})

    def pull(self, since: int, limit: int, count: bool = False) -> dict[str, Any]:
        """A page of changes after ``since``; ``count``: the answer also says how many are
        left after ``since`` (``remaining``; a server of before does not say)."""
        params = {"since": since, "limit": limit}
        if count:
            params["count"] = 1
        return self._json("GET", "/v1/pull", params=params)

    def digests(self) -> list[list[Any]]:
        return list(self._json("GET", "/v1/digest")["digests"])

    def record_versions(self, table: str, scope: str) -> list[list[Any]]:
        return list(self._json("GET", "/v1/ids", params={"table": table, "scope": scope})
                    ["records"])

    def fetch(self, table: str, ids: list[str]) -> list[dict[str, Any]]:
        return list(self._json("POST", "/v1/fetch", content=json.dumps(
            {"table": table, "ids": ids}))["changes"])

    def relay_bundle(self, data: bytes) -> bytes:
        return self._call("POST", "/v1/bundle", content=data).content
