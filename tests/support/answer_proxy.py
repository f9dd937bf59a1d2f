"""An HTTP proxy on loopback in front of the sync server that loses the answer to a chosen
push after the server applied it (the connection is closed before a byte of the answer goes
back), and records every request it carried: method, path and the bytes of its body. Used to
show that a push whose answer a cut took is not uploaded again. With ``old_server`` it
answers the route of push answers as a server of before does (404, no such route) and
drops the desk's ask for compact push answers, which a server of before ignores."""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import orjson

_HOP = {"connection", "keep-alive", "transfer-encoding", "host", "content-length"}


@dataclass(frozen=True)
class Carried:
    method: str
    path: str
    body: int  # bytes of the request's body as sent (compressed when it was)
    answered: bool


class AnswerLosingProxy:
    """``lose``: the pushes (1 = the first POST /v1/push) whose answers are lost."""

    def __init__(self, upstream_port: int, *, lose: set[int],
                 old_server: bool = False) -> None:
        self.upstream = upstream_port
        self.lose = set(lose)
        self.old_server = old_server
        self.carried: list[Carried] = []
        self.pushes = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                return None

            def _any(self) -> None:
                proxy._forward(self)

            do_GET = do_POST = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def requests(self, method: str, path: str) -> list[Carried]:
        return [c for c in self.carried if c.method == method and c.path == path]

    def _forward(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        path = urlsplit(handler.path).path
        lost = False
        if handler.command == "POST" and path == "/v1/push":
            with self._lock:
                self.pushes += 1
                lost = self.pushes in self.lose
        if self.old_server and path == "/v1/push/answer":
            self._record(handler.command, path, len(body), True)
            answer = orjson.dumps({"error": "bad_request", "detail": "no such route"})
            handler.send_response(404)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(answer)))
            handler.end_headers()
            handler.wfile.write(answer)
            return
        dropped = _HOP | ({"komek-answers"} if self.old_server else set())
        upstream = http.client.HTTPConnection("127.0.0.1", self.upstream, timeout=60)
        try:
            upstream.request(handler.command, handler.path, body=body, headers={
                k: v for k, v in handler.headers.items() if k.lower() not in dropped})
            response = upstream.getresponse()
            data = response.read()  # the server has answered: the batch is applied
        finally:
            upstream.close()
        self._record(handler.command, path, len(body), not lost)
        if lost:
            handler.close_connection = True  # closed without a byte of the answer
            return
        handler.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in _HOP:
                handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _record(self, method: str, path: str, body: int, answered: bool) -> None:
        with self._lock:
            self.carried.append(Carried(method, path, body, answered))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
