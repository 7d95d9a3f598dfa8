"""Namespaces and the prefix map shared by loading, queries and export."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

COOP = Namespace("https://w3id.org/coopgraph/ontology#")
COOPID = Namespace("https://w3id.org/coopgraph/id/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "coop": str(COOP),
    "coopid": str(COOPID),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "time": str(TIME),
    "xsd": str(XSD),
    "wd": str(WD),
    "wdt": "http://www.wikidata.org/prop/direct/",
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "eucountry": "http://publications.europa.eu/resource/authority/country/",
    "eucorp": "http://publications.europa.eu/resource/authority/corporate-body/",
}
