"""`coopgraph link ...`: status, refresh, suggest, accept and check of external links."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..export import write_rdf
from ..formats.rdf import serialize
from ..graph import open_graph
from ..io.atomic import atomic_write
from ..link.targets import EU_LANGUAGES, TABLES, TARGETS
from ..namespaces import compact_iri
from .options import current_project, remote_status, stack

remote_options = stack(
    click.option(
        "--target", type=click.Choice(sorted(TARGETS)), default="wikidata", show_default=True
    ),
    click.option("--endpoint", help="SPARQL endpoint URL or profile (default: the target's)."),
    click.option(
        "--timeout",
        type=click.FloatRange(min=1),
        metavar="SECONDS",
        help="Seconds each remote exchange may take, retries and their waits included.",
    ),
)


@click.group()
def link() -> None:
    """Link entities to Wikidata, EU Publications Office authority tables and DBpedia."""


@link.command()
@click.option("--unlinked", is_flag=True, help="Also list the entities without a link.")
def status(unlinked: bool) -> None:
    """Per table and class: how many entities are linked, and which are not."""
    from ..link import link_status

    width = max(len(t.name) for t in TABLES)
    for row in link_status(open_graph(project=current_project())):
        total = len(row.linked) + len(row.unlinked)
        click.echo(
            f"{row.table:<{width}}  {compact_iri(row.cls):<20} {len(row.linked):>3}/{total:<3}"
        )
        if unlinked and row.unlinked:
            click.echo("    unlinked: " + " ".join(compact_iri(e) for e in row.unlinked))


@link.command("refresh")
@remote_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Snapshot file (default: data/external/<target>.ttl in the project).",
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..link import refresh

    project = current_project()
    path = output or project.writable_path(f"data/external/{target}.ttl", option="-o")
    graph = open_graph(project=project)
    columns = (TextColumn(f"refresh {target}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(target, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        snapshot = refresh(
            graph,
            target,
            endpoint=endpoint,
            languages=languages or EU_LANGUAGES,
            timeout=timeout,
            progress=advance,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_rdf(path, serialize(snapshot, "ttl"), "ttl", expected=snapshot)
    click.echo(f"{path}: {len(set(map(str, snapshot)))} triples")


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
    from ..link import review_tsv, suggest

    with remote_status(f"asking {target} for candidates"):
        found = suggest(
            open_graph(project=current_project()), target, endpoint=endpoint, timeout=timeout
        )
    atomic_write(output, review_tsv(found))
    click.echo(
        f"{output}: {len(found)} candidate(s); put 'yes' in the accept column, then run "
        f"`coopgraph link accept {output}`"
    )


@link.command("accept")
@click.argument("review_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--links-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where accepted links go (default: data/links.ttl in the project).",
)
def accept_command(review_file: Path, links_file: Path | None) -> None:
    """Add the accepted rows of a review file to the graph's links, with their provenance."""
    from ..link import accept_links, append_to_links, read_review

    project = current_project()
    target_file = links_file or project.writable_path("data/links.ttl", option="--links-file")
    graph = open_graph(project=project)
    accepted = accept_links(read_review(review_file), graph, review_name=str(review_file))
    if accepted:
        old = target_file.read_text(encoding="utf-8") if target_file.exists() else ""
        write_rdf(target_file, append_to_links(old, accepted), "ttl")
    for item in accepted:
        click.echo(f"linked {item.entity} -> {item.candidate}")
    click.echo(f"{len(accepted)} link(s) accepted")


@link.command("check")
@click.option(
    "--snapshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Wikidata snapshot to compare with (default: data/external/wikidata.ttl).",
)  # a named snapshot that cannot be read is an input error (exit 3), from the loader
def check_command(snapshot: Path | None) -> None:
    """Compare memberships and terms with the Wikidata snapshot; exit 1 on a disagreement."""
    from ..link import check_links

    project = current_project()
    path = snapshot or project.data_dir / "external" / "wikidata.ttl"
    if snapshot is None and not path.is_file():
        raise click.UsageError(
            f"No snapshot at {path}: run `coopgraph link refresh` in a project first, or give "
            "--snapshot FILE"
        )
    found = check_links(
        open_graph(project=project), open_graph(path, shipped=False, project=project)
    )
    for d in found:
        click.echo(
            f"{d.kind} {_short(d.entity)} / {_short(d.counterpart)} {d.field}: "
            f"graph {d.curated} [{d.curated_sources}] "
            f"vs Wikidata {d.external} [{d.external_source}]"
        )
    click.echo(f"{len(found)} disagreement(s)")
    if found:
        sys.exit(1)


def _short(iri: str) -> str:
    return compact_iri(iri)
