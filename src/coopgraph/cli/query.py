"""`coopgraph queries`, `show`, `query` and `sparql`: the stored-query path.

This module is on the path of the fastest commands: it imports click, pyoxigraph and our own
query modules only.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

import click

from .._process import keep_until_exit
from ..formats import ALL_FORMATS
from ..formats.emit import emit
from ..query.catalogue import catalogue_markdown, list_queries, listing_line, load_query
from ..query.run import ENGINES, run_sparql, run_stored
from ..quick import missing_snapshot_note
from .options import current_project, output_option, param_values, remote_status, stack

run_options = stack(
    click.option(
        "--format",
        "fmt",
        type=click.Choice(ALL_FORMATS),
        help="Result format; default: a table on a terminal, else csv or ttl.",
    ),
    output_option("Write the result to FILE atomically."),
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
        type=click.Path(path_type=Path),
        help="Also load this RDF file for a local run (repeatable).",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(min=1),
        metavar="SECONDS",
        help="Remote runs: give up when the whole exchange, retries and their waits "
        "included, takes longer than this (default: the endpoint's, 30 s for a URL).",
    ),
    click.option(
        "--no-cache",
        is_flag=True,
        help="Run the query even if the answer is cached (answers are cached per query text "
        "and exact input bytes, so a cached one is never stale).",
    ),
)


def _graph(endpoint: str | None, data: tuple[Path, ...], no_cache: bool) -> Any:
    if endpoint is not None:
        return None
    from ..graph import open_graph

    # Lazy: a cached answer needs only the files' bytes, not a parsed graph.
    graph = open_graph(*data, project=current_project(), lazy=True, cache_results=not no_cache)
    keep_until_exit(graph)
    return graph


def _read_query_file(path: Path) -> str:
    """A query file: a regular file under the size cap, in UTF-8 (exit 3 otherwise)."""
    from ..io.read import read_checked

    return _utf8(read_checked(path), str(path))


def _read_stdin() -> str:
    from ..io.read import MAX_INPUT_BYTES

    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        from ..errors import InputError

        raise InputError(f"standard input: over {MAX_INPUT_BYTES} bytes; give a query, not data")
    return _utf8(data, "standard input")


def _utf8(data: bytes, origin: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from ..errors import InputError

        raise InputError(f"{origin}: not UTF-8 text (byte {exc.start}); re-save as UTF-8") from None


@click.command("queries")
@click.option("--tag", help="Only queries with this tag.")
@click.option("--markdown", is_flag=True, help="Print the catalogue table of queries/README.md.")
def list_stored(tag: str | None, markdown: bool) -> None:
    """List the stored queries: name, summary and parameters."""
    found = list_queries(current_project().queries_dir, tag=tag)
    if tag is not None and not found:
        from ..errors import UsageError

        known = sorted({t for q in list_queries(current_project().queries_dir) for t in q.tags})
        raise UsageError(f"No stored query has the tag {tag!r}; tags: {', '.join(known)}")
    if markdown:
        click.echo(catalogue_markdown(found), nl=False)
        return
    for query in found:
        click.echo(listing_line(query))


def _complete_name(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion: the stored queries whose name starts with what was typed."""
    from click.shell_completion import CompletionItem

    return [
        CompletionItem(q.name, help=q.summary)
        for q in list_queries(current_project(ctx).queries_dir)
        if q.name.startswith(incomplete)
    ]


def _complete_param(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of -p: the chosen query's parameter names, as NAME=."""
    from click.shell_completion import CompletionItem

    # While -p waits for its value, click leaves the query name unparsed in ctx.args.
    name = ctx.params.get("name") or (ctx.args[0] if ctx.args else None)
    if not name:
        return []
    try:
        stored = load_query(name, current_project(ctx).queries_dir)
    except Exception:  # an unknown or broken query: nothing to offer
        return []
    return [
        CompletionItem(f"{key}=", help=spec.description or spec.type)
        for key, spec in stored.params.items()
        if f"{key}=".startswith(incomplete)
    ]


@click.command()
@click.argument("name", shell_complete=_complete_name)
def show(name: str) -> None:
    """Print a stored query: its header and its SPARQL text."""
    click.echo(load_query(name, current_project().queries_dir).text, nl=False)


@click.command()
@click.argument("name", shell_complete=_complete_name)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    shell_complete=_complete_param,
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
    no_cache: bool,
) -> None:
    """Run the stored query NAME on the embedded graph or on --endpoint."""
    values = param_values(params)
    project = current_project()
    stored = load_query(name, project.queries_dir)
    graph = _graph(endpoint, data, no_cache)
    with remote_status(f"waiting for {endpoint}") if endpoint else contextlib.nullcontext():
        result = run_stored(
            stored, values, graph=graph, engine=engine, endpoint=endpoint, timeout=timeout
        )
    emit(result, fmt, output)
    note = missing_snapshot_note(stored, result, project, data=bool(data or endpoint))
    if note:
        click.echo(note, err=True)


@click.command()
@click.argument("text", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Read the query from FILE ('-' for standard input).",
)
@run_options
def sparql(
    text: str | None,
    file: Path | None,
    fmt: str | None,
    output: Path | None,
    endpoint: str | None,
    engine: str,
    data: tuple[Path, ...],
    timeout: float | None,
    no_cache: bool,
) -> None:
    """Run an ad-hoc SPARQL query given as TEXT, -f FILE, or '-' for standard input."""
    if text == "-" or str(file) == "-":
        text = _read_stdin()
    elif file is not None:
        text = _read_query_file(file)
    if not text:
        raise click.UsageError("Give the query as TEXT, with -f FILE, or as '-' on stdin")
    graph = _graph(endpoint, data, no_cache)
    with remote_status(f"waiting for {endpoint}") if endpoint else contextlib.nullcontext():
        result = run_sparql(text, graph=graph, engine=engine, endpoint=endpoint, timeout=timeout)
    emit(result, fmt, output)
