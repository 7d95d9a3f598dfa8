"""The coopgraph command line: parse options, call the library, print."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .__about__ import __version__
from .atomic import atomic_write
from .catalogue import catalogue_markdown, list_queries, load_query
from .cli_link import link
from .errors import CoopgraphError
from .export import EXPORT_FORMATS, export_graph
from .formats import ALL_FORMATS, render
from .loading import load_graph
from .results import QueryResult
from .run import ENGINES, run_sparql, run_stored
from .stats import graph_stats
from .validate import REPORT_FORMATS, SEVERITIES, render_report, validate

F = TypeVar("F", bound=Callable[..., Any])


class CoopgraphGroup(click.Group):
    """Turns library errors into a one-line message and the documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoopgraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=CoopgraphGroup)
@click.version_option(__version__, prog_name="coopgraph")
def cli() -> None:
    """Query, check, link and export the sourced EU-NATO cooperation graph.

    Exit codes: 0 ok; 1 the data failed a check; 2 usage error; 3 input unreadable or
    unparseable; 4 remote endpoint failed; 5 remote result incomplete.
    """


@cli.command()
def stats() -> None:
    """Triples, resources per class, sources, and proposals described against those declared."""
    figures = graph_stats(load_graph())
    click.echo(f"triples: {figures.triples}")
    click.echo(f"source documents: {figures.source_documents} ({figures.cited_sources} cited)")
    click.echo("resources per class:")
    width = max(len(name) for name in figures.classes)
    for name, count in figures.classes.items():
        click.echo(f"  {name:<{width}}  {count:>5}")
    click.echo("proposals described / declared:")
    for row in figures.coverage:
        click.echo(f"  {row.label}: {row.described} / {row.declared}")
    click.echo(f"  total: {figures.described_total} / {figures.declared_total}")


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="ttl", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE atomically instead of standard output.",
)
def export(fmt: str, output: Path | None) -> None:
    """Export the shipped ontology and data as one graph, byte-identical across runs."""
    data = export_graph(load_graph(), fmt, output)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def run_options(func: F) -> F:
    """Options shared by `query` and `sparql`: where to run and how to write the result."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(ALL_FORMATS),
            help="Result format; default: a table on a terminal, else csv or ttl.",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the result to FILE atomically.",
        ),
        click.option(
            "--endpoint",
            metavar="URL|NAME",
            help="Run on a remote SPARQL endpoint (a URL or: wikidata, dbpedia).",
        ),
        click.option(
            "--engine",
            type=click.Choice(ENGINES),
            default="oxigraph",
            show_default=True,
            help="Embedded engine for local runs.",
        ),
        click.option(
            "--data",
            "data",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Also load this RDF file for a local run (repeatable).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=1),
            metavar="SECONDS",
            help="Remote runs: give up on a connect or read after this long.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def emit(result: QueryResult, fmt: str | None, output: Path | None) -> None:
    if fmt is None:
        on_terminal = output is None and sys.stdout.isatty()
        fmt = "table" if on_terminal else ("ttl" if result.graph is not None else "csv")
    data = render(result, fmt)
    if output is not None:
        atomic_write(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@cli.command("queries")
@click.option("--tag", help="Only queries with this tag.")
@click.option("--markdown", is_flag=True, help="Print the catalogue table of queries/README.md.")
def list_stored(tag: str | None, markdown: bool) -> None:
    """List the stored queries: name, summary and parameters."""
    if markdown:
        click.echo(catalogue_markdown(list_queries(tag=tag)), nl=False)
        return
    for query in list_queries(tag=tag):
        params = " ".join(
            f"{name}={'<' + spec.type + ('...' if spec.is_list else '') + '>'}"
            + ("" if spec.required else "?")
            for name, spec in query.params.items()
        )
        click.echo(f"{query.name}  {query.summary}" + (f"  [{params}]" if params else ""))


@cli.command()
@click.argument("name")
def show(name: str) -> None:
    """Print a stored query: its header and its SPARQL text."""
    click.echo(load_query(name).text, nl=False)


@cli.command()
@click.argument("name")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value; repeat for several parameters or list items.",
)
@run_options
def query(
    name: str,
    params: tuple[str, ...],
    fmt: str | None,
    output: Path | None,
    endpoint: str | None,
    engine: str,
    data: tuple[Path, ...],
    timeout: float | None,
) -> None:
    """Run the stored query NAME on the embedded graph or on --endpoint."""
    values: dict[str, list[str]] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", param_hint="-p")
        values.setdefault(key, []).append(value)
    result = run_stored(
        load_query(name), values, engine=engine, endpoint=endpoint, data=data, timeout=timeout
    )
    emit(result, fmt, output)


@cli.command()
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from FILE ('-' for standard input).",
)
@run_options
def sparql(
    text: str | None,
    file: Any,
    fmt: str | None,
    output: Path | None,
    endpoint: str | None,
    engine: str,
    data: tuple[Path, ...],
    timeout: float | None,
) -> None:
    """Run an ad-hoc SPARQL query given as TEXT, -f FILE, or '-' for standard input."""
    if text == "-":
        text = sys.stdin.read()
    elif file is not None:
        text = file.read()
    if not text:
        raise click.UsageError("Give the query as TEXT, with -f FILE, or as '-' on stdin")
    result = run_sparql(text, engine=engine, endpoint=endpoint, data=data, timeout=timeout)
    emit(result, fmt, output)


@cli.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--with-graph",
    is_flag=True,
    help="Check FILES together with the shipped data they may refer to.",
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
    "--waivers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Waivers file (default: ontology/shapes/waivers.yaml).",
)
def validate_command(
    files: tuple[Path, ...], with_graph: bool, fmt: str, fail_on: str, waivers: Path | None
) -> None:
    """Check the shipped graph, or FILES, against the SHACL shapes and the check queries.

    Exit 0 when the data conforms, 1 when it does not (or a waiver expired), 3 when input
    cannot be read or parsed.
    """
    report = validate(files, with_graph=with_graph, fail_on=fail_on, waivers_file=waivers)
    click.echo(render_report(report, fmt), nl=False)
    if not report.conforms:
        sys.exit(1)


cli.add_command(link)


def main() -> None:
    cli(prog_name="coopgraph")
