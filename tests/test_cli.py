"""The command line: version, stats and export through click's runner, with exit codes."""

from __future__ import annotations

import re

import click
from click.testing import CliRunner

from coopgraph import __version__
from coopgraph.cli import cli

from .conftest import run_coopgraph


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"coopgraph, version {__version__}\n"


def test_version_without_click_answers_as_click_does() -> None:
    # The entry point answers --version before importing click (start-up, issue 8).
    fresh = run_coopgraph("--version")
    assert fresh.returncode == 0
    assert fresh.stdout.decode() == CliRunner().invoke(cli, ["--version"]).output


def test_stats_reports_size_classes_sources_and_coverage() -> None:
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search(r"^triples: \d{4,}$", out, re.M)
    assert re.search(r"^source documents: \d+ \(\d+ cited\)$", out, re.M)
    assert re.search(r"^  coop:JointDeclaration\s+3$", out, re.M)
    assert re.search(r"^  coop:ProgressReport\s+10$", out, re.M)
    assert re.search(r"^  coop:ProposalSet\s+2$", out, re.M)
    sets = re.findall(r"^  .+: (\d+) / (42|32)$", out, re.M)
    assert len(sets) == 2 and all(int(described) > 0 for described, _ in sets)
    total = re.search(r"^  total: (\d+) / 74$", out, re.M)
    assert total and 0 < int(total.group(1)) <= 74


def test_export_unknown_format_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "csv"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output


def test_export_into_missing_folder_exits_3(tmp_path: object) -> None:
    result = CliRunner().invoke(cli, ["export", "-o", "/nonexistent-folder/x.ttl"])
    assert result.exit_code == 3
    assert result.output.strip().startswith("Error: /nonexistent-folder: no such folder")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    from pathlib import Path

    from coopgraph.cli import cli as root

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for path in _commands(root):
        result = CliRunner().invoke(root, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Usage: " in result.output
        assert f"coopgraph {' '.join(path)}" in readme, f"README does not mention {path}"
