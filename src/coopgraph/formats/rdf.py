"""Write triples in any RDF format, byte-identical across runs, and compare graphs."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .rdf_formats import RdfFormat, rdf_format

#: Quad formats put the exported triples in this named graph.
GRAPH_NAME = ox.NamedNode("https://w3id.org/coopgraph/graph")


#: Up to this many blank nodes, they are relabelled by RDFC-1.0 (canonical: isomorphic graphs
#: get the same labels). RDFC-1.0 takes seconds for a chain of a hundred blank nodes and
#: minutes for a thousand, so bigger sets are labelled by order of appearance instead.
MAX_CANONICAL_BLANKS = 100


def canonical_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples in a stable order, with blank nodes relabelled so the same input gives the
    same list in every process (by RDFC-1.0 up to MAX_CANONICAL_BLANKS blank nodes).

    Ordering is by the N-Triples text of subject, predicate and object.
    """
    found = list(triples)
    blanks = {
        term for t in found for term in (t.subject, t.object) if isinstance(term, ox.BlankNode)
    }
    if 0 < len(blanks) <= MAX_CANONICAL_BLANKS:
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in found)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        found = [quad.triple for quad in dataset]
    elif blanks:
        found = _labelled_in_order(found)
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
    """True when the two graphs are isomorphic (equal after canonical blank node labels).

    Beyond MAX_CANONICAL_BLANKS blank nodes, the graphs are compared with blank nodes masked:
    isomorphic graphs always pass, and only graphs that differ in how blank nodes connect could.
    """
    one, two = list(first), list(second)
    if max(_blank_count(one), _blank_count(two)) <= MAX_CANONICAL_BLANKS:
        return [str(t) for t in canonical_triples(one)] == [str(t) for t in canonical_triples(two)]
    return sorted(map(_masked, set(one))) == sorted(map(_masked, set(two)))


def _blank_count(triples: list[ox.Triple]) -> int:
    return len({x for t in triples for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)})


def _masked(triple: ox.Triple) -> tuple[str, str, str]:
    def text(term: object) -> str:
        return "_:" if isinstance(term, ox.BlankNode) else str(term)

    return (text(triple.subject), str(triple.predicate), text(triple.object))


def _labelled_in_order(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Blank nodes named b0, b1, ... in the order they first appear once the triples are sorted
    with blank nodes masked (ties keep the input's order): the same input, the same labels."""
    labels: dict[ox.BlankNode, ox.BlankNode] = {}

    def label(term: object) -> object:
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term, ox.BlankNode(f"b{len(labels)}"))
        return term

    ordered = sorted(triples, key=_masked)
    return [ox.Triple(label(t.subject), t.predicate, label(t.object)) for t in ordered]  # type: ignore[arg-type]


def _prefixes_for(spec: RdfFormat) -> dict[str, str] | None:
    return None if spec.name in {"nt", "nq"} else PREFIXES
