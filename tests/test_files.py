"""Every shipped RDF file parses, in rdflib and in a strict parser, and has no blank nodes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph

from .conftest import PROJECT

FILES = PROJECT.files()


def test_there_are_files_to_check() -> None:
    names = {path.name for path in FILES}
    assert {"coopgraph.ttl", "sources.ttl", "links.ttl"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_parses_in_rdflib_with_triples(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_parses_in_strict_parser(path: Path) -> None:
    triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert triples


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_has_no_blank_nodes(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    blank = [t for t in graph if any(isinstance(term, BNode) for term in t)]
    assert blank == [], f"{path.name} has blank nodes, e.g. {blank[:1]}"
