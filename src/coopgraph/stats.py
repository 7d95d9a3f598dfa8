"""Figures about a graph: size, resources per class, sources, proposal coverage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .namespaces import COOP

ONTOLOGY_IRI = "https://w3id.org/coopgraph/ontology"


@dataclass(frozen=True)
class SetCoverage:
    """How many proposals of one set the graph describes, against the number declared."""

    proposal_set: URIRef
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
    per_class: Counter[str] = Counter()
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and not _is_ontology_term(subject):
            per_class[graph.namespace_manager.curie(cls)] += 1
    sources = set(graph.subjects(RDF.type, COOP.SourceDocument))
    cited = set(graph.objects(None, DCTERMS.source)) & sources
    coverage = []
    for proposal_set in sorted(URIRef(str(s)) for s in graph.subjects(RDF.type, COOP.ProposalSet)):
        declared = graph.value(proposal_set, COOP.declaredSize)
        coverage.append(
            SetCoverage(
                proposal_set=proposal_set,
                label=str(graph.value(proposal_set, RDFS.label) or proposal_set),
                declared=int(str(declared)) if declared is not None else 0,
                described=len(set(graph.subjects(COOP.inSet, proposal_set))),
            )
        )
    return GraphStats(
        triples=len(graph),
        classes=dict(sorted(per_class.items())),
        source_documents=len(sources),
        cited_sources=len(cited),
        coverage=tuple(coverage),
    )


def _is_ontology_term(subject: object) -> bool:
    """Terms and the header of the ontology itself are not data resources."""
    return str(subject).startswith(ONTOLOGY_IRI)
