"""/sparql: the SPARQL 1.1 Protocol, read-only, over the server's Graph.

Queries come by GET ``?query=``, by POST as ``application/x-www-form-urlencoded`` or as
``application/sparql-query``. Updates (``update=`` or ``application/sparql-update``) are refused
with 403; a query naming a dataset (``default-graph-uri``, ``named-graph-uri``) with 400, since
the store has one default graph.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from ..errors import UsageError
from ..query.lexer import is_update, query_form
from .jobs import sparql_answer
from .negotiation import GRAPH_OFFERS, HTML, TABLE_OFFERS, choose, media_type, offered
from .worker import Refused

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

#: A query larger than this is refused (413) before it is parsed.
MAX_QUERY_BYTES = 1024 * 1024
READ_ONLY = (
    "This SPARQL endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused"
)
FORM = "application/x-www-form-urlencoded"


async def sparql_endpoint(request: Request) -> Response:
    """Answer one SPARQL Protocol request; errors are raised as Refused or UsageError."""
    from starlette.responses import HTMLResponse, Response

    from .app import state_of
    from .render import render_page

    state = state_of(request)
    text = await query_text(request)
    if text is None:
        if choose(request.headers.get("accept"), {HTML: ("text/html",)}) and request.headers.get(
            "accept"
        ):
            return HTMLResponse(
                render_page("sparql", title="SPARQL endpoint", **state.site.page_context())
            )
        raise UsageError("Give a SPARQL query: GET /sparql?query=... or POST it")
    if is_update(text):  # an update sent as a query is refused as updates are: 403
        raise Refused(403, READ_ONLY)
    form = query_form(text)
    offers = GRAPH_OFFERS if form in {"CONSTRUCT", "DESCRIBE"} else TABLE_OFFERS
    # SPARQLWrapper sends ?format= and ?output=, each a list of media types.
    fmt = response_format(request, offers, keys=("format", "output"))
    data = await state.runner.run(
        partial(sparql_answer, state.graph, text, fmt, state.runner.limits.max_results)
    )
    return Response(data, media_type=media_type(fmt), headers={"Vary": "Accept"})


def response_format(
    request: Request, offers: dict[str, tuple[str, ...]], keys: tuple[str, ...] = ("format",)
) -> str:
    """``?format=NAME`` (or another of ``keys``) when given and on offer, else what the Accept
    header prefers; Refused (406) when nothing on offer is acceptable."""
    for key in keys:
        named = request.query_params.get(key)
        if named is not None:
            fmt = format_named(named, offers)
            if fmt is not None:
                return fmt
    chosen = choose(request.headers.get("accept"), offers)
    if chosen is None:
        raise Refused(406, f"None of the accepted media types is available; use one of "
                           f"{offered(offers)}")  # fmt: skip
    return chosen


#: Other names clients give in ``?format=`` (SPARQLWrapper sends turtle, json-ld, rdf+xml, ...).
ALIASES = {"turtle": "ttl", "n3": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld",
           "rdf+xml": "rdfxml", "rdf": "rdfxml"}  # fmt: skip
#: For a graph, the results formats' names mean their RDF counterparts.
GRAPH_ALIASES = {"json": "jsonld", "xml": "rdfxml"}


def format_named(name: str, offers: dict[str, tuple[str, ...]]) -> str | None:
    """The offered format ``?format=`` names: a registry name, an alias, a media type or a
    comma-separated list of media types (as SPARQLWrapper sends). None for media types none of
    which is on offer, so that the Accept header decides; UsageError for an unknown name."""
    choices = [part.strip().lower() for part in name.split(",") if part.strip()]
    for wanted in choices:
        if "/" in wanted:
            found = [fmt for fmt, types in offers.items() if wanted in types]
            if found:
                return found[0]
            continue
        wanted = ALIASES.get(wanted, wanted)
        if wanted not in offers and "ttl" in offers:
            wanted = GRAPH_ALIASES.get(wanted, wanted)
        if wanted in offers:
            return wanted
    if choices and all("/" in wanted for wanted in choices):
        return None
    raise UsageError(f"Unknown format {name!r} here; use one of {', '.join(offers)}")


async def query_text(request: Request) -> str | None:
    """The query of a Protocol request, or None when it has none. Refused for updates (403),
    unsupported bodies (415), oversized queries (413) and repeated or dataset parameters (400).
    """
    fields = {key: request.query_params.getlist(key) for key in request.query_params}
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _body(request)
        if kind == "application/sparql-update":
            raise Refused(403, READ_ONLY)
        if kind == "application/sparql-query":
            if "query" in fields:
                raise UsageError("Give the query once: in the body or as ?query=, not both")
            fields["query"] = [_utf8(body)]
        elif kind == FORM:
            for key, values in parse_qs(_utf8(body), keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        else:
            raise Refused(
                415,
                f"POST a query as application/sparql-query or {FORM}, not {kind or 'no type'}",
            )
    if "update" in fields:
        raise Refused(403, READ_ONLY)
    for key in ("default-graph-uri", "named-graph-uri"):
        if key in fields:
            raise UsageError(f"{key} is not supported: this endpoint has one default graph")
    queries = fields.get("query", [])
    if len(queries) > 1:
        raise UsageError("Give one query, not several")
    return queries[0] if queries else None


async def _body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise Refused(413, f"The request is larger than {MAX_QUERY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"The request body is not UTF-8 text (byte {exc.start})") from None
