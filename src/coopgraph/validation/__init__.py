"""Check data against the SHACL shapes and the SPARQL check queries, in one report.

pySHACL (on an rdflib copy of the data) runs the core SHACL constraints; SHACL-SPARQL constraints
and the check queries run on the embedded Oxigraph store. rdflib and pySHACL are imported only
when a validation runs.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..graph import Graph, open_graph
from ..project import Project, find_project
from ..query.catalogue import StoredQuery, parse_query_file
from .report import CHECKS_NS, INFERENCE, REPORT_FORMATS, SEVERITIES, Finding, Report
from .waivers import Waiver, load_waivers

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "REPORT_FORMATS",
    "SEVERITIES",
    "Finding",
    "Report",
    "Validator",
    "Waiver",
    "list_checks",
    "validate",
]


SH_NS = "http://www.w3.org/ns/shacl#"
SPARQL_COMPONENT = SH_NS + "SPARQLConstraintComponent"


def _file_triples(graph: Graph) -> Iterator[Any]:
    """The files' own triples, without the derived day bounds (shapes need none)."""
    from ..io.read import read_triples

    for path in graph.files:
        yield from read_triples(path)


def list_checks(folder: Path | None = None) -> list[StoredQuery]:
    """The check queries (``*-violation.rq``): each must return no rows."""
    folder = folder or find_project().checks_dir
    return [
        parse_query_file(path, extra_keys=frozenset({"severity"}))
        for path in sorted(folder.glob("*-violation.rq"))
    ]


class Validator:
    """Shapes and checks parsed and prepared once, to run against any Graph.

    By default the project's shapes (``ontology/shapes/*.ttl``) and check queries
    (``queries/checks``); ``shapes`` adds shape files, and with ``only_shapes`` those files are
    all that runs (no project shapes, no check queries). Raises InputError for a shapes file
    that cannot be parsed, UsageError for a SPARQL constraint that cannot be run as SHACL
    defines it (it is never skipped).
    """

    def __init__(
        self,
        project: Project | None = None,
        *,
        shapes: Sequence[str | Path] = (),
        only_shapes: bool = False,
    ) -> None:
        from .rdflib_edge import to_rdflib_graph
        from .shacl_sparql import split_sparql_constraints

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
    ) -> Report:
        """Validate ``graph``; UsageError for a ``fail_on`` that is not a severity."""
        if fail_on not in SEVERITIES:
            raise UsageError(f"--fail-on must be one of {', '.join(SEVERITIES)}")
        findings = (
            self._shacl_findings(graph)
            + self._sparql_constraint_findings(graph)
            + self._check_findings(graph)
        )
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

    def _shacl_findings(self, graph: Graph) -> list[Finding]:
        from pyshacl import validate as shacl_validate
        from rdflib.namespace import RDF, SH

        from .rdflib_edge import to_ox

        severity_of = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
        _, results, text = shacl_validate(
            graph.to_rdflib(),
            shacl_graph=self.core_shapes,
            inference=INFERENCE,
            advanced=True,
            allow_warnings=True,
            abort_on_first=False,
            meta_shacl=False,
            do_owl_imports=False,
        )
        if not hasattr(results, "objects"):  # pySHACL's ValidationFailure: the shapes are wrong
            first = str(text).strip().splitlines()[-1] if str(text).strip() else "shapes invalid"
            raise UsageError(f"The shapes cannot be evaluated: {first}")
        findings = []
        report = next(results.subjects(RDF.type, SH.ValidationReport))
        for result in results.objects(report, SH.result):  # not the nested sh:detail results
            shape = results.value(result, SH.sourceShape)
            severity = results.value(result, SH.resultSeverity)
            path = results.value(result, SH.resultPath)
            message = results.value(result, SH.resultMessage)
            component = results.value(result, SH.sourceConstraintComponent)
            findings.append(
                Finding(
                    rule=_rule_name(shape),
                    rule_iri=_shape_iri(shape),
                    component=str(component) if component is not None else "",
                    severity=severity_of.get(severity, "violation"),
                    severity_iri=str(severity or SH.Violation),
                    focus=to_ox(results.value(result, SH.focusNode)),
                    path=to_ox(path),
                    path_text=_path_text(results, path, shape),
                    value=to_ox(results.value(result, SH.value)),
                    message=str(message) if message is not None else "constraint not met",
                )
            )
        return findings

    def _sparql_constraint_findings(self, graph: Graph) -> list[Finding]:
        from .shacl_sparql import run_constraints

        severity_of = {"Violation": "violation", "Warning": "warning", "Info": "info"}
        return [
            Finding(
                rule=_rule_name(result.shape),
                rule_iri=_shape_iri(result.shape),
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


def validate(
    files: Sequence[str | Path] = (),
    *,
    graph: Graph | None = None,
    with_graph: bool = False,
    fail_on: str = "violation",
    waivers_file: Path | None = None,
    today: datetime.date | None = None,
    project: Project | str | os.PathLike[str] | None = None,
    validator: Validator | None = None,
    shapes: Sequence[str | Path] = (),
    only_shapes: bool = False,
) -> Report:
    """Validate a graph, the project's graph (no arguments) or ``files`` against the shapes and
    check queries, and return the report.

    Files are checked together with the ontology and, with ``with_graph``, with the project's
    data, so they may refer to its resources. No inference is run. ``waivers_file`` defaults to
    ``ontology/shapes/waivers.yaml``; a file named explicitly must exist. Raises InputError
    (exit 3) for unreadable input, UsageError (exit 2) for a bad ``fail_on``. Pass a
    ``validator`` to reuse shapes and checks already prepared; ``shapes`` and ``only_shapes``
    are passed to :class:`Validator`.
    """
    if fail_on not in SEVERITIES:
        raise UsageError(f"fail_on (--fail-on) must be one of {', '.join(SEVERITIES)}")
    if isinstance(files, str | os.PathLike):
        files = [files]  # one file, not a sequence of characters
    if project is not None and not isinstance(project, Project):
        project = find_project(project)
    project = project or (
        validator.project if validator else graph.project if graph else find_project()
    )
    if graph is None:
        graph = _data_graph(project, [Path(f) for f in files], with_graph)
    waivers = load_waivers(
        waivers_file or project.shapes_dir / "waivers.yaml", required=waivers_file is not None
    )
    validator = validator or Validator(project, shapes=shapes, only_shapes=only_shapes)
    return validator.run(graph, fail_on=fail_on, waivers=waivers, today=today)


def _data_graph(project: Project, files: list[Path], with_graph: bool) -> Graph:
    if not files:
        return open_graph(project=project)
    base = project.files() if with_graph else [project.ontology]
    return open_graph(*base, *files, shipped=False, project=project)


def _path_text(graph: rdflib.Graph, path: Any, shape: Any) -> str:
    """A blank-node path written as a SPARQL property path (stable across runs), else ""."""
    from rdflib import BNode

    from .shacl_sparql import path_to_sparql

    if not isinstance(path, BNode):
        return ""
    try:
        return path_to_sparql(graph, path, shape)
    except UsageError:
        return ""


def _rule_name(shape: Any) -> str:
    """A shape's local name (the part after '#'), which also names its invalid example."""
    iri = _shape_iri(shape)
    if iri.startswith("_:"):
        return "anonymous-shape"
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _shape_iri(shape: Any) -> str:
    """The shape's IRI, or ``_:label`` for a blank node (rdflib or Oxigraph term)."""
    import pyoxigraph as ox
    from rdflib import URIRef

    if isinstance(shape, URIRef):
        return str(shape)
    if isinstance(shape, ox.NamedNode):
        return shape.value
    if isinstance(shape, ox.BlankNode):
        return f"_:{shape.value}"
    return f"_:{shape}"


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
