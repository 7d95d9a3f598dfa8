"""Export is deterministic, round-trips, and never leaves a damaged file behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD

import coopgraph.atomic
from coopgraph import export_graph, serialize
from coopgraph.errors import InputError
from coopgraph.export import EXPORT_FORMATS
from coopgraph.loading import load_files, new_graph

from .conftest import run_coopgraph


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_export_is_byte_identical_across_fresh_processes(fmt: str, tmp_path: Path) -> None:
    first = run_coopgraph("export", "--format", fmt, hash_seed="1")
    second = run_coopgraph("export", "--format", fmt, hash_seed="2")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout) > 10_000


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_export_round_trips_to_an_isomorphic_graph(fmt: str, graph: Graph, tmp_path: Path) -> None:
    target = tmp_path / f"graph{EXPORT_FORMATS[fmt][1]}"
    export_graph(graph, fmt, target)
    assert isomorphic(load_files([target]), graph)


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_tricky_literals_round_trip(fmt: str, tmp_path: Path) -> None:
    tricky = new_graph()
    subject = URIRef("https://w3id.org/coopgraph/id/tricky")
    for value in [
        Literal("Ελληνικά, Türkiye, Sjöström", lang="el"),
        Literal('two\nlines with "quotes" and \\ backslash'),
        Literal("2016-07-08", datatype=XSD.date),
        Literal("1958", datatype=XSD.gYear),
        Literal("Bruxelles", lang="fr"),
    ]:
        tricky.add((subject, RDFS.comment, value))
    target = tmp_path / f"tricky{EXPORT_FORMATS[fmt][1]}"
    export_graph(tricky, fmt, target)
    assert isomorphic(load_files([target]), tricky)


def test_failed_write_leaves_the_old_file_intact(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old contents\n")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(coopgraph.atomic.os, "replace", fail)
    with pytest.raises(OSError):
        export_graph(graph, "ttl", target)
    assert target.read_text() == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_output_into_missing_folder_is_an_input_error(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        export_graph(graph, "nt", tmp_path / "missing" / "graph.nt")


def test_cli_export_to_file(tmp_path: Path) -> None:
    target = tmp_path / "out.nt"
    result = run_coopgraph("export", "--format", "nt", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    lines = target.read_text().splitlines()
    assert lines == sorted(lines) and len(lines) > 1000


def test_serialize_rejects_unknown_format(graph: Graph) -> None:
    with pytest.raises(Exception, match="Unknown format"):
        serialize(graph, "csv")
