"""Answers of read-only queries, cached on disk and keyed on everything that decides them.

The key is a SHA-256 of the coopgraph and pyoxigraph versions, the engine, the exact query text
(parameters already bound) and the name and bytes of every input file, so an answer is never
stale: any edit to the data, the query or the software is a miss. Entries hold JSON written by
us (SPARQL JSON from pyoxigraph, or N-Triples text), never code, and are read only from a folder
the current user owns and no one else can write to. Each file also carries its key and a SHA-256
of its payload: a damaged entry (cut short, bytes changed, copied under another name) is a miss,
never a wrong or empty answer. Remote runs and
the rdflib reference engine are never cached.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pyoxigraph as ox

from ..io.cache import cache_root, owned_by_me, trusted_folder, write_private
from .results import Results

#: Answers bigger than this are not kept.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
#: How many answers, and how many bytes of them, the folder keeps; the least recently written
#: go first.
MAX_ENTRIES = 256
MAX_TOTAL_BYTES = 256 * 1024 * 1024


def folder() -> Path:
    return cache_root() / "results"


def key_of(fingerprint: str, engine: str, text: str) -> str:
    import hashlib

    digest = hashlib.sha256(f"{fingerprint}\0{engine}\0".encode())
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def get(key: str) -> Results | None:
    """The cached answer for ``key``, or None."""
    where = folder()
    if not trusted_folder(where):
        return None
    try:
        with (where / f"{key}.json").open("rb") as handle:
            if not owned_by_me(os.fstat(handle.fileno())):
                return None
            stored = json.loads(handle.read())
        payload = stored["payload"]
        if stored["key"] != key or stored["sha256"] != _digest(payload):
            return None
        return _results(json.loads(payload))
    except (OSError, ValueError, KeyError, TypeError, SyntaxError, RecursionError, AttributeError):
        return None


def put(key: str, results: Results) -> None:
    """Keep ``results`` under ``key``; failures (a full disk, a read-only home) are ignored."""
    entry: dict[str, object] = {"form": results.form}
    if results.boolean is not None:
        entry["boolean"] = results.boolean
    elif results.triples is not None:
        entry["triples"] = "".join(f"{t} .\n" for t in results.triples)
    else:
        entry["variables"] = results.variables
        entry["solutions"] = results.solutions_json().decode("utf-8")
    payload = json.dumps(entry)
    stored = {"key": key, "sha256": _digest(payload), "payload": payload}
    data = json.dumps(stored).encode("utf-8")
    if len(data) > MAX_ENTRY_BYTES:
        return
    write_private(folder() / f"{key}.json", data)
    _prune(folder())


def _digest(payload: str) -> str:
    import hashlib

    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _results(entry: dict[str, object]) -> Results:
    form = str(entry["form"])
    if "boolean" in entry:
        if not isinstance(entry["boolean"], bool):
            raise ValueError("not a boolean")
        return Results("ASK", boolean=entry["boolean"])
    if "triples" in entry:
        text = str(entry["triples"]).encode("utf-8")
        return Results(form, triples=list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES)))
    solutions = str(entry["solutions"]).encode("utf-8")
    parsed = ox.parse_query_results(solutions, format=ox.QueryResultsFormat.JSON)
    if not isinstance(parsed, ox.QuerySolutions):
        raise ValueError("not solutions")
    return Results.from_oxigraph("SELECT", parsed)


def _prune(where: Path) -> None:
    """Keep the most recently written answers, at most MAX_ENTRIES and MAX_TOTAL_BYTES."""
    try:
        stats = [(path, path.stat()) for path in where.glob("*.json")]
    except OSError:  # another process pruned a file between glob and stat
        return
    stats.sort(key=lambda item: item[1].st_mtime_ns, reverse=True)  # newest first
    total = 0
    for rank, (path, info) in enumerate(stats):
        total += info.st_size
        if rank >= MAX_ENTRIES or total > MAX_TOTAL_BYTES:
            with contextlib.suppress(OSError):
                path.unlink()
