"""Shared fixtures: the shipped graph, parsed once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from coopgraph import load_graph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def graph() -> Graph:
    return load_graph()


def run_coopgraph(
    *args: str, hash_seed: str = "random", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI in a fresh interpreter, as a user would."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-m", "coopgraph", *args],
        capture_output=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=300,
        check=False,
    )
