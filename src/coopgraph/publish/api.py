"""/api: the stored-query catalogue as JSON, each query run with typed parameters, and an
OpenAPI 3 document generated from the ``#+`` headers."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from ..__about__ import __version__
from ..formats import OUTPUT_FORMATS
from ..query.catalogue import StoredQuery
from ..query.params import ParamSpec
from .app import state_of
from .jobs import stored_answer
from .negotiation import GRAPH_OFFERS, TABLE_OFFERS, media_type
from .sparql_protocol import response_format

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

#: Query-string names the API reads itself; a stored query cannot use them as parameters.
RESERVED = {"format"}
#: JSON Schema for each parameter type.
SCHEMAS: dict[str, dict[str, Any]] = {
    "iri": {"type": "string", "format": "iri-reference"},
    "string": {"type": "string"},
    "langString": {"type": "string", "pattern": "^.*@[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$"},
    "xsd:date": {"type": "string", "format": "date"},
    "xsd:integer": {"type": "string", "pattern": "^[+-]?[0-9]+$"},
    "xsd:decimal": {"type": "string", "pattern": "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$"},
    "xsd:boolean": {"type": "string", "enum": ["true", "false", "1", "0"]},
}


def query_entry(query: StoredQuery) -> dict[str, Any]:
    """One query of the catalogue as JSON."""
    return {
        "name": query.name,
        "title": query.summary,
        "description": query.description,
        "tags": list(query.tags),
        "form": query.form,
        "view": query.view,
        "parameters": [_parameter(spec) for spec in query.params.values()],
        "url": f"/api/queries/{query.name}",
    }


def _parameter(spec: ParamSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "type": spec.type,
        "list": spec.is_list,
        "required": spec.required,
        "default": spec.default,
        "example": spec.example,
        "enum": list(spec.enum),
        "description": spec.description,
    }


def offers_for(query: StoredQuery) -> dict[str, tuple[str, ...]]:
    return GRAPH_OFFERS if query.form in {"CONSTRUCT", "DESCRIBE"} else TABLE_OFFERS


async def catalogue(request: Request) -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse([query_entry(q) for q in state_of(request).site.queries])


async def run_query(request: Request) -> Response:
    """Run a stored query: parameters from the query string (repeat a name for list items),
    the format from ``?format=`` or Accept. 400 with the CLI's message for a bad value, 404 for
    an unknown query."""
    from starlette.responses import Response

    from ..errors import UsageError
    from .worker import Refused

    state = state_of(request)
    try:
        query = state.site.query(request.path_params["name"])
    except UsageError as exc:
        raise Refused(404, str(exc)) from None
    fmt = response_format(request, offers_for(query))
    params = {
        key: values if len(values) > 1 else values[0]
        for key in request.query_params
        if key not in RESERVED
        for values in [request.query_params.getlist(key)]
    }
    job = partial(stored_answer, state.graph, query, params, fmt, state.runner.limits.max_results)
    data = await state.runner.run(job)
    return Response(data, media_type=media_type(fmt), headers={"Vary": "Accept"})


def openapi_document(queries: list[StoredQuery], *, server: str = "/") -> dict[str, Any]:
    """An OpenAPI 3.1 document: one GET path per stored query, its typed parameters with their
    examples and defaults, and the result media types."""
    paths: dict[str, Any] = {
        "/api/queries": {
            "get": {
                "operationId": "listQueries",
                "summary": "The stored-query catalogue",
                "responses": {
                    "200": {
                        "description": "Every stored query with its parameters",
                        "content": {"application/json": {"schema": {"type": "array"}}},
                    }
                },
            }
        }
    }
    for query in queries:
        offers = offers_for(query)
        parameters = [_openapi_parameter(spec) for spec in query.params.values()]
        parameters.append(
            {
                "name": "format",
                "in": "query",
                "required": False,
                "description": "The result format; default: from the Accept header.",
                "schema": {"type": "string", "enum": list(offers)},
            }
        )
        content: dict[str, Any] = {OUTPUT_FORMATS[name].media_type: {} for name in offers}
        paths[f"/api/queries/{query.name}"] = {
            "get": {
                "operationId": _operation_id(query.name),
                "summary": query.summary,
                "description": query.description,
                "tags": list(query.tags),
                "parameters": parameters,
                "responses": {
                    "200": {"description": f"The {query.form} answer", "content": content},
                    "400": _error("A parameter value does not fit its type (the CLI's message)"),
                    "406": _error("None of the accepted media types is available"),
                    "413": _error("The answer is larger than the server's cap"),
                    "503": _error("The query ran past the server's time limit"),
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "coopgraph stored queries",
            "version": __version__,
            "description": "Stored SPARQL queries over the coopgraph knowledge graph, with "
            "typed parameters bound as RDF terms (never pasted into the query).",
        },
        "servers": [{"url": server}],
        "paths": paths,
    }


def _openapi_parameter(spec: ParamSpec) -> dict[str, Any]:
    schema: dict[str, Any] = dict(SCHEMAS.get(spec.type, {"type": "string"}))
    if spec.enum:
        schema["enum"] = list(spec.enum)
    if spec.is_list:
        schema = {"type": "array", "items": schema}
    if spec.default is not None:
        schema["default"] = spec.default
    parameter: dict[str, Any] = {
        "name": spec.name,
        "in": "query",
        "required": spec.required,
        "description": spec.description or f"{spec.type}{' (one or more)' if spec.is_list else ''}",
        "schema": schema,
    }
    if spec.is_list:
        parameter.update(style="form", explode=True)
    if spec.example is not None:
        parameter["example"] = spec.example
    return parameter


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/plain": {"schema": {"type": "string"}}}}


def _operation_id(name: str) -> str:
    head, *rest = name.replace("_", "-").split("-")
    return head + "".join(word.capitalize() for word in rest)


async def openapi(request: Request) -> Response:
    from starlette.responses import JSONResponse

    # "/" resolves against wherever the document was fetched; echoing the Host header would let
    # a request name any server in the document.
    return JSONResponse(openapi_document(state_of(request).site.queries))
