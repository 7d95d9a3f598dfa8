"""Small caches of JSON values (parsed query headers), safe to share a machine with.

A cache file maps the exact text a value was computed from to the value, so a hit needs no
hashing and can never be stale. Files hold JSON (never code) and are trusted only inside a
folder that belongs to the current user and that no one else can write to. Any doubt (wrong
owner, unreadable, not JSON) is a miss and the value is computed again; a failed write is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the start-up path
if TYPE_CHECKING:
    from typing import Any

ENV_VAR = "COOPGRAPH_CACHE_DIR"
MAX_ENTRIES = 1000


def cache_root() -> Path:
    """``$COOPGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/coopgraph``, else ``~/.cache/coopgraph``."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coopgraph"


class TextCache:
    """One JSON file in the cache folder: source text -> computed value."""

    def __init__(self, name: str) -> None:
        self.path = cache_root() / f"{name}.json"
        self._entries: dict[str, Any] | None = None
        self._dirty = False

    def get(self, text: str) -> Any | None:
        return self._load().get(text)

    def put(self, text: str, value: Any) -> None:
        entries = self._load()
        entries[text] = value
        while len(entries) > MAX_ENTRIES:
            entries.pop(next(iter(entries)))
        self._dirty = True

    def save(self) -> None:
        """Write the file atomically if anything was added; failures are ignored."""
        if not self._dirty or self._entries is None:
            return
        data = json.dumps(self._entries, default=str).encode("utf-8")
        write_private(self.path, data)
        self._dirty = False

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = self._read()
        return self._entries

    def _read(self) -> dict[str, Any]:
        if not trusted_folder(self.path.parent):
            return {}
        try:
            with self.path.open("rb") as handle:
                if not owned_by_me(os.fstat(handle.fileno())):
                    return {}
                entries = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            return {}
        return entries if isinstance(entries, dict) else {}


def write_private(path: Path, data: bytes) -> None:
    """Write a cache file atomically inside a private folder (made if needed); any failure (a
    read-only home, a full disk, a folder others can write to) leaves the cache as it was."""
    from ..errors import CoopgraphError
    from .atomic import atomic_write

    with contextlib.suppress(OSError, CoopgraphError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if trusted_folder(path.parent):
            atomic_write(path, data)


def trusted_folder(folder: Path) -> bool:
    """True for a folder of the current user's that no one else can write to."""
    try:
        info = folder.stat()
    except OSError:
        return False
    writable_by_others = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return stat.S_ISDIR(info.st_mode) and owned_by_me(info) and not writable_by_others


def owned_by_me(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()
