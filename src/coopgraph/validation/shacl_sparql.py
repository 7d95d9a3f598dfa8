"""SHACL-SPARQL constraints (sh:sparql / sh:select) evaluated on an embedded Oxigraph store.

pySHACL evaluates each SPARQL-based constraint once per focus node through rdflib, re-parsing the
query every time; on the shipped graph that made `coopgraph validate` take about 19 s. Here each
constraint is parsed once by Oxigraph and $this is pre-bound (SEP-0007 substitution, as SHACL
section 5.3 pre-binds it), which gives the same results in well under a second. Only what SHACL
defines for SELECT-based constraints is supported: $this, $PATH for a property shape whose
sh:path is an IRI, sh:prefixes, sh:message templates and ?message, ?path and ?value bindings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ..errors import InputError
from .rdflib_edge import OxTerm, to_ox

_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class SparqlConstraint:
    """One sh:sparql constraint of one shape, ready to run."""

    shape: URIRef
    path: URIRef | None
    query: str
    message: str | None
    severity: URIRef


@dataclass(frozen=True)
class SparqlResult:
    shape: URIRef
    severity: URIRef
    focus: OxTerm
    path: OxTerm | None
    value: OxTerm | None
    message: str


def split_sparql_constraints(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes without their sh:sparql constraints, and those constraints, ready to run here."""
    core = Graph()
    for triple in shapes:
        core.add(triple)
    constraints = []
    for shape, node in sorted(shapes.subject_objects(SH.sparql)):
        if not isinstance(shape, URIRef):
            raise InputError(f"a shape with sh:sparql needs an IRI, not a blank node: {node}")
        core.remove((shape, SH.sparql, node))
        if str(shapes.value(node, SH.deactivated)).lower() == "true":
            continue
        constraints.append(_constraint(shapes, shape, node))
    return core, constraints


def _constraint(shapes: Graph, shape: URIRef, node: Node) -> SparqlConstraint:
    select = shapes.value(node, SH.select)
    if select is None:
        raise InputError(f"{shape}: its sh:sparql constraint has no sh:select")
    path = shapes.value(shape, SH.path)
    text = str(select)
    if "$PATH" in text:
        if not isinstance(path, URIRef):
            raise InputError(f"{shape}: $PATH needs a sh:path that is a single IRI")
        text = text.replace("$PATH", f"<{path}>")
    prefixes = "".join(
        f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in _prefixes(shapes, node)
    )
    message = shapes.value(node, SH.message) or shapes.value(shape, SH.message)
    severity = shapes.value(shape, SH.severity) or SH.Violation
    return SparqlConstraint(
        shape=shape,
        path=path if isinstance(path, URIRef) else None,
        query=prefixes + text,
        message=str(message) if message is not None else None,
        severity=URIRef(str(severity)),
    )


def _prefixes(shapes: Graph, node: Node) -> Iterator[tuple[str, str]]:
    for declarer in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                yield str(prefix), str(namespace)


def focus_nodes(shapes: Graph, data: ox.Store, shape: URIRef) -> list[ox.NamedNode | ox.BlankNode]:
    """The focus nodes of ``shape``: its own targets, or those of node shapes that use it."""
    owners = [shape, *shapes.subjects(SH.property, shape)]
    found: dict[str, ox.NamedNode | ox.BlankNode] = {}
    for owner in owners:
        for cls in shapes.objects(owner, SH.targetClass):
            query = (
                f"SELECT DISTINCT ?n WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> . "
                f"?n <{RDF.type}> ?c }}"
            )
            for row in data.query(query):  # type: ignore[union-attr]
                found[str(row["n"])] = row["n"]
        for target in shapes.objects(owner, SH.targetNode):
            found[str(target)] = ox.NamedNode(str(target))
    return [found[key] for key in sorted(found)]


def run_constraints(
    shapes: Graph, data: ox.Store, constraints: list[SparqlConstraint]
) -> list[SparqlResult]:
    """Every result of every constraint, one per solution, as SHACL section 5.3 defines them."""
    results = []
    this = ox.Variable("this")
    for constraint in constraints:
        try:
            prepared = constraint.query.replace("$this", "?this")
            for focus in focus_nodes(shapes, data, constraint.shape):
                for row in data.query(prepared, substitutions={this: focus}):  # type: ignore[union-attr]
                    results.append(_result(constraint, focus, row))
        except SyntaxError as exc:
            raise InputError(
                f"{constraint.shape}: its SPARQL constraint does not parse: {exc}"
            ) from None
    return results


def _result(
    constraint: SparqlConstraint, focus: ox.NamedNode | ox.BlankNode, row: ox.QuerySolution
) -> SparqlResult:
    def bound(name: str) -> OxTerm | None:
        try:
            term = row[name]
        except (KeyError, IndexError):
            return None
        return term  # type: ignore[no-any-return]

    value = bound("value")
    path = bound("path") or to_ox(constraint.path)
    message = bound("message")
    text = message.value if message is not None else _fill(constraint.message, bound)
    return SparqlResult(
        shape=constraint.shape,
        severity=constraint.severity,
        focus=focus,
        path=path,
        value=value,
        message=text,
    )


def _fill(template: str | None, bound: object) -> str:
    if template is None:
        return "SPARQL constraint not met"

    def substitute(match: re.Match[str]) -> str:
        term = bound(match.group(1))  # type: ignore[operator]
        return match.group(0) if term is None else str(term.value)

    return _TEMPLATE.sub(substitute, template)
