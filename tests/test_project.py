"""Commands read and write the project they run in, never the installed package."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import coopgraph

from .conftest import ROOT, run_coopgraph

PACKAGE = Path(coopgraph.__file__).resolve().parent


def copy_of_checkout(tmp_path: Path) -> Path:
    copy = tmp_path / "checkout"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, copy / folder)
    return copy


def package_state() -> dict[str, tuple[int, int]]:
    """Every file under the installed package, with its size and modification time."""
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_an_edited_label_shows_up_in_the_next_query(tmp_path: Path) -> None:
    copy = copy_of_checkout(tmp_path)
    actors = copy / "data" / "actors.ttl"
    text = actors.read_text(encoding="utf-8")
    assert '"Jens Stoltenberg"@en' in text
    nested = copy / "queries" / "checks"  # found from a subfolder too
    args = ("query", "office-holders-on-date", "-p", "date=2016-07-08", "--format", "csv")
    before = run_coopgraph(*args, cwd=nested)  # the answer is cached now
    assert b"Jens Stoltenberg" in before.stdout
    actors.write_text(text.replace('"Jens Stoltenberg"@en', '"J. Stoltenberg (edited)"@en'))
    result = run_coopgraph(*args, cwd=nested)
    assert result.returncode == 0, result.stderr
    assert b"J. Stoltenberg (edited)" in result.stdout
    info = run_coopgraph("info", cwd=copy)
    assert f"graph: {copy} (project, read-write)".encode() in info.stdout


def test_project_option_and_environment_name_the_project(tmp_path: Path) -> None:
    copy = copy_of_checkout(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    by_option = run_coopgraph("--project", str(copy), "info", cwd=elsewhere)
    assert f"graph: {copy} (project".encode() in by_option.stdout
    env_run = coopgraph_env_run(["info"], elsewhere, {"COOPGRAPH_PROJECT": str(copy)})
    assert f"graph: {copy} (project".encode() in env_run.stdout
    bad = run_coopgraph("--project", str(elsewhere), "info", cwd=elsewhere)
    assert bad.returncode == 2
    assert b"is not a coopgraph project" in bad.stderr


def coopgraph_env_run(args: list[str], cwd: Path, extra: dict[str, str]) -> object:
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "coopgraph", *args],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **extra},
        timeout=120,
        check=False,
    )


@pytest.mark.slow  # waits or spawns for seconds; .ci/run runs it
def test_outside_a_project_nothing_under_the_package_changes(tmp_path: Path) -> None:
    before = package_state()
    review = tmp_path / "review.tsv"
    review.write_text("entity\n")
    runs = {
        "info": run_coopgraph("info", cwd=tmp_path),
        "query": run_coopgraph("query", "declarations", "--format", "csv", cwd=tmp_path),
        "export": run_coopgraph("export", "-o", str(tmp_path / "g.ttl"), cwd=tmp_path),
        "validate": run_coopgraph("validate", cwd=tmp_path),
        "link status": run_coopgraph("link", "status", cwd=tmp_path),
        "accept": run_coopgraph("link", "accept", str(review), cwd=tmp_path),
        "refresh": run_coopgraph(
            "link", "refresh", "--endpoint", "http://127.0.0.1:9/", cwd=tmp_path
        ),
    }
    for name in ("info", "query", "export", "validate", "link status"):
        assert runs[name].returncode == 0, (name, runs[name].stderr)
    assert b"(packaged copy, read-only)" in runs["info"].stdout
    for name, option in (("accept", b"--links-file"), ("refresh", b"-o")):
        assert runs[name].returncode == 2, runs[name].stderr
        lines = runs[name].stderr.decode().strip().splitlines()
        assert len(lines) == 1 and "Not inside a coopgraph project" in lines[0]
        assert option in runs[name].stderr
    assert package_state() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl", "review.tsv"]


def test_a_project_copies_and_pickles_as_a_value() -> None:
    import copy
    import pickle

    project = coopgraph.project.find_project(str(ROOT))
    for clone in (copy.copy(project), copy.deepcopy(project), pickle.loads(pickle.dumps(project))):
        assert clone == project and hash(clone) == hash(project)
    with pytest.raises(AttributeError, match="immutable"):
        project.packaged = True  # type: ignore[misc]
