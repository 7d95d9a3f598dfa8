"""The one crossing between rdflib and Oxigraph terms: pySHACL needs rdflib graphs."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
import rdflib

from ..errors import InputError

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_rdflib_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib Graph holding ``triples``, passed through N-Triples written by pyoxigraph.

    rdflib logs a traceback for every ill-typed literal ("aldi"^^xsd:integer) it reads; such a
    literal is data for the shapes to judge, not an error of ours, so those logs are muted.
    """
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    graph = rdflib.Graph(bind_namespaces="none")
    graph.addN(
        (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph) for t in triples
    )
    return graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF12 = (
    "The data uses RDF 1.2, which pySHACL and the rdflib engine cannot read (use the default "
    "engines, or remove it)"
)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Any:
    """The rdflib term for an Oxigraph term (built directly: faster than an N-Triples round
    trip through rdflib's parser, with the same literals)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if getattr(term, "direction", None):
            raise InputError(f"{_RDF12}: the directional language tag of {term}")
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise InputError(f"{_RDF12}: the triple term {term}")


def to_ox(term: Any) -> OxTerm | None:
    """The Oxigraph term for an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")
