"""`coopgraph plot`: a stored query drawn through its declared view, written atomically."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ..io.atomic import atomic_write
from .options import current_project, param_values

SUFFIXES = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot"}


@click.command("plot")
@click.argument("name")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
    help="A parameter value; repeat for several parameters or list items.",
)  # fmt: skip
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="The picture to write: FILE.svg, FILE.png, or FILE.dot (graphs only).",
)  # fmt: skip
@click.option(
    "--data", multiple=True, type=click.Path(path_type=Path),
    help="Also load this RDF file (repeatable).",
)  # fmt: skip
def plot_command(name: str, params: tuple[str, ...], output: Path, data: tuple[Path, ...]) -> None:
    """Draw the stored query NAME through its view (timeline or graph) into -o FILE.

    A timeline is written as SVG or PNG; a graph as SVG, PNG or Graphviz DOT. Exit 2 for a
    query whose view has no picture, or a suffix the view cannot be written in.
    """
    from ..graph import open_graph
    from ..publish.plot import check_plottable, draw, picture_title
    from ..query.catalogue import load_query
    from ..query.run import run_stored

    fmt = SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        if not output.suffix:
            raise UsageError(f"{output}: give the file a suffix, .svg, .png or .dot")
        raise UsageError(
            f"{output}: the suffix {output.suffix!r} names no picture format; write .svg, .png "
            "or .dot"
        )
    values = param_values(params)
    project = current_project()
    query = load_query(name, project.queries_dir)
    check_plottable(query, fmt)  # before loading the graph
    graph = open_graph(*data, project=project)
    results = run_stored(query, values, graph=graph)
    atomic_write(output, draw(query, results, fmt, title=picture_title(query, values)))
    if not results.rows and not results.triples:
        click.echo(f"note: {name} gave no answer with these parameters, so {output} says "
                   "there is nothing to draw", err=True)  # fmt: skip
