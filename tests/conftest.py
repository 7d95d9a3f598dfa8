"""Shared fixtures: the project's graph, parsed once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from rdflib import Graph

import coopgraph
from coopgraph.project import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project(ROOT)
# Every test, and every process a test starts, caches into a fresh folder, never into $HOME.
os.environ["COOPGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="coopgraph-test-cache-")


def rdflib_graph(files: list[Path] | None = None) -> Graph:
    """The project's files (or ``files``) parsed by rdflib: the tests' independent reading."""
    graph = Graph()
    for path in files if files is not None else PROJECT.files():
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def graph() -> Graph:
    """The shipped graph as rdflib reads it, for tests that inspect the data."""
    return rdflib_graph()


@pytest.fixture(scope="session")
def cgraph() -> coopgraph.Graph:
    """The shipped graph as coopgraph opens it."""
    return coopgraph.open_graph(project=PROJECT)


@pytest.fixture()
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The retry loop's clock: the waits it asks for are recorded, not spent."""
    import coopgraph.query.remote

    asked: list[float] = []
    monkeypatch.setattr(coopgraph.query.remote, "SLEEP", asked.append)
    return asked


def run_coopgraph(
    *args: str,
    hash_seed: str = "random",
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI in a fresh interpreter, as a user would (``env`` adds variables)."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "coopgraph", *args],
        capture_output=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=300,
        check=False,
    )


#: The shared server's limits: a short time limit so the time-limit test is quick, and a cap
#: below the graph's size so the cap test needs no big data.
SERVE_TIMEOUT = 3
SERVE_MAX_RESULTS = 1000


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One `coopgraph serve` per test session (per xdist worker), on 127.0.0.1."""
    from .servers import coopgraph_server

    folder = tmp_path_factory.mktemp("serve")
    limits = ("--timeout", str(SERVE_TIMEOUT), "--max-results", str(SERVE_MAX_RESULTS))
    with coopgraph_server(folder, *limits) as server:
        yield server
