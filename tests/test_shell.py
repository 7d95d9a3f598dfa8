"""Shell completion of query and parameter names, and the cache commands (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from coopgraph.cli import cli

from .conftest import run_coopgraph


def complete(args: list[str], incomplete: str) -> list[str]:
    return [item.value for item in ShellComplete(cli, {}, "coopgraph", "_C").get_completions(
        args, incomplete)]  # fmt: skip


def test_query_names_complete() -> None:
    assert complete(["query"], "was-") == ["was-member-on-date"]
    assert "office-holders-on-date" in complete(["show"], "office")


def test_parameter_names_of_the_chosen_query_complete() -> None:
    assert complete(["query", "was-member-on-date", "-p"], "") == [
        "state=", "organisation=", "date="]  # fmt: skip
    assert complete(["query", "was-member-on-date", "-p", "date=2020-01-01", "-p"], "or") == [
        "organisation="]  # fmt: skip


def test_completion_through_the_shell_protocol() -> None:
    result = run_coopgraph(env={
        "_COOPGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": "coopgraph query states-m",
        "COMP_CWORD": "2"})  # fmt: skip
    assert result.stdout.decode().split() == ["plain,states-memberships"]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COOPGRAPH_CACHE_DIR", str(folder))
    return folder


def test_cache_info_and_clear(cache_dir: Path) -> None:
    query = ["query", "office-holders-on-date", "-p", "date=2016-07-08", "--format", "csv"]
    assert CliRunner().invoke(cli, query).exit_code == 0
    info = CliRunner().invoke(cli, ["cache", "info"])
    assert f"folder: {cache_dir} (in use)" in info.output
    files = int(info.output.split("files: ")[1].split()[0])
    assert files >= 1
    cleared = CliRunner().invoke(cli, ["cache", "clear"])
    assert cleared.output == f"removed {files} file(s)\n"
    assert "files: 0" in CliRunner().invoke(cli, ["cache", "info"]).output
    assert CliRunner().invoke(cli, query).exit_code == 0  # rebuilt as needed


def test_the_answer_cache_is_bounded_in_bytes(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coopgraph.query.result_cache as result_cache

    monkeypatch.setattr(result_cache, "MAX_TOTAL_BYTES", 3000)
    for year in range(2000, 2010):
        args = ["query", "office-holders-on-date", "-p", f"date={year}-07-08", "--format", "csv"]
        assert CliRunner().invoke(cli, args).exit_code == 0
    sizes = [path.stat().st_size for path in (cache_dir / "results").glob("*.json")]
    assert sizes and sum(sizes) <= 3000


def run_on_a_terminal(args: list[str], seconds: float) -> tuple[int, bytes]:
    """Run the CLI with a pseudo-terminal as stdout and stderr; its exit code and output."""
    import os
    import pty
    import subprocess
    import sys

    from .conftest import ROOT

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "coopgraph", *args], cwd=ROOT,
                               stdout=follower, stderr=follower)  # fmt: skip
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return process.wait(timeout=seconds), output


@pytest.mark.slow
@pytest.mark.parametrize(("delay", "shown"), [(2.5, True), (0.0, False)])
def test_slow_remote_work_shows_a_spinner_on_a_terminal(delay: float, shown: bool) -> None:
    import http.server
    import json
    import time

    from .servers import faulty_front, reply

    body = json.dumps({"head": {}, "boolean": True}).encode()

    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        time.sleep(delay)
        reply(handler, 200, {"Content-Type": "application/sparql-results+json",
                             "Content-Length": str(len(body))}, body)  # fmt: skip

    with faulty_front(behaviour) as (url, _):
        code, output = run_on_a_terminal(["sparql", "ASK {}", "--endpoint", url], 60)
    assert code == 0
    assert (b"waiting for" in output) is shown
