"""`coopgraph link refresh`: fetch a defined set of facts about linked entities into a snapshot.

The snapshot (data/external/<target>.ttl) keeps the target's own shape (for Wikidata: wdt:, p:,
ps: and pq: triples), so that the cross-source stored queries run the same on the snapshot and
live on the endpoint. It carries a coop:Snapshot resource with the endpoint, the query, the
retrieval time and the tool version, and is written in a deterministic order, atomically.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from rdflib.term import Identifier

from .__about__ import __version__
from .binding import bind
from .errors import UsageError
from .export import export_graph
from .links import TABLES, linked_iris
from .namespaces import COOP, COOPID
from .remote import EndpointProfile, resolve_endpoint, run_remote

WIKIDATA = "http://www.wikidata.org/entity/"

#: Label languages fetched by default: the ISO 639-1 codes of the EU's official languages.
#: A setting, not data; `--language` replaces it.
EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip

# Wikidata properties, each with the public document that shows its meaning:
#   P463 member of      https://huggingface.co/datasets/lintang/lama_primed_negated/blame/main/data/TREx/high_ranked/P463.jsonl
#   P580 / P582 start / end time qualifiers, P39 position held
#                       https://gist.github.com/tmtmtmtm/1fe4a83e0c175245824654becaab89a2
#   P297 / P298 ISO 3166-1 alpha-2 / alpha-3 code
#                       https://github.com/zbw/sparql-queries/blob/555b64662a329886b0432b567b2b74de3e9ddab5/wikidata/iso3166_codelist.rq
# Official websites are not fetched: no source at hand gives the property that holds them.
_WIKIDATA_PREFIXES = """\
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
"""
WIKIDATA_LABELS = (
    _WIKIDATA_PREFIXES
    + """
CONSTRUCT { ?item rdfs:label ?label }
WHERE {
  ?item rdfs:label ?label .
  FILTER(LANG(?label) = ?language)
}
"""
)
WIKIDATA_STATEMENTS = (
    _WIKIDATA_PREFIXES
    + """
CONSTRUCT {
  ?item ?claim ?statement .
  ?statement ?value ?tracked .
  ?statement pq:P580 ?from .
  ?statement pq:P582 ?until .
}
WHERE {
  VALUES (?claim ?value) { (p:P463 ps:P463) (p:P39 ps:P39) }
  ?item ?claim ?statement .
  ?statement ?value ?tracked .
  OPTIONAL { ?statement pq:P580 ?from }
  OPTIONAL { ?statement pq:P582 ?until }
}
"""
)
WIKIDATA_CODES = (
    _WIKIDATA_PREFIXES
    + """
CONSTRUCT {
  ?item wdt:P297 ?alpha2 .
  ?item wdt:P298 ?alpha3 .
}
WHERE {
  { ?item wdt:P297 ?alpha2 }
  UNION
  { ?item wdt:P298 ?alpha3 }
}
"""
)

# Labels only: no source at hand gives the other properties of these tables.
LABEL_QUERY = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

CONSTRUCT {
  ?item ?labelProperty ?label .
}
WHERE {
  VALUES ?labelProperty { rdfs:label skos:prefLabel }
  ?item ?labelProperty ?label .
  FILTER(LANG(?label) = ?language)
}
"""


@dataclass(frozen=True)
class Target:
    name: str
    tables: tuple[str, ...]
    queries: tuple[str, ...]
    default_endpoint: str | None
    publisher: str
    batch_size: int


TARGETS = {
    "wikidata": Target(
        "wikidata", ("wikidata",), (WIKIDATA_LABELS, WIKIDATA_STATEMENTS, WIKIDATA_CODES),
        "wikidata", "Wikidata", 50,
    ),
    "eu-authority": Target(
        "eu-authority", ("eu-country", "eu-corporate-body"), (LABEL_QUERY,), None,
        "Publications Office of the European Union", 50,
    ),
    "dbpedia": Target("dbpedia", ("dbpedia",), (LABEL_QUERY,), "dbpedia", "DBpedia", 50),
}  # fmt: skip


def linked_external(graph: Graph, target: Target) -> list[URIRef]:
    """The external IRIs of ``target`` that the graph links to, sorted."""
    found: set[URIRef] = set()
    for table in TABLES:
        if table.name in target.tables:
            found |= set(linked_iris(graph, table).values())
    return sorted(found)


def refresh(
    graph: Graph,
    target_name: str,
    output: Path,
    *,
    endpoint: str | None = None,
    languages: Sequence[str] = EU_LANGUAGES,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: datetime.datetime | None = None,
) -> Graph:
    """Fetch the facts about every entity linked to ``target_name`` and write the snapshot.

    Items go in batches of the target's batch size, each one query; the endpoint's limits
    (timeouts, 429 with Retry-After) are handled by the remote runner. Nothing is written
    unless every batch succeeded.
    """
    target, profile = target_and_endpoint(target_name, endpoint)
    items = linked_external(graph, target)
    tracked = tracked_items(graph)
    snapshot = Graph()
    batches = [items[i : i + target.batch_size] for i in range(0, len(items), target.batch_size)]
    for done, batch in enumerate(batches, start=1):
        snapshot += _fetch(target, profile, batch, tracked, languages, timeout)
        if progress is not None:
            progress(done, len(batches))
    _describe(snapshot, target, profile, languages, now)
    export_graph(snapshot, "ttl", output)
    return snapshot


def target_and_endpoint(target_name: str, endpoint: str | None) -> tuple[Target, EndpointProfile]:
    """The target and the endpoint to ask: ``endpoint`` if given, else the target's own."""
    target = TARGETS.get(target_name)
    if target is None:
        raise UsageError(f"Unknown target {target_name!r}; use one of {', '.join(TARGETS)}")
    where = endpoint or target.default_endpoint
    if where is None:
        raise UsageError(
            f"No public endpoint is configured for {target_name}: give one with --endpoint URL"
        )
    return target, resolve_endpoint(where)


def tracked_items(graph: Graph) -> list[URIRef]:
    """Wikidata items of the organisations and offices in the graph (membership, position)."""
    links = linked_iris(graph, next(t for t in TABLES if t.name == "wikidata"))
    kinds = {COOP.Organisation, COOP.Office}
    return sorted(
        iri for entity, iri in links.items() if set(graph.objects(entity, RDF.type)) & kinds
    )


def _fetch(
    target: Target,
    profile: EndpointProfile,
    batch: list[URIRef],
    tracked: list[URIRef],
    languages: Sequence[str],
    timeout: float | None,
) -> Graph:
    """One batch: each of the target's queries, its parameters bound as VALUES rows."""
    available: dict[str, list[Identifier]] = {
        "item": list(batch),
        "language": [Literal(code) for code in languages],
        "tracked": list(tracked),
    }
    fetched = Graph()
    for query in target.queries:
        values = {name: terms for name, terms in available.items() if f"?{name}" in query}
        result = run_remote(bind(query, values), "CONSTRUCT", profile, timeout=timeout)
        if result.graph is not None:
            fetched += result.graph
    return fetched


def _describe(
    snapshot: Graph,
    target: Target,
    profile: EndpointProfile,
    languages: Sequence[str],
    now: datetime.datetime | None,
) -> None:
    node = COOPID[f"snapshot-{target.name}"]
    when = (now or datetime.datetime.now(datetime.UTC)).replace(microsecond=0)
    for p, o in [
        (RDF.type, COOP.Snapshot),
        (RDFS.label, Literal(f"Snapshot of {target.publisher} data for coopgraph", lang="en")),
        (COOP.url, Literal(profile.url, datatype=XSD.anyURI)),
        (COOP.endpoint, Literal(profile.url, datatype=XSD.anyURI)),
        (COOP.publisherName, Literal(target.publisher)),
        (COOP.sourceKind, COOP.Secondary),
        *[(COOP.queryText, Literal(query)) for query in target.queries],
        (PROV.generatedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)),
        (COOP.toolVersion, Literal(__version__)),
        (
            COOP.note,
            Literal(f"Label languages fetched: {', '.join(languages)}.", lang="en"),
        ),
    ]:
        snapshot.add((node, p, o))
