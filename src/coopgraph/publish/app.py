"""The ASGI application (Starlette): routes, CORS, request log lines, errors as statuses.

Every endpoint is async and runs on the event-loop thread; queries that could run long go to
forked workers (see worker.py), so no thread ever shares the Store.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import CoopgraphError
from ..graph import Graph
from .site import Site
from .worker import Limits, Refused, Runner

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

#: Pages may load nothing from elsewhere; their style is inline and they run no script.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass
class ServerState:
    graph: Graph
    runner: Runner
    site: Site


def state_of(request: Request) -> ServerState:
    state = request.app.state.publish
    assert isinstance(state, ServerState)
    return state


def create_app(graph: Graph, *, limits: Limits | None = None) -> Starlette:
    """The read-only server over ``graph``: /sparql, /api, linked-data pages, VoID.

    ``limits`` bound each query (time, results, bytes, queries at once); see Limits.
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    from . import api, pages, void
    from .sparql_protocol import sparql_endpoint

    routes = [
        Route("/", pages.home),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
        Route("/api/queries", api.catalogue),
        Route("/api/openapi.json", api.openapi),
        Route("/api/queries/{name}", api.run_query),
        Route("/id/{local:path}", pages.resource),
        Route("/ontology", pages.ontology),
        Route("/ontology/{term}", pages.ontology_term),
        Route("/search", pages.search),
        Route("/queries", pages.queries),
        Route("/queries/{name}", pages.query_page),
        Route("/.well-known/void", void.void_endpoint),
    ]
    middleware = [
        Middleware(RequestLog),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            # Headers that client libraries add on their own; the endpoint uses no credentials.
            allow_headers=["Accept", "Content-Type", "Authorization", "X-Requested-With"],
            max_age=3600,
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            Refused: _refused,
            CoopgraphError: _refused,
            404: _not_found,
            405: _refused,
            Exception: _internal,
        },
    )
    app.state.publish = ServerState(graph, Runner(limits or Limits()), Site(graph))
    return app


async def _refused(request: Request, exc: Exception) -> Response:
    """A one-line message with the error's status: HTML for browsers on pages, else text."""
    status = getattr(exc, "status", None) or getattr(exc, "status_code", None) or 400
    message = getattr(exc, "message", None) or getattr(exc, "detail", None) or str(exc)
    return error_response(request, int(status), str(message))


async def _internal(request: Request, exc: Exception) -> Response:
    return error_response(
        request, 500, f"Unexpected {type(exc).__name__}: a bug in coopgraph; the log has details"
    )


async def _not_found(request: Request, exc: Exception) -> Response:
    return error_response(request, 404, f"Nothing at {request.url.path}; start from /")


def error_response(request: Request, status: int, message: str) -> Response:
    from starlette.responses import HTMLResponse, PlainTextResponse

    from .negotiation import choose
    from .render import render_page

    page = not request.url.path.startswith(("/api/", "/sparql"))
    wants_html = choose(request.headers.get("accept"), {"html": ("text/html",)}) is not None
    if page and wants_html and "text/html" in request.headers.get("accept", ""):
        body = render_page("error", root="", title=str(status), status=status, message=message)
        return HTMLResponse(body, status_code=status, headers={"Content-Security-Policy": CSP})
    return PlainTextResponse(message + "\n", status_code=status)


class RequestLog:
    """One line on stderr per request: client, request line, status, bytes, milliseconds."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        seen = {"status": 500, "bytes": 0}

        async def counting(message: Any) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            target = scope.get("raw_path") or scope["path"].encode()
            if scope.get("query_string"):
                target += b"?" + scope["query_string"]
            shown = target.decode("latin-1")[:300].encode("unicode_escape").decode("ascii")
            client = scope.get("client") or ("-", 0)
            took = (time.perf_counter() - started) * 1000
            print(
                f'{client[0]} "{scope["method"]} {shown}" {seen["status"]} {seen["bytes"]}B '
                f"{took:.1f}ms",
                file=sys.stderr,
                flush=True,
            )
