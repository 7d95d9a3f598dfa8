"""`coopgraph link suggest`: candidates for unlinked entities, as values to review.

Candidates are items of the target whose label or alias equals the entity's English label (or
one of its skos:altLabel). On Wikidata, an item also gets credit for the type the graph gives the
entity: a state that has a membership statement (P463) about an organisation the graph links, a
person with a position held (P39) in an office the graph links. The score is 0.6 for a label
match, 0.5 for an alias, plus 0.4 for the type evidence.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import pyoxigraph as ox

from ..graph import Graph
from ..namespaces import COOP, FOAF, RDFS, SKOS
from ..query.params import Term, bind
from ..query.remote import run_remote
from .review import Suggestion
from .snapshot import tracked_items
from .status import link_status
from .targets import endpoint_for, internal_query, target

_TYPE_EVIDENCE = {COOP + "State": "member of", FOAF + "Person": "holds position"}
_BATCH = 50


def suggest(
    graph: Graph,
    target_name: str,
    *,
    endpoint: str | None = None,
    timeout: float | None = None,
    now: datetime.datetime | None = None,
) -> list[Suggestion]:
    """Scored candidates for the entities not yet linked to the target, best first per entity.

    Raises UsageError for an unknown target or a missing endpoint, RemoteError when it fails.
    """
    chosen = target(target_name)
    profile = endpoint_for(chosen, endpoint)
    tables = {table.name for table in chosen.tables}
    unlinked: dict[str, str] = {}
    for status in link_status(graph):
        if status.table in tables:
            for entity in status.unlinked:
                unlinked.setdefault(entity, status.cls)
    names: dict[str, list[tuple[str, str]]] = {}
    for entity, cls in sorted(unlinked.items()):
        for label in _english_labels(graph, entity):
            names.setdefault(label, []).append((entity, cls))
    retrieved = (now or datetime.datetime.now(datetime.UTC)).replace(microsecond=0).isoformat()
    tracked = tracked_items(graph) or ["urn:coopgraph:none"]
    query = internal_query("candidates")
    found: list[Suggestion] = []
    labels = sorted(names)
    for start in range(0, len(labels), _BATCH):
        values: dict[str, list[Term]] = {
            "name": [ox.Literal(name, language="en") for name in labels[start : start + _BATCH]],
            "tracked": [ox.NamedNode(iri) for iri in tracked],
        }
        result = run_remote(bind(query.text, values), "SELECT", profile, timeout=timeout)
        for row in result.dicts():
            for entity, cls in names.get(_text(row["name"]), []):
                found.append(
                    _suggestion(graph, entity, cls, row, chosen.name, profile.url, retrieved)
                )
    return _best_per_candidate(found)


def _english_labels(graph: Graph, entity: str) -> list[str]:
    found = set()
    for prop in (RDFS + "label", SKOS + "altLabel"):
        for quad in graph.store.quads_for_pattern(ox.NamedNode(entity), ox.NamedNode(prop), None):
            label = quad.object
            if isinstance(label, ox.Literal) and (label.language or "").lower().startswith("en"):
                found.add(label.value)
    return sorted(found)


def _text(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def _suggestion(
    graph: Graph,
    entity: str,
    cls: str,
    row: Mapping[str, object],
    target_name: str,
    endpoint: str,
    retrieved: str,
) -> Suggestion:
    matched = _text(row["matched"])
    score = 0.6 if matched == "label" else 0.5
    evidence = [f"English {matched} '{_text(row['name'])}' matches"]
    typed = row.get("typed")
    if typed is not None and cls in _TYPE_EVIDENCE:
        score += 0.4
        evidence.append(f"{_TYPE_EVIDENCE[cls]} {_text(typed)}")
    labels = graph.store.quads_for_pattern(ox.NamedNode(entity), ox.NamedNode(RDFS + "label"), None)
    label = min((q.object.value for q in labels if isinstance(q.object, ox.Literal)), default="")
    return Suggestion(
        entity=entity,
        entity_label=label,
        cls=cls,
        target=target_name,
        candidate=_text(row["candidate"]),
        candidate_label=_text(row.get("candidateLabel")),
        score=f"{score:.1f}",
        evidence="; ".join(evidence),
        endpoint=endpoint,
        retrieved=retrieved,
    )


def _best_per_candidate(found: list[Suggestion]) -> list[Suggestion]:
    best: dict[tuple[str, str], Suggestion] = {}
    for s in found:
        key = (s.entity, s.candidate)
        if key not in best or float(s.score) > float(best[key].score):
            best[key] = s
    return sorted(best.values(), key=lambda s: (s.entity, -float(s.score), s.candidate))
