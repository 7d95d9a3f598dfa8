"""Atomic file writes: the old file stays intact unless the new one is complete and checked."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..errors import InputError


def atomic_write(path: Path, data: bytes, *, check: Callable[[Path], None] | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    ``check`` is called on the finished temporary file (for example to re-parse it) before it
    replaces ``path``; if it raises, or anything else fails, ``path`` is left as it was and the
    temporary file is removed.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder; create it or choose another output path")
    import tempfile  # off the import path of commands that only print

    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(tmp)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        _sync_folder(folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename durable: without this, a power cut can lose the new directory entry."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a platform or file system that cannot open folders
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


#: The file that marks a folder as written by atomic_write_tree, so it may be replaced.
TREE_MARK = ".coopgraph-site"


def atomic_write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative path -> bytes) as the folder ``folder``: built whole in a
    temporary folder beside it, then renamed into place; an old folder is swapped out and
    removed only after the new one is in place. Refuses (InputError) to replace a folder that
    is not empty and was not written by this function (it has no TREE_MARK file)."""
    import shutil
    import tempfile

    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{parent}: no such folder; create it or choose another output path")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: exists and is not a folder; choose another output path")
    if folder.is_dir() and any(folder.iterdir()):
        if not (folder / TREE_MARK).is_file():
            raise InputError(
                f"{folder}: a folder that coopgraph did not write is in the way; remove it or "
                "choose another output folder (nothing was written)"
            )
        added = _files_not_written(folder)
        if added:
            shown = ", ".join(map(repr, added[:3])) + (
                f" and {len(added) - 3} more" if len(added) > 3 else ""
            )
            raise InputError(
                f"{folder}: holds files coopgraph did not write ({shown}), which a rebuild would "
                "remove; move them out or choose another output folder (nothing was written)"
            )
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent))
    old: Path | None = None
    try:
        # The mark lists what was written (JSON), so that a rebuild can tell what was added since.
        written = sorted(PurePosixPath(relative).as_posix() for relative in files)
        mark = json.dumps({"written by": "coopgraph", "files": written}, indent=0).encode()
        for relative, data in {**files, TREE_MARK: mark}.items():
            target = (staging / relative).resolve()
            if staging.resolve() not in target.parents:
                raise InputError(f"{relative}: a path outside the output folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.replace(folder, old)
        os.replace(staging, folder)
        _sync_folder(parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not folder.exists():
            os.replace(old, folder)  # put the old site back
            old = None
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _files_not_written(folder: Path) -> list[str]:
    """Entries under ``folder`` (files, folders, links) that its TREE_MARK does not account for,
    sorted; a mark without a readable listing accounts for nothing."""
    try:
        listed = json.loads((folder / TREE_MARK).read_text(encoding="utf-8"))["files"]
        written = {str(name) for name in listed}
    except (OSError, ValueError, KeyError, TypeError):
        written = set()
    expected = set(written) | {TREE_MARK}
    for name in written:  # the folders that hold them
        expected.update(parent.as_posix() for parent in PurePosixPath(name).parents)
    found = []
    for root, folders, names in os.walk(folder, followlinks=False):
        for name in [*folders, *names]:
            found.append((Path(root) / name).relative_to(folder).as_posix())
    return sorted(name for name in found if name not in expected)
