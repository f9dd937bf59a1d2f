"""No connection, said plainly: the server's address and why (refused, the name not found, no
answer in time), over real sockets; the code stays "offline", so waiting is still the fix."""

from __future__ import annotations

import socket
import threading

import httpx
import pytest

from desktop import i18n
from desktop.sync.client.transport import HttpTransport
from desktop.sync.errors import (
    NAME_NOT_FOUND,
    NO_ANSWER,
    OFFLINE,
    REFUSED_CONNECTION,
    SyncError,
)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _failure(url: str, timeout: httpx.Timeout | None = None) -> SyncError:
    kwargs = {"timeout": timeout} if timeout else {}
    with HttpTransport(url, **kwargs) as transport, pytest.raises(SyncError) as caught:
        transport.status()
    return caught.value


def _said(error: SyncError) -> dict[str, str]:
    return {lang: i18n.render(error.message, lang) for lang in ("kk", "ru")}


def test_a_server_that_refuses_is_named_with_its_address():
    port = _closed_port()
    error = _failure(f"http://127.0.0.1:{port}")
    assert (error.code, error.params["cause"]) == (OFFLINE, REFUSED_CONNECTION)
    assert error.retry_later
    said = _said(error)
    assert f"127.0.0.1:{port}" in said["kk"] and "қосылудан бас тартты" in said["kk"]
    assert f"127.0.0.1:{port}" in said["ru"] and "отказал в соединении" in said["ru"]


def test_a_name_that_does_not_exist_is_said_so():
    # .invalid never resolves (RFC 6761): the resolver answers at once that it is unknown
    error = _failure("https://komek-server.invalid:8443")
    assert (error.code, error.params["cause"]) == (OFFLINE, NAME_NOT_FOUND)
    said = _said(error)
    assert "komek-server.invalid:8443" in said["ru"] and "не найдено" in said["ru"]
    assert "табылмады" in said["kk"]


def test_a_server_that_never_answers_is_a_timeout_not_a_hang():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:  # takes the connection and says nothing
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        error = _failure(f"http://127.0.0.1:{port}", httpx.Timeout(0.5))
    finally:
        stop.set()
        thread.join()
        for connection in accepted:
            connection.close()
        listener.close()
    assert (error.code, error.params["cause"]) == (OFFLINE, NO_ANSWER)
    said = _said(error)
    assert "уақытында жауап бермеді" in said["kk"] and "не ответил вовремя" in said["ru"]


def test_an_offline_error_without_a_known_cause_keeps_the_general_sentence():
    error = SyncError(OFFLINE, "ReadError", cause="", address="10.0.0.5:8443")
    assert i18n.render(error.message, "ru").startswith("Нет связи с сервером")
