"""`coopgraph site`: the static documentation site, built offline and written atomically."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import current_project


@click.command("site")
@click.option(
    "-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write (replaced whole if coopgraph wrote it before).",
)  # fmt: skip
@click.option(
    "--data", multiple=True, type=click.Path(path_type=Path),
    help="Also load this RDF file (repeatable).",
)  # fmt: skip
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
def site_command(output: Path, data: tuple[Path, ...], quiet: bool) -> None:
    """Build the static site into -o DIR: the ontology, the catalogue with example answers and
    pictures, a page per resource, the quality report and the memberships timeline. It loads
    nothing from elsewhere and works from file://. Written to a temporary folder first, then
    renamed into place."""
    from ..graph import open_graph
    from ..io.atomic import atomic_write_tree
    from ..publish.static_site import build_site

    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            click.echo(f"site: {message}", err=True)

    graph = open_graph(*data, project=current_project())
    files = build_site(graph, progress=say)
    atomic_write_tree(output, files)
    pages = sum(1 for name in files if name.endswith(".html"))
    say(f"{pages} pages, {len(files)} files in {output} ({time.perf_counter() - started:.1f} s)")
