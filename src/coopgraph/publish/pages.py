"""The HTML pages: home, resources (/id/...), the ontology, search and stored queries.

Resources and ontology terms are served by direct content negotiation at their own address
(``Vary: Accept``): HTML for browsers, RDF for a client that asks for Turtle, N-Triples,
JSON-LD or RDF/XML (or names it with ``?format=ttl``). No 303 redirect: one address, one
round trip, and the RDF says which IRI it describes.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..errors import UsageError
from ..find import class_iri, find
from ..formats.rdf import serialize
from ..namespaces import COOP, COOPID
from ..query.catalogue import StoredQuery
from .app import CSP, error_response, state_of
from .jobs import stored_answer
from .negotiation import GRAPH_OFFERS, HTML, media_type
from .render import render_page
from .sparql_protocol import response_format
from .worker import Refused

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

RDF_LINKS = (("Turtle", "ttl"), ("N-Triples", "nt"), ("JSON-LD", "jsonld"), ("RDF/XML", "rdfxml"))
PAGE_OFFERS = {HTML: ("text/html", "application/xhtml+xml"), **GRAPH_OFFERS}
#: HTML input types for parameter types; others are text.
INPUTS = {"xsd:date": "date", "xsd:integer": "number", "xsd:decimal": "number"}


def html(body: str, status: int = 200) -> Response:
    from starlette.responses import HTMLResponse

    return HTMLResponse(body, status_code=status, headers={"Content-Security-Policy": CSP})


async def home(request: Request) -> Response:
    site = state_of(request).site
    classes = [(site.term(_iri(name)), count) for name, count in site.stats.classes.items()]
    return html(
        render_page(
            "home",
            **site.page_context(
                title="Home",
                stats=site.stats,
                classes=classes,
                coverage=site.coverage(),
                queries=site.queries,
            ),
        )
    )


def _iri(curie: str) -> Any:
    import pyoxigraph as ox

    from ..query.params import expand_iri

    return expand_iri(curie) if not curie.startswith("<") else ox.NamedNode(curie[1:-1])


async def resource(request: Request) -> Response:
    return _resource_response(request, COOPID + request.path_params["local"])


async def ontology_term(request: Request) -> Response:
    return _resource_response(request, COOP + request.path_params["term"])


def _resource_response(request: Request, iri: str) -> Response:
    site = state_of(request).site
    try:
        view = site.resource(iri)
    except ValueError:  # not a valid IRI
        view = None
    if view is None:
        return error_response(request, 404, f"The graph says nothing about <{iri}>")
    fmt = _page_format(request)
    if fmt != HTML:
        return _rdf(site.resource_triples(iri), fmt)
    links = [(label, f"{request.url.path}?format={name}") for label, name in RDF_LINKS]
    body = render_page(
        "resource", **site.page_context(title=view.label, resource=view, rdf_links=links)
    )
    response = html(body)
    response.headers["Vary"] = "Accept"
    return response


async def ontology(request: Request) -> Response:
    site = state_of(request).site
    fmt = _page_format(request)
    if fmt != HTML:
        return _rdf(site.ontology_triples(), fmt)
    links = [(label, f"/ontology?format={name}") for label, name in RDF_LINKS]
    body = render_page(
        "ontology",
        **site.page_context(title="Ontology", groups=site.ontology_terms(), rdf_links=links),
    )
    response = html(body)
    response.headers["Vary"] = "Accept"
    return response


def _page_format(request: Request) -> str:
    return response_format(request, PAGE_OFFERS)


def _rdf(triples: list[Any], fmt: str) -> Response:
    from starlette.responses import Response

    data = serialize(triples, "xml" if fmt == "rdfxml" else fmt)
    return Response(data, media_type=media_type(fmt), headers={"Vary": "Accept"})


async def search(request: Request) -> Response:
    site = state_of(request).site
    text = request.query_params.get("q", "").strip()[:200]
    cls = request.query_params.get("class", "").strip()
    wanted = class_iri(site.graph, cls, option="class=") if cls else None  # 400 when unknown
    matches = [
        (site.term(_named(m.iri)), site.term(_named(m.cls)) if m.cls else {"text": ""}, m.matched)
        for m in (find(site.graph, text, cls=wanted) if text else [])
    ]
    return html(render_page("search", **site.page_context(title="Search", q=text, matches=matches)))


def _named(iri: str) -> Any:
    import pyoxigraph as ox

    return ox.NamedNode(iri)


async def queries(request: Request) -> Response:
    site = state_of(request).site
    return html(render_page("queries", **site.page_context(title="Queries", queries=site.queries)))


async def query_page(request: Request) -> Response:
    """A stored query's form; with ``run=1`` its answer too (400 with the CLI's message for a
    bad value). List parameters take one value per line."""
    import pyoxigraph as ox

    from ..query.results import Results

    state = state_of(request)
    site = state.site
    try:
        query = site.query(request.path_params["name"])
    except UsageError as exc:  # an unknown query: 404, as on /api/queries/NAME
        raise Refused(404, str(exc)) from None
    given = {k: v for k, v in request.query_params.items() if k != "run"}
    params = _form_values(query, given)
    result, error, status = None, "", 200
    if request.query_params.get("run"):
        graph_form = query.form in {"CONSTRUCT", "DESCRIBE"}
        fmt = "nt" if graph_form else "json"
        cap = state.runner.limits.max_results
        job = partial(stored_answer, state.graph, query, params, fmt, cap)
        try:
            data = await state.runner.run(job)
        except Refused as exc:
            error, status = exc.message, exc.status
        else:
            if graph_form:
                triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
                answer = Results(query.form, triples=triples)
            else:
                parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
                answer = Results.from_oxigraph(query.form, parsed)
            result = site.table(answer)
    api = f"/api/queries/{query.name}" + ("?" + urlencode(list(_pairs(params))) if params else "")
    body = render_page(
        "query",
        **site.page_context(
            title=query.name, query=query, fields=_fields(query, given), result=result,
            error=error, api=api,
        ),
    )  # fmt: skip
    return html(body, status)


def _form_values(query: StoredQuery, given: dict[str, str]) -> dict[str, str | list[str]]:
    """Form fields as parameter values: empty fields left out, list fields split by line."""
    values: dict[str, str | list[str]] = {}
    for name, raw in given.items():
        spec = query.params.get(name)
        if spec is not None and spec.is_list:
            items = [line.strip() for line in raw.splitlines() if line.strip()]
            if items:
                values[name] = items
        elif raw != "":  # text is taken as typed; other types without stray blanks
            keep = spec is not None and spec.type in {"string", "langString"}
            values[name] = raw if keep else raw.strip()
    return values


def _pairs(params: dict[str, str | list[str]]) -> list[tuple[str, str]]:
    return [(k, item) for k, v in params.items() for item in (v if isinstance(v, list) else [v])]


def _fields(query: StoredQuery, given: dict[str, str]) -> list[dict[str, Any]]:
    fields = []
    for name, spec in query.params.items():
        default = spec.default if spec.default is not None else ""
        shown = "\n".join(default) if isinstance(default, list) else default
        example = spec.example if spec.example is not None else ""
        fields.append(
            {
                "name": name,
                "type": spec.type + (" list" if spec.is_list else ""),
                "input": "textarea" if spec.is_list else INPUTS.get(spec.type, "text"),
                "value": given.get(name, shown),
                "required": spec.required,
                "options": list(spec.enum)
                or (["true", "false"] if spec.type == "xsd:boolean" else []),
                "example": ", ".join(example) if isinstance(example, list) else example,
                "description": spec.description,
            }
        )
    return fields
