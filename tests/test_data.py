"""The curated graph holds what the reference gives, and every resource is traceable."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD

COOP = Namespace("https://w3id.org/coopgraph/ontology#")
COOPID = Namespace("https://w3id.org/coopgraph/id/")

ONTOLOGY_PREFIX = "https://w3id.org/coopgraph/ontology"
YEAR, DAY = XSD.gYear, XSD.date

# (state, start, datatype) from the reference's section (c); the UK's EU end is checked apart.
EU_ACCESSIONS = {
    **{
        s: ("1958", YEAR)
        for s in ["belgium", "france", "germany", "italy", "luxembourg", "netherlands"]
    },
    **{s: ("1973", YEAR) for s in ["denmark", "ireland", "united-kingdom"]},
    "greece": ("1981", YEAR),
    **{s: ("1986", YEAR) for s in ["spain", "portugal"]},
    **{s: ("1995", YEAR) for s in ["austria", "finland", "sweden"]},
    **{
        s: ("2004", YEAR)
        for s in [
            "cyprus",
            "czechia",
            "estonia",
            "hungary",
            "latvia",
            "lithuania",
            "malta",
            "poland",
            "slovakia",
            "slovenia",
        ]
    },
    **{s: ("2007", YEAR) for s in ["bulgaria", "romania"]},
    "croatia": ("2013", YEAR),
}
NATO_ACCESSIONS = {
    **{
        s: ("1949", YEAR)
        for s in [
            "belgium",
            "canada",
            "denmark",
            "france",
            "iceland",
            "italy",
            "luxembourg",
            "netherlands",
            "norway",
            "portugal",
            "united-kingdom",
            "united-states",
        ]
    },
    **{s: ("1952-02-18", DAY) for s in ["greece", "turkiye"]},
    "germany": ("1955-05-06", DAY),
    "spain": ("1982-05-30", DAY),
    **{s: ("1999-03-12", DAY) for s in ["czechia", "hungary", "poland"]},
    **{
        s: ("2004", YEAR)
        for s in ["bulgaria", "estonia", "latvia", "lithuania", "romania", "slovakia", "slovenia"]
    },
    **{s: ("2009", YEAR) for s in ["albania", "croatia"]},
    "montenegro": ("2017-06-05", DAY),
    "north-macedonia": ("2020-03-27", DAY),
    "finland": ("2023-04-04", DAY),
    "sweden": ("2024-03-07", DAY),
}


def typed_resources(graph: Graph) -> set[URIRef]:
    return {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and not s.startswith(ONTOLOGY_PREFIX)
    }


def memberships(
    graph: Graph, org: URIRef
) -> dict[str, list[tuple[Literal | None, Literal | None]]]:
    found: dict[str, list[tuple[Literal | None, Literal | None]]] = {}
    for m in graph.subjects(ORG.organization, org):
        if (m, RDF.type, COOP.Membership) not in graph:
            continue
        state = str(graph.value(m, ORG.member)).removeprefix(str(COOPID))
        found.setdefault(state, []).append(
            (graph.value(m, COOP.startDate), graph.value(m, COOP.endDate))
        )
    return found


def test_three_declarations(graph: Graph) -> None:
    declarations = set(graph.subjects(RDF.type, COOP.JointDeclaration))
    dates = sorted(str(graph.value(d, DCTERMS.date)) for d in declarations)
    assert dates == ["2016-07-08", "2018-07-10", "2023-01-10"]
    for declaration in declarations:
        signatories = [
            p
            for p in graph.objects(declaration, COOP.participation)
            if graph.value(p, COOP.role) == COOP.SignatoryRole
        ]
        assert len(signatories) == 3


def test_two_proposal_sets_declaring_42_and_32(graph: Graph) -> None:
    sizes = {
        str(graph.value(s, COOP.endorsementDate)): graph.value(s, COOP.declaredSize).toPython()
        for s in graph.subjects(RDF.type, COOP.ProposalSet)
    }
    assert sizes == {"2016-12-06": 42, "2017-12-05": 32}
    assert graph.value(COOPID["proposal-set-2017"], COOP.sizeVariant).toPython() == 31


def test_described_proposals_never_exceed_declared(graph: Graph) -> None:
    for proposal_set in graph.subjects(RDF.type, COOP.ProposalSet):
        described = len(set(graph.subjects(COOP.inSet, proposal_set)))
        assert 0 < described <= graph.value(proposal_set, COOP.declaredSize).toPython()


def test_ten_progress_reports(graph: Graph) -> None:
    reports = set(graph.subjects(RDF.type, COOP.ProgressReport))
    ordinals = sorted(graph.value(r, COOP.ordinal).toPython() for r in reports)
    assert ordinals == list(range(1, 11))
    assert graph.value(COOPID["progress-report-8"], DCTERMS.date) is None, (
        "report 8's date is unknown"
    )


def presenters(graph: Graph, report: str) -> set[object]:
    return {
        p
        for p in graph.objects(COOPID[report], COOP.participation)
        if graph.value(p, COOP.role) == COOP.PresenterRole
    }


def test_inferred_presenters_are_marked(graph: Graph) -> None:
    report_2 = presenters(graph, "progress-report-2")
    assert report_2 and all(
        graph.value(p, COOP.certainty) in (None, COOP.Sourced) for p in report_2
    )
    report_6 = presenters(graph, "progress-report-6")
    assert report_6 and all(graph.value(p, COOP.certainty) == COOP.Inferred for p in report_6)


def test_every_eu_member_state_with_its_dates(graph: Graph) -> None:
    found = memberships(graph, COOPID.eu)
    assert set(found) == set(EU_ACCESSIONS)
    for state, (start, datatype) in EU_ACCESSIONS.items():
        [(got_start, got_end)] = found[state]
        assert (str(got_start), got_start.datatype) == (start, datatype), state
        expected_end = "2020-01-31" if state == "united-kingdom" else None
        assert (str(got_end) if got_end is not None else None) == expected_end, state


def test_every_nato_member_state_with_its_dates(graph: Graph) -> None:
    found = memberships(graph, COOPID.nato)
    assert set(found) == set(NATO_ACCESSIONS)
    for state, (start, datatype) in NATO_ACCESSIONS.items():
        [(got_start, got_end)] = found[state]
        assert (str(got_start), got_start.datatype) == (start, datatype), state
        assert got_end is None, state


def test_every_typed_resource_cites_a_source_document(graph: Graph) -> None:
    sources = set(graph.subjects(RDF.type, COOP.SourceDocument))
    missing = []
    for resource in typed_resources(graph) - sources:
        cited = set(graph.objects(resource, DCTERMS.source))
        if not cited or not cited <= sources:
            missing.append(resource)
    assert missing == []


def test_every_source_document_has_an_http_url(graph: Graph) -> None:
    for source in graph.subjects(RDF.type, COOP.SourceDocument):
        url = graph.value(source, COOP.url)
        assert url is not None and str(url).startswith(("http://", "https://")), source


def test_every_typed_resource_has_an_english_label(graph: Graph) -> None:
    unlabelled = [
        r
        for r in typed_resources(graph)
        if not any(label.language == "en" for label in graph.objects(r, RDFS.label))
    ]
    assert unlabelled == []


def test_every_external_identifier_cites_its_source(graph: Graph) -> None:
    links = list(graph.triples((None, SKOS.exactMatch, None)))
    assert len(links) > 40
    for subject, _, target in links:
        notes = [
            n
            for n in graph.subjects(RDF.subject, subject)
            if (n, RDF.predicate, SKOS.exactMatch) in graph and (n, RDF.object, target) in graph
        ]
        assert notes, f"no fact note for {subject} -> {target}"
        assert any(graph.value(n, DCTERMS.source) is not None for n in notes), target


def test_identifiers_the_reference_lists_as_not_found_are_absent(graph: Graph) -> None:
    for person in ["jens-stoltenberg", "donald-tusk", "federica-mogherini", "charles-michel"]:
        assert graph.value(COOPID[person], SKOS.exactMatch) is None, person
    assert (None, None, URIRef("http://www.wikidata.org/entity/Q57286")) not in graph
    targets = {str(o) for o in graph.objects(None, SKOS.exactMatch)}
    assert not any("dbpedia.org" in t for t in targets)
    for code in ("EUCO", "EEAS", "EDA"):
        assert (
            f"http://publications.europa.eu/resource/authority/corporate-body/{code}" not in targets
        )
