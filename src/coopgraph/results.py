"""Query results in one shape, whichever engine produced them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

Row = tuple[Identifier | None, ...]


@dataclass
class QueryResult:
    """SELECT rows (columns in projection order), an ASK answer, or a CONSTRUCT/DESCRIBE graph."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def dict_rows(self) -> list[dict[str, Identifier | None]]:
        """SELECT rows as dicts from variable name to term (None where unbound)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def row_set(self) -> list[tuple[str | None, ...]]:
        """Rows as sorted tuples of N-Triples text, for comparing results across engines."""
        return sorted(tuple(t.n3() if t is not None else None for t in row) for row in self.rows)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def make_literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> Literal:
    """A literal in rdflib's usual shape: in RDF 1.1 a plain literal *is* an xsd:string."""
    if lang:
        return Literal(value, lang=lang)
    if datatype and datatype != XSD_STRING:
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


def from_ox_term(term: object) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return make_literal(term.value, lang=term.language, datatype=term.datatype.value)
    raise TypeError(f"unsupported Oxigraph term {term!r}")


def from_oxigraph(form: str, answer: object) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(form="ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [
            tuple(from_ox_term(s[n]) if s[n] is not None else None for n in names) for s in answer
        ]
        return QueryResult(form="SELECT", variables=names, rows=rows)
    graph = Graph()
    for triple in answer:  # type: ignore[attr-defined]
        graph.add(
            (
                from_ox_term(triple.subject),
                from_ox_term(triple.predicate),
                from_ox_term(triple.object),
            )
        )
    return QueryResult(form=form, graph=graph)


def from_rdflib(form: str, answer: object) -> QueryResult:
    kind = getattr(answer, "type", None)
    if kind == "ASK":
        return QueryResult(form="ASK", boolean=bool(answer.askAnswer))  # type: ignore[attr-defined]
    if kind == "SELECT":
        names = [str(v) for v in answer.vars]  # type: ignore[attr-defined]
        rows = [tuple(_plain(t) for t in row) for row in answer]  # type: ignore[attr-defined]
        return QueryResult(form="SELECT", variables=names, rows=rows)
    graph = Graph()
    for triple in answer.graph:  # type: ignore[attr-defined]
        graph.add(triple)
    return QueryResult(form=form, graph=graph)


def _plain(term: Identifier | None) -> Identifier | None:
    if isinstance(term, Literal) and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term
