"""`coopgraph push`: load the graph into a server store (Graph Store Protocol or SPARQL Update)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from ..errors import UsageError
from ..graph import open_graph
from ..publish.push import PUSH_TIMEOUT, Progress, push
from ..publish.stores import LAYOUTS
from .options import current_project


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store: its root URL, a Fuseki dataset or a GraphDB repository (see --store).",
)
@click.option(
    "--store",
    type=click.Choice(list(LAYOUTS)),
    default="generic",
    show_default=True,
    help="Which server, for the default service paths under --endpoint.",
)
@click.option(
    "--graph",
    "named_graph",
    metavar="IRI",
    help="Into this named graph (default: the default graph).",
)
@click.option("--replace", is_flag=True, help="Replace the graph's content.")
@click.option("--merge", is_flag=True, help="Add to the graph's content (the default).")
@click.option(
    "--data",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Also push this RDF file (repeatable).",
)
@click.option("--no-shipped", is_flag=True, help="Push only the --data files.")
@click.option(
    "--auth",
    envvar="COOPGRAPH_AUTH",
    show_envvar=True,
    metavar="USER:PASSWORD",
    help="Credentials for Basic or Digest challenges; never printed.",
)
@click.option(
    "--token",
    envvar="COOPGRAPH_TOKEN",
    show_envvar=True,
    metavar="TOKEN",
    help="A bearer token (QLever's access token); never printed.",
)
@click.option("--gsp-url", metavar="URL", help="Graph Store Protocol URL (overrides --store).")
@click.option("--query-url", metavar="URL", help="SPARQL query URL, for the checks.")
@click.option("--update-url", metavar="URL", help="SPARQL Update URL, for the fallback.")
@click.option(
    "--protocol",
    type=click.Choice(["auto", "gsp", "update"]),
    default="auto",
    show_default=True,
    help="auto: Graph Store Protocol, else SPARQL Update when the "
    "first GSP request gets 400, 404, 405, 406, 415 or 501.",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    metavar="N",
    help="Triples per request (default: 100000 by GSP, 1000 by Update).",
)
@click.option(
    "--verify",
    type=click.Choice(["auto", "count", "full", "none"]),
    default="auto",
    show_default=True,
    help="auto: count after --replace, check every triple by ASK "
    "after --merge (or when the count differs).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=PUSH_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Limit for each request, its retries included.",
)
def push_command(
    data: tuple[Path, ...], no_shipped: bool, auth: str | None, merge: bool, **options: object
) -> None:
    """Load the graph into a SPARQL store, then check the store holds every triple.

    Exit codes: 0 pushed and verified; 2 usage error; 3 a file cannot be read; 4 the store
    refused or failed after retries; 5 the store does not hold every pushed triple.
    """
    if merge and options["replace"]:
        raise UsageError("--replace and --merge exclude each other: give one")
    if no_shipped and not data:
        raise UsageError("--no-shipped leaves nothing to push; add --data FILE")
    graph = open_graph(*data, project=current_project(), shipped=not no_shipped)
    with _progress_bar() as progress:
        report = push(graph, auth=_credentials(auth), progress=progress, **options)  # type: ignore[arg-type]
    click.echo(
        f"pushed {report.pushed} triples into {report.target} by {report.protocol} "
        f"({report.mode}, {report.requests} requests, {report.seconds:.1f} s); "
        f"the store holds {report.after if report.after is not None else '?'} there, "
        f"verified: {report.verified}"
    )
    if report.fallback:
        click.echo(f"note: {report.fallback}; used SPARQL Update instead", err=True)
    if report.skolemised:
        click.echo(f"note: {report.skolemised} blank nodes were pushed as skolem IRIs", err=True)


def _credentials(auth: str | None) -> tuple[str, str] | None:
    """USER:PASSWORD split at the first colon; the value is never echoed."""
    if auth is None or auth == "":
        return None
    user, colon, password = auth.partition(":")
    if not colon or not user:
        raise UsageError("--auth / COOPGRAPH_AUTH: give USER:PASSWORD")
    return user, password


@contextlib.contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A progress bar on a terminal's stderr; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, object] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                label = "pushing" if phase == "push" else "checking"
                tasks[phase] = bar.add_task(label, total=total)
            bar.update(tasks[phase], completed=done)  # type: ignore[arg-type]

        callback: Callable[[str, int, int], None] = update
        yield callback
