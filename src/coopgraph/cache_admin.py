"""What the cache folder holds, and emptying it (`coopgraph cache info|clear`)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from .io.cache import cache_root, owned_by_me, trusted_folder

#: The files coopgraph writes there: query header caches, and answers under results/.
_PATTERNS = ("*.json", "results/*.json")


@dataclass(frozen=True)
class CacheInfo:
    """The cache folder, whether it is used, and how many files and bytes it holds."""

    folder: Path
    trusted: bool
    files: int
    bytes: int


def cache_files() -> list[Path]:
    """coopgraph's own files in the cache folder (owned by the current user)."""
    root = cache_root()
    found = []
    for pattern in _PATTERNS:
        for path in sorted(root.glob(pattern)):
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink() and owned_by_me(path.stat()):
                    found.append(path)
    return found


def cache_info() -> CacheInfo:
    files = cache_files()
    size = 0
    for path in files:
        with contextlib.suppress(OSError):
            size += path.stat().st_size
    root = cache_root()
    return CacheInfo(root, trusted_folder(root), len(files), size)


def clear_cache() -> int:
    """Remove coopgraph's files from the cache folder; how many were removed."""
    removed = 0
    for path in cache_files():
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
            removed += 1
    return removed
