"""`coopgraph template KIND`: skeletons that parse and validate with the project's graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.templates import KINDS
from coopgraph.validation import Validator, validate

from .conftest import PROJECT

VALIDATOR = Validator(PROJECT)


@pytest.mark.parametrize("kind", KINDS)
def test_a_template_validates_with_the_graph_at_every_severity(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"{kind}.ttl"
    result = CliRunner().invoke(cli, ["template", kind, "-o", str(path)])
    assert result.exit_code == 0, result.output
    files = [path]
    report = validate(files, with_graph=True, fail_on="info", validator=VALIDATOR, only=files)
    assert report.findings == []
    assert "FILL IN" in path.read_text()


def test_an_unknown_kind_lists_the_kinds() -> None:
    result = CliRunner().invoke(cli, ["template", "treaty"])
    assert result.exit_code == 2 and "progress-report" in result.output
