"""The click-free quick path (coopgraph.quick) answers exactly as the click commands do, and
leaves every other command line to click."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopgraph.cli import run
from coopgraph.quick import try_quick

from .conftest import ROOT

CASES = [
    ["queries"],
    ["query", "office-holders-on-date", "-p", "date=2016-07-08"],
    ["query", "office-holders-on-date", "--param", "date=2026-06-15", "--format", "json"],
    ["query", "office-holders-on-date", "--no-cache", "-p", "date=2024-12-01"],
    ["query", "members-on-date", "-p", "organisation=coopid:hybrid-coe", "-p", "date=2020-01-01"],
    ["query", "was-member-on-date", "-p", "state=coopid:finland", "-p",
     "organisation=coopid:nato", "-p", "date=2023-04-04", "--format", "xml"],
    ["query", "declaration-graph", "-p", "declaration=coopid:warsaw-declaration-2016",
     "--format", "nt"],
    # Errors: the library's one line and exit code, as the click command prints them.
    ["query", "office-holders-on-date", "-p", "date=2016-13-08"],
    ["query", "office-holders-on-date"],
    ["query", "office-holders-on-date", "-p", "when=2016-07-08"],
    ["query", "no-such-query"],
    ["query", "members-on-date", "-p", "organisation=coopid:hybrid-co", "-p", "date=2020-01-01"],
]  # fmt: skip


def outcome(job: object, capfdbinary: pytest.CaptureFixture[bytes]) -> tuple[object, bytes, bytes]:
    status = job()  # type: ignore[operator]
    out, err = capfdbinary.readouterr()
    return status, out, err


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a[:3]))
def test_quick_path_answers_as_click_does(
    args: list[str], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    quick = outcome(lambda: try_quick(args), capfdbinary)
    slow = outcome(lambda: run(args), capfdbinary)
    assert quick[0] is not None, "this command line should take the quick path"
    assert quick == slow


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["query"],
        ["query", "--help"],
        ["query", "declarations", "--help"],
        ["query", "declarations", "-o", "out.csv"],
        ["query", "declarations", "--endpoint", "http://127.0.0.1:9/sparql"],
        ["query", "declarations", "--engine", "rdflib"],
        ["query", "declarations", "-p"],
        ["query", "declarations", "-p", "novalue"],
        ["query", "declarations", "-p", "=value"],
        ["query", "declarations", "-pdate=2016-07-08"],
        ["query", "declarations", "--format", "bogus"],
        ["query", "declarations", "--format", "csv", "--format", "json"],
        ["query", "declarations", "--no-cache", "--no-cache"],
        ["queries", "--tag", "time"],
        ["--project", ".", "query", "declarations"],
        ["sparql", "ASK {}"],
    ],
    ids=lambda a: " ".join(a) or "(none)",
)
def test_other_command_lines_are_left_to_click(args: list[str]) -> None:
    assert try_quick(args) is None


TOKENS = st.sampled_from(
    ["query", "queries", "office-holders-on-date", "members-on-date", "-p", "--param",
     "date=2016-07-08", "date=2016-02-30", "organisation=coopid:eu", "--format", "csv", "json",
     "md", "-o", "--help", "x=y", "=", "-", "--no-cache"]
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=st.lists(TOKENS, min_size=1, max_size=7))
def test_any_command_line_is_quick_and_equal_or_left_to_click(
    args: list[str], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    quick = outcome(lambda: try_quick(args), capfdbinary)
    if quick[0] is None:
        assert quick[1:] == (b"", b""), "nothing is printed before handing over to click"
        return
    assert quick == outcome(lambda: run(args), capfdbinary)


def test_the_console_script_takes_the_quick_path_without_heavy_stdlib_or_click() -> None:
    # Modules already loaded when the interpreter starts (a site .pth file may load typing)
    # are not the command's cost: only what the command adds counts.
    probe = (
        "import sys\n"
        "started = set(sys.modules)\n"
        "import json\n"
        "sys.argv = ['coopgraph', 'query', 'office-holders-on-date', '-p', 'date=2016-07-08']\n"
        "from coopgraph import _process\n"
        "_process.leave = lambda code: (print(json.dumps([sorted(m for m in"
        " ('click', 'typing', 'dataclasses', 'inspect') if m in set(sys.modules) - started),"
        " code]), file=sys.stderr), sys.exit(0))\n"
        "from coopgraph._entry import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, cwd=ROOT, timeout=60, check=False
    )
    # click, typing and dataclasses (with inspect) cost more than the rest of the run together.
    assert json.loads(result.stderr.decode().strip().splitlines()[-1]) == [[], 0]
    assert result.stdout.startswith(b"office,officeLabel,holder")
