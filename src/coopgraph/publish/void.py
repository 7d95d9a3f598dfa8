"""/.well-known/void: a VoID and DCAT description of the served dataset.

The counts are the Store's (what /sparql answers over, day bounds included). A licence is
stated only where the graph states one: the ontology's own ``dcterms:license`` is repeated for
the vocabulary; the data states none, so the dataset gets none. The source documents are
listed (``dcterms:source``) and counted (the class partition of ``coop:SourceDocument``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..__about__ import __version__
from ..graph import Graph
from ..namespaces import COOP, COOPID, DCTERMS, ONTOLOGY_IRI, RDF, XSD, compact_iri

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class FILTER (isIRI(?class)) }
GROUP BY ?class ORDER BY ?class
"""
_SOURCES = f"SELECT DISTINCT ?d WHERE {{ ?d a <{COOP}SourceDocument> }} ORDER BY ?d"
_LICENCE = f"SELECT ?l WHERE {{ <{ONTOLOGY_IRI}> <{DCTERMS}license> ?l }}"


def void_triples(graph: Graph, base_url: str) -> list[ox.Triple]:
    """The description of ``graph`` served at ``base_url`` (its /sparql is the endpoint)."""
    base = base_url.rstrip("/")
    dataset = ox.NamedNode(f"{base}/.well-known/void#dataset")
    service = ox.NamedNode(f"{base}/.well-known/void#sparql-service")
    endpoint = ox.NamedNode(f"{base}/sparql")
    store = graph.store

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def count(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(XSD + "integer"))

    classes = _select(store, _CLASSES)
    sources = _select(store, _SOURCES)
    triples = [
        ox.Triple(dataset, n(RDF + "type"), n(VOID + "Dataset")),
        ox.Triple(dataset, n(RDF + "type"), n(DCAT + "Dataset")),
        ox.Triple(dataset, n(DCTERMS + "title"), ox.Literal(
            "coopgraph: a sourced knowledge graph of EU-NATO cooperation", language="en")),
        ox.Triple(dataset, n(DCTERMS + "description"), ox.Literal(
            "Actors, memberships, joint declarations, proposals, progress reports, deliverables "
            "and events of EU-NATO cooperation; every fact cites its source documents.",
            language="en")),
        ox.Triple(dataset, n(DCTERMS + "hasVersion"), ox.Literal(__version__)),
        ox.Triple(dataset, n(VOID + "triples"), count(len(store))),
        ox.Triple(dataset, n(VOID + "classes"), count(len(classes))),
        ox.Triple(dataset, n(VOID + "uriSpace"), ox.Literal(COOPID)),
        ox.Triple(dataset, n(VOID + "vocabulary"), n(COOP)),
        ox.Triple(dataset, n(VOID + "sparqlEndpoint"), endpoint),
        ox.Triple(dataset, n(VOID + "rootResource"), n(f"{base}/")),
        ox.Triple(dataset, n(DCAT + "accessService"), service),
        ox.Triple(service, n(RDF + "type"), n(DCAT + "DataService")),
        ox.Triple(service, n(DCAT + "endpointURL"), endpoint),
        ox.Triple(service, n(DCAT + "servesDataset"), dataset),
        ox.Triple(service, n(DCTERMS + "conformsTo"), n("https://www.w3.org/TR/sparql11-protocol/")),
    ]  # fmt: skip
    triples += [ox.Triple(dataset, n(DCTERMS + "source"), row[0]) for row in sources]
    for row in classes:
        cls, entities = row[0], row[1]
        local = re.sub(r"[^A-Za-z0-9_-]+", "-", compact_iri(cls.value)).strip("-")
        partition = n(f"{base}/.well-known/void#class-{local}")
        triples += [
            ox.Triple(dataset, n(VOID + "classPartition"), partition),
            ox.Triple(partition, n(VOID + "class"), cls),
            ox.Triple(partition, n(VOID + "entities"), count(int(entities.value))),
        ]
    for row in _select(store, _LICENCE):
        triples.append(ox.Triple(n(ONTOLOGY_IRI), n(DCTERMS + "license"), row[0]))
    return triples


def _select(store: ox.Store, text: str) -> list[ox.QuerySolution]:
    answer = store.query(text)
    assert isinstance(answer, ox.QuerySolutions)
    return list(answer)


async def void_endpoint(request: Request) -> Response:
    from starlette.responses import Response

    from ..formats.rdf import serialize
    from .app import state_of
    from .negotiation import GRAPH_OFFERS, media_type
    from .sparql_protocol import response_format

    fmt = response_format(request, GRAPH_OFFERS)
    triples = void_triples(state_of(request).graph, str(request.base_url))
    data = serialize(triples, "xml" if fmt == "rdfxml" else fmt)
    return Response(data, media_type=media_type(fmt), headers={"Vary": "Accept"})
