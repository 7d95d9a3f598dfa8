"""Figures about a graph: size, resources per class, sources, proposal coverage."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .graph import Graph
from .namespaces import COOP, ONTOLOGY_IRI, compact_iri

_CLASSES = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s a ?class .
  FILTER(isIRI(?class) && !STRSTARTS(STR(?s), "{ONTOLOGY_IRI}"))
}} GROUP BY ?class
"""
_SOURCES = f"""
PREFIX coop: <{COOP}>
SELECT (COUNT(DISTINCT ?d) AS ?all) (COUNT(DISTINCT ?cited) AS ?used) WHERE {{
  ?d a coop:SourceDocument .
  OPTIONAL {{ ?x <http://purl.org/dc/terms/source> ?d . BIND(?d AS ?cited) }}
}}
"""
_COVERAGE = f"""
PREFIX coop: <{COOP}>
SELECT ?set (SAMPLE(?l) AS ?label) (SAMPLE(?size) AS ?declared) (COUNT(DISTINCT ?p) AS ?described)
WHERE {{
  ?set a coop:ProposalSet .
  OPTIONAL {{ ?set <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
  OPTIONAL {{ ?set coop:declaredSize ?size }}
  OPTIONAL {{ ?p coop:inSet ?set }}
}} GROUP BY ?set ORDER BY STR(?set)
"""


@dataclass(frozen=True)
class SetCoverage:
    """How many proposals of one set the graph describes, against the number declared."""

    proposal_set: str
    label: str
    declared: int
    described: int


@dataclass(frozen=True)
class GraphStats:
    triples: int
    classes: dict[str, int] = field(default_factory=dict)
    source_documents: int = 0
    cited_sources: int = 0
    coverage: tuple[SetCoverage, ...] = ()

    @property
    def declared_total(self) -> int:
        return sum(row.declared for row in self.coverage)

    @property
    def described_total(self) -> int:
        return sum(row.described for row in self.coverage)


def graph_stats(graph: Graph) -> GraphStats:
    """Count what the graph holds. Classes are named by CURIE, sorted."""
    store = graph.store
    classes = {
        compact_iri(row["class"].value): int(row["n"].value) for row in _select(store, _CLASSES)
    }
    sources = next(iter(_select(store, _SOURCES)))
    coverage = tuple(
        SetCoverage(
            proposal_set=row["set"].value,
            label=row["label"].value if row["label"] is not None else row["set"].value,
            declared=int(row["declared"].value) if row["declared"] is not None else 0,
            described=int(row["described"].value),
        )
        for row in _select(store, _COVERAGE)
    )
    return GraphStats(
        triples=len(store),
        classes=dict(sorted(classes.items())),
        source_documents=int(sources["all"].value),
        cited_sources=int(sources["used"].value),
        coverage=coverage,
    )


def _select(store: ox.Store, text: str) -> ox.QuerySolutions:
    answer = store.query(text)
    assert isinstance(answer, ox.QuerySolutions)
    return answer
