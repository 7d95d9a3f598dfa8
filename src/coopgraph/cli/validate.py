"""`coopgraph validate`: shapes and check queries, one report, exit 1 when the data fails."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from ..validation import CORE_ENGINES, DEFAULT_ENGINE, REPORT_FORMATS, SEVERITIES, Report, validate
from .options import current_project


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--with-graph",
    is_flag=True,
    help="Check FILES together with the project's data they may refer to.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="ttl writes a SHACL validation report graph.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="violation",
    show_default=True,
    help="Lowest severity that makes the data fail.",
)
@click.option(
    "--shapes",
    "shapes",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also check these SHACL shapes (repeatable); SHACL-SPARQL constraints included.",
)
@click.option(
    "--only-shapes",
    is_flag=True,
    help="Check only the --shapes files: no project shapes, no check queries.",
)
@click.option(
    "--engine",
    type=click.Choice(list(CORE_ENGINES)),
    default=DEFAULT_ENGINE,
    show_default=True,
    help="SHACL Core engine (pyshacl is the reference); SHACL-SPARQL and checks run on Oxigraph.",
)
@click.option(
    "--waivers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Waivers file (default: ontology/shapes/waivers.yaml).",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Report only results whose focus node FILE describes (repeatable; with --with-graph, "
    "your results without the project's own).",
)
def validate_command(
    files: tuple[Path, ...],
    with_graph: bool,
    fmt: str,
    fail_on: str,
    shapes: tuple[Path, ...],
    only_shapes: bool,
    engine: str,
    waivers: Path | None,
    only: tuple[Path, ...],
) -> None:
    """Check the graph, or FILES, against the SHACL shapes and the check queries.

    Exit 0 when the data conforms, 1 when it does not (or a waiver expired), 2 when a shape
    cannot be evaluated as SHACL defines it (never skipped), 3 when input cannot be read or
    parsed.
    """
    with _phases() as progress:
        report = validate(
            files,
            with_graph=with_graph,
            fail_on=fail_on,
            waivers_file=waivers,
            project=current_project(),
            shapes=shapes,
            only_shapes=only_shapes,
            engine=engine,
            progress=progress,
            only=only,
        )
    click.echo(report.render(fmt), nl=False)
    if files and not with_graph:
        _hint_with_graph(report, files)
    if not report.conforms:
        sys.exit(1)


@contextlib.contextmanager
def _phases() -> Iterator[Callable[[str], None] | None]:
    """A spinner naming the current phase on a terminal's stderr; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("validating") as status:
        yield lambda phase: status.update(f"validating: {phase}")


def _hint_with_graph(report: Report, files: tuple[Path, ...]) -> None:
    """Results about resources the files only point at, and the project's graph describes,
    usually mean the data was checked without what it refers to: say so, on stderr."""
    from ..graph import open_graph
    from ..namespaces import compact_iri
    from ..validation import subjects_of

    referred = {str(f.value) for f in report.findings if f.value is not None}
    referred -= subjects_of(list(files))
    if not referred:
        return
    shipped = open_graph(project=current_project()).store
    import pyoxigraph as ox

    known = sorted(
        iri
        for iri in referred
        if iri.startswith("<")
        and any(True for _ in shipped.quads_for_pattern(ox.NamedNode(iri[1:-1]), None, None))
    )
    if known:
        example = compact_iri(known[0][1:-1])
        click.echo(
            f"Hint: {len(known)} result(s) point at resources the project's graph describes "
            f"but your files do not (such as {example}); rerun with --with-graph",
            err=True,
        )
