"""A small, content-addressed cache of JSON values (parsed query headers), safe to share.

Entries are named by the SHA-256 of what they were computed from, hold JSON (never code), and
are trusted only inside a folder that belongs to the current user and that no one else can
write to. Any doubt (wrong owner, unreadable, not JSON) means a miss, and the value is computed
again; a failed write is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path
from typing import Any

ENV_VAR = "COOPGRAPH_CACHE_DIR"


def cache_root() -> Path:
    """``$COOPGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/coopgraph``, else ``~/.cache/coopgraph``."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coopgraph"


def key_of(*parts: str) -> str:
    import hashlib

    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def get(kind: str, key: str) -> Any | None:
    """The cached value, or None when there is none that can be trusted."""
    folder = cache_root() / kind
    if not _trusted(folder):
        return None
    try:
        with (folder / f"{key}.json").open("rb") as handle:
            if not _owned_by_me(os.fstat(handle.fileno())):
                return None
            return json.loads(handle.read())
    except (OSError, ValueError, RecursionError):
        return None


def put(kind: str, key: str, value: Any) -> None:
    """Store ``value`` (JSON-serialisable; dates become text); failures are ignored."""
    folder = cache_root() / kind
    with contextlib.suppress(OSError, TypeError, ValueError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(folder):
            return
        data = json.dumps(value, default=str).encode("utf-8")
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / f"{key}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _trusted(folder: Path) -> bool:
    try:
        info = folder.stat()
    except OSError:
        return False
    writable_by_others = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return stat.S_ISDIR(info.st_mode) and _owned_by_me(info) and not writable_by_others


def _owned_by_me(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()
