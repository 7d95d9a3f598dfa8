"""`coopgraph link suggest`: candidates for unlinked entities, written as a TSV review file.

Candidates are items of the target whose label or alias equals the entity's English label
(or one of its skos:altLabel). On Wikidata, an item also gets credit for the type the graph
gives the entity: a state that has a membership statement (P463) about an organisation the
graph links, a person with a position held (P39) in an office the graph links. The score is
0.6 for a label match, 0.5 for an alias, plus 0.4 for the type evidence.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS
from rdflib.term import Identifier

from .atomic import atomic_write
from .binding import bind
from .links import REVIEW_COLUMNS, link_status
from .namespaces import COOP
from .refresh import target_and_endpoint, tracked_items
from .remote import run_remote

CANDIDATE_QUERY = """\
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT DISTINCT ?name ?candidate ?matched ?candidateLabel ?typed
WHERE {
  {
    ?candidate rdfs:label ?name .
    BIND("label" AS ?matched)
  }
  UNION
  {
    ?candidate skos:prefLabel|skos:altLabel ?name .
    BIND("alias" AS ?matched)
  }
  OPTIONAL {
    ?candidate rdfs:label|skos:prefLabel ?candidateLabel .
    FILTER(LANGMATCHES(LANG(?candidateLabel), "en"))
  }
  OPTIONAL {
    ?candidate p:P463|p:P39 ?statement .
    ?statement ps:P463|ps:P39 ?typed .
    FILTER(?typed = ?tracked)
  }
}
ORDER BY ?name ?candidate
"""

_TYPE_EVIDENCE = {COOP.State: "member of", FOAF.Person: "holds position"}


def suggest(
    graph: Graph,
    target_name: str,
    output: Path,
    *,
    endpoint: str | None = None,
    timeout: float | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Write a review TSV of candidates for the entities not yet linked to the target.

    Returns the number of candidate rows. The ``accept`` column is left empty for the reviewer.
    """
    target, profile = target_and_endpoint(target_name, endpoint)
    unlinked = _unlinked(graph, target.tables)
    names: dict[str, list[tuple[URIRef, URIRef]]] = {}
    for entity, cls in unlinked:
        for label in _english_labels(graph, entity):
            names.setdefault(label, []).append((entity, cls))
    retrieved = (now or datetime.datetime.now(datetime.UTC)).replace(microsecond=0).isoformat()
    rows: list[dict[str, str]] = []
    tracked = tracked_items(graph)
    labels = sorted(names)
    for start in range(0, len(labels), 50):
        batch = labels[start : start + 50]
        values: dict[str, list[Identifier]] = {
            "name": [Literal(name, lang="en") for name in batch],
            "tracked": list(tracked) or [URIRef("urn:coopgraph:none")],
        }
        result = run_remote(bind(CANDIDATE_QUERY, values), "SELECT", profile, timeout=timeout)
        for row in result.dict_rows():
            for entity, cls in names.get(str(row["name"]), []):
                rows.append(_row(graph, entity, cls, row, target_name, profile.url, retrieved))
    merged = _best_per_candidate(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, REVIEW_COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(merged)
    atomic_write(output, buffer.getvalue().encode("utf-8"))
    return len(merged)


def _unlinked(graph: Graph, tables: tuple[str, ...]) -> list[tuple[URIRef, URIRef]]:
    seen: dict[URIRef, URIRef] = {}
    for status in link_status(graph):
        if status.table in tables:
            for entity in status.unlinked:
                seen.setdefault(entity, status.cls)
    return sorted(seen.items())


def _english_labels(graph: Graph, entity: URIRef) -> list[str]:
    found = {
        str(label)
        for prop in (RDFS.label, SKOS.altLabel)
        for label in graph.objects(entity, prop)
        if isinstance(label, Literal) and (label.language or "").lower().startswith("en")
    }
    return sorted(found)


def _row(
    graph: Graph,
    entity: URIRef,
    cls: URIRef,
    row: dict[str, Identifier | None],
    target: str,
    endpoint: str,
    retrieved: str,
) -> dict[str, str]:
    matched = str(row["matched"])
    score = 0.6 if matched == "label" else 0.5
    evidence = [f"English {matched} '{row['name']}' matches"]
    typed = row.get("typed")
    if typed is not None and cls in _TYPE_EVIDENCE:
        score += 0.4
        evidence.append(f"{_TYPE_EVIDENCE[cls]} {typed}")
    return {
        "entity": str(entity),
        "entity_label": str(graph.value(entity, RDFS.label) or ""),
        "class": str(cls),
        "target": target,
        "candidate": str(row["candidate"]),
        "candidate_label": str(row.get("candidateLabel") or ""),
        "score": f"{score:.1f}",
        "evidence": "; ".join(evidence),
        "endpoint": endpoint,
        "retrieved": retrieved,
        "accept": "",
    }


def _best_per_candidate(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    best: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["entity"], row["candidate"])
        if key not in best or float(row["score"]) > float(best[key]["score"]):
            best[key] = row
    return sorted(best.values(), key=lambda r: (r["entity"], -float(r["score"]), r["candidate"]))
