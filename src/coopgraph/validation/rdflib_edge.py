"""The one crossing between rdflib and Oxigraph terms: pySHACL needs rdflib graphs."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
import rdflib

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_rdflib_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib Graph holding ``triples``, passed through N-Triples written by pyoxigraph.

    rdflib logs a traceback for every ill-typed literal ("aldi"^^xsd:integer) it reads; such a
    literal is data for the shapes to judge, not an error of ours, so those logs are muted.
    """
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph(bind_namespaces="none").parse(data=data, format="nt")


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
