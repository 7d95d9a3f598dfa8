"""Export is deterministic, round-trips exactly, and never leaves a damaged file behind."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

import coopgraph
import coopgraph.io.atomic
from coopgraph import EXPORT_FORMATS, InputError, export_graph, open_graph, write_rdf
from coopgraph.formats.rdf_formats import RDF_FORMATS

from .conftest import PROJECT, run_coopgraph

RDFLIB_PARSER = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                 "jsonld": "json-ld", "xml": "xml"}  # fmt: skip


def parsed_by_rdflib(path: Path, fmt: str) -> Graph:
    """The triples of an exported file as rdflib reads it (quads merged into one graph)."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(path, format=RDFLIB_PARSER[fmt])
    merged = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


# Turtle and N-Triples by default; the other formats (a second each) in the slow run.
ROUND_TRIP = [
    fmt if fmt in {"ttl", "nt"} else pytest.param(fmt, marks=pytest.mark.slow)
    for fmt in EXPORT_FORMATS
]


@pytest.mark.parametrize("fmt", ROUND_TRIP)  # two formats by default, all in the slow run
def test_export_is_byte_identical_across_fresh_processes(fmt: str) -> None:
    first = run_coopgraph("export", "--format", fmt, hash_seed="1")
    second = run_coopgraph("export", "--format", fmt, hash_seed="2")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout) > 10_000


@pytest.mark.parametrize("fmt", ROUND_TRIP)
def test_export_round_trips_exactly_as_rdflib_reads_the_source(
    fmt: str, cgraph: coopgraph.Graph, graph: Graph, tmp_path: Path
) -> None:
    # rdflib's reading of the source files is the reference: datatypes such as
    # xsd:positiveInteger and lexical forms such as "1.50" must survive the export. The export
    # adds the day bounds derived at load, so that a server loaded with it answers alike.
    target = tmp_path / f"graph{RDF_FORMATS[fmt].extension}"
    write_rdf(target, export_graph(cgraph, fmt), fmt, expected=cgraph)
    derived = Graph().parse(
        data=pyoxigraph.serialize(cgraph.derived_triples(), format=pyoxigraph.RdfFormat.N_TRIPLES),
        format="nt",
    )
    assert len(derived) > 100
    # No blank nodes in the data: equal triple sets are isomorphic graphs, and far faster to check.
    assert set(parsed_by_rdflib(target, fmt)) == set(graph) | set(derived)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_tricky_literals_round_trip(fmt: str, tmp_path: Path) -> None:
    source = tmp_path / "tricky.ttl"
    subject = URIRef("https://w3id.org/coopgraph/id/tricky")
    tricky = Graph()
    for value in [
        Literal("Ελληνικά, Türkiye, Sjöström", lang="el"),
        Literal('two\nlines with "quotes" and \\ backslash\tand a tab'),
        Literal("2016-07-08", datatype=XSD.date),
        Literal("1958", datatype=XSD.gYear),
        Literal("01", datatype=XSD.integer),
        Literal("7", datatype=XSD.positiveInteger),
        Literal("Bruxelles", lang="fr"),
    ]:
        tricky.add((subject, RDFS.comment, value))
    tricky.serialize(source, format="nt")  # N-Triples keeps "01" as written
    source = source.rename(tmp_path / "tricky.nt")
    graph = open_graph(source, shipped=False, project=PROJECT)
    target = tmp_path / f"out{RDF_FORMATS[fmt].extension}"
    write_rdf(target, export_graph(graph, fmt), fmt, expected=graph)
    assert isomorphic(parsed_by_rdflib(target, fmt), Graph().parse(source, format="nt"))


def test_failed_write_leaves_the_old_file_intact(
    cgraph: coopgraph.Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old contents\n")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(coopgraph.io.atomic.os, "replace", fail)
    with pytest.raises(OSError):
        write_rdf(target, export_graph(cgraph, "ttl"), "ttl")
    assert target.read_text() == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_output_into_missing_folder_is_an_input_error(
    cgraph: coopgraph.Graph, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="no such folder"):
        write_rdf(tmp_path / "missing" / "graph.nt", export_graph(cgraph, "nt"), "nt")


def test_cli_export_to_file(tmp_path: Path) -> None:
    target = tmp_path / "out.nt"
    result = run_coopgraph("export", "--format", "nt", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    lines = target.read_text().splitlines()
    assert lines == sorted(lines) and len(lines) > 1000


def test_export_rejects_unknown_format(cgraph: coopgraph.Graph) -> None:
    with pytest.raises(coopgraph.UsageError, match="Unknown format"):
        export_graph(cgraph, "csv")
