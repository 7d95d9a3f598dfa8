"""coopgraph link: status, refresh, suggest, accept and check against a Wikidata-shaped server."""

from __future__ import annotations

import csv
import datetime
import http.server
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

import coopgraph
import coopgraph.formats.rdf
from coopgraph.cli import cli
from coopgraph.link import refresh
from coopgraph.query.catalogue import load_query
from coopgraph.query.run import run_stored
from coopgraph.validation import validate

from .conftest import PROJECT, rdflib_graph
from .servers import faulty_front, forward, oxigraph_server, reply

COOP = Namespace("https://w3id.org/coopgraph/ontology#")
COOPID = Namespace("https://w3id.org/coopgraph/id/")

FIXTURE = Path(__file__).parent / "data" / "wikidata-fixture.ttl"
WD = "http://www.wikidata.org/entity/"
P = "http://www.wikidata.org/prop/"


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` on 127.0.0.1 holding the Wikidata-shaped fixture; yields its query URL."""
    with oxigraph_server(
        tmp_path_factory.mktemp("wikidata"), FIXTURE.read_bytes(), "text/turtle"
    ) as base:
        yield f"{base}/query"


@pytest.fixture(scope="module")
def snapshot(wikidata: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snapshot") / "wikidata.ttl"
    result = CliRunner().invoke(cli, ["link", "refresh", "--endpoint", wikidata, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


# --- status --------------------------------------------------------------------------------


def test_status_counts_linked_entities_per_target_and_class() -> None:
    result = CliRunner().invoke(cli, ["link", "status", "--unlinked"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.split()[:3] == ["wikidata", "coop:State", "43/43"] for line in lines)
    assert any(line.split()[:3] == ["wikidata", "foaf:Person", "2/18"] for line in lines)
    assert any(line.split()[:3] == ["eu-country", "coop:State", "28/43"] for line in lines)
    # Identifiers the reference lists as not found stay out and are reported as unlinked.
    unlinked = " ".join(line for line in lines if line.strip().startswith("unlinked:"))
    assert "coopid:donald-tusk" in unlinked and "coopid:hybrid-coe" in unlinked
    assert "coopid:united-states" in unlinked  # no sourced EU country URI for non-EU Allies


def test_every_link_in_data_has_a_fact_note_with_a_source() -> None:
    graph = rdflib_graph()
    for entity, target in graph.subject_objects(SKOS.exactMatch):
        notes = [
            n
            for n in graph.subjects(RDF.subject, entity)
            if (n, RDF.object, target) in graph and (n, RDF.predicate, SKOS.exactMatch) in graph
        ]
        assert notes, f"{entity} -> {target} has no fact note"
        assert any(graph.value(n, URIRef("http://purl.org/dc/terms/source")) for n in notes)


# --- refresh -------------------------------------------------------------------------------


def test_refresh_writes_a_snapshot_with_provenance(snapshot: Path, wikidata: str) -> None:
    graph = Graph().parse(snapshot, format="turtle")
    node = COOPID["snapshot-wikidata"]
    assert (node, RDF.type, COOP.Snapshot) in graph
    assert str(graph.value(node, COOP.endpoint)) == wikidata
    assert graph.value(node, PROV.generatedAtTime) is not None
    assert graph.value(node, COOP.toolVersion) is not None
    assert len(list(graph.objects(node, COOP.queryText))) == 3
    belgium = URIRef(WD + "Q31")
    assert Literal("Belgique", lang="fr") in set(graph.objects(belgium, RDFS.label))
    statements = list(graph.objects(belgium, URIRef(P + "P463")))
    assert len(statements) == 2  # EU and NATO
    # Only the facts asked for: nothing about items the graph does not link.
    assert (URIRef(WD + "Q999999901"), None, None) not in graph


def test_snapshot_passes_the_shapes(snapshot: Path) -> None:
    report = validate([snapshot], fail_on="info")
    assert report.findings == [], [(f.rule, str(f.focus)) for f in report.findings]


def test_refresh_is_deterministic(wikidata: str, tmp_path: Path) -> None:
    when = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    for path in (first, second):
        graph = coopgraph.open_graph(project=PROJECT)
        triples = refresh(graph, "wikidata", endpoint=wikidata, now=when)
        coopgraph.write_rdf(path, coopgraph.formats.rdf.serialize(triples, "ttl"), "ttl")
    assert first.read_bytes() == second.read_bytes()


def test_refresh_honours_429_retry_after(wikidata: str, tmp_path: Path, waits: list[float]) -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        if number == 1:
            reply(handler, 429, {"Retry-After": "1", "Content-Length": "0"}, b"")
            return
        status, headers, body = forward(handler, wikidata)
        reply(handler, status, {"Content-Type": headers["content-type"],
                                "Content-Length": str(len(body))}, body)  # fmt: skip

    out = tmp_path / "wikidata.ttl"
    with faulty_front(behaviour) as (url, arrivals):
        result = CliRunner().invoke(cli, ["link", "refresh", "--endpoint", url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(arrivals) >= 2 and waits == [1.0]
    assert (COOPID["snapshot-wikidata"], RDF.type, COOP.Snapshot) in Graph().parse(out)


@pytest.mark.slow  # waits or spawns for seconds; .ci/run runs it
def test_refresh_timeout_exits_4_and_writes_nothing(tmp_path: Path) -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        time.sleep(6)

    out = tmp_path / "wikidata.ttl"
    out.write_text("# the previous snapshot\n")
    with faulty_front(behaviour) as (url, _):
        result = CliRunner().invoke(
            cli, ["link", "refresh", "--endpoint", url, "-o", str(out), "--timeout", "1"]
        )
    assert result.exit_code == 4
    assert "no complete answer within 1 s" in result.output
    assert out.read_text() == "# the previous snapshot\n"


def test_refresh_needs_an_endpoint_for_eu_authority(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["link", "refresh", "--target", "eu-authority", "-o", str(tmp_path / "x.ttl")]
    )
    assert result.exit_code == 2
    assert "--endpoint" in result.output


# --- check ---------------------------------------------------------------------------------


def test_check_reports_each_disagreement_with_both_values_and_sources(snapshot: Path) -> None:
    result = CliRunner().invoke(cli, ["link", "check", "--snapshot", str(snapshot)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    belgium = [line for line in lines if line.startswith("membership coopid:belgium / coopid:eu")]
    sweden = [line for line in lines if line.startswith("membership coopid:sweden / coopid:nato")]
    assert len(belgium) == 1 and "graph 1958" in belgium[0] and "Wikidata 1952-01-01" in belgium[0]
    assert len(sweden) == 1 and "graph 2024-03-07" in sweden[0]
    assert "Wikidata 2024-03-08" in sweden[0]
    assert "https://w3id.org/coopgraph/id/source-" in belgium[0]
    assert "snapshot-wikidata" in sweden[0]
    assert lines[-1] == "2 disagreement(s)"


def test_check_agrees_with_a_faithful_snapshot(snapshot: Path, tmp_path: Path) -> None:
    fixed = Graph().parse(snapshot)
    start = URIRef(P + "qualifier/P580")
    repairs = {"1952-01-01": "1958-01-01T00:00:00Z",  # Belgium, EU
               "2024-03-08": "2024-03-07T00:00:00Z"}  # Sweden, NATO  # fmt: skip
    for subject, value in list(fixed.subject_objects(start)):
        if isinstance(value, Literal) and str(value)[:10] in repairs:
            fixed.remove((subject, start, value))
            fixed.add((subject, start, Literal(repairs[str(value)[:10]], datatype=value.datatype)))
    path = tmp_path / "faithful.ttl"
    fixed.serialize(path, format="turtle")
    result = CliRunner().invoke(cli, ["link", "check", "--snapshot", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "0 disagreement(s)"


def test_check_without_a_snapshot_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["link", "check"])  # the checkout has no snapshot
    assert result.exit_code == 2
    assert "coopgraph link refresh" in result.output
    named = CliRunner().invoke(cli, ["link", "check", "--snapshot", str(tmp_path / "none.ttl")])
    assert named.exit_code == 3 and "none.ttl: no such file" in named.output


# --- cross-source queries ------------------------------------------------------------------


def test_state_names_come_from_the_snapshot(snapshot: Path) -> None:
    graph = coopgraph.open_graph(snapshot, project=PROJECT)
    result = run_stored("state-names", {"language": ["fr", "de"]}, graph=graph)
    rows = {(r["stateLabel"].value, r["language"].value): r["name"] for r in result.dicts()}
    assert rows[("Belgium", "fr")] == pyoxigraph.Literal("Belgique", language="fr")
    assert ("Belgium", "de") in rows


def test_memberships_side_by_side(snapshot: Path) -> None:
    graph = coopgraph.open_graph(snapshot, project=PROJECT)
    result = graph.run("memberships-side-by-side", organisation=["coopid:nato"])
    sweden = [r for r in result.dicts() if r["stateLabel"].value == "Sweden"]
    assert len(sweden) == 1
    assert sweden[0]["graphStart"].value == "2024-03-07"
    assert sweden[0]["wikidataStart"].value.startswith("2024-03-08")


@pytest.mark.parametrize("name", ["state-names", "memberships-side-by-side"])
def test_cross_source_queries_agree_locally_and_on_an_endpoint(
    name: str, snapshot: Path, tmp_path: Path
) -> None:
    combined = coopgraph.open_graph(snapshot, project=PROJECT)
    query = load_query(name, PROJECT.queries_dir)
    params = {k: v if isinstance(v, list) else [v] for k, v in query.example_values().items()}
    local = run_stored(query, params, graph=combined)
    with oxigraph_server(tmp_path, coopgraph.export_graph(combined, "nt")) as base:
        remote = run_stored(query, params, endpoint=f"{base}/query")
    assert local.rows and remote.row_set() == local.row_set()


# --- suggest and accept --------------------------------------------------------------------


def test_suggest_writes_scored_candidates(wikidata: str, tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    result = CliRunner().invoke(cli, ["link", "suggest", "--endpoint", wikidata, "-o", str(review)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(review.open(encoding="utf-8"), delimiter="\t"))
    by_entity = {r["entity"].rsplit("/", 1)[-1]: r for r in rows}
    stoltenberg = by_entity["jens-stoltenberg"]
    assert stoltenberg["candidate"] == WD + "Q999999902"
    assert stoltenberg["score"] == "1.0" and "holds position" in stoltenberg["evidence"]
    hybrid = by_entity["hybrid-coe"]
    assert hybrid["candidate"] == WD + "Q999999901" and hybrid["score"] in {"0.6", "0.5"}
    assert all(r["accept"] == "" and r["endpoint"] == wikidata for r in rows)


def copy_of_links(tmp_path: Path) -> Path:
    path = tmp_path / "links.ttl"
    shutil.copyfile(PROJECT.data_dir / "links.ttl", path)
    return path


def review_file(tmp_path: Path, wikidata: str, accept: str = "yes") -> Path:
    review = tmp_path / "review.tsv"
    CliRunner().invoke(cli, ["link", "suggest", "--endpoint", wikidata, "-o", str(review)])
    rows = list(csv.DictReader(review.open(encoding="utf-8"), delimiter="\t"))
    for row in rows:
        if row["entity"].endswith("/jens-stoltenberg"):
            row["accept"] = accept
    with review.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return review


def test_accept_writes_the_link_with_provenance(wikidata: str, tmp_path: Path) -> None:
    links = copy_of_links(tmp_path)
    before = links.read_text(encoding="utf-8")
    review = review_file(tmp_path, wikidata)
    result = CliRunner().invoke(cli, ["link", "accept", str(review), "--links-file", str(links)])
    assert result.exit_code == 0, result.output
    assert "1 link(s) accepted" in result.output
    text = links.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n"))
    graph = Graph().parse(links)
    entity, candidate = COOPID["jens-stoltenberg"], URIRef(WD + "Q999999902")
    assert (entity, SKOS.exactMatch, candidate) in graph
    note = next(graph.subjects(RDF.object, candidate))
    source = graph.value(note, URIRef("http://purl.org/dc/terms/source"))
    assert str(graph.value(source, COOP.endpoint)) == wikidata
    # The new links file still passes every shape and check, with the rest of the graph.
    others = [p for p in sorted(PROJECT.data_dir.glob("*.ttl")) if p.name != "links.ttl"]
    report = validate([*others, links])
    assert report.conforms, [(f.rule, str(f.focus), f.message) for f in report.counted()]


def test_accept_refuses_an_identifier_already_used(wikidata: str, tmp_path: Path) -> None:
    links = copy_of_links(tmp_path)
    review = review_file(tmp_path, wikidata)
    text = review.read_text(encoding="utf-8").replace(WD + "Q999999902", WD + "Q7184")
    review.write_text(text, encoding="utf-8")
    before = links.read_bytes()
    result = CliRunner().invoke(cli, ["link", "accept", str(review), "--links-file", str(links)])
    assert result.exit_code == 2
    assert "already identifies" in result.output
    assert links.read_bytes() == before


def test_accept_refuses_a_malformed_candidate(wikidata: str, tmp_path: Path) -> None:
    links = copy_of_links(tmp_path)
    review = review_file(tmp_path, wikidata)
    text = review.read_text(encoding="utf-8").replace(
        WD + "Q999999902", "https://www.wikidata.org/wiki/Q1"
    )
    review.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["link", "accept", str(review), "--links-file", str(links)])
    assert result.exit_code == 2
    assert "fix the candidate column" in result.output


def test_accept_refuses_a_file_without_the_review_columns(tmp_path: Path) -> None:
    review = tmp_path / "review.tsv"
    review.write_text("entity\tcandidate\n")
    result = CliRunner().invoke(cli, ["link", "accept", str(review), "--links-file",
                                      str(copy_of_links(tmp_path))])  # fmt: skip
    assert result.exit_code == 3
    assert "missing column(s)" in result.output


# --- live services (never run by default) ---------------------------------------------------


@pytest.mark.live
@pytest.mark.skipif(
    os.environ.get("COOPGRAPH_LIVE") != "1",
    reason="reaches query.wikidata.org; set COOPGRAPH_LIVE=1 to run",
)
def test_live_wikidata_refresh_and_check(tmp_path: Path) -> None:
    out = tmp_path / "wikidata.ttl"
    result = CliRunner().invoke(cli, ["link", "refresh", "-o", str(out)])
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(cli, ["link", "check", "--snapshot", str(out)])
    assert check.exit_code in (0, 1)
    assert check.output.splitlines()[-1].endswith("disagreement(s)")


def test_refresh_refuses_a_target_with_nothing_linked(tmp_path: Path) -> None:
    out = tmp_path / "dbpedia.ttl"
    result = CliRunner().invoke(cli, ["link", "refresh", "--target", "dbpedia", "-o", str(out)])
    assert result.exit_code == 2
    assert "Nothing in the graph is linked to dbpedia yet" in result.output
    assert not out.exists()
