"""Cached answers are the answers: the same bytes, never stale, never trusted blindly."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.io.cache import ENV_VAR

SELECT = ["query", "office-holders-on-date", "-p", "date=2016-07-08"]
ASK = ["query", "was-member-on-date", "-p", "state=coopid:finland", "-p",
       "organisation=coopid:nato", "-p", "date=2023-04-04"]  # fmt: skip
CONSTRUCT = ["query", "declaration-graph", "-p", "declaration=coopid:warsaw-declaration-2016"]


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    return tmp_path / "cache"


def output(*args: str) -> bytes:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize(
    "args, formats",
    [
        (SELECT, ["csv", "tsv", "json", "xml", "md"]),
        (ASK, ["json", "csv"]),
        (CONSTRUCT, ["ttl", "nt", "jsonld"]),
    ],
    ids=["select", "ask", "construct"],
)
def test_a_cached_answer_is_byte_identical(
    args: list[str], formats: list[str], cache_dir: Path
) -> None:
    for fmt in formats:
        fresh = output(*args, "--format", fmt, "--no-cache")
        first = output(*args, "--format", fmt)
        assert list((cache_dir / "results").glob("*.json")), "the answer was not cached"
        second = output(*args, "--format", fmt)
        assert fresh == first == second


def test_no_cache_neither_reads_nor_writes(cache_dir: Path) -> None:
    output(*SELECT, "--format", "csv", "--no-cache")
    assert not (cache_dir / "results").exists()


def corrupt_every_entry(cache_dir: Path, data: bytes) -> None:
    for entry in (cache_dir / "results").glob("*.json"):
        entry.write_bytes(data)


def test_a_damaged_or_planted_entry_is_not_served(cache_dir: Path) -> None:
    good = output(*SELECT, "--format", "csv")
    corrupt_every_entry(cache_dir, b'{"form": "SELECT", "variables": [], "solutions": "{oops')
    assert output(*SELECT, "--format", "csv") == good
    corrupt_every_entry(cache_dir, b'{"form": "ASK", "boolean": "false"}')
    assert output(*SELECT, "--format", "csv") == good
    empty = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}})
    payload = json.dumps({"form": "SELECT", "variables": ["x"], "solutions": empty})
    for entry in (cache_dir / "results").glob("*.json"):  # well formed: its key, its digest
        digest = hashlib.sha256(payload.encode()).hexdigest()
        stored = {"key": entry.stem, "sha256": digest, "payload": payload}
        entry.write_text(json.dumps(stored))
    os.chmod(cache_dir / "results", 0o777)  # a folder others could write to is not trusted
    assert output(*SELECT, "--format", "csv") == good
    os.chmod(cache_dir / "results", 0o700)
    assert output(*SELECT, "--format", "csv") == b"x\r\n"  # trusted again: so the test can fail


def test_the_answer_depends_on_the_data_files(cache_dir: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    query = [
        "sparql",
        'SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "extra" }',
    ]
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    extra.write_text(f'<https://w3id.org/coopgraph/id/one> {label} "extra" .\n')
    assert b"/one" in output(*query, "--data", str(extra), "--format", "csv")
    extra.write_text(f'<https://w3id.org/coopgraph/id/two> {label} "extra" .\n')
    second = output(*query, "--data", str(extra), "--format", "csv")
    assert b"/two" in second and b"/one" not in second


def test_queries_that_differ_per_run_are_never_cached(cache_dir: Path) -> None:
    query = ["sparql", "SELECT (STRUUID() AS ?id) WHERE {}", "--format", "csv"]
    assert output(*query) != output(*query)
    assert not (cache_dir / "results").exists()
