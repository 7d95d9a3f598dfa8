"""Which copy of ontology/, data/ and queries/ a command reads, and whether it may write there.

Inside a checkout (a folder holding ``ontology/coopgraph.ttl``, ``data/`` and ``queries/``, found
from the working directory upwards, or named by ``--project DIR`` or ``$COOPGRAPH_PROJECT``) every
command reads and writes that checkout's files. Elsewhere the copy packaged with coopgraph is read,
and commands that would write into it refuse: an installed package is not a place for user data.
"""

from __future__ import annotations

import os
from pathlib import Path

from ._record import Record
from .errors import UsageError

ENV_VAR = "COOPGRAPH_PROJECT"
_PACKAGED = Path(__file__).resolve().parent / "_resources"


class Project(Record):
    """A folder with ``ontology/``, ``data/`` and ``queries/``; ``packaged`` when read-only."""

    __slots__ = ("packaged", "root")
    root: Path
    packaged: bool

    def __init__(self, root: Path, packaged: bool = False) -> None:
        self._set(root=root, packaged=packaged)

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "coopgraph.ttl"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "ontology" / "shapes"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.queries_dir / "checks"

    def files(self) -> list[Path]:
        """The ontology and every curated data file in a stable order (snapshots last)."""
        data = sorted(self.data_dir.glob("*.ttl"))
        external = sorted((self.data_dir / "external").glob("*.ttl"))
        return [self.ontology, *data, *external]

    def writable_path(self, relative: str, *, option: str) -> Path:
        """``root/relative`` for a command to write; UsageError in the packaged copy.

        ``option`` names the command-line option that chooses another place (``-o``).
        """
        if self.packaged:
            raise UsageError(
                f"Not inside a coopgraph project, so there is nowhere to write {relative}: run "
                f"in a checkout, give --project DIR, or choose a file with {option}"
            )
        return self.root / relative


def is_project(folder: Path) -> bool:
    return (
        (folder / "ontology" / "coopgraph.ttl").is_file()
        and (folder / "data").is_dir()
        and (folder / "queries").is_dir()
    )


def find_project(explicit: str | os.PathLike[str] | None = None) -> Project:
    """The project to use: ``explicit``, else ``$COOPGRAPH_PROJECT``, else the working directory
    or its nearest parent that is a project, else the packaged copy.

    Raises UsageError when an explicitly named folder is not a project.
    """
    named = explicit if explicit is not None else os.environ.get(ENV_VAR) or None
    if named is not None:
        folder = Path(named).expanduser().resolve()
        if not is_project(folder):
            raise UsageError(
                f"{folder} is not a coopgraph project: it needs ontology/coopgraph.ttl, data/ "
                "and queries/"
            )
        return Project(folder)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return Project(folder)
    return packaged_project()


def packaged_project() -> Project:
    """The read-only copy shipped inside the package (or, in a source tree, the tree itself)."""
    if is_project(_PACKAGED):
        return Project(_PACKAGED, packaged=True)
    source_tree = Path(__file__).resolve().parent.parent.parent
    if is_project(source_tree):
        return Project(source_tree, packaged=True)
    raise UsageError("coopgraph cannot find its ontology/, data/ and queries/: reinstall it")
