"""What the HTML pages show, gathered from a Graph without any request: shared by `serve` and
a static-site generator. Links are site paths under ``root`` ("" for the server)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from ..errors import UsageError
from ..graph import Graph
from ..namespaces import COOP, COOPID, ONTOLOGY_IRI, RDF, compact_iri
from ..query.catalogue import StoredQuery, list_queries, load_query
from ..query.results import Results
from ..query.run import run_stored
from ..stats import GraphStats, graph_stats

_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?iri ?label WHERE {
  ?iri rdfs:label|skos:prefLabel ?label .
  FILTER (isIRI(?iri) && (LANG(?label) = "" || LANGMATCHES(LANG(?label), "en")))
}
"""
_SOURCES = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT ?source ?url WHERE { ?source a coop:SourceDocument . OPTIONAL { ?source coop:url ?url } }
"""
_TERMS = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term (SAMPLE(?kind) AS ?type) (SAMPLE(?text) AS ?definition) WHERE {{
  ?term a ?kind .
  FILTER (STRSTARTS(STR(?term), "{COOP}"))
  OPTIONAL {{ ?term skos:definition|rdfs:comment ?text }}
}} GROUP BY ?term ORDER BY ?term
"""
_INCOMING = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (isIRI(?s)) } ORDER BY STR(?p) STR(?s)"
_RDF = f"""
PREFIX rdf: <{RDF}>
PREFIX coop: <{COOP}>
CONSTRUCT {{ ?resource ?p ?o . ?note ?np ?no }} WHERE {{
  {{
    ?resource ?p ?o .
    FILTER NOT EXISTS {{ ?dateProperty coop:earliestDayProperty|coop:latestDayProperty ?p }}
  }} UNION {{
    ?note a coop:FactNote .
    ?note rdf:subject ?resource .
    ?note ?np ?no .
  }}
}}
"""
#: The home page shows these stored queries' answers, when the project has them.
COVERAGE_QUERIES = ("proposal-coverage", "membership-coverage")


@dataclass(frozen=True)
class Fact:
    """One statement about a resource, as the `describe` query gives it."""

    predicate: dict[str, Any]
    value: dict[str, Any]
    certainty: dict[str, Any]
    sources: list[dict[str, Any]]
    note: str = ""


@dataclass(frozen=True)
class ResourceView:
    iri: str
    label: str
    classes: list[dict[str, Any]]
    facts: list[Fact]
    incoming: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)


class Site:
    """The pages' data for one Graph; figures and labels are computed once, on first use."""

    def __init__(self, graph: Graph, *, root: str = "") -> None:
        self.graph = graph
        self.root = root

    @cached_property
    def labels(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for iri, label in self._rows(_LABELS):
            found.setdefault(iri.value, label.value)
        return found

    @cached_property
    def source_urls(self) -> dict[str, str]:
        return {s.value: url.value if url else "" for s, url in self._rows(_SOURCES)}

    @cached_property
    def stats(self) -> GraphStats:
        return graph_stats(self.graph)

    @cached_property
    def queries(self) -> list[StoredQuery]:
        return list_queries(self.graph.project.queries_dir)

    def query(self, name: str) -> StoredQuery:
        """A stored query of the graph's project; UsageError for an unknown name."""
        return load_query(name, self.graph.project.queries_dir)

    def page_context(self, **extra: Any) -> dict[str, Any]:
        """What every page template is given: the site root, and the page's own values."""
        return {"root": self.root, **extra}

    def href(self, iri: str) -> str | None:
        """The site path of a resource or ontology term, the IRI itself for other web
        addresses, None for anything else."""
        if iri.startswith(COOPID):
            return f"{self.root}/id/{iri[len(COOPID) :]}"
        if iri.startswith(COOP):
            return f"{self.root}/ontology/{iri[len(COOP) :]}"
        if iri == ONTOLOGY_IRI:
            return f"{self.root}/ontology"
        return iri if iri.startswith(("http://", "https://")) else None

    def term(self, term: object) -> dict[str, Any]:
        """A term for a template: text (a label for IRIs), href, hint (datatype or language)."""
        if term is None:
            return {"text": "", "href": None, "hint": ""}
        if isinstance(term, ox.NamedNode):
            label = self.labels.get(term.value)
            return {
                "text": label or compact_iri(term.value).strip("<>"),
                "href": self.href(term.value),
                "hint": compact_iri(term.value) if label else "",
            }
        if isinstance(term, ox.Literal):
            hint = f"@{term.language}" if term.language and term.language != "en" else ""
            if not term.language and not term.datatype.value.endswith("#string"):
                hint = compact_iri(term.datatype.value)
            return {"text": term.value, "href": None, "hint": hint}
        return {"text": str(term), "href": None, "hint": ""}

    def exists(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        store = self.graph.store
        return any(True for _ in store.quads_for_pattern(node, None, None)) or any(
            True for _ in store.quads_for_pattern(None, None, node)
        )

    def resource(self, iri: str) -> ResourceView | None:
        """Everything a resource page shows, or None when the graph does not mention ``iri``."""
        if not self.exists(iri):
            return None
        facts = []
        for row in self._describe(iri).dicts():
            sources = _text(row["sources"]).split()
            facts.append(
                Fact(
                    predicate=self.term(row["predicate"]),
                    value=self.term(row["value"]),
                    certainty=self.term(row["certainty"]),
                    sources=[
                        {**self.term(ox.NamedNode(s)), "url": self.source_urls.get(s, "")}
                        for s in sources
                    ],
                    note=_text(row["factNoteText"]),
                )
            )
        node = ox.NamedNode(iri)
        incoming = self.graph.store.query(_INCOMING, substitutions={ox.Variable("o"): node})
        assert isinstance(incoming, ox.QuerySolutions)
        classes = [
            self.term(quad.object)
            for quad in self.graph.store.quads_for_pattern(node, ox.NamedNode(RDF + "type"), None)
        ]
        return ResourceView(
            iri=iri,
            label=self.labels.get(iri, compact_iri(iri)),
            classes=sorted(classes, key=lambda t: str(t["text"])),
            facts=facts,
            incoming=[(self.term(row["s"]), self.term(row["p"])) for row in incoming],
        )

    def _describe(self, iri: str) -> Results:
        try:
            query = self.query("describe")
        except UsageError:  # a project without the stored query: use the packaged one
            from ..project import packaged_project

            query = load_query("describe", packaged_project().queries_dir)
        return run_stored(query, {"resource": f"<{iri}>"}, graph=self.graph)

    def resource_triples(self, iri: str) -> list[ox.Triple]:
        """The statements about a resource and the fact notes that qualify them."""
        answer = self.graph.store.query(
            _RDF, substitutions={ox.Variable("resource"): ox.NamedNode(iri)}
        )
        assert isinstance(answer, ox.QueryTriples)
        return list(answer)

    def ontology_triples(self) -> list[ox.Triple]:
        """The ontology: every statement about the ontology or one of its terms."""
        return [
            quad.triple
            for quad in self.graph.store.quads_for_pattern(None, None, None)
            if isinstance(quad.subject, ox.NamedNode)
            and (quad.subject.value.startswith(COOP) or quad.subject.value == ONTOLOGY_IRI)
        ]

    def ontology_terms(self) -> dict[str, list[dict[str, Any]]]:
        """The ontology's terms grouped by their kind (class, object property, ...)."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for term, kind, definition in self._rows(_TERMS):
            entry = {
                **self.term(term),
                "local": term.value[len(COOP) :],
                "definition": definition.value if definition else "",
            }
            groups.setdefault(self.term(kind)["text"], []).append(entry)
        return dict(sorted(groups.items()))

    def table(self, results: Results) -> dict[str, Any]:
        """A query answer for a template: columns and rows of terms, or a boolean."""
        if results.boolean is not None:
            return {"boolean": results.boolean, "columns": [], "rows": []}
        if results.triples is not None:
            rows = [[self.term(t.subject), self.term(t.predicate), self.term(t.object)]
                    for t in results.triples]  # fmt: skip
            return {"boolean": None, "columns": ["subject", "predicate", "object"], "rows": rows}
        rows = [[self.term(cell) for cell in row] for row in results.rows]
        return {"boolean": None, "columns": results.variables, "rows": rows}

    def coverage(self) -> list[tuple[StoredQuery, dict[str, Any]]]:
        """The coverage queries' answers, for the home page."""
        shown = []
        for name in COVERAGE_QUERIES:
            try:
                query = self.query(name)
            except UsageError:
                continue
            shown.append((query, self.table(run_stored(query, {}, graph=self.graph))))
        return shown

    def _rows(self, text: str) -> list[tuple[Any, ...]]:
        answer = self.graph.store.query(text)
        assert isinstance(answer, ox.QuerySolutions)
        return [tuple(row) for row in answer]


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.Literal) else ""
