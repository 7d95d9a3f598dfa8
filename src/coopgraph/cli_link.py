"""`coopgraph link ...`: status, refresh, suggest, accept and check of external links."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rdflib import URIRef
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from .formats import compact
from .linkcheck import check_links
from .links import TABLES, accept_links, link_status
from .loading import load_files, load_graph
from .refresh import EU_LANGUAGES, TARGETS, refresh
from .resources import data_dir
from .suggest import suggest

TARGET_CHOICE = click.Choice(sorted(TARGETS))
F = TypeVar("F", bound=Callable[..., Any])


def remote_options(func: F) -> F:
    """--target, --endpoint and --timeout, shared by the commands that ask a target."""
    for option in reversed([
        click.option("--target", type=TARGET_CHOICE, default="wikidata", show_default=True),
        click.option("--endpoint", help="SPARQL endpoint URL or profile (default: the target's)."),
        click.option("--timeout", type=float, help="Seconds to wait for each answer."),
    ]):  # fmt: skip
        func = option(func)
    return func


@click.group()
def link() -> None:
    """Link entities to Wikidata, EU Publications Office authority tables and DBpedia."""


@link.command()
@click.option("--unlinked", is_flag=True, help="Also list the entities without a link.")
def status(unlinked: bool) -> None:
    """Per table and class: how many entities are linked, and which are not."""
    rows = link_status(load_graph())
    width = max(len(t.name) for t in TABLES)
    for row in rows:
        total = len(row.linked) + len(row.unlinked)
        click.echo(f"{row.table:<{width}}  {compact(row.cls):<20} {len(row.linked):>3}/{total:<3}")
        if unlinked and row.unlinked:
            click.echo("    unlinked: " + " ".join(compact(e) for e in row.unlinked))


@link.command("refresh")
@remote_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Snapshot file (default: data/external/<target>.ttl).",
)
@click.option(
    "--language",
    "languages",
    multiple=True,
    help="Label language to fetch; repeat for more (default: the EU's official languages).",
)
def refresh_command(
    target: str,
    endpoint: str | None,
    timeout: float | None,
    output: Path | None,
    languages: tuple[str, ...],
) -> None:
    """Fetch labels, memberships, positions held and ISO codes of the linked entities."""
    path = output or data_dir() / "external" / f"{target}.ttl"
    columns = (TextColumn(f"refresh {target}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(target, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        snapshot = refresh(
            load_graph(),
            target,
            path,
            endpoint=endpoint,
            languages=languages or EU_LANGUAGES,
            timeout=timeout,
            progress=advance,
        )
    click.echo(f"{path}: {len(snapshot)} triples")


@link.command("suggest")
@remote_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("link-review.tsv"),
    show_default=True,
    help="Review file to write (TSV).",
)
def suggest_command(target: str, endpoint: str | None, timeout: float | None, output: Path) -> None:
    """Write candidates for unlinked entities to a TSV file; mark rows to keep with 'yes'."""
    count = suggest(load_graph(), target, output, endpoint=endpoint, timeout=timeout)
    click.echo(f"{output}: {count} candidate(s); put 'yes' in the accept column, then run "
               f"`coopgraph link accept {output}`")  # fmt: skip


@link.command("accept")
@click.argument("review_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--links-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where accepted links go (default: data/links.ttl).",
)
def accept_command(review_file: Path, links_file: Path | None) -> None:
    """Add the accepted rows of a review file to the graph's links, with their provenance."""
    accepted = accept_links(review_file, load_graph(), links_file or data_dir() / "links.ttl")
    for entity, candidate in accepted:
        click.echo(f"linked {entity} -> {candidate}")
    click.echo(f"{len(accepted)} link(s) accepted")


@link.command("check")
@click.option(
    "--snapshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Wikidata snapshot to compare with (default: data/external/wikidata.ttl).",
)
def check_command(snapshot: Path | None) -> None:
    """Compare memberships and terms with the Wikidata snapshot; exit 1 on a disagreement."""
    path = snapshot or data_dir() / "external" / "wikidata.ttl"
    if not path.is_file():
        raise click.UsageError(
            f"No snapshot at {path}: run `coopgraph link refresh` first, or give --snapshot FILE"
        )
    found = check_links(load_graph(), load_files([path]))
    for d in found:
        click.echo(
            f"{d.kind} {compact_text(d.entity)} / {compact_text(d.counterpart)} {d.field}: "
            f"graph {d.curated} [{d.curated_sources}] "
            f"vs Wikidata {d.external} [{d.external_source}]"
        )
    click.echo(f"{len(found)} disagreement(s)")
    if found:
        sys.exit(1)


def compact_text(iri: str) -> str:
    return compact(URIRef(iri))
