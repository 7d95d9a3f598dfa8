"""The validation report: findings of shapes and check queries, and its three renderings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..formats.rdf import serialize
from ..formats.tables import compact
from ..namespaces import RDF, SH, XSD
from .waivers import Waiver

SEVERITIES = ("violation", "warning", "info")
REPORT_FORMATS = ("text", "json", "ttl")
CHECKS_NS = "https://w3id.org/coopgraph/checks#"
INFERENCE = "none"
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class Finding:
    """One result of a shape or a check query."""

    rule: str
    severity: str
    focus: Term | None
    message: str
    path: Term | None = None
    value: Term | None = None
    source: str = "shacl"  # or "check"
    rule_iri: str = ""
    component: str = ""  # the sh:sourceConstraintComponent
    severity_iri: str = SH + "Violation"  # as the shape states it; custom ones count as violations
    path_text: str = ""  # a complex path (a blank node) written as a SPARQL property path
    waiver: Waiver | None = None


@dataclass
class Report:
    """Every finding, the waivers that expired, and what was run."""

    findings: list[Finding] = field(default_factory=list)
    expired_waivers: list[Waiver] = field(default_factory=list)
    rules_run: int = 0
    inference: str = INFERENCE
    fail_on: str = "violation"

    def counted(self) -> list[Finding]:
        """Findings at or above ``fail_on`` that no waiver covers."""
        limit = SEVERITIES.index(self.fail_on)
        return [
            f for f in self.findings if f.waiver is None and SEVERITIES.index(f.severity) <= limit
        ]

    @property
    def conforms(self) -> bool:
        return not self.counted() and not self.expired_waivers

    def render(self, fmt: str = "text") -> str:
        """The report as grouped text, JSON, or a SHACL validation report in Turtle."""
        if fmt == "ttl":
            return serialize(report_triples(self), "ttl").decode("utf-8")
        if fmt == "json":
            return json.dumps(_as_json(self), indent=2, ensure_ascii=False) + "\n"
        return _as_text(self)


def _path(finding: Finding) -> str:
    return finding.path_text or (compact(finding.path) if finding.path is not None else "")


def _plain(term: Term | None) -> str | None:
    return None if term is None else term.value


def report_triples(report: Report) -> list[ox.Triple]:
    """The report as a SHACL validation report graph (check queries as SPARQL-based results)."""

    def sh(name: str) -> ox.NamedNode:
        return ox.NamedNode(SH + name)

    a = ox.NamedNode(RDF + "type")
    root = ox.NamedNode("urn:coopgraph:report")
    conforms = ox.Literal(str(report.conforms).lower(), datatype=ox.NamedNode(XSD + "boolean"))
    triples = [
        ox.Triple(root, a, sh("ValidationReport")),
        ox.Triple(root, sh("conforms"), conforms),
    ]
    for number, finding in enumerate(report.findings, start=1):
        node = ox.NamedNode(f"urn:coopgraph:report:result:{number}")
        triples += [
            ox.Triple(root, sh("result"), node),
            ox.Triple(node, a, sh("ValidationResult")),
            ox.Triple(node, sh("resultSeverity"), ox.NamedNode(finding.severity_iri)),
            ox.Triple(node, sh("resultMessage"), ox.Literal(finding.message)),
            ox.Triple(node, sh("sourceShape"), ox.NamedNode(finding.rule_iri)),
        ]
        if finding.component:
            triples.append(
                ox.Triple(node, sh("sourceConstraintComponent"), ox.NamedNode(finding.component))
            )
        for name, value in (("focusNode", finding.focus), ("resultPath", finding.path),
                            ("value", finding.value)):  # fmt: skip
            if value is not None:
                triples.append(ox.Triple(node, sh(name), value))
        if finding.waiver is not None:
            triples += [
                ox.Triple(node, a, ox.NamedNode(CHECKS_NS + "WaivedResult")),
                ox.Triple(
                    node,
                    ox.NamedNode(CHECKS_NS + "waiverReason"),
                    ox.Literal(finding.waiver.reason),
                ),
            ]
    return triples


def _as_json(report: Report) -> dict[str, Any]:
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
                "component": f.component or None,
                "severity": f.severity,
                "focus": _plain(f.focus),
                "path": f.path_text or _plain(f.path),
                "value": _plain(f.value),
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


def _as_text(report: Report) -> str:
    lines = []
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in report.findings:
        groups.setdefault((finding.severity, finding.rule), []).append(finding)
    for (severity, rule), findings in groups.items():
        lines.append(f"{severity.upper()} {rule} ({len(findings)})")
        for f in findings:
            where = compact(f.focus) if f.focus is not None else "-"
            extra = "".join(
                f" {label}={text}"
                for label, text in (("path", _path(f)), ("value", compact(f.value)))
                if text
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
