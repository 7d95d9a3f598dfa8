"""`coopgraph link check`: curated memberships and terms against a Wikidata snapshot.

A membership of a linked state in a linked organisation is compared with the state's P463
statements about that organisation (start and end qualifiers P580 / P582); a term of office of a
linked person in a linked office with the person's P39 statements. Dates are compared at the
precision the graph records: a year-only start agrees with any Wikidata date in that year.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..graph import Graph
from .targets import internal_query


@dataclass(frozen=True)
class Disagreement:
    """One curated value that the external snapshot records differently."""

    kind: str  # membership or term
    fact: str
    entity: str
    counterpart: str
    field: str  # start, end or missing
    curated: str
    external: str
    curated_sources: str
    external_source: str


def check_links(graph: Graph, snapshot: Graph) -> list[Disagreement]:
    """Every disagreement between the graph and a Wikidata-shaped snapshot, in a stable order."""
    combined = ox.Store()
    combined.extend(graph.store)
    combined.extend(snapshot.store)
    rows = combined.query(internal_query("check-pairs").text)
    assert isinstance(rows, ox.QuerySolutions)
    by_fact: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        cells = {
            name: row[name].value if row[name] is not None else ""
            for name in (
                "kind", "fact", "entity", "counterpart", "curatedStart", "curatedEnd",
                "statement", "externalStart", "externalEnd", "sources", "snapshot",
            )
        }  # fmt: skip
        by_fact.setdefault(cells["fact"], []).append(cells)
    found: list[Disagreement] = []
    for fact in sorted(by_fact):
        found += _compare(by_fact[fact])
    return found


def _compare(rows: list[dict[str, str]]) -> list[Disagreement]:
    first = rows[0]
    statements = [r for r in rows if r["statement"]]

    def make(field: str, curated: str, external: str, source: str) -> Disagreement:
        return Disagreement(
            kind=first["kind"],
            fact=first["fact"],
            entity=first["entity"],
            counterpart=first["counterpart"],
            field=field,
            curated=curated,
            external=external,
            curated_sources=first["sources"],
            external_source=source,
        )

    if not statements:
        return [make("missing", first["curatedStart"] or "(no start)", "(no statement)",
                     first["snapshot"])]  # fmt: skip
    # The statement that agrees best: matching start first, then matching end.
    best = max(
        statements,
        key=lambda r: (
            agrees(first["curatedStart"], r["externalStart"]),
            agrees(first["curatedEnd"], r["externalEnd"]),
        ),
    )
    source = f"{best['statement']} in {best['snapshot']}" if best["snapshot"] else best["statement"]
    out = []
    for field, curated, external in (
        ("start", first["curatedStart"], best["externalStart"]),
        ("end", first["curatedEnd"], best["externalEnd"]),
    ):
        if curated and external and not agrees(curated, external):
            out.append(make(field, curated, external, source))
        elif bool(curated) != bool(external):
            out.append(make(field, curated or "(none)", external or "(none)", source))
    return out


def agrees(curated: str, external: str) -> bool:
    """True when the external dateTime falls within the curated day, month or year."""
    if not curated or not external:
        return False
    stripped = external.lstrip("+")
    return stripped[: len(curated)] == curated
