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

    def __init__(self, graph: Graph, *, root: str = "", ext: str = "") -> None:
        self.graph = graph
        self.root = root
        #: Appended to page paths: "" on the server, ".html" in the static site.
        self.ext = ext

    def at(self, root: str) -> Site:
        """This Site with another root (the static site's relative path to its top, such as
        ".." for a page one folder down), sharing what has been computed so far."""
        import copy

        other = copy.copy(self)
        other.root = root
        return other

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
        return {"root": self.root, "ext": self.ext, "static": bool(self.ext), **extra}

    def href(self, iri: str) -> str | None:
        """The site path of a resource or ontology term, the IRI itself for other web
        addresses, None for anything else."""
        if iri.startswith(COOPID):
            return f"{self.root}/id/{page_name(iri[len(COOPID) :])}{self.ext}"
        if iri.startswith(COOP):
            return f"{self.root}/ontology/{page_name(iri[len(COOP) :])}{self.ext}"
        if iri == ONTOLOGY_IRI:
            return f"{self.root}/ontology{self.ext}"
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


def page_name(local: str) -> str:
    """A local name as a path segment: as it is when safe, else percent-encoded."""
    from urllib.parse import quote

    return quote(local, safe="-_.~")


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.Literal) else ""


_TERM_FACTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?term ?relation ?other WHERE {
  { ?term rdfs:subClassOf|rdfs:subPropertyOf ?other . BIND("super" AS ?relation) }
  UNION { ?other rdfs:subClassOf|rdfs:subPropertyOf ?term . BIND("sub" AS ?relation) }
  UNION { ?term rdfs:domain ?other . BIND("domain" AS ?relation) }
  UNION { ?term rdfs:range ?other . BIND("range" AS ?relation) }
  UNION { ?other rdfs:domain ?term . BIND("property" AS ?relation) }
  UNION { ?other rdfs:range ?term . BIND("pointed-at-by" AS ?relation) }
  UNION { ?term a ?other . BIND("kind" AS ?relation) }
  FILTER (isIRI(?other))
} ORDER BY ?relation STR(?other)
"""
SHAPES_NS = "https://w3id.org/coopgraph/shapes#"
_INSTANCES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
_STATEMENTS = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
_SHAPES = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?term ?shape ?how ?name ?message ?severity ?on WHERE {
  {
    ?shape sh:targetClass ?term .
    BIND("targets its instances" AS ?how)
  } UNION {
    ?shape sh:path ?term .
    BIND("constrains its values" AS ?how)
    OPTIONAL { ?parent sh:property ?shape . ?parent sh:targetClass ?on }
  } UNION {
    ?shape sh:class ?term .
    BIND("requires values of this class" AS ?how)
    OPTIONAL { ?parent sh:property ?shape . ?parent sh:targetClass ?on }
  }
  FILTER (isIRI(?term))
  OPTIONAL { ?shape sh:name ?name }
  OPTIONAL { ?shape sh:message ?message }
  OPTIONAL { ?shape sh:severity ?severity }
} ORDER BY STR(?term) STR(?shape) STR(?on)
"""


@dataclass(frozen=True)
class TermInfo:
    """What the ontology says about one term, how often the graph uses it, and the shapes
    that constrain it."""

    iri: str
    local: str
    kinds: list[dict[str, Any]]
    definition: str
    relations: dict[str, list[dict[str, Any]]]
    usage: int
    usage_text: str
    shapes: list[dict[str, Any]]


class TermIndex:
    """The ontology's terms with usage counts and constraining shapes, computed once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        store = site.graph.store
        self.instances = {r[0].value: int(r[1].value) for r in _solutions(store, _INSTANCES)}
        self.statements = {r[0].value: int(r[1].value) for r in _solutions(store, _STATEMENTS)}
        self.shapes = self._shapes()

    def _shapes(self) -> dict[str, list[dict[str, Any]]]:
        from ..io.read import load_into

        found: dict[str, list[dict[str, Any]]] = {}
        folder = self.site.graph.project.shapes_dir
        for path in sorted(folder.glob("*.ttl")):
            store = ox.Store()
            load_into(store, path)
            for row in _solutions(store, _SHAPES):
                term, shape, how, name, message, severity, on = row
                found.setdefault(term.value, []).append(
                    {
                        "shape": shape.value.replace(SHAPES_NS, "cgsh:")
                        if isinstance(shape, ox.NamedNode) else "(unnamed)",
                        "how": how.value,
                        "name": name.value if name else "",
                        "message": message.value if message else "",
                        "severity": (severity.value.rsplit("#")[-1] if severity else "Violation"),
                        "on": on,
                        "file": path.name,
                    }
                )  # fmt: skip
        return found

    def info(self, iri: str, site: Site | None = None) -> TermInfo:
        """The term ``iri``, its links made for ``site`` (default: this index's)."""
        site = site or self.site
        relations: dict[str, list[dict[str, Any]]] = {}
        answer = site.graph.store.query(
            _TERM_FACTS, substitutions={ox.Variable("term"): ox.NamedNode(iri)}
        )
        assert isinstance(answer, ox.QuerySolutions)
        for _, relation, other in answer:
            relations.setdefault(relation.value, []).append(site.term(other))
        kinds = relations.pop("kind", [])
        is_class = any(k["text"] in ("Class", "owl:Class", "rdfs:Class") or
                       k.get("hint") in ("owl:Class", "rdfs:Class") for k in kinds)  # fmt: skip
        usage = self.instances.get(iri, 0) if is_class else self.statements.get(iri, 0)
        what = "resources of this class" if is_class else "statements with this property"
        if not is_class and iri in self.instances:
            usage, what = self.instances[iri], "resources of this type"
        definition = ""
        for row in site._rows(_TERMS):
            if row[0].value == iri and row[2] is not None:
                definition = row[2].value
        return TermInfo(
            iri=iri,
            local=iri[len(COOP) :] if iri.startswith(COOP) else iri,
            kinds=kinds,
            definition=definition,
            relations=relations,
            usage=usage,
            usage_text=what,
            shapes=[
                {**s, "on": site.term(s["on"]) if s["on"] else None}
                for s in self.shapes.get(iri, [])
            ],
        )


def _solutions(store: ox.Store, text: str) -> list[tuple[Any, ...]]:
    answer = store.query(text)
    assert isinstance(answer, ox.QuerySolutions)
    return [tuple(row) for row in answer]
