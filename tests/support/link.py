"""A slow link on loopback: a TCP proxy between a desk and the server that carries bytes at
a limited rate each way, adds a round trip's delay, counts what it carries, and can cut
every connection now and then (a village's modem dropping). Used by the tests and by
benchmarks/sync_link.py; the fault tests' CuttingProxy cuts connections at random byte
counts instead.

Each direction is one link shared by every connection, as a modem is: a piece of data
read at time t starts on the link when the link is free, takes ``len * 8 / bits`` seconds
on it, and arrives half a round trip after that. What TCP does on a lossy link (lost
segments sent again) is not modelled: a loss is a cut here.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from dataclasses import dataclass, field

_PIECE = 4096


@dataclass
class Direction:
    """One way of the link: its rate and when it is free again."""

    bits_per_second: float
    free_at: float = 0.0
    carried: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def arrival(self, size: int, now: float, delay: float) -> float:
        with self.lock:
            start = max(now, self.free_at)
            self.free_at = start + size * 8 / self.bits_per_second
            self.carried += size
            return self.free_at + delay


class SlowLink:
    """``SlowLink(server_port, up=256_000, down=1_000_000, rtt=0.3, cut_every=30)``: desks
    connect to ``port``; ``up`` is desk to server, ``down`` server to desk, in bits a
    second; ``cut_every`` seconds every open connection is closed (None: never)."""

    def __init__(self, upstream_port: int, *, up: float, down: float, rtt: float,
                 cut_every: float | None = None) -> None:
        self.upstream = upstream_port
        self.up, self.down = Direction(up), Direction(down)
        self.delay = rtt / 2
        self.cut_every = cut_every
        self.cuts = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._severed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()
        if cut_every:
            threading.Thread(target=self._cutter, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sent(self) -> int:
        """Bytes the desks sent (requests), as carried up."""
        return self.up.carried

    @property
    def received(self) -> int:
        """Bytes the server sent (answers), as carried down."""
        return self.down.carried

    def floor(self) -> float:
        """Seconds the bytes carried so far take at the link's raw rates, one way after
        the other (no round trip, no waiting)."""
        return self.up.carried * 8 / self.up.bits_per_second + \
            self.down.carried * 8 / self.down.bits_per_second

    def sever(self) -> None:
        """The link is gone (the modem lost its signal): every open connection is cut and
        a new one is closed as soon as it opens, until :meth:`mend`."""
        self._severed.set()
        with self._lock:
            cut = list(self._open)
        for sock in cut:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def mend(self) -> None:
        self._severed.clear()

    def reset_counts(self) -> None:
        self.up.carried = self.down.carried = 0

    def _serve(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._connect, args=(client,), daemon=True).start()

    def _cutter(self) -> None:
        assert self.cut_every
        while not self._stopped.wait(self.cut_every):
            with self._lock:
                cut = list(self._open)
            if cut:
                self.cuts += 1
            for sock in cut:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _connect(self, client: socket.socket) -> None:
        # the connection's handshake crosses the link too: half a round trip each way
        time.sleep(self.delay * 2)
        if self._severed.is_set():
            client.close()
            return
        try:
            server = socket.create_connection(("127.0.0.1", self.upstream))
        except OSError:
            client.close()
            return
        with self._lock:
            self._open.update((client, server))
        done = threading.Event()
        for source, sink, way in ((client, server, self.up), (server, client, self.down)):
            threading.Thread(target=self._carry, args=(source, sink, way, done),
                             daemon=True).start()
        done.wait()
        with self._lock:
            self._open.difference_update((client, server))
        for sock in (client, server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _carry(self, source: socket.socket, sink: socket.socket, way: Direction,
               done: threading.Event) -> None:
        pieces: queue.Queue[tuple[float, bytes] | None] = queue.Queue()

        def deliver() -> None:
            with contextlib.suppress(OSError):
                while (item := pieces.get()) is not None:
                    arrival, data = item
                    wait = arrival - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    sink.sendall(data)
            done.set()

        threading.Thread(target=deliver, daemon=True).start()
        with contextlib.suppress(OSError):
            while data := source.recv(_PIECE):
                pieces.put((way.arrival(len(data), time.monotonic(), self.delay), data))
        pieces.put(None)

    def close(self) -> None:
        self._stopped.set()
        self.listener.close()
        with self._lock:
            cut = list(self._open)
        for sock in cut:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
