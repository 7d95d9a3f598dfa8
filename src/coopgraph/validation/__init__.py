"""Check data against the SHACL shapes and the SPARQL check queries, in one report.

A SHACL Core engine (core_engines.py; pySHACL is the reference) runs the core constraints;
SHACL-SPARQL constraints and the check queries run on the embedded Oxigraph store. rdflib and
pySHACL are imported only when they run.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import UsageError
from ..graph import Graph, open_graph
from ..project import Project, find_project
from .core_engines import CORE_ENGINES
from .report import REPORT_FORMATS, SEVERITIES, Finding, Report
from .validator import DEFAULT_ENGINE, Validator, list_checks
from .waivers import Waiver, load_waivers

__all__ = [
    "CORE_ENGINES",
    "DEFAULT_ENGINE",
    "REPORT_FORMATS",
    "SEVERITIES",
    "Finding",
    "Report",
    "Validator",
    "Waiver",
    "list_checks",
    "validate",
]


def validate(
    files: Sequence[str | Path] = (),
    *,
    graph: Graph | None = None,
    with_graph: bool = False,
    fail_on: str = "violation",
    waivers_file: Path | None = None,
    today: datetime.date | None = None,
    project: Project | str | os.PathLike[str] | None = None,
    validator: Validator | None = None,
    shapes: Sequence[str | Path] = (),
    only_shapes: bool = False,
    engine: str = DEFAULT_ENGINE,
    progress: Callable[[str], None] | None = None,
    only: Sequence[str | Path] = (),
) -> Report:
    """Validate a graph, the project's graph (no arguments) or ``files`` against the shapes and
    check queries, and return the report.

    Files are checked together with the ontology and, with ``with_graph``, with the project's
    data, so they may refer to its resources. No inference is run. ``waivers_file`` defaults to
    ``ontology/shapes/waivers.yaml``; a file named explicitly must exist. Raises InputError
    (exit 3) for unreadable input, UsageError (exit 2) for a bad ``fail_on``. Pass a
    ``validator`` to reuse shapes and checks already prepared; ``shapes``, ``only_shapes`` and
    ``engine`` are passed to :class:`Validator`. ``only`` keeps the results whose focus node is
    described (a subject) in those files: your own results, without the project's.
    """
    if fail_on not in SEVERITIES:
        raise UsageError(f"fail_on (--fail-on) must be one of {', '.join(SEVERITIES)}")
    if isinstance(files, str | os.PathLike):
        files = [files]  # one file, not a sequence of characters
    checked = {Path(f).resolve() for f in files}
    strangers = [str(f) for f in only if Path(f).resolve() not in checked]
    if strangers:
        raise UsageError(
            f"--only {strangers[0]}: not one of the files being checked; name one of them "
            "(only their results are then reported)"
        )
    if project is not None and not isinstance(project, Project):
        project = find_project(project)
    project = project or (
        validator.project if validator else graph.project if graph else find_project()
    )
    if graph is None:
        graph = _data_graph(project, [Path(f) for f in files], with_graph)
    waivers = load_waivers(
        waivers_file or project.shapes_dir / "waivers.yaml", required=waivers_file is not None
    )
    validator = validator or Validator(
        project, shapes=shapes, only_shapes=only_shapes, engine=engine
    )
    report = validator.run(graph, fail_on=fail_on, waivers=waivers, today=today, progress=progress)
    if only:
        described = subjects_of([Path(f) for f in only])
        kept = [f for f in report.findings if f.focus is not None and str(f.focus) in described]
        report = dataclasses.replace(report, findings=kept)
    return report


def subjects_of(files: Sequence[Path]) -> set[str]:
    """The subjects of the files' triples, as N-Triples text."""
    from ..io.read import read_triples

    return {str(triple.subject) for path in files for triple in read_triples(path)}


def _data_graph(project: Project, files: list[Path], with_graph: bool) -> Graph:
    if not files:
        return open_graph(project=project, lazy=True)
    base = project.files() if with_graph else [project.ontology]
    # Lazy: SHACL Core may run in a forked child, which must fork before the store is built.
    return open_graph(*base, *files, shipped=False, project=project, lazy=True)
