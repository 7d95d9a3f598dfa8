"""rdflib as the reference engine: the same triples, an independent SPARQL implementation.

It exists so that parity tests can compare two SPARQL implementations; nothing else uses rdflib
for queries. Its answer crosses into Oxigraph terms once, through SPARQL JSON.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import UsageError
from .results import Results

if TYPE_CHECKING:
    from ..graph import Graph


def rdflib_query(source: Graph, text: str, form: str) -> Results:
    """Answer ``text`` with rdflib over the graph's triples (the files' own terms and the day
    bounds); UsageError when rdflib cannot parse the query."""
    graph = source.to_rdflib()
    try:
        answer = graph.query(text)
    except Exception as exc:  # pyparsing and rdflib raise several unrelated types
        from .run import user_position

        first = user_position(str(exc).splitlines()[0], text)
        raise UsageError(f"The query does not parse: {first}") from None
    if answer.type == "ASK":
        return Results("ASK", boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        solutions = answer.serialize(format="json")
        assert isinstance(solutions, bytes)
        parsed = ox.parse_query_results(solutions, format=ox.QueryResultsFormat.JSON)
        return Results.from_oxigraph("SELECT", parsed)
    assert answer.graph is not None
    nt = answer.graph.serialize(format="nt", encoding="utf-8")
    return Results(form, triples=list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)))
