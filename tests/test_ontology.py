"""The ontology carries its metadata, every term is labelled, defined and typed, the vocabularies
it reuses are used as they are defined, and the shapes say shared constraints once."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from .conftest import PROJECT

COOP = Namespace("https://w3id.org/coopgraph/ontology#")

ONTOLOGY = URIRef("https://w3id.org/coopgraph/ontology")
VANN = "http://purl.org/vocab/vann/"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(PROJECT.ontology, format="turtle")


def english(graph: Graph, subject: URIRef, prop: URIRef) -> list[Literal]:
    """The values of ``prop`` on ``subject`` tagged @en."""
    return [
        v for v in graph.objects(subject, prop) if isinstance(v, Literal) and v.language == "en"
    ]


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
        labels = english(onto, term, RDFS.label)
        definitions = english(onto, term, SKOS.definition)
        assert labels and definitions, f"{term} lacks an English label or definition"


def test_object_properties_have_ranges(onto: Graph) -> None:
    open_ranges = {COOP.highlights, COOP.concerns, COOP.coordinatedWith, COOP.ledBy}
    for prop in terms(onto, OWL.ObjectProperty):
        if prop not in open_ranges:
            assert onto.value(prop, RDFS.range) is not None, f"{prop} has no range"


# The vocabularies the ontology header says it reuses, by the name it gives them.
REUSED = {
    "ORG": "http://www.w3.org/ns/org#",
    "SKOS": "http://www.w3.org/2004/02/skos/core#",
    "PROV-O": "http://www.w3.org/ns/prov#",
    "FOAF": "http://xmlns.com/foaf/0.1/",
    "Dublin Core": "http://purl.org/dc/terms/",
    "OWL-Time": "http://www.w3.org/2006/time#",
}


def parents(onto: Graph) -> set[str]:
    """Every class and property our terms specialise."""
    classes = terms(onto, OWL.Class)
    props = terms(onto, OWL.ObjectProperty, OWL.DatatypeProperty)
    found = {str(o) for c in classes for o in onto.objects(c, RDFS.subClassOf)}
    return found | {str(o) for p in props for o in onto.objects(p, RDFS.subPropertyOf)}


def test_classes_reuse_w3c_vocabularies(onto: Graph) -> None:
    supers = {str(o) for c in terms(onto, OWL.Class) for o in onto.objects(c, RDFS.subClassOf)}
    for name in ("ORG", "SKOS", "PROV-O", "FOAF", "Dublin Core"):
        assert any(p.startswith(REUSED[name]) for p in supers), name


def test_header_names_exactly_the_vocabularies_reused(onto: Graph) -> None:
    description = str(onto.value(ONTOLOGY, DCTERMS.description))
    used = parents(onto)
    for name, namespace in REUSED.items():
        claimed = name in description
        really = any(p.startswith(namespace) for p in used)
        assert claimed == really, f"{name}: named in the header {claimed}, specialised {really}"


def test_every_concept_has_exactly_one_english_preferred_label(onto: Graph) -> None:
    concept_classes = set(onto.transitive_subjects(RDFS.subClassOf, SKOS.Concept))
    concepts = {
        c for cls in concept_classes for c in onto.subjects(RDF.type, cls) if isinstance(c, URIRef)
    }
    assert {COOP.Sourced, COOP.Uncertain, COOP.Inferred, COOP.Primary, COOP.Secondary} <= concepts
    for concept in sorted(concepts):
        labels = english(onto, concept, SKOS.prefLabel)
        assert len(labels) == 1, f"{concept} has {len(labels)} English skos:prefLabel"


# --- PROV-O, used as it is defined ---------------------------------------------------------
#
# PROV-O (https://www.w3.org/TR/prov-o/) declares prov:Entity and prov:Activity disjoint, and
# gives the PROV properties we specialise these domains and ranges.
PROV_DOMAIN_RANGE = {
    PROV.qualifiedAttribution: (PROV.Entity, PROV.Attribution),
    PROV.qualifiedAssociation: (PROV.Activity, PROV.Association),
    PROV.wasAttributedTo: (PROV.Entity, PROV.Agent),
    PROV.wasAssociatedWith: (PROV.Activity, PROV.Agent),
    PROV.agent: (PROV.AgentInfluence, PROV.Agent),
}
PROV_CLASS_PARENTS = {
    PROV.Attribution: PROV.AgentInfluence,
    PROV.Association: PROV.AgentInfluence,
}


def ancestors(onto: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and every class above it, through our axioms and PROV-O's own hierarchy."""
    found = {cls}
    todo = [cls]
    while todo:
        current = todo.pop()
        above = set(onto.objects(current, RDFS.subClassOf))
        if current in PROV_CLASS_PARENTS:
            above.add(PROV_CLASS_PARENTS[current])
        for parent in above - found:
            if isinstance(parent, URIRef):
                found.add(parent)
                todo.append(parent)
    return found


def test_no_class_is_both_a_prov_entity_and_a_prov_activity(onto: Graph) -> None:
    for cls in terms(onto, OWL.Class):
        above = ancestors(onto, cls)
        assert not {PROV.Entity, PROV.Activity} <= above, f"{cls} is an entity and an activity"
    assert PROV.Entity in ancestors(onto, COOP.Exercise)
    assert PROV.Activity in ancestors(onto, COOP.Event)


def test_prov_sub_properties_keep_the_prov_domain_and_range(onto: Graph) -> None:
    for prop in terms(onto, OWL.ObjectProperty):
        for parent in onto.objects(prop, RDFS.subPropertyOf):
            if not str(parent).startswith(str(PROV)):
                continue
            assert parent in PROV_DOMAIN_RANGE, f"{prop}: add {parent} to PROV_DOMAIN_RANGE"
            domain, range_ = PROV_DOMAIN_RANGE[parent]  # type: ignore[index]
            own_domain = onto.value(prop, RDFS.domain)
            assert isinstance(own_domain, URIRef), f"{prop} specialises {parent} without a domain"
            assert domain in ancestors(onto, own_domain), f"{prop}: domain is not a {domain}"
            own_range = onto.value(prop, RDFS.range)
            if range_ != PROV.Agent:  # our agents are FOAF or ORG agents
                assert isinstance(own_range, URIRef) and range_ in ancestors(onto, own_range), (
                    f"{prop}: range is not a {range_}"
                )
    # A participation qualifies an agent's influence; its agent is a prov:agent.
    assert (COOP.agent, RDFS.subPropertyOf, PROV.agent) in onto
    assert PROV.AgentInfluence in ancestors(onto, COOP.Participation)
    # The deprecated signatures and presentations are participations, so old data reads right.
    for old, new in [
        (COOP.signature, COOP.participation),
        (COOP.signatory, COOP.agent),
        (COOP.presentation, COOP.participation),
        (COOP.presenter, COOP.agent),
    ]:
        assert (old, RDFS.subPropertyOf, new) in onto
        assert (old, OWL.deprecated, Literal(True)) in onto
    for cls in (COOP.Signature, COOP.Presentation):
        assert COOP.Participation in ancestors(onto, cls)


def test_shipped_resources_are_never_both_entity_and_activity(onto: Graph, graph: Graph) -> None:
    """The data agrees: no resource has types (or, through a PROV property's domain, a use)
    that make it both a prov:Entity and a prov:Activity."""
    domains = {
        prop: PROV_DOMAIN_RANGE[parent][0]
        for prop in terms(onto, OWL.ObjectProperty)
        for parent in onto.transitive_objects(prop, RDFS.subPropertyOf)
        if isinstance(parent, URIRef) and parent in PROV_DOMAIN_RANGE
    }
    kinds: dict[object, set[URIRef]] = {}
    for resource, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef):
            kinds.setdefault(resource, set()).update(ancestors(onto, cls))
    for prop, domain in domains.items():
        for resource in graph.subjects(prop, None):
            kinds.setdefault(resource, set()).update(ancestors(onto, domain))
    both = sorted(str(r) for r, k in kinds.items() if {PROV.Entity, PROV.Activity} <= k)
    assert both == [], f"entity and activity at once: {both[:5]}"


def test_required_classes_exist(onto: Graph) -> None:
    needed = [
        "Organisation",
        "Body",
        "State",
        "Office",
        "TermOfOffice",
        "Membership",
        "JointDeclaration",
        "Participation",
        "Role",
        "Sector",
        "AreaOfCooperation",
        "ProposalSet",
        "Proposal",
        "ProgressReport",
        "Deliverable",
        "Event",
        "SourceDocument",
        "FactNote",
        "Certainty",
    ]
    for name in needed:
        assert (COOP[name], RDF.type, OWL.Class) in onto, name


# --- shared shapes -------------------------------------------------------------------------
#
# The identifier form and the date datatypes are said once, in cgsh:CoopgraphIRI and
# cgsh:CoarseDate, and used with sh:node. They are no rule of their own (their failures are
# reported under the shape that uses them), so they have no example in tests/data/invalid/; these
# tests check that they stay single, labelled and in use.
SH = Namespace("http://www.w3.org/ns/shacl#")
CGSH = Namespace("https://w3id.org/coopgraph/shapes#")
SHARED = (CGSH.CoopgraphIRI, CGSH.CoarseDate)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for path in sorted(PROJECT.shapes_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def test_shared_shapes_are_defined_once_and_named(shapes: Graph) -> None:
    text = "".join(p.read_text() for p in sorted(PROJECT.shapes_dir.glob("*.ttl")))
    assert text.count("coopgraph/id/[a-z0-9]") == 1, "the IRI pattern is repeated"
    assert text.count("sh:datatype xsd:gYearMonth") == 1, "the date datatypes are repeated"
    for shape in SHARED:
        assert shape in set(shapes.objects(None, SH.node)), f"{shape} is not used"
        for prop in (SH.name, SH.message):
            assert english(shapes, shape, prop), (shape, prop)
        targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        assert not any((shape, t, None) in shapes for t in targets), f"{shape} has a target"


def test_every_class_shape_checks_the_identifier_form(shapes: Graph) -> None:
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if not str(shapes.value(shape, SH.targetClass) or "").startswith(str(COOP)):
            continue
        if shapes.value(shape, SH["in"]) is not None:  # controlled values of the ontology
            continue
        direct = (shape, SH.node, CGSH.CoopgraphIRI) in shapes
        either = any(
            CGSH.CoopgraphIRI in set(shapes.items(alternatives))
            for alternatives in shapes.objects(shape, SH["or"])
        )
        assert direct or either, f"{shape} does not check the IRI form"


def test_shared_shapes_catch_bad_values_under_the_shape_that_uses_them(shapes: Graph) -> None:
    from pyshacl import validate

    data = Graph().parse(PROJECT.ontology, format="turtle")
    data.parse(
        format="turtle",
        data=(
            "@prefix coop: <https://w3id.org/coopgraph/ontology#> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            "<https://w3id.org/coopgraph/id/Bad_Place> a coop:Place .\n"
            "<https://w3id.org/coopgraph/id/period-x> a coop:Period ;\n"
            '    coop:startDate "2017-01-01T00:00:00"^^xsd:dateTime ;\n'
            '    coop:endDate "2017-06"^^xsd:gYearMonth .\n'
        ),
    )
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    found = {
        (report.value(r, SH.sourceShape), report.value(report.value(r, SH.detail), SH.sourceShape))
        for r in report.objects(root, SH.result)
    }
    assert found == {
        (CGSH.PlaceShape, CGSH.CoopgraphIRI),
        (CGSH["Period-startDate"], CGSH.CoarseDate),
    }
