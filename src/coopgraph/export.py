"""Serialise a graph deterministically: the same triples give the same bytes in every process."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from .atomic import atomic_write
from .errors import CoopgraphError, UsageError
from .loading import new_graph, parse_into
from .namespaces import PREFIXES
from .oxterms import to_ox_triples

#: CLI format name -> (rdflib serializer, file suffix)
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "nq": ("nquads", ".nq"),
    "trig": ("trig", ".trig"),
    "jsonld": ("json-ld", ".jsonld"),
    "xml": ("xml", ".rdf"),
}
OXIGRAPH_FORMATS = {"xml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
DEFAULT_GRAPH_NAME = URIRef("https://w3id.org/coopgraph/graph")


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph in ``fmt`` (a key of EXPORT_FORMATS), byte-identical across runs.

    rdflib's writers iterate hash-ordered sets, so RDF/XML and JSON-LD are written by Oxigraph
    from the sorted triples, Turtle and TriG by rdflib (which sorts subjects itself), and the
    line-based formats are sorted line by line.
    """
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"Unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    rdflib_format, _ = EXPORT_FORMATS[fmt]
    triples = sorted(graph)
    if fmt in OXIGRAPH_FORMATS:
        # rdflib's RDF/XML and JSON-LD writers iterate sets; Oxigraph writes in the order given.
        written = ox.serialize(
            to_ox_triples(triples), format=OXIGRAPH_FORMATS[fmt], prefixes=PREFIXES
        )
        data = written if isinstance(written, bytes) else b""
        if fmt == "jsonld":
            data = (json.dumps(json.loads(data), indent=2, ensure_ascii=False) + "\n").encode()
        return data
    ordered = new_graph()
    for triple in triples:
        ordered.add(triple)
    if rdflib_format in {"nquads", "trig"}:
        dataset = Dataset()
        for prefix, iri in PREFIXES.items():
            dataset.bind(prefix, iri)
        named = dataset.graph(DEFAULT_GRAPH_NAME)
        for triple in ordered:
            named.add(triple)
        text = dataset.serialize(format=rdflib_format)
    else:
        text = ordered.serialize(format=rdflib_format)
    if rdflib_format in {"nt", "nquads"}:
        lines = sorted(line for line in text.splitlines() if line.strip())
        text = "\n".join(lines) + "\n"
    return text.encode("utf-8")


def export_graph(graph: Graph, fmt: str, output: Path | None = None) -> bytes:
    """Serialise ``graph``; with ``output``, write it atomically after re-parsing the new file."""
    data = serialize(graph, fmt)
    if output is not None:

        def check(tmp: Path) -> None:
            reparsed = new_graph()
            parse_into(reparsed, tmp, EXPORT_FORMATS[fmt][0])
            if not isomorphic(reparsed, graph):
                raise CoopgraphError(f"{output}: the written file does not round-trip; not saved")

        atomic_write(Path(output), data, check=check)
    return data
