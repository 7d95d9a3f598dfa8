"""The header cache: a hit gives what parsing gives; an untrusted folder is never read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coopgraph.io import cache
from coopgraph.query.catalogue import parse_query_text

TEXT = """#+ summary: Cached or not, the same header
#+ params:
#+   date: {type: xsd:date, required: true, example: 2016-07-08}
SELECT ?date WHERE { BIND(1 AS ?x) }
"""


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_cached_header_parses_like_a_fresh_one(cache_dir: Path, tmp_path: Path) -> None:
    first = parse_query_text(TEXT, tmp_path / "q.rq")
    assert len(list((cache_dir / "headers").glob("*.json"))) == 1
    second = parse_query_text(TEXT, tmp_path / "q.rq")
    assert first == second
    assert second.params["date"].example == "2016-07-08"


def test_the_cache_folder_is_private(cache_dir: Path, tmp_path: Path) -> None:
    parse_query_text(TEXT, tmp_path / "q.rq")
    assert (cache_dir / "headers").stat().st_mode & 0o077 == 0


def test_a_planted_entry_in_a_shared_folder_is_ignored(cache_dir: Path, tmp_path: Path) -> None:
    parse_query_text(TEXT, tmp_path / "q.rq")
    entry = next((cache_dir / "headers").glob("*.json"))
    entry.write_text(json.dumps({"summary": "planted"}))
    os.chmod(cache_dir / "headers", 0o777)  # anyone could have written it
    assert parse_query_text(TEXT, tmp_path / "q.rq").summary == "Cached or not, the same header"
    os.chmod(cache_dir / "headers", 0o700)
    assert parse_query_text(TEXT, tmp_path / "q.rq").summary == "planted"  # so the test can fail


def test_a_damaged_entry_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    parse_query_text(TEXT, tmp_path / "q.rq")
    next((cache_dir / "headers").glob("*.json")).write_bytes(b"\x00{not json")
    assert parse_query_text(TEXT, tmp_path / "q.rq").summary == "Cached or not, the same header"
