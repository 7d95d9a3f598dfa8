"""Check data against the SHACL shapes and the SPARQL check queries, in one report."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Identifier

from .catalogue import StoredQuery, parse_query_file
from .errors import InputError, UsageError
from .loading import load_files, new_graph, parse_into
from .oxterms import memory_store
from .resources import ontology_path, queries_dir, shapes_dir, shipped_files
from .results import from_oxigraph
from .shaclsparql import SparqlConstraint, run_constraints, split_sparql_constraints

SEVERITIES = ("violation", "warning", "info")
_SEVERITY_OF = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
_SH_SEVERITY = {v: k for k, v in _SEVERITY_OF.items()}
CHECKS_NS = "https://w3id.org/coopgraph/checks#"
INFERENCE = "none"


@dataclass(frozen=True)
class Waiver:
    """A known exception: results of ``rule`` on ``focus`` are shown but not counted."""

    rule: str
    focus: str
    reason: str
    expires: datetime.date

    def expired(self, today: datetime.date) -> bool:
        return self.expires < today


@dataclass(frozen=True)
class Finding:
    """One result of a shape or a check query."""

    rule: str
    severity: str
    focus: Identifier | None
    message: str
    path: Identifier | None = None
    value: Identifier | None = None
    source: str = "shacl"  # or "check"
    rule_iri: str = ""
    waiver: Waiver | None = None


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    expired_waivers: list[Waiver] = field(default_factory=list)
    rules_run: int = 0
    inference: str = INFERENCE
    fail_on: str = "violation"

    def counted(self) -> list[Finding]:
        limit = SEVERITIES.index(self.fail_on)
        return [
            f for f in self.findings if f.waiver is None and SEVERITIES.index(f.severity) <= limit
        ]

    @property
    def conforms(self) -> bool:
        return not self.counted() and not self.expired_waivers


def validate(
    files: Sequence[Path] = (),
    *,
    with_graph: bool = False,
    fail_on: str = "violation",
    waivers_file: Path | None = None,
    today: datetime.date | None = None,
) -> Report:
    """Validate the shipped graph (no ``files``) or the given files against shapes and checks.

    Given files are checked together with the ontology and, with ``with_graph``, with the shipped
    data, so they may refer to its resources. No inference is run. Raises InputError (exit 3) for
    unreadable or unparseable input, UsageError for a bad ``fail_on``.
    """
    if fail_on not in SEVERITIES:
        raise UsageError(f"--fail-on must be one of {', '.join(SEVERITIES)}")
    data = _data_graph([Path(f) for f in files], with_graph)
    shapes = load_files(sorted(shapes_dir().glob("*.ttl")))
    checks = list_checks()
    store = memory_store(data)
    core_shapes, constraints = split_sparql_constraints(shapes)
    findings = (
        _shacl_findings(data, core_shapes)
        + _sparql_constraint_findings(shapes, store, constraints)
        + _check_findings(store, checks)
    )
    waivers = load_waivers(waivers_file or default_waivers_file())
    today = today or datetime.date.today()
    by_key = {(w.rule, w.focus): w for w in waivers}
    applied = [replace(f, waiver=by_key.get((f.rule, str(f.focus)))) for f in findings]
    report = Report(
        findings=sorted(applied, key=_order),
        expired_waivers=[w for w in waivers if w.expired(today)],
        rules_run=_count_rules(shapes) + len(checks),
        fail_on=fail_on,
    )
    return report


def list_checks(folder: Path | None = None) -> list[StoredQuery]:
    folder = folder or queries_dir() / "checks"
    return [
        parse_query_file(path, extra_keys=frozenset({"severity"}))
        for path in sorted(folder.glob("*-violation.rq"))
    ]


def default_waivers_file() -> Path:
    return shapes_dir() / "waivers.yaml"


def load_waivers(path: Path) -> list[Waiver]:
    """Waivers from a YAML list of {rule, focus, reason, expires}; a missing file means none."""
    if not path.is_file():
        return []
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}{line}: malformed waivers file: {exc}") from None
    waivers = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not {"rule", "focus", "reason", "expires"} <= set(entry):
            raise InputError(
                f"{path}: waiver {number} needs rule, focus, reason and expires (YYYY-MM-DD)"
            )
        expires = entry["expires"]
        if not isinstance(expires, datetime.date):
            raise InputError(f"{path}: waiver {number}: expires must be a date, YYYY-MM-DD")
        waivers.append(
            Waiver(str(entry["rule"]), _expand(str(entry["focus"])), str(entry["reason"]), expires)
        )
    return waivers


def _expand(focus: str) -> str:
    from .binding import expand_iri

    try:
        return str(expand_iri(focus))
    except ValueError:
        return focus


def _data_graph(files: list[Path], with_graph: bool) -> Graph:
    if not files:
        return load_files(shipped_files())
    graph = new_graph()
    parse_into(graph, ontology_path())
    if with_graph:
        for path in shipped_files()[1:]:
            parse_into(graph, path)
    for path in files:
        parse_into(graph, path)
    return graph


def _shacl_findings(data: Graph, shapes: Graph) -> list[Finding]:
    _, results, _ = shacl_validate(
        data,
        shacl_graph=shapes,
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
        severity = _SEVERITY_OF.get(results.value(result, SH.resultSeverity), "violation")
        message = results.value(result, SH.resultMessage)
        findings.append(
            Finding(
                rule=_rule_name(shape),
                rule_iri=str(shape),
                severity=severity,
                focus=results.value(result, SH.focusNode),
                path=results.value(result, SH.resultPath),
                value=results.value(result, SH.value),
                message=str(message) if message is not None else "constraint not met",
            )
        )
    return findings


def _rule_name(shape: Any) -> str:
    """A shape's local name (the part after '#'), which also names its invalid example."""
    if isinstance(shape, URIRef):
        return str(shape).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return "anonymous-shape"


def _sparql_constraint_findings(
    shapes: Graph, store: ox.Store, constraints: list[SparqlConstraint]
) -> list[Finding]:
    return [
        Finding(
            rule=_rule_name(result.shape),
            rule_iri=str(result.shape),
            severity=_SEVERITY_OF.get(result.severity, "violation"),
            focus=result.focus,
            path=result.path,
            value=result.value,
            message=result.message,
        )
        for result in run_constraints(shapes, store, constraints)
    ]


def _check_findings(store: ox.Store, checks: list[StoredQuery]) -> list[Finding]:
    findings = []
    for check in checks:
        severity = str(check.extra.get("severity", "violation"))
        result = from_oxigraph(check.form, store.query(check.text))
        for row in result.rows:
            cells = dict(zip(result.variables, row, strict=True))
            message = cells.get("message")
            findings.append(
                Finding(
                    rule=check.name,
                    rule_iri=CHECKS_NS + check.name,
                    severity=severity,
                    focus=cells.get("focus"),
                    path=cells.get("path"),
                    value=cells.get("value"),
                    source="check",
                    message=str(message) if message is not None else check.summary,
                )
            )
    return findings


def _count_rules(shapes: Graph) -> int:
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


def report_graph(report: Report) -> Graph:
    """The report as a SHACL validation report graph (check queries as SPARQL-based results)."""
    graph = Graph()
    graph.bind("sh", SH)
    root = URIRef("urn:coopgraph:report")
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for number, finding in enumerate(report.findings, start=1):
        node = URIRef(f"urn:coopgraph:report:result:{number}")
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.resultSeverity, _SH_SEVERITY[finding.severity]))
        graph.add((node, SH.resultMessage, Literal(finding.message)))
        graph.add((node, SH.sourceShape, URIRef(finding.rule_iri)))
        if finding.source == "check":
            graph.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        for prop, value in (
            (SH.focusNode, finding.focus),
            (SH.resultPath, finding.path),
            (SH.value, finding.value),
        ):
            if value is not None:
                graph.add((node, prop, value))
        if finding.waiver is not None:
            graph.add((node, RDF.type, URIRef(CHECKS_NS + "WaivedResult")))
            graph.add((node, URIRef(CHECKS_NS + "waiverReason"), Literal(finding.waiver.reason)))
    return graph


REPORT_FORMATS = ("text", "json", "ttl")


def render_report(report: Report, fmt: str) -> str:
    """The report as grouped text, JSON, or a SHACL validation report in Turtle."""
    if fmt == "ttl":
        return report_graph(report).serialize(format="turtle")
    if fmt == "json":
        return json.dumps(_report_json(report), indent=2, ensure_ascii=False) + "\n"
    return _report_text(report)


def _report_json(report: Report) -> dict[str, Any]:
    def term(value: Identifier | None) -> str | None:
        return None if value is None else str(value)

    return {
        "conforms": report.conforms,
        "inference": report.inference,
        "fail_on": report.fail_on,
        "rules_run": report.rules_run,
        "counted": len(report.counted()),
        "results": [
            {
                "rule": f.rule,
                "rule_iri": f.rule_iri,
                "source": f.source,
                "severity": f.severity,
                "focus": term(f.focus),
                "path": term(f.path),
                "value": term(f.value),
                "message": f.message,
                "waived": None
                if f.waiver is None
                else {"reason": f.waiver.reason, "expires": f.waiver.expires.isoformat()},
            }
            for f in report.findings
        ],
        "expired_waivers": [
            {"rule": w.rule, "focus": w.focus, "reason": w.reason, "expires": w.expires.isoformat()}
            for w in report.expired_waivers
        ],
    }


def _report_text(report: Report) -> str:
    from .formats import compact

    lines = []
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault((finding.severity, finding.rule), []).append(finding)
    for (severity, rule), findings in groups.items():
        lines.append(f"{severity.upper()} {rule} ({len(findings)})")
        for f in findings:
            where = compact(f.focus) if f.focus is not None else "-"
            extra = "".join(
                f" {label}={compact(value)}"
                for label, value in (("path", f.path), ("value", f.value))
                if value is not None
            )
            waived = f" [waived until {f.waiver.expires}: {f.waiver.reason}]" if f.waiver else ""
            lines.append(f"  {where}{extra}: {f.message}{waived}")
    for waiver in report.expired_waivers:
        lines.append(
            f"EXPIRED WAIVER {waiver.rule} on {waiver.focus} (expired {waiver.expires}): "
            "fix the data or renew the waiver"
        )
    counted = len(report.counted())
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(
        f"{verdict}: {counted} counted result(s) at or above {report.fail_on}, "
        f"{len(report.findings)} in all, {report.rules_run} rules, inference: {report.inference}"
    )
    return "\n".join(lines) + "\n"
