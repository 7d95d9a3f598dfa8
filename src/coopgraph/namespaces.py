"""Namespace IRIs and the prefix map shared by loading, queries and export (plain strings)."""

from __future__ import annotations

COOP = "https://w3id.org/coopgraph/ontology#"
COOPID = "https://w3id.org/coopgraph/id/"
ONTOLOGY_IRI = "https://w3id.org/coopgraph/ontology"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"
WD = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "coop": COOP,
    "coopid": COOPID,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "time": "http://www.w3.org/2006/time#",
    "xsd": XSD,
    "wd": WD,
    "wdt": "http://www.wikidata.org/prop/direct/",
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "eucountry": "http://publications.europa.eu/resource/authority/country/",
    "eucorp": "http://publications.europa.eu/resource/authority/corporate-body/",
}


def compact_iri(iri: str) -> str:
    """A CURIE for an IRI in a known namespace (longest namespace wins), else ``<iri>``."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
