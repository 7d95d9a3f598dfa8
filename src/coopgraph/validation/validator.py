"""The Validator: shapes and checks prepared once, run against any Graph."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..graph import Graph, open_graph
from ..project import Project, find_project
from ..query.catalogue import StoredQuery, parse_query_file
from .core_engines import CORE_ENGINES, names_a_day_bound, rule_name, shape_iri, turbo_findings
from .report import CHECKS_NS, SEVERITIES, Finding, Report
from .waivers import Waiver

if TYPE_CHECKING:
    import rdflib

    from .beside import Beside

SH_NS = "http://www.w3.org/ns/shacl#"
SPARQL_COMPONENT = SH_NS + "SPARQLConstraintComponent"
#: The SHACL Core engine used unless one is named (see core_engines.py for why this one).
DEFAULT_ENGINE = "pyshacl-turbo"


def list_checks(folder: Path | None = None) -> list[StoredQuery]:
    """The check queries (``*-violation.rq``, ``*-warning.rq``): each row is a finding at the
    severity its ``#+ severity:`` header gives."""
    folder = folder or find_project().checks_dir
    return [
        parse_query_file(path, extra_keys=frozenset({"severity"}))
        for path in sorted([*folder.glob("*-violation.rq"), *folder.glob("*-warning.rq")])
    ]


class Validator:
    """Shapes and checks parsed and prepared once, to run against any Graph.

    By default the project's shapes (``ontology/shapes/*.ttl``) and check queries
    (``queries/checks``); ``shapes`` adds shape files, and with ``only_shapes`` those files are
    all that runs (no project shapes, no check queries). ``engine`` names the SHACL Core engine
    of :data:`CORE_ENGINES`. Raises InputError for a shapes file
    that cannot be parsed, UsageError for a SPARQL constraint that cannot be run as SHACL
    defines it (it is never skipped).
    """

    def __init__(
        self,
        project: Project | None = None,
        *,
        shapes: Sequence[str | Path] = (),
        only_shapes: bool = False,
        engine: str = DEFAULT_ENGINE,
    ) -> None:
        from .rdflib_edge import to_rdflib_graph
        from .shacl_sparql import split_sparql_constraints

        if engine not in CORE_ENGINES:
            raise UsageError(
                f"Unknown SHACL engine {engine!r}; use one of {', '.join(CORE_ENGINES)}"
            )
        self.engine = engine
        self.project = project or find_project()
        if only_shapes and not shapes:
            raise UsageError("--only-shapes needs at least one --shapes FILE")
        files = [] if only_shapes else sorted(self.project.shapes_dir.glob("*.ttl"))
        files += [Path(f) for f in shapes]
        parsed = open_graph(*files, shipped=False, project=self.project, lazy=True)
        triples = [t for t in _file_triples(parsed) if not _inactive_unique_lang(t)]
        self.shapes: rdflib.Graph = to_rdflib_graph(triples)
        self.checks = [] if only_shapes else list_checks(self.project.checks_dir)
        self.core_shapes, self.constraints = split_sparql_constraints(self.shapes)
        self.rules = _count_rules(self.shapes) + len(self.checks)

    def run(
        self,
        graph: Graph,
        *,
        fail_on: str = "violation",
        waivers: Sequence[Waiver] = (),
        today: datetime.date | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> Report:
        """Validate ``graph``; ``progress`` is told the name of each phase as it starts.

        UsageError for a ``fail_on`` that is not a severity.
        """
        if fail_on not in SEVERITIES:
            raise UsageError(f"--fail-on must be one of {', '.join(SEVERITIES)}")
        say = progress or (lambda phase: None)
        beside = self._core_beside(graph)
        if beside is not None:  # SHACL Core in a child process while this one works
            with beside:
                say("reading the data")
                graph.store  # noqa: B018 - parse now, so the phases below are what they say
                say("SHACL-SPARQL constraints")
                findings = self._sparql_constraint_findings(graph)
                say("check queries")
                findings += self._check_findings(graph)
                say(f"SHACL Core ({self.engine})")
                findings += beside.result()
        else:
            say("reading the data")
            graph.store  # noqa: B018 - parse now, so the phases below are what they say
            say(f"SHACL Core ({self.engine})")
            findings = CORE_ENGINES[self.engine](graph, self.core_shapes)
            say("SHACL-SPARQL constraints")
            findings += self._sparql_constraint_findings(graph)
            say("check queries")
            findings += self._check_findings(graph)
        today = today or datetime.date.today()
        by_key = {(w.rule, w.focus): w for w in waivers}
        applied = [
            replace(f, waiver=by_key.get((f.rule, f.focus.value if f.focus else "")))
            for f in findings
        ]
        return Report(
            findings=sorted(applied, key=_order),
            expired_waivers=[w for w in waivers if w.expired(today)],
            rules_run=self.rules,
            fail_on=fail_on,
        )

    def _core_beside(self, graph: Graph) -> Beside | None:
        """SHACL Core (pyshacl-turbo) as a job for a forked child, when that is possible: the
        store is not built yet (the child must not inherit it), and the shapes name no day
        bound (those are in the store only). None: run everything in turn."""
        from .beside import Beside, available

        built = "store" in vars(graph)
        if self.engine != "pyshacl-turbo" or built or not available(_size(graph.files)):
            return None
        if self.project.ontology not in graph.files:
            return None
        bounds = Graph((self.project.ontology,), self.project).derived_predicates()
        if names_a_day_bound(self.core_shapes, bounds):
            return None
        import pyshacl_turbo  # noqa: F401 - imported here, not in the child: no import locks

        shapes = self.core_shapes
        return Beside(lambda: turbo_findings(graph, shapes, derived=False))

    def _sparql_constraint_findings(self, graph: Graph) -> list[Finding]:
        from .shacl_sparql import run_constraints

        severity_of = {"Violation": "violation", "Warning": "warning", "Info": "info"}
        return [
            Finding(
                rule=rule_name(result.shape),
                rule_iri=shape_iri(result.shape),
                component=SPARQL_COMPONENT,
                severity=severity_of.get(str(result.severity).rsplit("#", 1)[-1], "violation"),
                severity_iri=str(result.severity),
                focus=result.focus,
                path=result.path,
                path_text=result.path_text,
                value=result.value,
                message=result.message,
            )
            for result in run_constraints(self.shapes, graph.store, self.constraints)
        ]

    def _check_findings(self, graph: Graph) -> list[Finding]:
        findings = []
        for check in self.checks:
            severity = str(check.extra.get("severity", "violation"))
            for row in graph.query(check.text).dicts():
                message = row.get("message")
                findings.append(
                    Finding(
                        rule=check.name,
                        rule_iri=CHECKS_NS + check.name,
                        severity=severity,
                        focus=row.get("focus"),  # type: ignore[arg-type]
                        path=row.get("path"),  # type: ignore[arg-type]
                        value=row.get("value"),  # type: ignore[arg-type]
                        source="check",
                        component=SPARQL_COMPONENT,
                        message=message.value if message is not None else check.summary,  # type: ignore[union-attr]
                    )
                )
        return findings


def _file_triples(graph: Graph) -> Iterator[Any]:
    """The files' own triples, without the derived day bounds (shapes need none)."""
    from ..io.read import read_triples

    for path in graph.files:
        yield from read_triples(path)


def _inactive_unique_lang(triple: Any) -> bool:
    """SHACL activates sh:uniqueLang only for the value true; pySHACL (and rdflib, which reads
    "1"^^xsd:boolean as true) would apply it for "1" too (W3C test core/property/uniqueLang-002),
    so such a triple is left out before the shapes reach them."""
    import pyoxigraph as ox

    return (
        triple.predicate == ox.NamedNode(SH_NS + "uniqueLang")
        and str(triple.object) != '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    )


def _count_rules(shapes: rdflib.Graph) -> int:
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    node: set[object] = set(shapes.subjects(RDF.type, SH.NodeShape))
    prop: set[object] = {s for s in shapes.objects(None, SH.property) if isinstance(s, URIRef)}
    prop |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    return len(node | prop)


def _order(finding: Finding) -> tuple[int, str, str, str]:
    return (
        SEVERITIES.index(finding.severity),
        finding.rule,
        str(finding.focus or ""),
        str(finding.value or ""),
    )


def _size(files: Sequence[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):  # reported when the file is read
            total += path.stat().st_size
    return total
