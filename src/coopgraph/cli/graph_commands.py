"""`coopgraph info`, `stats` and `export`: what the graph is, what it holds, and a copy of it."""

from __future__ import annotations

from pathlib import Path

import click

from ..__about__ import __version__
from ..export import EXPORT_FORMATS, export_graph, write_rdf
from ..graph import open_graph
from ..io.cache import cache_root
from ..namespaces import compact_iri
from ..stats import graph_stats
from .options import current_project, output_option, write_stdout


@click.command()
def info() -> None:
    """Version, which copy of the graph is in use, its size and content hash."""
    project = current_project()
    graph = open_graph(project=project)
    kind = "packaged copy, read-only" if project.packaged else "project, read-write"
    click.echo(f"coopgraph {__version__}")
    click.echo(f"graph: {project.root} ({kind})")
    click.echo(f"files: {len(graph.files)}")
    click.echo(f"triples: {len(graph)}")
    click.echo(f"sha256: {graph.fingerprint}")
    click.echo(f"cache: {cache_root()} (query headers, and answers keyed on exact inputs)")


@click.command()
def stats() -> None:
    """Triples, resources per class, sources, and proposals described against those declared."""
    figures = graph_stats(open_graph(project=current_project()))
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


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    help="RDF format; default: the one -o's suffix names (g.nt: nt), else ttl.",
)
@output_option()
def export_command(fmt: str | None, output: Path | None) -> None:
    """Export the ontology and data as one graph, byte-identical across runs."""
    if output is not None:
        from ..formats import format_for_file

        named = format_for_file(output.name, "graph", "rdfxml" if fmt == "xml" else fmt)
        fmt = "xml" if named == "rdfxml" else named
    fmt = fmt or "ttl"
    graph = open_graph(project=current_project())
    data = export_graph(graph, fmt)
    if output is None:
        write_stdout(data)
    else:
        write_rdf(output, data, fmt, expected=graph)


@click.command("find")
@click.argument("text")
@click.option("--class", "cls", metavar="CLASS", help="Only resources of this class (coop:State).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="At most this many matches, best first.",
)
def find_command(text: str, cls: str | None, limit: int) -> None:
    """Find resources by label, alternative label, name or identifier, best match first.

    Case and accents do not matter. Prints the compact IRI, the class and the English label.
    """
    from ..errors import UsageError
    from ..find import class_iri, find

    graph = open_graph(project=current_project())
    wanted = class_iri(graph, cls) if cls else None
    matches = find(graph, text, cls=wanted, limit=limit)
    if not matches:
        where = f" among the {cls} resources" if cls else ""
        raise UsageError(f"Nothing is named like {text!r}{where}; try another word")
    for match in matches:
        click.echo(
            f"{match.compact}\t{compact_iri(match.cls) if match.cls else '-'}\t{match.label}"
        )


@click.command("template")
@click.argument("kind", type=click.Choice(["event", "deliverable", "person", "progress-report"]))
@output_option("Write the skeleton to FILE instead of standard output.")
def template_command(kind: str, output: Path | None) -> None:
    """Print a commented Turtle skeleton for new data of KIND, to fill in and validate.

    Check the filled-in file with: coopgraph validate FILE --with-graph --only FILE
    """
    from ..io.atomic import atomic_write
    from ..templates import template

    text = template(kind).encode("utf-8")
    if output is None:
        write_stdout(text)
    else:
        atomic_write(output, text)


@click.group("cache")
def cache_group() -> None:
    """The cache of parsed query headers and query answers: what it holds, and emptying it."""


@cache_group.command("info")
def cache_info_command() -> None:
    """Where the cache is, whether it is used, and its size."""
    from ..cache_admin import cache_info

    info = cache_info()
    if info.trusted:
        state = "in use"
    elif not info.folder.exists():
        state = "not made yet: the first query makes it"
    elif not info.folder.is_dir():
        state = "not used: it is a file, not a folder; remove it or set COOPGRAPH_CACHE_DIR"
    else:
        state = "not used: others can write to it, or it is not yours; fix its permissions"
    click.echo(f"folder: {info.folder} ({state})")
    click.echo(f"files: {info.files}")
    click.echo(f"bytes: {info.bytes}")


@cache_group.command("clear")
def cache_clear_command() -> None:
    """Remove coopgraph's cached headers and answers (they are rebuilt as needed)."""
    from ..cache_admin import clear_cache

    click.echo(f"removed {clear_cache()} file(s)")
