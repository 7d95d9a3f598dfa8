"""`coopgraph plot` and the pictures: timelines drawn from stored queries, DOT written the
same way every time. The quick checks run by default; rendering every view and the
two-process DOT comparison are slow (Graphviz in WebAssembly compiles for a second)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

import coopgraph
from coopgraph.cli import cli
from coopgraph.publish.plot import PICTURE_FORMATS, plot
from coopgraph.publish.plot.graphviz import Diagram, Edge, diagram_dot, quote
from coopgraph.publish.plot.timeline import parse_day
from coopgraph.query.catalogue import list_queries

from .conftest import ROOT, run_coopgraph

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: bytes) -> list[str]:
    """Every text and tooltip of an SVG, which must parse as XML."""
    root = ET.fromstring(svg)
    return ["".join(e.itertext()) for e in root.iter() if e.tag in (f"{SVG}text", f"{SVG}title")]


def test_timeline_of_finland_shows_its_nato_accession_in_2023(cgraph: coopgraph.Graph) -> None:
    svg = plot(cgraph, "membership-timeline", {"state": "coopid:finland"}, "svg")
    found = texts(svg)
    nato = [t for t in found if t.startswith("North Atlantic Treaty Organization:")]
    assert nato == [
        "North Atlantic Treaty Organization: from 2023-04-04, end unknown (unconfirmed)"
    ]
    # The EU membership is recorded only as a year: the whole of 1995 is drawn hatched.
    assert "European Union: from 1995, end unknown (unconfirmed)" in found
    assert b'fill="url(#coarse-' in svg
    assert "date known only to the month or year: the whole period, hatched" in found
    assert plot(cgraph, "membership-timeline", {"state": "coopid:finland"}, "svg") == svg


def test_uncertain_facts_are_dashed(cgraph: coopgraph.Graph) -> None:
    svg = plot(cgraph, "actor-participation", {"actor": "coopid:jens-stoltenberg"}, "svg")
    root = ET.fromstring(svg)
    hedged = [g for g in root.iter(f"{SVG}g") if "(uncertain or inferred)" in
              "".join(g.find(f"{SVG}title").itertext() if g.find(f"{SVG}title") is not None
                      else "")]  # fmt: skip
    assert hedged, "the inferred presentations are drawn"
    assert all('stroke-dasharray="3 2"' in ET.tostring(g, encoding="unicode") for g in hedged)


def test_coarse_dates_cover_their_whole_month_or_year() -> None:
    assert parse_day("2024-02") is not None
    feb = parse_day("2024-02")
    assert feb is not None and (feb.earliest, feb.latest) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
    )
    year = parse_day("1995")
    assert year is not None and year.coarse and year.latest == dt.date(1995, 12, 31)
    day = parse_day("2023-04-04")
    assert day is not None and not day.coarse
    assert parse_day("soon") is None and parse_day("2023-13") is None


def test_dot_is_sorted_and_escaped() -> None:
    diagram = Diagram('A "title" with \\ and\nbreak')
    for key in ("z", "a", "m"):
        diagram.node(key, f'label "{key}" \\ end')
    diagram.edges.update({Edge("z", "a", "p"), Edge("a", "m", 'q"x')})
    dot = diagram_dot(diagram)
    assert dot.splitlines()[4].startswith('  n1 [label="label \\"a\\" \\\\ end"')
    assert '  n1 -> n2 [label="q\\"x"];' in dot and '  n3 -> n1 [label="p"];' in dot
    assert quote("a\r\nb") == '"a\\nb"'
    assert diagram_dot(diagram) == dot


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plot", "declarations", "-o", "x.svg"], "declares view 'table', which has no picture"),
        (["plot", "membership-timeline", "-o", "x.jpg"], "the suffix '.jpg' names no picture"),
        (["plot", "membership-timeline", "-o", "x"], "give the file a suffix"),
        (["plot", "membership-timeline", "-o", "x.dot"], "A timeline cannot be written as 'dot'"),
    ],
)
def test_plot_refuses_with_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--project", str(ROOT), *args[:-1], str(tmp_path / args[-1])])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not list(tmp_path.iterdir())


def test_plot_writes_svg(tmp_path: Path) -> None:
    out = tmp_path / "finland.svg"
    result = CliRunner().invoke(
        cli, ["--project", str(ROOT), "plot", "membership-timeline", "-p", "state=coopid:finland",
              "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2023-04-04" in out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_query_with_a_view_is_drawn(cgraph: coopgraph.Graph) -> None:
    drawn = 0
    for query in list_queries(cgraph.project.queries_dir):
        for fmt in PICTURE_FORMATS.get(query.view, ()):
            data = plot(cgraph, query.name, query.example_values(), fmt)
            if fmt == "svg":
                assert texts(data), query.name
            elif fmt == "png":
                assert data.startswith(b"\x89PNG\r\n\x1a\n"), query.name
            else:
                assert data.startswith(b"digraph coopgraph {"), query.name
            drawn += 1
    assert drawn >= 13  # 6 timelines x 2 formats, 1 graph x 3


@pytest.mark.slow
def test_graph_svg_has_the_declaration_and_its_signatories(cgraph: coopgraph.Graph) -> None:
    svg = plot(
        cgraph, "declaration-graph", {"declaration": "coopid:warsaw-declaration-2016"}, "svg"
    )
    found = " ".join(texts(svg))
    for label in ("EU-NATO Joint Declaration of Warsaw (2016)", "Jens Stoltenberg", "Donald Tusk",
                  "Jean-Claude Juncker", "participation", "namesArea"):  # fmt: skip
        assert label in found


@pytest.mark.slow
def test_dot_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"graph-{seed}.dot"
        done = run_coopgraph(
            "plot", "declaration-graph", "-p", "declaration=coopid:warsaw-declaration-2016",
            "-o", str(out), hash_seed=seed,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000


def test_an_empty_answer_is_drawn_and_noted(tmp_path: Path) -> None:
    out = tmp_path / "none.svg"
    args = ["plot", "events-between", "-p", "from=2030-01-01", "-p", "to=2030-12-31"]
    result = CliRunner().invoke(cli, ["--project", str(ROOT), *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "gave no answer with these parameters" in result.stderr
    assert b"Nothing to draw" in out.read_bytes()
