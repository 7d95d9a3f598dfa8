"""The static site (`coopgraph site`): every page of the server that needs no request, and
pages only a built site has (ontology terms in full, the quality report, the memberships
timeline), rendered from the same templates. Links are relative and end in ``.html``, pictures
are files beside the pages, and no page loads anything from elsewhere, so the site works from
``file://`` and offline.

>>> files = build_site(coopgraph.open_graph())   # relative path -> bytes
>>> atomic_write_tree(Path("site"), files)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..errors import CoopgraphError
from ..graph import Graph
from ..namespaces import COOP, COOPID, compact_iri
from ..query.catalogue import StoredQuery
from ..query.results import Results
from ..query.run import run_stored
from .render import render_page
from .site import Site, TermIndex, page_name

#: The stored query drawn on the memberships page and on the home page.
MEMBERSHIPS_QUERY = "memberships-of-all-states"
_IRIS = """
SELECT DISTINCT ?iri WHERE {
  { ?iri ?p ?o } UNION { ?s ?iri ?o } UNION { ?s ?p ?iri }
  FILTER (isIRI(?iri) && (STRSTARTS(STR(?iri), ?prefix)))
} ORDER BY ?iri
"""
_CLASSES = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?super WHERE {{
  ?class a owl:Class .
  FILTER (STRSTARTS(STR(?class), "{COOP}"))
  OPTIONAL {{ ?class rdfs:subClassOf ?super . FILTER (isIRI(?super)) }}
}}
"""
_LINKS = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?property ?domain ?range WHERE {{
  ?property a owl:ObjectProperty ; rdfs:domain ?domain ; rdfs:range ?range .
  FILTER (STRSTARTS(STR(?property), "{COOP}") && isIRI(?domain) && isIRI(?range))
}}
"""
_SOURCE_KINDS = f"""
PREFIX coop: <{COOP}>
SELECT ?kind (COUNT(DISTINCT ?source) AS ?n) WHERE {{
  ?source a coop:SourceDocument .
  OPTIONAL {{ ?source coop:sourceKind ?stated }}
  BIND (COALESCE(?stated, "not stated") AS ?kind)
}} GROUP BY ?kind ORDER BY DESC(?n)
"""
_CERTAINTIES = f"""
PREFIX coop: <{COOP}>
SELECT ?certainty (COUNT(*) AS ?n) WHERE {{ ?s coop:certainty ?certainty }}
GROUP BY ?certainty ORDER BY DESC(?n)
"""
_COUNT_LINE = re.compile(
    r"\*\*Count:\*\*\s*facts in the reference:\s*(\d+);\s*modelled as data:\s*(\d+);\s*"
    r"prose only:\s*(\d+);\s*absent:\s*(\d+)"
)


@dataclass(frozen=True)
class Picture:
    src: str
    alt: str
    width: int = 0
    dot: str = ""


class StaticSite:
    """Collects the files of the site; ``build`` returns them as relative path -> bytes."""

    def __init__(self, graph: Graph, *, progress: Callable[[str], None] | None = None) -> None:
        self.graph = graph
        self.site = Site(graph, ext=".html", root=".")
        self.files: dict[str, bytes] = {}
        self.progress = progress or (lambda message: None)
        # Computed once, shared by every page's Site (Site.at copies what is cached).
        _ = self.site.labels, self.site.source_urls, self.site.stats, self.site.queries

    def page(self, path: str, template: str, **values: Any) -> None:
        depth = path.count("/")
        site = self.site.at("/".join([".."] * depth) or ".")
        self.files[path] = render_page(template, **site.page_context(**values)).encode("utf-8")

    def at(self, path: str) -> Site:
        depth = path.count("/")
        return self.site.at("/".join([".."] * depth) or ".")

    def build(self) -> dict[str, bytes]:
        from .plot import draw, picture_formats, picture_title

        self.progress("queries")
        results: dict[str, tuple[Results | None, str]] = {}
        for query in self.site.queries:
            results[query.name] = self._example(query)
        # Pictures of every query with a view, from its example answer.
        pictures: dict[str, Picture] = {}
        for query in self.site.queries:
            answer = results[query.name][0]
            if answer is None or not picture_formats(query):
                continue
            title = picture_title(query, query.example_values())
            svg = draw(query, answer, "svg", title=title)
            self.files[f"pictures/queries/{query.name}.svg"] = svg
            dot = ""
            if "dot" in picture_formats(query):
                dot = f"pictures/queries/{query.name}.dot"
                self.files[dot] = draw(query, answer, "dot", title=title)
            pictures[query.name] = Picture(
                f"pictures/queries/{query.name}.svg", f"{query.view.capitalize()}: {title}",
                dot=dot,
            )  # fmt: skip
        self._queries(results, pictures)
        self.progress("memberships")
        memberships = self._memberships(results)
        self.progress("home")
        classes = [(self.site.term(_named(k)), n) for k, n in self.site.stats.classes.items()]
        self.page(
            "index.html", "home", title="Home", stats=self.site.stats, classes=classes,
            coverage=self._coverage(results, "index.html"), queries=self.site.queries,
            picture=memberships,
        )  # fmt: skip
        self.progress("ontology")
        self._ontology()
        self.progress("resources")
        self._resources()
        self.progress("quality")
        self._quality(results)
        return dict(sorted(self.files.items()))

    def _example(self, query: StoredQuery) -> tuple[Results | None, str]:
        if query.endpoint:
            return None, f"Runs on {query.endpoint}; the offline site does not run it."
        try:
            return run_stored(query, query.example_values(), graph=self.graph), ""
        except CoopgraphError as exc:
            return None, str(exc)

    def _queries(
        self, results: dict[str, tuple[Results | None, str]], pictures: dict[str, Picture]
    ) -> None:
        from .pages import _fields

        self.page("queries.html", "queries", title="Queries", queries=self.site.queries)
        for query in self.site.queries:
            path = f"queries/{query.name}.html"
            site = self.at(path)
            answer, error = results[query.name]
            picture = pictures.get(query.name)
            if picture is not None:
                picture = Picture(f"../{picture.src}", picture.alt,
                                  dot=f"../{picture.dot}" if picture.dot else "")  # fmt: skip
            args = [(k, item) for k, v in query.example_values().items()
                    for item in (v if isinstance(v, list) else [v])]  # fmt: skip
            self.page(
                path, "query", title=query.name, query=query, fields=_fields(query, {}),
                result=site.table(answer) if answer is not None else None, error=error,
                api="", picture=picture, example_args=args,
            )  # fmt: skip

    def _coverage(
        self, results: dict[str, tuple[Results | None, str]], path: str
    ) -> list[tuple[StoredQuery, dict[str, Any]]]:
        from .site import COVERAGE_QUERIES

        site = self.at(path)
        shown = []
        for query in self.site.queries:
            answer = results[query.name][0]
            if query.name in COVERAGE_QUERIES and answer is not None:
                shown.append((query, site.table(answer)))
        return shown

    def _memberships(self, results: dict[str, tuple[Results | None, str]]) -> Picture | None:
        query = next((q for q in self.site.queries if q.name == MEMBERSHIPS_QUERY), None)
        answer = results.get(MEMBERSHIPS_QUERY, (None, ""))[0]
        if query is None or answer is None:
            return None
        src = f"pictures/queries/{MEMBERSHIPS_QUERY}.svg"
        alt = ("Timeline of the memberships of every state in the European Union, NATO and the "
               "Hybrid CoE, one row per state")  # fmt: skip
        self.page(
            "memberships.html", "picture", title="Memberships timeline",
            heading="Memberships of the EU, NATO and the Hybrid CoE",
            intro="Every state's membership of the European Union, NATO and the European Centre "
            "of Excellence for Countering Hybrid Threats, as the graph records it. A start known "
            "only to the year is drawn as that whole year, hatched; a membership with no recorded "
            "end runs to the chart's edge, with a '?' where no source confirms it still running.",
            picture=Picture(src, alt), query=query, result=self.at("m.html").table(answer),
        )  # fmt: skip
        return Picture(src, alt, width=1000)

    def _ontology(self) -> None:
        from .plot.graphviz import Diagram, Edge, diagram_dot, render_dot

        index = TermIndex(self.site)
        classes: dict[str, list[str]] = {}
        for cls, sup in self.site._rows(_CLASSES):
            classes.setdefault(cls.value, [])
            if sup is not None:
                classes[cls.value].append(sup.value)
        links = [(p.value, d.value, r.value) for p, d, r in self.site._rows(_LINKS)]
        overall = Diagram("The coopgraph ontology: classes, subclasses and object properties")
        for cls, supers in classes.items():
            overall.node(cls, self._short(cls))
            for sup in supers:
                overall.node(sup, self._short(sup))
                overall.edges.add(Edge(cls, sup, "subClassOf"))
        for prop, domain, range_ in links:
            if domain in classes and range_ in classes:
                overall.edges.add(Edge(domain, range_, self._short(prop)))
        self.files["pictures/ontology.svg"] = render_dot(diagram_dot(overall)).encode("utf-8")
        self.page(
            "ontology.html", "ontology", title="Ontology", groups=self.site.ontology_terms(),
            rdf_links=[("Turtle", "ontology.ttl")],
            diagram=Picture("pictures/ontology.svg",
                            "Diagram of the ontology's classes, their superclasses and the object "
                            "properties between them"),
        )  # fmt: skip
        self.files["ontology.ttl"] = _turtle(self.site.ontology_triples())
        for iri in self._iris(COOP):
            local = page_name(iri[len(COOP) :])
            path = f"ontology/{local}.html"
            view = self.at(path).resource(iri)
            if view is None:
                continue
            diagram = None
            if iri in classes:
                small = Diagram(f"{self._short(iri)}: neighbours in the ontology")
                small.node(iri, self._short(iri))
                for sup in classes[iri]:
                    small.node(sup, self._short(sup))
                    small.edges.add(Edge(iri, sup, "subClassOf"))
                for cls, supers in classes.items():
                    if iri in supers:
                        small.node(cls, self._short(cls))
                        small.edges.add(Edge(cls, iri, "subClassOf"))
                for prop, domain, range_ in links:
                    if iri in (domain, range_):
                        small.node(domain, self._short(domain))
                        small.node(range_, self._short(range_))
                        small.edges.add(Edge(domain, range_, self._short(prop)))
                src = f"pictures/ontology/{local}.svg"
                self.files[src] = render_dot(diagram_dot(small)).encode("utf-8")
                alt = (f"Diagram of {self._short(iri)}: its superclasses, subclasses and the "
                       "object properties from and to it")  # fmt: skip
                diagram = Picture(f"../{src}", alt)
            self.page(path, "term", title=view.label, resource=view, rdf_links=[],
                      info=index.info(iri, self.at(path)), diagram=diagram)  # fmt: skip

    def _short(self, iri: str) -> str:
        return compact_iri(iri).strip("<>")

    def _iris(self, prefix: str) -> list[str]:
        answer = self.graph.store.query(_IRIS.replace("?prefix", ox.Literal(prefix).__str__()))
        assert isinstance(answer, ox.QuerySolutions)
        return [row[0].value for row in answer]

    def _resources(self) -> None:
        groups: dict[str, list[dict[str, Any]]] = {}
        listing = self.at("resources.html")
        iris = self._iris(COOPID)
        for iri in iris:
            path = f"id/{page_name(iri[len(COOPID) :])}.html"
            view = self.at(path).resource(iri)
            if view is None:
                continue
            self.page(path, "resource", title=view.label, resource=view, rdf_links=[])
            cls = view.classes[0]["text"] if view.classes else "(no class)"
            groups.setdefault(cls, []).append(listing.term(_named(iri)))
        ordered = sorted(
            ((cls, sorted(m, key=lambda t: str(t["text"]).lower())) for cls, m in groups.items()),
            key=lambda pair: pair[0].lower(),
        )
        self.page("resources.html", "resources", title="Resources", groups=ordered,
                  count=sum(len(m) for _, m in ordered))  # fmt: skip

    def _quality(self, results: dict[str, tuple[Results | None, str]]) -> None:
        from ..validation import validate

        report = validate(graph=self.graph)
        rules: dict[tuple[str, str], list[str]] = {}
        for finding in report.findings:
            rules.setdefault((finding.rule, finding.severity), []).append(finding.message)
        validation = {
            "conforms": report.conforms,
            "rules_run": report.rules_run,
            "inference": report.inference,
            "findings": len(report.findings),
            "rules": [
                {"rule": rule, "severity": severity, "count": len(messages),
                 "messages": sorted(set(messages))[:3]}
                for (rule, severity), messages in sorted(rules.items())
            ],
        }  # fmt: skip
        site = self.at("quality.html")
        self.page(
            "quality.html", "quality", title="Quality report", validation=validation,
            coverage=self._coverage(results, "quality.html"),
            source_kinds=self._shares(site, _SOURCE_KINDS),
            certainties=self._shares(site, _CERTAINTIES),
            not_modelled=self._not_modelled(),
        )  # fmt: skip

    def _shares(self, site: Site, text: str) -> list[dict[str, Any]]:
        rows = self.site._rows(text)
        total = sum(int(n.value) for _, n in rows) or 1
        shares = []
        for value, n in rows:
            term = site.term(value)
            shares.append({"label": term["text"], "href": term["href"], "count": int(n.value),
                           "share": int(n.value) / total})  # fmt: skip
        return shares

    def _not_modelled(self) -> dict[str, Any] | None:
        path = self.graph.project.data_dir / "NOT-MODELLED.md"
        if not path.is_file():
            return None
        text = path.read_text(encoding="utf-8")
        self.files["not-modelled.md"] = text.encode("utf-8")
        self.page(
            "not-modelled.html", "text", title="Facts not modelled",
            heading="Facts not modelled", text=text, download="not-modelled.md",
            intro="data/NOT-MODELLED.md as it is: the facts of the reference that the graph "
            "keeps as prose only or leaves out, and why.",
        )  # fmt: skip
        match = _COUNT_LINE.search(text)
        if match is None:
            return {"total": "?", "modelled": "?", "prose": "?", "absent": "?",
                    "href": "not-modelled.html", "line": "(no count line found)"}  # fmt: skip
        total, modelled, prose, absent = (int(g) for g in match.groups())
        return {"total": total, "modelled": modelled, "prose": prose, "absent": absent,
                "href": "not-modelled.html", "line": match.group(0).replace("**", "")}  # fmt: skip


def build_site(graph: Graph, *, progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """Every file of the static site of ``graph``, as relative path -> bytes, in path order."""
    return StaticSite(graph, progress=progress).build()


def _named(curie_or_iri: str) -> ox.NamedNode:
    from ..query.params import expand_iri

    if curie_or_iri.startswith("<"):
        return ox.NamedNode(curie_or_iri[1:-1])
    if "://" in curie_or_iri:
        return ox.NamedNode(curie_or_iri)
    named = expand_iri(curie_or_iri)
    assert isinstance(named, ox.NamedNode)
    return named


def _turtle(triples: list[ox.Triple]) -> bytes:
    from ..formats.rdf import serialize

    return bytes(serialize(triples, "ttl"))
