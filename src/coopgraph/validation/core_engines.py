"""Engines for SHACL Core: one registry, one result shape.

Each engine takes the data Graph and the shapes without their SHACL-SPARQL constraints (those,
and the check queries, always run on the Oxigraph store) and returns Findings. pySHACL is the
reference; it needs rdflib copies of both graphs, made only when it runs.

The default is pyshacl-turbo (MIT or Apache-2.0, 28 releases, a Rust engine on Oxigraph with
pySHACL's interface and report). Compared for issue 10: it, pyrudof and shacl-rust each pass
the 98 W3C core tests; pyshacl-turbo and pyrudof agree with pySHACL on all of coopgraph's
invalid examples, shacl-rust on none (it rejects every literal checked through sh:node);
pyrudof is about twice as fast but used 11.8 GB at a million triples against 4.3 GB.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import InputError, UsageError
from ..graph import Graph
from .report import INFERENCE, Finding

if TYPE_CHECKING:
    import rdflib


#: What both pySHACL-interface engines are asked for: SHACL-AF constraint components, every
#: severity reported, the whole report, and no owl:imports followed.
_OPTIONS: dict[str, Any] = {
    "advanced": True,
    "allow_warnings": True,
    "abort_on_first": False,
    "do_owl_imports": False,
}


def pyshacl_findings(graph: Graph, shapes: rdflib.Graph) -> list[Finding]:
    """SHACL Core results of pySHACL (the reference engine) on an rdflib copy of ``graph``."""
    from pyshacl import validate as shacl_validate

    _, results, text = shacl_validate(
        graph.to_rdflib(), shacl_graph=shapes, inference=INFERENCE, meta_shacl=False, **_OPTIONS
    )
    return _read_report(results, text)


def turbo_findings(
    graph: Graph, shapes: rdflib.Graph, *, derived: bool | None = None
) -> list[Finding]:
    """SHACL Core results of pyshacl-turbo, a Rust engine with pySHACL's interface and report.

    It is given N-Triples text of the files' own terms (not the Oxigraph store, which
    normalises literals such as xsd:positiveInteger) wrapped in its ``Input`` record: given a
    file name or an rdflib graph it would build an rdflib copy of the data first, which took
    five sixths of its time at 100k triples. The report is pySHACL's rdflib graph.
    """
    from pyshacl_turbo.rdf import Input

    program = _compiled(shapes.serialize(format="nt", encoding="utf-8").decode())
    # The day bounds added at load (a fifth of the triples of dated data) matter only to shapes
    # that name them; the project's core shapes do not (their SPARQL constraints do, and run on
    # the store), so they are left out unless a shape mentions one.
    if derived is None:
        derived = names_a_day_bound(shapes, graph.derived_predicates())
    try:
        _, results, text = program.validate(
            Input(graph.ntriples(derived=derived), "nt", None, {}),
            allow_infos=True,
            allow_warnings=_OPTIONS["allow_warnings"],
            abort_on_first=_OPTIONS["abort_on_first"],
        )
    except ValueError as exc:  # its parser: RDF 1.2 triple terms or directional literals
        if "parse" not in str(exc).lower():
            raise
        raise InputError(
            "SHACL Core (pyshacl-turbo) cannot read the data: it uses RDF 1.2 (triple terms "
            "or directional language tags); remove them to validate"
        ) from None
    return _read_report(results, text)


def names_a_day_bound(shapes: rdflib.Graph, bounds: set[str]) -> bool:
    """True when a shape names one of the day-bound properties ``bounds``."""
    return not bounds.isdisjoint(str(term) for triple in shapes for term in triple)


@lru_cache(maxsize=4)
def _compiled(shapes: str) -> Any:
    """pyshacl-turbo's compiled program for shapes given as N-Triples, kept for the next run
    of the same shapes (compiling reads them into rdflib: 30 ms for the project's shapes)."""
    import pyshacl_turbo
    from pyshacl_turbo.rdf import Input

    try:
        return pyshacl_turbo.CompiledShapes(  # type: ignore[no-untyped-call]
            Input(shapes, "nt", None, {}), advanced=_OPTIONS["advanced"]
        )
    except Exception as exc:  # pyshacl-turbo's ValidationFailure: the shapes themselves
        if type(exc).__name__ != "ValidationFailure":
            raise
        raise UsageError(f"The shapes cannot be evaluated: {exc}") from None


def _read_report(results: Any, text: Any) -> list[Finding]:
    """Findings from a pySHACL-style report graph (the top-level sh:result nodes only)."""
    from rdflib.namespace import RDF, SH

    from .rdflib_edge import to_ox

    severity_of = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
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
                rule=rule_name(shape),
                rule_iri=shape_iri(shape),
                component=str(component) if component is not None else "",
                severity=severity_of.get(severity, "violation"),
                severity_iri=str(severity or SH.Violation),
                focus=to_ox(results.value(result, SH.focusNode)),
                path=to_ox(path),
                path_text=path_text(results, path, shape),
                value=to_ox(results.value(result, SH.value)),
                message=str(message) if message is not None else "constraint not met",
            )
        )
    return findings


#: The one registry of SHACL Core engines: name -> function(graph, shapes) -> findings.
CORE_ENGINES: dict[str, Callable[[Graph, Any], list[Finding]]] = {
    "pyshacl-turbo": turbo_findings,
    "pyshacl": pyshacl_findings,
}


def path_text(graph: rdflib.Graph, path: Any, shape: Any) -> str:
    """A blank-node path written as a SPARQL property path (stable across runs), else ""."""
    from rdflib import BNode

    from .shacl_sparql import path_to_sparql

    if not isinstance(path, BNode):
        return ""
    try:
        return path_to_sparql(graph, path, shape)
    except UsageError:
        return ""


def rule_name(shape: Any) -> str:
    """A shape's local name (the part after '#'), which also names its invalid example."""
    iri = shape_iri(shape)
    if iri.startswith("_:"):
        return "anonymous-shape"
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def shape_iri(shape: Any) -> str:
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
