"""The ontology carries its metadata, and every term is labelled, defined and typed."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .conftest import PROJECT

COOP = Namespace("https://w3id.org/coopgraph/ontology#")

ONTOLOGY = URIRef("https://w3id.org/coopgraph/ontology")
VANN = "http://purl.org/vocab/vann/"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(PROJECT.ontology, format="turtle")


def terms(onto: Graph, *kinds: URIRef) -> list[URIRef]:
    found = {s for kind in kinds for s in onto.subjects(RDF.type, kind)}
    return sorted(s for s in found if isinstance(s, URIRef) and s.startswith(str(COOP)))


def test_header_metadata(onto: Graph) -> None:
    for prop in (
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        OWL.versionIRI,
    ):
        assert onto.value(ONTOLOGY, prop) is not None, prop
    assert str(onto.value(ONTOLOGY, URIRef(VANN + "preferredNamespacePrefix"))) == "coop"


def test_every_term_has_english_label_and_definition(onto: Graph) -> None:
    all_terms = terms(onto, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert len(all_terms) > 60
    for term in all_terms:
        labels = [lit for lit in onto.objects(term, RDFS.label) if lit.language == "en"]
        definitions = [lit for lit in onto.objects(term, SKOS.definition) if lit.language == "en"]
        assert labels and definitions, f"{term} lacks an English label or definition"


def test_object_properties_have_ranges(onto: Graph) -> None:
    open_ranges = {COOP.highlights, COOP.concerns, COOP.coordinatedWith, COOP.ledBy}
    for prop in terms(onto, OWL.ObjectProperty):
        if prop not in open_ranges:
            assert onto.value(prop, RDFS.range) is not None, f"{prop} has no range"


def test_classes_reuse_w3c_vocabularies(onto: Graph) -> None:
    parents = {str(o) for c in terms(onto, OWL.Class) for o in onto.objects(c, RDFS.subClassOf)}
    for namespace in (
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/2006/time#",
        "http://xmlns.com/foaf/0.1/",
        "http://purl.org/dc/terms/",
    ):
        assert any(p.startswith(namespace) for p in parents), namespace


def test_required_classes_exist(onto: Graph) -> None:
    needed = [
        "Organisation",
        "Body",
        "State",
        "Office",
        "TermOfOffice",
        "Membership",
        "JointDeclaration",
        "Signature",
        "AreaOfCooperation",
        "ProposalSet",
        "Proposal",
        "ProgressReport",
        "Presentation",
        "Deliverable",
        "Event",
        "SourceDocument",
        "FactNote",
        "Certainty",
    ]
    for name in needed:
        assert (COOP[name], RDF.type, OWL.Class) in onto, name
