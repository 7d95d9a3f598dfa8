"""The query jobs the server runs in its workers: answer bytes in a format, under a cap.

Request-free library functions: each takes a Graph and values and returns the bytes to send,
or raises UsageError (400) or Refused (413).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import islice
from typing import Any

import pyoxigraph as ox

from ..errors import UsageError
from ..formats import render
from ..graph import Graph
from ..query.catalogue import StoredQuery
from ..query.lexer import check_nesting, query_form
from ..query.results import Results
from ..query.run import ParamValues, parse_error, refuse_network_access, run_stored
from ..query.run import with_known_prefixes as with_prefixes
from .worker import Refused


def sparql_answer(graph: Graph, text: str, fmt: str, max_results: int) -> bytes:
    """An ad-hoc query's answer in ``fmt``, as `coopgraph sparql` runs it (known prefixes
    added; SERVICE and LOAD refused). UsageError for a query that does not parse, Refused (413)
    past ``max_results`` rows or triples: the answer is read only that far."""
    check_nesting(text)
    text = with_prefixes(text)
    form = query_form(text)
    refuse_network_access(text, ())
    try:
        answer = graph.store.query(text)
    except SyntaxError as exc:
        raise UsageError(parse_error(text, exc)) from None
    return render(capped(form, answer, max_results), fmt)


def stored_answer(
    graph: Graph, query: StoredQuery, params: ParamValues, fmt: str, max_results: int
) -> bytes:
    """A stored query's answer in ``fmt``, bound exactly as `coopgraph query` binds it."""
    results = run_stored(query, params, graph=graph)
    if len(results) > max_results:
        raise _too_many(max_results)
    return render(results, fmt)


def capped(form: str, answer: object, max_results: int) -> Results:
    """Results from a pyoxigraph answer, reading at most ``max_results`` + 1 items of it."""
    if isinstance(answer, ox.QueryBoolean):
        return Results("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return Results(form, triples=_at_most(answer, max_results))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = _at_most(answer, max_results)
        doc = {"head": {"vars": names}, "results": {"bindings": [_binding(r, names) for r in rows]}}
        # Only an intermediate: the writers of the format registry re-read it with pyoxigraph.
        return Results("SELECT", variables=names, solutions_json=json.dumps(doc).encode())
    raise TypeError(f"unexpected query answer {answer!r}")


def _at_most(items: Iterable[Any], limit: int) -> list[Any]:
    found = list(islice(items, limit + 1))
    if len(found) > limit:
        raise _too_many(limit)
    return found


def _too_many(limit: int) -> Refused:
    return Refused(
        413,
        f"The answer has more than {limit} results (this server's cap); add LIMIT or narrow "
        "the query",
    )


def _binding(solution: ox.QuerySolution, names: list[str]) -> dict[str, Any]:
    return {name: _term(solution[name]) for name in names if solution[name] is not None}


def _term(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 JSON results format (RDF 1.2 triple terms as in SPARQL 1.2)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term(term.subject),
                "predicate": _term(term.predicate),
                "object": _term(term.object),
            },
        }
    literal: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        literal["xml:lang"] = term.language
        direction = getattr(term, "direction", None)
        if direction is not None:
            literal["its:dir"] = str(getattr(direction, "name", direction)).lower()
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        literal["datatype"] = term.datatype.value
    return literal
