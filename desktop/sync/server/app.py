"""The ASGI application: enrolment, status, push, pull, consistency check, bundles.

Every request but ``/health`` and ``/v1/enrol`` carries ``Authorization: Bearer
<node>.<secret>``; every request carries ``Komek-Protocol`` and the desk's ``Komek-Version``,
and every answer the server's ``Komek-Version``. Errors are JSON
``{"error": code, "detail": reason}``. The log holds node ids, counts and error codes only:
never a body, a name, an IIN or an amount, nor an exception's message (a failure is logged
by its type and where it was raised).

A request is bounded before it is trusted (``limits``): it waits for a place among the
requests at work, its credentials are checked, and only then is its body read, as it
arrives, refused as soon as it passes its route's limit (an enrolment, which has no
credentials, has its small body read before it takes a place). A request refused before
its body was read to the end is answered with ``Connection: close``, so the rest is never
read.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import Connection, Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from desktop import __version__
from desktop.sync import compression, records
from desktop.sync.bundle import BundleError
from desktop.sync.protocol import (
    ANSWERS_HEADER,
    COMPACT,
    MAX_CURSOR,
    MAX_FETCH_IDS,
    MAX_INT,
    MAX_PULL_LIMIT,
    MAX_PUSH_BYTES,
    OK,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    VERSION_HEADER,
    ErrorCode,
    listed_results,
)
from desktop.sync.server import bundles, db, enrolment, limits, memory, ownership, pull
from desktop.sync.server.envelope import MAX_ID, MAX_TABLE, plain_text
from desktop.sync.server.nodes import Node, RequestError, authenticate
from desktop.sync.server.push import apply_push, kept_answer

log = logging.getLogger("komek.server")
T = TypeVar("T")
ANONYMOUS = Node("", "", "")
MAX_NODE_ID = 64  # push_batches.node_id
# a desk's status: its number and its last batch, in one round trip (SQL text run on the
# driver's connection, as nodes.authenticate: see there)
_STATUS = ("SELECT n.desk_number, (SELECT max(b.seq) FROM push_batches AS b "
           "WHERE b.node_id = n.id) FROM nodes AS n WHERE n.id = %s")
# the scope's key of the moment a request got its place (Service.answer), for Server-Timing
PLACED = "komek.placed"


class Json(JSONResponse):
    """A JSON answer encoded by orjson (UTF-8, compact, as Starlette's own but faster): the
    answers to pushes and pulls carry thousands of records."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def error_answer(status: int, code: str, detail: str) -> Json:
    return Json({"error": code, "detail": detail}, status_code=status)


def _desk_version(request: Request) -> str:
    """The desk's program version as it says, cut short and printable (it goes to the log)."""
    value = request.headers.get(VERSION_HEADER, "")[:32]
    return "".join(c for c in value if c.isalnum() or c in ".+-") or "?"


def _bad(detail: str) -> RequestError:
    return RequestError(400, ErrorCode.BAD_REQUEST, detail)


def _json_object(body: bytes, what: str) -> dict[str, Any]:
    """``body`` decoded, which must be a JSON object holding no NUL character (PostgreSQL's
    text cannot hold one)."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise _bad(f"{what}: the body is not JSON") from error
    if not isinstance(payload, dict):
        raise _bad(f"{what}: the body must be a JSON object")
    if b"\\u0000" in body:
        raise _bad(f"{what}: the body holds a NUL character")
    return payload


def _whole_number(request: Request, name: str, default: int, low: int, high: int) -> int:
    """The query parameter ``name``: digits only, from ``low`` to ``high``."""
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > len(str(high)) or \
            not low <= int(value) <= high:
        raise _bad(f"{name} must be a whole number from {low} to {high}")
    return int(value)


def _name(request: Request, parameter: str, longest: int) -> str:
    value = request.query_params.get(parameter, "")
    if not plain_text(value, longest):
        raise _bad(f"{parameter} must be a name of 1 to {longest} characters")
    return value


def _failure(error: BaseException) -> str:
    """What failed, for the log: the exception's type, PostgreSQL's error code and where it
    was raised, never its message (a database error quotes the value it refused)."""
    cause = getattr(error, "orig", None) or error
    code = getattr(cause, "sqlstate", None)
    frames = traceback.extract_tb(error.__traceback__)[-4:]
    return f"{type(cause).__name__}" + (f" (SQLSTATE {code})" if code else "") + " at " + \
        " < ".join(f"{Path(frame.filename).name}:{frame.lineno}" for frame in reversed(frames))


async def _inflated(request: Request, body: bytes, limit: int, what: str) -> bytes:
    """The body as the desk wrote it: decompressed when its ``Content-Encoding`` says zstd,
    within the same ``limit`` as what was sent (compression.decompress), refused when it
    names another encoding (415)."""
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding != compression.ENCODING:
        raise RequestError(415, ErrorCode.BAD_REQUEST,
                           f"Content-Encoding {encoding[:20]!r}: only {compression.ENCODING} "
                           "is taken")
    # inflated here, in the event loop's thread, a piece at a time with a pause between
    # pieces (some 16 ms for a whole 16 MiB body): in a worker thread the pieces would come
    # from that thread's own allocator arena, which keeps what it was given
    pieces: list[bytes] = []
    try:
        for piece in compression.inflating(body, limit):
            pieces.append(piece)
            await asyncio.sleep(0)
        del body
        return b"".join(pieces)
    except compression.TooLarge as error:
        raise limits.too_large(f"{what}, decompressed", limit) from error
    except compression.Malformed as error:
        raise _bad(f"the body is not {compression.ENCODING}") from error


async def _encoded(request: Request, response: Response) -> None:
    """Compress the answer when the desk accepts zstd and it is worth it (a pull page, a
    push's answer); say, in every answer, that pushes may come compressed."""
    response.headers["Accept-Encoding"] = compression.ENCODING
    body = response.body
    if response.status_code != 200 or len(body) < compression.SMALLEST or \
            "content-encoding" in response.headers or \
            not response.headers.get("content-type", "").startswith("application/json") or \
            not compression.accepts(request.headers.get("accept-encoding", "")):
        return
    packed = await run_in_threadpool(compression.compress, bytes(body))
    response.body = packed
    response.headers["Content-Encoding"] = compression.ENCODING
    response.headers["Content-Length"] = str(len(packed))
    response.headers["Vary"] = "Accept-Encoding"


@dataclass(frozen=True, slots=True)
class Call:
    """A request let in: its node (``ANONYMOUS`` for an enrolment, and for a read not
    identified yet: see ``Spec.read``), its body, read, and what it holds until its answer
    has been sent."""

    request: Request
    node: Node
    body: bytes
    held: contextlib.AsyncExitStack


@dataclass(frozen=True, slots=True)
class Spec:
    """How a route is let in: credentials or not, and the limit of its body (0: none)."""

    endpoint: Callable[[Call], Awaitable[Response]]
    authenticated: bool = True
    body: int = 0
    district_only: bool = False
    write: bool = False  # a push or a bundle: a place among the writes (limits.Gate)
    # a read without a body (status, pull, digests, ids, a push's answer): its credentials
    # are checked, and the desk's count taken, in the same trip to a worker thread and on
    # the same pooled connection as its work (Service._as_desk), not in a trip of their own
    read: bool = False


def _has_body(request: Request) -> bool:
    return request.headers.get("content-length", "0").strip() not in ("", "0") or \
        "transfer-encoding" in request.headers


class Service:
    """The request handlers over one engine, behind one gate."""

    def __init__(self, engine: Engine, gate: limits.Gate | None = None, *,
                 certificate_sha256: str = "") -> None:
        self.engine = engine
        # the reads' statements each commit at once (autocommit): what a read's statements
        # see is the same as in a transaction (each of PostgreSQL's READ COMMITTED
        # statements sees what was committed when it began), without a BEGIN and a COMMIT,
        # two round trips each waiting for PostgreSQL's turn on a busy machine; and the
        # desk's row, when the once-a-minute ``last_seen_at`` is written, is not kept
        # locked through the work, so the desk's next request does not wait for it before
        # it is counted
        self.reading = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.gate = gate or limits.Gate()
        # pushes and bundles are applied one at a time anyway (PostgreSQL's advisory lock):
        # decoding one at a time too keeps a single batch's decoded records in memory
        self.applying = asyncio.Lock()
        # the certificate the desks are presented ("" without TLS): enrolment proofs are
        # checked over it
        self.certificate_sha256 = certificate_sha256
        # requests at work; when the last one is answered, the allocator's free pages are
        # given back (memory.Trimmer)
        self.at_work = 0
        self.trimmer = memory.Trimmer()
        self._trim_later = False  # a trim waits for its turn (at most one)

    def give_back_memory(self, loop: asyncio.AbstractEventLoop) -> None:
        """Idle: the allocator's free pages go back now if a trim is due, else once it is
        (a rush's last answers may all come within a second of the last trim, and no later
        request would trim: the memory then stayed taken)."""
        if self.at_work:
            return
        wait = self.trimmer.wait()
        if wait is None:
            return
        if wait <= 0:
            # in a thread, not awaited: the answer has gone, and a trim takes milliseconds
            loop.run_in_executor(None, self.trimmer.trim)
        elif not self._trim_later:
            self._trim_later = True

            def later() -> None:
                self._trim_later = False
                self.give_back_memory(loop)

            loop.call_later(wait, later)

    async def _run(self, work: Callable[[Connection], T]) -> T:
        def job() -> T:
            with self.engine.begin() as connection:
                return work(connection)

        return await run_in_threadpool(job)

    async def _as_desk(self, call: Call, work: Callable[[Connection, Node], T]
                       ) -> tuple[Node, T]:
        """A read's work for the desk making ``call``, in one worker thread's trip on one
        pooled connection, each statement committed at once (``self.reading``): its
        credentials checked first (``authenticate``, as ``_identify``), then the desk
        counted among its requests at once (refused beyond its count before any work), then
        ``work``. The count stays in ``call.held`` until the answer has been sent. Before,
        the desk was identified in a trip and a transaction of its own: for every status,
        pull and digest of a morning rush a worker thread's trip, a pooled connection's
        check, a BEGIN and a COMMIT more, each waiting its turn for a core."""
        header = call.request.headers.get("authorization", "")
        counted = contextlib.ExitStack()

        def job() -> tuple[Node, T]:
            with self.reading.connect() as connection:
                node = authenticate(connection, header)
                counted.enter_context(self.gate.node(node.id))
                return node, work(connection, node)

        try:
            found = await run_in_threadpool(job)
        except BaseException:
            counted.close()
            raise
        call.held.enter_context(counted)
        return found

    @staticmethod
    async def _read(request: Request, spec: Spec) -> bytes:
        what = f"{request.url.path} body bytes"
        body = await limits.read_body(request.receive, request.headers, spec.body, what)
        return await _inflated(request, body, spec.body, what)

    async def _identify(self, request: Request, spec: Spec,
                        held: contextlib.AsyncExitStack) -> Node:
        """The desk making ``request``, its credentials checked, counted among its requests
        at once in ``held``."""
        header = request.headers.get("authorization", "")

        def job() -> Node:
            with self.reading.connect() as connection:  # one statement: no BEGIN, COMMIT
                return authenticate(connection, header)

        node = await run_in_threadpool(job)
        held.enter_context(self.gate.node(node.id))
        if spec.district_only:
            bundles.relay_allowed(node)
        return node

    async def answer(self, request: Request, spec: Spec,
                     held: contextlib.AsyncExitStack) -> Response:
        """The answer to ``request``; the places it takes stay in ``held`` until the
        answer has been sent."""
        body_read = not _has_body(request)
        try:
            if request.headers.get(PROTOCOL_HEADER, "") != str(PROTOCOL_VERSION):
                raise RequestError(426, ErrorCode.PROTOCOL, f"this server ({__version__}) "
                                   f"speaks protocol {PROTOCOL_VERSION}")
            body = b""
            node = ANONYMOUS
            if not spec.authenticated and spec.body:
                # an enrolment's small body is read before the place, so a stranger sending
                # it slowly holds no place (at most ENROL_BYTES per connection)
                body = await self._read(request, spec)
                body_read = True
            if spec.write:
                # a push or a bundle: its credentials are checked, and the desk's count
                # taken, in one of the reads' places, which it leaves at once to wait for
                # a place among the writes: a desk's third request is refused without
                # waiting behind the pushes, and a waiting push keeps no read waiting
                async with self.gate.place():
                    node = await self._identify(request, spec, held)
                await held.enter_async_context(self.gate.place(write=True))
                request.scope[PLACED] = time.perf_counter()
            else:
                await held.enter_async_context(self.gate.place())
                request.scope[PLACED] = time.perf_counter()
                if spec.authenticated and not spec.read:
                    node = await self._identify(request, spec, held)
            if spec.authenticated and spec.body:
                body = await self._read(request, spec)
                body_read = True
            return await spec.endpoint(Call(request, node, body, held))
        except RequestError as error:
            log.info("%s %s refused: %s", request.method, request.url.path, error.code.value)
            response: Response = error_answer(error.status, error.code.value, error.detail)
            # busy, or too many wrong enrolment codes (attempts.TooManyAttempts)
            retry_after = limits.RETRY_AFTER if isinstance(error, limits.Busy) else \
                getattr(error, "retry_after", None)
            if retry_after:
                response.headers["Retry-After"] = str(retry_after)
        except BundleError as error:
            log.info("bundle refused: %s", error.code)
            response = error_answer(422, "bundle_" + error.code, error.code)
        except Exception as error:
            log.error("%s %s failed: %s", request.method, request.url.path, _failure(error))
            response = error_answer(500, ErrorCode.SERVER.value, "server error")
        if not body_read:
            response.headers["Connection"] = "close"  # the rest of the body is not read
        return response

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "protocol": PROTOCOL_VERSION,
                             "version": __version__})

    async def enrol(self, call: Call) -> Response:
        payload = _json_object(call.body, "enrolment")
        request = call.request
        address = request.client.host if request.client else "?"
        answer = await self._run(lambda c: enrolment.attempt(
            c, payload, certificate_sha256=self.certificate_sha256, address=address))
        if isinstance(answer, RequestError):
            raise answer
        log.info("enrolled node=%s office=%s again=%s version=%s", answer["node_id"],
                 answer["office_code"], answer["again"], _desk_version(request))
        return JSONResponse(answer)

    async def status(self, call: Call) -> Response:
        def work(connection: Connection, node: Node) -> dict[str, Any]:
            desk_number, last_batch = db.driver(connection).execute(_STATUS, (node.id,)) \
                .fetchone()
            return {"node_id": node.id, "office_code": node.office_code,
                    "office_kind": node.kind, "desk_number": desk_number,
                    "protocol": PROTOCOL_VERSION,
                    "version": __version__,
                    "last_batch": last_batch or 0,
                    "server_time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}

        return JSONResponse((await self._as_desk(call, work))[1])

    async def push(self, call: Call) -> Response:
        node = call.node
        # a desk that reads compact answers says so; one of before gets a result per change
        compact = call.request.headers.get(ANSWERS_HEADER, "").strip().lower() == COMPACT
        async with self.applying:
            response = await self._run(lambda c: apply_push(c, node, call.body, compact))
        counts: dict[str, int] = {}
        listed = listed_results(response)
        for result in listed:
            counts[result["s"]] = counts.get(result["s"], 0) + 1
        if "count" in response:  # compact: the plain results are not listed
            counts[OK] = counts.get(OK, 0) + int(response["count"]) - len(listed)
        log.info("push node=%s version=%s seq=%s %s", node.id, _desk_version(call.request),
                 response["seq"], " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        return Json(response)

    async def push_answer(self, call: Call) -> Response:
        """The kept answer to one of the asking desk's batches, by its number (``node``, the
        desk's own id as its pushes name it, and ``seq``): a desk whose answer a cut took
        after the batch was applied fetches it instead of sending the batch again. Another
        desk's batch is refused (403), a number the desk never pushed is 404 ``no_batch``."""
        request = call.request

        def work(connection: Connection, node: Node) -> tuple[int, dict[str, Any] | None]:
            # the query is checked once the desk is known, as before the trips were one
            owner = request.query_params.get("node", "")
            if not plain_text(owner, MAX_NODE_ID):
                raise _bad(f"node must be a desk id of 1 to {MAX_NODE_ID} characters")
            if "seq" not in request.query_params:
                raise _bad("seq is required")
            seq = _whole_number(request, "seq", 0, 1, MAX_INT)
            if owner != node.id:
                raise RequestError(403, ErrorCode.FORBIDDEN,
                                   "a desk may fetch the answers to its own batches only")
            return seq, kept_answer(connection, node, seq)

        node, (seq, kept) = await self._as_desk(call, work)
        if kept is None:
            raise RequestError(404, ErrorCode.NO_BATCH,
                               f"this desk has no batch {seq} on the server")
        log.info("push answer node=%s seq=%s fetched", node.id, seq)
        return Json(kept)

    async def pull(self, call: Call) -> Response:
        request = call.request

        def work(connection: Connection, node: Node) -> dict[str, Any]:
            since = _whole_number(request, "since", 0, 0, MAX_CURSOR)
            limit = _whole_number(request, "limit", 5000, 1, MAX_PULL_LIMIT)
            count = _whole_number(request, "count", 0, 0, 1) == 1
            return pull.pull(connection, node, since, limit, count, raw=True)

        return Json((await self._as_desk(call, work))[1])

    async def digest(self, call: Call) -> Response:
        found = await self._as_desk(call, pull.digests)
        return Json({"digests": found[1]})

    async def ids(self, call: Call) -> Response:
        request = call.request

        def work(connection: Connection, node: Node) -> list[list[Any]]:
            table = _name(request, "table", MAX_TABLE)
            scope = _name(request, "scope", MAX_TABLE)
            return pull.record_versions(connection, node, table, scope)

        return Json({"records": (await self._as_desk(call, work))[1]})

    async def fetch(self, call: Call) -> Response:
        payload = _json_object(call.body, "fetch")
        table, ids = payload.get("table"), payload.get("ids")
        if not plain_text(table, MAX_TABLE):
            raise _bad(f"fetch: table must be a name of 1 to {MAX_TABLE} characters")
        if not isinstance(ids, list) or not all(plain_text(i, MAX_ID) for i in ids):
            raise _bad(f"fetch: ids must be a list of record ids of at most {MAX_ID} "
                       "characters")
        if len(ids) > MAX_FETCH_IDS:
            raise limits.too_large("fetch ids", MAX_FETCH_IDS)
        answer = await self._run(lambda c: pull.fetch(c, call.node, str(table), ids,
                                                       raw=True))
        return Json({"changes": answer})

    async def bundle(self, call: Call) -> Response:
        async with self.applying:
            reply, summary = await self._run(lambda c: bundles.answer_bundle(
                c, bytes(call.body), limit=limits.BUNDLE_PLAIN_BYTES))
        log.info("bundle relayed node=%s batches=%d", summary["node"], summary["batches"])
        return Response(reply, media_type="application/octet-stream")


TIMING_HEADER = "Server-Timing"


def _server_timing(started: float, placed: float | None, done: float) -> str:
    """How long the server took over a request, in milliseconds (the ``Server-Timing``
    header of an answer that is not an error, which the desk ignores and
    benchmarks/server_load.py reads): ``place``, the
    wait for a place among the requests at work; ``app``, from the request's headers read
    to its answer ready to go out (the place's wait included). What came before the
    headers (the connection, its TLS handshake) is not in it."""
    wait = 0.0 if placed is None else placed - started
    return f"place;dur={wait * 1000:.1f}, app;dur={(done - started) * 1000:.1f}"


class Endpoint:
    """One route as an ASGI app: the answer is sent while the request keeps its places."""

    def __init__(self, service: Service, spec: Spec) -> None:
        self.service = service
        self.spec = spec

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        request = Request(scope, receive)
        service = self.service
        service.at_work += 1
        try:
            async with contextlib.AsyncExitStack() as held:
                response = await service.answer(request, self.spec, held)
                response.headers[VERSION_HEADER] = __version__
                await _encoded(request, response)
                if response.status_code < 400:
                    # not to a stranger, whose refusal's time would tell whether the node
                    # it named exists, or how far its request got
                    response.headers[TIMING_HEADER] = _server_timing(
                        started, scope.get(PLACED), time.perf_counter())
                if not await limits.send_answer(send, response.status_code,
                                                response.raw_headers, response.body):
                    log.info("%s %s: the answer was not taken in time", request.method,
                             request.url.path)
                del response
        finally:
            service.at_work -= 1
        if not service.at_work:
            service.give_back_memory(asyncio.get_running_loop())


async def _http_error(request: Request, error: Exception) -> Response:
    """Starlette's own 404 and 405, as JSON like every other error."""
    assert isinstance(error, HTTPException)
    response = error_answer(error.status_code, ErrorCode.BAD_REQUEST.value,
                            "no such route" if error.status_code == 404 else
                            "method not allowed on this route")
    response.headers.update(error.headers or {})
    response.headers[VERSION_HEADER] = __version__
    return response


def create_app(engine: Engine, gate: limits.Gate | None = None, *,
               certificate_sha256: str = "") -> Starlette:
    service = Service(engine, gate, certificate_sha256=certificate_sha256)
    records.prepare()  # every table's checks compiled now, not in the first push
    ownership.prepare()  # and the services' paths read

    def route(path: str, spec: Spec, method: str = "GET") -> Route:
        return Route(path, Endpoint(service, spec), methods=[method])

    async def health(request: Request) -> Response:
        response = await service.health(request)
        response.headers[VERSION_HEADER] = __version__
        return response

    return Starlette(routes=[
        Route("/health", health, methods=["GET"]),
        route("/v1/enrol", Spec(service.enrol, authenticated=False, body=limits.ENROL_BYTES),
              "POST"),
        route("/v1/status", Spec(service.status, read=True)),
        route("/v1/push", Spec(service.push, body=MAX_PUSH_BYTES, write=True), "POST"),
        route("/v1/push/answer", Spec(service.push_answer, read=True)),
        route("/v1/pull", Spec(service.pull, read=True)),
        route("/v1/digest", Spec(service.digest, read=True)),
        route("/v1/ids", Spec(service.ids, read=True)),
        route("/v1/fetch", Spec(service.fetch, body=limits.FETCH_BYTES), "POST"),
        route("/v1/bundle", Spec(service.bundle, body=limits.BUNDLE_BYTES,
                                 district_only=True, write=True), "POST"),
    ], exception_handlers={404: _http_error, 405: _http_error})
