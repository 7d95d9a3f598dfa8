"""Write triples in any RDF format, byte-identical across runs, and compare graphs."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .rdf_formats import RdfFormat, rdf_format

#: Quad formats put the exported triples in this named graph.
GRAPH_NAME = ox.NamedNode("https://w3id.org/coopgraph/graph")


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples in a stable order; blank nodes are relabelled by RDFC-1.0 where present.

    Ordering is by the N-Triples text of subject, predicate and object, so the same graph gives
    the same list in every process.
    """
    found = list(triples)
    if any(_has_blank(t) for t in found):
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in found)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        found = [quad.triple for quad in dataset]
    unique = {str(t): t for t in found}
    return sorted(unique.values(), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize(triples: Iterable[ox.Triple], fmt: str | RdfFormat) -> bytes:
    """The triples in ``fmt`` (a name from the format table), byte-identical across runs.

    Raises UsageError for an unknown format.
    """
    spec = fmt if isinstance(fmt, RdfFormat) else rdf_format(fmt)
    ordered = canonical_triples(triples)
    if spec.quads:
        quads = [ox.Quad(t.subject, t.predicate, t.object, GRAPH_NAME) for t in ordered]
        data = ox.serialize(quads, format=spec.oxigraph, prefixes=_prefixes_for(spec))
    else:
        data = ox.serialize(ordered, format=spec.oxigraph, prefixes=_prefixes_for(spec))
    assert isinstance(data, bytes)
    if spec.name in {"nt", "nq"}:
        lines = sorted(line for line in data.decode("utf-8").splitlines() if line.strip())
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if spec.name == "jsonld":
        doc = json.loads(data) if data.strip() else []
        return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return data


def same_graph(first: Iterable[ox.Triple], second: Iterable[ox.Triple]) -> bool:
    """True when the two graphs are isomorphic (equal after canonical blank node labels)."""
    return [str(t) for t in canonical_triples(first)] == [str(t) for t in canonical_triples(second)]


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _prefixes_for(spec: RdfFormat) -> dict[str, str] | None:
    return None if spec.name in {"nt", "nq"} else PREFIXES
