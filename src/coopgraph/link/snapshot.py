"""`coopgraph link refresh`: fetch a defined set of facts about linked entities as a snapshot.

The snapshot keeps the target's own shape (for Wikidata: wdt:, p:, ps: and pq: triples), so that
the cross-source stored queries run the same on the snapshot and live on the endpoint. It carries
a coop:Snapshot resource with the endpoint, the queries, the retrieval time and the tool version.
This module returns triples; writing them is the caller's job (``coopgraph.write_rdf``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

import pyoxigraph as ox

from ..__about__ import __version__
from ..errors import UsageError
from ..graph import Graph
from ..namespaces import COOP, COOPID, PROV, RDF, RDFS, XSD
from ..query.params import Term, bind
from ..query.remote import EndpointProfile, run_remote
from .status import linked_iris, types_of
from .targets import EU_LANGUAGES, WIKIDATA, Target, endpoint_for, target


def linked_external(graph: Graph, chosen: Target) -> list[str]:
    """The external IRIs of ``chosen`` that the graph links to, sorted."""
    found: set[str] = set()
    for table in chosen.tables:
        found |= set(linked_iris(graph, table).values())
    return sorted(found)


def tracked_items(graph: Graph) -> list[str]:
    """Wikidata items of the organisations and offices in the graph (membership, position)."""
    kinds = {COOP + "Organisation", COOP + "Office"}
    return sorted(
        iri
        for entity, iri in linked_iris(graph, WIKIDATA).items()
        if types_of(graph, entity) & kinds
    )


def refresh(
    graph: Graph,
    target_name: str,
    *,
    endpoint: str | None = None,
    languages: Sequence[str] = EU_LANGUAGES,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: datetime.datetime | None = None,
) -> list[ox.Triple]:
    """The snapshot triples of every entity the graph links to ``target_name``.

    Items go in batches of the target's batch size, one query each; the endpoint's limits
    (timeouts, 429 with Retry-After) are handled by the remote runner. Raises UsageError,
    RemoteError or IncompleteResultError; nothing is returned unless every batch succeeded.
    """
    chosen = target(target_name)
    profile = endpoint_for(chosen, endpoint)
    items = linked_external(graph, chosen)
    if not items:
        raise UsageError(
            f"Nothing in the graph is linked to {target_name} yet, so there is nothing to "
            f"fetch; link entities first (coopgraph link suggest --target {target_name}, then "
            "coopgraph link accept FILE)"
        )
    tracked = tracked_items(graph)
    triples: list[ox.Triple] = []
    size = chosen.batch_size
    batches = [items[i : i + size] for i in range(0, len(items), size)]
    for done, batch in enumerate(batches, start=1):
        triples += _fetch(chosen, profile, batch, tracked, languages, timeout)
        if progress is not None:
            progress(done, len(batches))
    return triples + _describe(chosen, profile, languages, now)


def _fetch(
    chosen: Target,
    profile: EndpointProfile,
    batch: list[str],
    tracked: list[str],
    languages: Sequence[str],
    timeout: float | None,
) -> list[ox.Triple]:
    """One batch: each of the target's queries, with its declared parameters bound as VALUES."""
    available: dict[str, list[Term]] = {
        "item": [ox.NamedNode(iri) for iri in batch],
        "language": [ox.Literal(code) for code in languages],
        "tracked": [ox.NamedNode(iri) for iri in tracked],
    }
    fetched: list[ox.Triple] = []
    for query in chosen.stored_queries():
        values = {name: available[name] for name in query.params}
        result = run_remote(bind(query.text, values), query.form, profile, timeout=timeout)
        fetched += result.triples or []
    return fetched


def _describe(
    chosen: Target,
    profile: EndpointProfile,
    languages: Sequence[str],
    now: datetime.datetime | None,
) -> list[ox.Triple]:
    node = ox.NamedNode(f"{COOPID}snapshot-{chosen.name}")
    when = (now or datetime.datetime.now(datetime.UTC)).replace(microsecond=0)

    def iri(text: str) -> ox.NamedNode:
        return ox.NamedNode(text)

    def typed(value: str, datatype: str) -> ox.Literal:
        return ox.Literal(value, datatype=iri(XSD + datatype))

    english = "en"
    pairs: list[tuple[str, ox.NamedNode | ox.Literal]] = [
        (RDF + "type", iri(COOP + "Snapshot")),
        (RDFS + "label",
         ox.Literal(f"Snapshot of {chosen.publisher} data for coopgraph", language=english)),
        (COOP + "url", typed(profile.url, "anyURI")),
        (COOP + "endpoint", typed(profile.url, "anyURI")),
        (COOP + "publisherName", ox.Literal(chosen.publisher)),
        (COOP + "sourceKind", iri(COOP + "Secondary")),
        *[(COOP + "queryText", ox.Literal(query.body)) for query in chosen.stored_queries()],
        (PROV + "generatedAtTime", typed(when.isoformat(), "dateTime")),
        (COOP + "toolVersion", ox.Literal(__version__)),
        (COOP + "note",
         ox.Literal(f"Label languages fetched: {', '.join(languages)}.", language=english)),
    ]  # fmt: skip
    return [ox.Triple(node, iri(p), o) for p, o in pairs]
