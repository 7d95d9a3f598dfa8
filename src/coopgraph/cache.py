"""The parsed graph, cached on disk and keyed on the content of the input files."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .__about__ import __version__
from .atomic import atomic_write
from .loading import load_files
from .oxterms import memory_store, to_ox_triples


def cache_root() -> Path:
    """``$COOPGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/coopgraph``, else ``~/.cache/coopgraph``."""
    explicit = os.environ.get("COOPGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coopgraph"


def files_key(files: list[Path]) -> str:
    """A digest of the files' names and bytes (and of the coopgraph version that parsed them)."""
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")  # load_files reports it properly
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def cached_rdflib_graph(files: list[Path]) -> Graph:
    """The files parsed by rdflib, from a pickle in the cache when the files are unchanged."""
    target = cache_root() / f"rdflib-{files_key(files)}.pickle"
    if target.is_file():
        with contextlib.suppress(Exception), target.open("rb") as handle:
            graph = pickle.load(handle)
            if isinstance(graph, Graph):
                return graph
    graph = load_files(files)
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL))
    return graph


def cached_oxigraph_store(files: list[Path]) -> ox.Store:
    """An Oxigraph store of the files, opened read-only from the cache when they are unchanged.

    A new store is built in a temporary folder and renamed into place, so concurrent runs never
    see a half-built store. Files are parsed by rdflib's checked loader, never by the network.
    """
    target = cache_root() / f"oxigraph-{files_key(files)}"
    if (target / "READY").is_file():
        with contextlib.suppress(OSError):
            return ox.Store.read_only(str(target))
    graph = load_files(files)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    except OSError:
        return _memory_store(graph)
    store = ox.Store(str(building))
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in to_ox_triples(graph))
    store.flush()
    del store
    (building / "READY").write_text("ok\n")
    try:
        building.rename(target)
    except OSError:
        shutil.rmtree(building, ignore_errors=True)  # another process finished first
    try:
        return ox.Store.read_only(str(target))
    except OSError:
        return _memory_store(graph)


def _memory_store(graph: Graph) -> ox.Store:
    return memory_store(graph)
