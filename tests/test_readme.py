"""The README's Python examples run, and print exactly what their `# ->` lines say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from .conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 3
    text = "\n".join(BLOCKS)
    for job in ("graph.run(", "coopgraph.validate(", "coopgraph.export_graph(", "link_status("):
        assert job in text, f"no README example of {job}"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block-{n}" for n in range(1, len(BLOCKS) + 1)])
def test_readme_example_runs_with_its_output(
    block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The checkout is the project; files an example writes land in tmp_path.
    monkeypatch.setenv("COOPGRAPH_PROJECT", str(ROOT))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    expected = [line[len("# -> ") :] for line in block.splitlines() if line.startswith("# -> ")]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    assert out.getvalue().splitlines() == expected
