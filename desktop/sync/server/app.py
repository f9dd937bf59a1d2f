"""The ASGI application: enrolment, status, push, pull, consistency check, bundles.

Every request but ``/health`` and ``/v1/enrol`` carries ``Authorization: Bearer
<node>.<secret>``; every request carries ``Komek-Protocol`` and the desk's ``Komek-Version``,
and every answer the server's ``Komek-Version``. Errors are JSON
``{"error": code, "detail": reason}``. The log holds node ids, counts and error codes only:
never a body, a name, an IIN or an amount.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from sqlalchemy import Connection, Engine, func, select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from desktop import __version__
from desktop.sync import records
from desktop.sync.bundle import BundleError
from desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, VERSION_HEADER, ErrorCode
from desktop.sync.server import bundles, enrolment, pull
from desktop.sync.server.nodes import Node, RequestError, authenticate
from desktop.sync.server.push import apply_push
from desktop.sync.server.schema import nodes, push_batches

log = logging.getLogger("komek.server")
T = TypeVar("T")
MAX_BODY = 256 * 1024 * 1024


class Json(JSONResponse):
    """A JSON answer encoded by orjson (UTF-8, compact, as Starlette's own but faster): the
    answers to pushes and pulls carry thousands of records."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def _desk_version(request: Request) -> str:
    """The desk's program version as it says, cut short and printable (it goes to the log)."""
    value = request.headers.get(VERSION_HEADER, "")[:32]
    return "".join(c for c in value if c.isalnum() or c in ".+-") or "?"


def _error(error: RequestError) -> JSONResponse:
    return JSONResponse({"error": error.code.value, "detail": error.detail},
                        status_code=error.status)


class Service:
    """The request handlers over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def _run(self, request: Request, work: Callable[[Connection, Node], T],
                   *, authenticated: bool = True) -> T:
        protocol = request.headers.get(PROTOCOL_HEADER, "")
        if protocol != str(PROTOCOL_VERSION):
            raise RequestError(426, ErrorCode.PROTOCOL,
                               f"this server ({__version__}) speaks protocol {PROTOCOL_VERSION}")
        header = request.headers.get("authorization", "")

        def job() -> T:
            with self.engine.begin() as connection:
                node = authenticate(connection, header) if authenticated else \
                    Node("", "", "")
                return work(connection, node)

        return await run_in_threadpool(job)

    async def handle(self, request: Request,
                     endpoint: Callable[[Request], Any]) -> Response:
        response = await self._answer(request, endpoint)
        response.headers[VERSION_HEADER] = __version__
        return response

    async def _answer(self, request: Request,
                      endpoint: Callable[[Request], Any]) -> Response:
        try:
            return await endpoint(request)
        except RequestError as error:
            log.info("%s %s refused: %s", request.method, request.url.path, error.code.value)
            return _error(error)
        except BundleError as error:
            log.info("bundle refused: %s", error.code)
            return JSONResponse({"error": "bundle_" + error.code, "detail": error.code},
                                status_code=422)
        except Exception:
            log.exception("%s %s failed", request.method, request.url.path)
            return JSONResponse({"error": ErrorCode.SERVER.value, "detail": "server error"},
                                status_code=500)

    async def _body(self, request: Request) -> bytes:
        body = await request.body()
        if len(body) > MAX_BODY:
            raise RequestError(413, ErrorCode.BAD_REQUEST, "request too large")
        return body

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "protocol": PROTOCOL_VERSION,
                             "version": __version__})

    async def enrol(self, request: Request) -> Response:
        try:
            payload = json.loads(await self._body(request))
        except ValueError as error:
            raise RequestError(400, ErrorCode.BAD_REQUEST, "body is not JSON") from error
        answer = await self._run(request, lambda c, _n: enrolment.enrol(c, payload),
                                 authenticated=False)
        log.info("enrolled node=%s office=%s version=%s", answer["node_id"],
                 answer["office_code"], _desk_version(request))
        return JSONResponse(answer)

    async def status(self, request: Request) -> Response:
        def work(connection: Connection, node: Node) -> dict[str, Any]:
            last = connection.execute(select(func.max(push_batches.c.seq))
                                      .where(push_batches.c.node_id == node.id)).scalar()
            desk = connection.execute(select(nodes.c.desk_number)
                                      .where(nodes.c.id == node.id)).scalar()
            return {"node_id": node.id, "office_code": node.office_code,
                    "office_kind": node.kind, "desk_number": desk,
                    "protocol": PROTOCOL_VERSION,
                    "version": __version__,
                    "last_batch": last or 0,
                    "server_time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}

        return JSONResponse(await self._run(request, work))

    async def push(self, request: Request) -> Response:
        body = await self._body(request)
        answer = await self._run(request, lambda c, n: (n, apply_push(c, n, body)))
        node, response = answer
        counts: dict[str, int] = {}
        for result in response["results"]:
            counts[result["s"]] = counts.get(result["s"], 0) + 1
        log.info("push node=%s version=%s seq=%s %s", node.id, _desk_version(request),
                 response["seq"], " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        return Json(response)

    async def pull(self, request: Request) -> Response:
        try:
            since = int(request.query_params.get("since", "0"))
            limit = int(request.query_params.get("limit", "5000"))
        except ValueError as error:
            raise RequestError(400, ErrorCode.BAD_REQUEST, "since/limit not numbers") from error
        answer = await self._run(request, lambda c, n: pull.pull(c, n, since, limit))
        return Json(answer)

    async def digest(self, request: Request) -> Response:
        answer = await self._run(request, pull.digests)
        return Json({"digests": answer})

    async def ids(self, request: Request) -> Response:
        table = request.query_params.get("table", "")
        scope = request.query_params.get("scope", "")
        answer = await self._run(request,
                                 lambda c, n: pull.record_versions(c, n, table, scope))
        return Json({"records": answer})

    async def fetch(self, request: Request) -> Response:
        try:
            payload = json.loads(await self._body(request))
            table, ids = str(payload["table"]), [str(i) for i in payload["ids"]]
        except (ValueError, KeyError, TypeError) as error:
            raise RequestError(400, ErrorCode.BAD_REQUEST, "malformed fetch") from error
        answer = await self._run(request, lambda c, n: pull.fetch(c, n, table, ids))
        return Json({"changes": answer})

    async def bundle(self, request: Request) -> Response:
        data = await self._body(request)

        def work(connection: Connection, node: Node) -> tuple[bytes, dict[str, Any]]:
            bundles.relay_allowed(node)
            return bundles.answer_bundle(connection, data)

        reply, summary = await self._run(request, work)
        log.info("bundle relayed node=%s batches=%d", summary["node"], summary["batches"])
        return Response(reply, media_type="application/octet-stream")


def create_app(engine: Engine) -> Starlette:
    service = Service(engine)
    records.prepare()  # every table's checks compiled now, not in the first push

    def route(path: str, endpoint: Callable[[Request], Any], method: str = "GET") -> Route:
        async def handler(request: Request) -> Response:
            return await service.handle(request, endpoint)

        return Route(path, handler, methods=[method])

    return Starlette(routes=[
        route("/health", service.health),
        route("/v1/enrol", service.enrol, "POST"),
        route("/v1/status", service.status),
        route("/v1/push", service.push, "POST"),
        route("/v1/pull", service.pull),
        route("/v1/digest", service.digest),
        route("/v1/ids", service.ids),
        route("/v1/fetch", service.fetch, "POST"),
        route("/v1/bundle", service.bundle, "POST"),
    ])
