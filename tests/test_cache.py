"""The header cache: a hit gives what parsing gives; an untrusted folder is never read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coopgraph.io.cache import ENV_VAR, TextCache
from coopgraph.query import catalogue
from coopgraph.query.catalogue import parse_query_text

TEXT = """#+ summary: Cached or not, the same header
#+ params:
#+   date: {type: xsd:date, required: true, example: 2016-07-08}
SELECT ?date WHERE { BIND(1 AS ?x) }
"""


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    monkeypatch.setattr(catalogue, "_HEADERS", None)
    return tmp_path / "cache"


def parse_in_a_new_process(tmp_path: Path) -> catalogue.StoredQuery:
    """Parse, save the cache as a process does at exit, and forget it in memory."""
    parsed = parse_query_text(TEXT, tmp_path / "q.rq")
    catalogue._header_cache().save()
    catalogue._HEADERS = None
    return parsed


def test_a_cached_header_parses_like_a_fresh_one(cache_dir: Path, tmp_path: Path) -> None:
    first = parse_in_a_new_process(tmp_path)
    entries = json.loads((cache_dir / "query-headers-v1.json").read_text())
    assert len(entries) == 1
    second = parse_in_a_new_process(tmp_path)
    assert first == second
    assert second.params["date"].example == "2016-07-08"


def test_the_cache_folder_is_private(cache_dir: Path, tmp_path: Path) -> None:
    parse_in_a_new_process(tmp_path)
    assert cache_dir.stat().st_mode & 0o077 == 0


def plant(cache_dir: Path) -> None:
    path = cache_dir / "query-headers-v1.json"
    entries = json.loads(path.read_text())
    path.write_text(json.dumps({key: {"summary": "planted"} for key in entries}))


def test_a_planted_entry_in_a_shared_folder_is_ignored(cache_dir: Path, tmp_path: Path) -> None:
    parse_in_a_new_process(tmp_path)
    plant(cache_dir)
    os.chmod(cache_dir, 0o777)  # anyone could have written it
    assert parse_in_a_new_process(tmp_path).summary == "Cached or not, the same header"
    os.chmod(cache_dir, 0o700)
    assert parse_in_a_new_process(tmp_path).summary == "planted"  # so the test can fail


def test_a_damaged_file_is_a_miss(cache_dir: Path, tmp_path: Path) -> None:
    parse_in_a_new_process(tmp_path)
    (cache_dir / "query-headers-v1.json").write_bytes(b"\x00{not json")
    assert parse_in_a_new_process(tmp_path).summary == "Cached or not, the same header"


def test_the_cache_keeps_a_bounded_number_of_entries(cache_dir: Path) -> None:
    cache = TextCache("bounded")
    for number in range(1005):
        cache.put(str(number), number)
    cache.save()
    entries = json.loads((cache_dir / "bounded.json").read_text())
    assert len(entries) == 1000 and "0" not in entries and "1004" in entries
