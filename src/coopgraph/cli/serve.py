"""`coopgraph serve`: the read-only HTTP server over the embedded graph."""

from __future__ import annotations

from pathlib import Path

import click

from ..graph import open_graph
from ..project import find_project
from .options import current_project


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
    help="Port to listen on (0: any free one, printed at start).",
)  # fmt: skip
@click.option(
    "--data", multiple=True, type=click.Path(path_type=Path),
    help="Also serve this RDF file (repeatable).",
)  # fmt: skip
@click.option(
    "--project", "project_dir", metavar="DIR", type=click.Path(file_okay=False),
    help="Serve this project's ontology/, data/ and queries/ (as `coopgraph --project DIR`).",
)  # fmt: skip
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
    metavar="SECONDS", help="Stop a query after this long and answer 503.",
)  # fmt: skip
@click.option(
    "--max-results", type=click.IntRange(min=1), default=10_000, show_default=True,
    help="Answer 413 rather than return more rows or triples than this.",
)  # fmt: skip
@click.option(
    "--workers", type=click.IntRange(1, 64), default=2, show_default=True,
    help="Queries run at once (each a forked process); more wait within their own --timeout.",
)  # fmt: skip
def serve(
    host: str,
    port: int,
    data: tuple[Path, ...],
    project_dir: str | None,
    timeout: float,
    max_results: int,
    workers: int,
) -> None:
    """Serve the graph read-only over HTTP: a SPARQL endpoint (/sparql), the stored queries
    (/api/queries, /api/openapi.json), pages for every resource (/id/...) and the ontology,
    and a VoID description (/.well-known/void). Stops gracefully on SIGTERM or Ctrl-C (exit 0).
    """
    from ..publish.app import create_app
    from ..publish.server import bind
    from ..publish.server import serve as run_server
    from ..publish.worker import Limits

    project = find_project(project_dir) if project_dir else current_project()
    sock = bind(host, port)  # first: a port in use fails before the graph is loaded
    graph = open_graph(*data, project=project)
    limits = Limits(timeout=timeout, max_results=max_results, workers=workers)
    run_server(create_app(graph, limits=limits), sock, shutdown_grace=int(timeout) + 5)
