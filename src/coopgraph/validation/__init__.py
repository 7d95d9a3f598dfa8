"""Check data against the SHACL shapes and the SPARQL check queries, in one report.

pySHACL (on an rdflib copy of the data) runs the core SHACL constraints; SHACL-SPARQL constraints
and the check queries run on the embedded Oxigraph store. rdflib and pySHACL are imported only
when a validation runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
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


def list_checks(folder: Path | None = None) -> list[StoredQuery]:
    """The check queries (``*-violation.rq``): each must return no rows."""
    folder = folder or find_project().checks_dir
    return [
        parse_query_file(path, extra_keys=frozenset({"severity"}))
        for path in sorted(folder.glob("*-violation.rq"))
    ]


class Validator:
    """Shapes and checks of a project, parsed and prepared once, to run against any Graph."""

    def __init__(self, project: Project | None = None) -> None:
        from .rdflib_edge import to_rdflib_graph
        from .shacl_sparql import split_sparql_constraints

        self.project = project or find_project()
        shapes = open_graph(*sorted(self.project.shapes_dir.glob("*.ttl")), shipped=False,
                            project=self.project)  # fmt: skip
        self.shapes: rdflib.Graph = to_rdflib_graph(shapes.triples())
        self.checks = list_checks(self.project.checks_dir)
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
        _, results, _ = shacl_validate(
            graph.to_rdflib(),
            shacl_graph=self.core_shapes,
            inference=INFERENCE,
            advanced=True,
            allow_warnings=True,
            abort_on_first=False,
            meta_shacl=False,
            do_owl_imports=False,
        )
        findings = []
        for result in results.subjects(RDF.type, SH.ValidationResult):
            shape = results.value(result, SH.sourceShape)
            message = results.value(result, SH.resultMessage)
            findings.append(
                Finding(
                    rule=_rule_name(shape),
                    rule_iri=str(shape),
                    severity=severity_of.get(results.value(result, SH.resultSeverity), "violation"),
                    focus=to_ox(results.value(result, SH.focusNode)),
                    path=to_ox(results.value(result, SH.resultPath)),
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
                rule_iri=str(result.shape),
                severity=severity_of.get(str(result.severity).rsplit("#", 1)[-1], "violation"),
                focus=result.focus,
                path=result.path,
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
    project: Project | None = None,
    validator: Validator | None = None,
) -> Report:
    """Validate a graph, the project's graph (no arguments) or ``files`` against the shapes and
    check queries, and return the report.

    Files are checked together with the ontology and, with ``with_graph``, with the project's
    data, so they may refer to its resources. No inference is run. ``waivers_file`` defaults to
    ``ontology/shapes/waivers.yaml``; a file named explicitly must exist. Raises InputError
    (exit 3) for unreadable input, UsageError (exit 2) for a bad ``fail_on``. Pass a
    ``validator`` to reuse shapes and checks already prepared.
    """
    if fail_on not in SEVERITIES:
        raise UsageError(f"--fail-on must be one of {', '.join(SEVERITIES)}")
    project = project or (
        validator.project if validator else graph.project if graph else find_project()
    )
    if graph is None:
        graph = _data_graph(project, [Path(f) for f in files], with_graph)
    waivers = load_waivers(
        waivers_file or project.shapes_dir / "waivers.yaml", required=waivers_file is not None
    )
    validator = validator or Validator(project)
    return validator.run(graph, fail_on=fail_on, waivers=waivers, today=today)


def _data_graph(project: Project, files: list[Path], with_graph: bool) -> Graph:
    if not files:
        return open_graph(project=project)
    base = project.files() if with_graph else [project.ontology]
    return open_graph(*base, *files, shipped=False, project=project)


def _rule_name(shape: Any) -> str:
    """A shape's local name (the part after '#'), which also names its invalid example."""
    from rdflib import URIRef

    if isinstance(shape, URIRef):
        return str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return "anonymous-shape"


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
