"""rdflib as the reference engine: parses the same files itself and answers the same text.

It exists so that parity tests can compare two independent SPARQL implementations; nothing else
uses rdflib for queries. Its answer crosses into Oxigraph terms once, through SPARQL JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from ..errors import UsageError
from ..formats.rdf_formats import rdf_format_of
from ..io.read import check_safe, read_checked
from .results import Results

_RDFLIB_PARSER = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                  "jsonld": "json-ld", "xml": "xml"}  # fmt: skip


def rdflib_query(files: Sequence[Path], text: str, form: str) -> Results:
    """Answer ``text`` with rdflib over ``files``; UsageError when rdflib cannot parse it."""
    import rdflib

    graph = rdflib.Dataset(default_union=True)
    for path in files:
        fmt = rdf_format_of(path)
        data = read_checked(path)
        check_safe(data, fmt, str(path))
        graph.parse(data=data, format=_RDFLIB_PARSER[fmt.name], publicID=path.resolve().as_uri())
    try:
        answer = graph.query(text)
    except Exception as exc:  # pyparsing and rdflib raise several unrelated types
        raise UsageError(f"The query does not parse: {str(exc).splitlines()[0]}") from None
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
