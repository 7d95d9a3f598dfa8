"""SHACL-SPARQL constraints (sh:sparql with sh:select) evaluated on the embedded Oxigraph store.

pySHACL evaluates each SPARQL-based constraint once per focus node through rdflib, re-parsing the
query every time; on the shipped graph that made `coopgraph validate` take about 19 s. Here each
constraint's focus nodes are found once and its query runs with the variables SHACL pre-binds
(section 5.3): $this, $currentShape, $shapesGraph (a named graph holding the shapes) and, in a
property shape, $PATH replaced by the SPARQL form of sh:path. Every target kind of SHACL Core is
supported: sh:targetClass (with subclasses), implicit class targets, sh:targetNode,
sh:targetSubjectsOf and sh:targetObjectsOf. Anything else (SHACL-AF sh:target, sh:ask in a
sh:sparql constraint, a query SHACL forbids with pre-binding: MINUS, VALUES, SERVICE, a subquery
that does not return $this, a BIND to a pre-bound variable) makes the run fail with a UsageError
(exit 2) naming the shape: a constraint is never skipped in silence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from ..errors import UsageError
from ..query.lexer import check_nesting, tokens
from .rdflib_edge import OxTerm, to_ox

_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
#: The named graph that holds the shapes when a query uses $shapesGraph.
SHAPES_GRAPH = ox.NamedNode("urn:coopgraph:shapes-graph")
_PRE_BOUND = {"this", "currentShape", "shapesGraph"}
_TYPE, _SUBCLASS = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.subClassOf))


@dataclass(frozen=True)
class SparqlConstraint:
    """One sh:sparql constraint of one shape, ready to run."""

    shape: Node
    constraint: Node
    path: Node | None
    query: str
    messages: tuple[str, ...]
    severity: URIRef
    uses_shapes_graph: bool
    path_text: str = ""


@dataclass(frozen=True)
class SparqlResult:
    shape: OxTerm
    severity: URIRef
    focus: OxTerm
    path: OxTerm | None
    value: OxTerm | None
    message: str
    path_text: str = ""


def split_sparql_constraints(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes without their sh:sparql constraints (for pySHACL), and those constraints.

    UsageError for a constraint this evaluator cannot run as SHACL defines it.
    """
    core = Graph()
    for triple in shapes:
        core.add(triple)
    constraints = []
    for shape, node in sorted(shapes.subject_objects(SH.sparql), key=lambda pair: str(pair)):
        core.remove((shape, SH.sparql, node))
        if _deactivated(shapes, shape) or _deactivated(shapes, node):
            continue
        constraints.append(_constraint(shapes, shape, node))
    return core, constraints


def _deactivated(shapes: Graph, node: Node) -> bool:
    flag = shapes.value(node, SH.deactivated)
    return isinstance(flag, Literal) and flag.toPython() is True


def _name(shape: Node) -> str:
    return str(shape) if isinstance(shape, URIRef) else "an anonymous shape"


def _constraint(shapes: Graph, shape: Node, node: Node) -> SparqlConstraint:
    if shapes.value(node, SH.ask) is not None or shapes.value(node, SH.select) is None:
        raise UsageError(
            f"{_name(shape)}: a sh:sparql constraint needs sh:select (sh:ask is only for "
            "constraint components); fix the shape"
        )
    if (shape, SH.target, None) in shapes:
        raise UsageError(
            f"{_name(shape)}: SHACL-AF custom targets (sh:target) are not supported; "
            "use sh:targetClass, sh:targetNode, sh:targetSubjectsOf or sh:targetObjectsOf"
        )
    text = str(shapes.value(node, SH.select))
    _refuse_unsupported(text, shape)
    path = shapes.value(shape, SH.path)
    if "$PATH" in text:
        if path is None:
            raise UsageError(f"{_name(shape)}: $PATH is used, but the shape has no sh:path")
        text = text.replace("$PATH", path_to_sparql(shapes, path, shape))
    prefixes = "".join(
        f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in _prefixes(shapes, node)
    )
    messages = [m for m in shapes.objects(node, SH.message)] or [
        m for m in shapes.objects(shape, SH.message)
    ]
    severity = shapes.value(shape, SH.severity) or SH.Violation
    return SparqlConstraint(
        shape=shape,
        constraint=node,
        path=path,
        query=prefixes + text,
        messages=tuple(str(m) for m in messages),
        severity=URIRef(str(severity)),
        uses_shapes_graph="shapesGraph" in {t.text for t in tokens(text) if t.kind == "var"},
        path_text=""
        if path is None or isinstance(path, URIRef)
        else path_to_sparql(shapes, path, shape),
    )


def _refuse_unsupported(text: str, shape: Node) -> None:
    """SHACL 5.3.1: queries with these constructs cannot be pre-bound; refuse them loudly."""
    try:
        check_nesting(text)
    except UsageError as exc:
        raise UsageError(f"{_name(shape)}: {exc}") from None
    found = list(tokens(text))
    words = [t.text.upper() for t in found if t.kind == "word"]
    for keyword in ("MINUS", "VALUES", "SERVICE"):
        if keyword in words:
            raise UsageError(
                f"{_name(shape)}: SHACL forbids {keyword} in a SPARQL constraint (pre-bound "
                "variables would be ignored); rewrite the query without it"
            )
    for index, token in enumerate(found):
        if token.kind == "word" and token.text.upper() == "AS":
            target = found[index + 1] if index + 1 < len(found) else None
            if target is not None and target.kind == "var" and target.text in _PRE_BOUND:
                raise UsageError(
                    f"{_name(shape)}: the query assigns the pre-bound variable ${target.text}; "
                    "SHACL forbids that"
                )
    selects = [i for i, t in enumerate(found) if t.kind == "word" and t.text.upper() == "SELECT"]
    for start in selects[1:]:
        projected = set()
        for token in found[start + 1 :]:
            if (token.kind == "word" and token.text.upper() == "WHERE") or token.text == "{":
                break
            if token.kind == "var":
                projected.add(token.text)
            if token.text == "*":
                raise UsageError(
                    f"{_name(shape)}: a subquery with SELECT * cannot be pre-bound (SHACL "
                    "5.3.1); name the variables it returns, $this among them"
                )
        if "this" not in projected:
            raise UsageError(
                f"{_name(shape)}: a subquery must return $this for it to be pre-bound "
                "(SHACL 5.3.1); add $this to its SELECT"
            )


def path_to_sparql(shapes: Graph, path: Node, shape: Node) -> str:
    """The SPARQL property path for a SHACL path (IRI, sequence, alternative, inverse, ...)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in shapes:
        steps = [path_to_sparql(shapes, step, shape) for step in Collection(shapes, path)]
        return "(" + "/".join(steps) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        options = [path_to_sparql(shapes, step, shape) for step in Collection(shapes, alternatives)]
        return "(" + "|".join(options) + ")"
    for predicate, template in (
        (SH.inversePath, "^({})"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return template.format(path_to_sparql(shapes, inner, shape))
    raise UsageError(f"{_name(shape)}: its sh:path is not a SHACL path")


def _prefixes(shapes: Graph, node: Node) -> Iterator[tuple[str, str]]:
    """Prefix declarations of the constraint's sh:prefixes, following owl:imports (SHACL 5.2.1)."""
    pending, seen = list(shapes.objects(node, SH.prefixes)), set()
    while pending:
        declarer = pending.pop()
        if declarer in seen:
            continue
        seen.add(declarer)
        pending += list(shapes.objects(declarer, OWL.imports))
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                yield str(prefix), str(namespace)


def focus_nodes(shapes: Graph, data: ox.Store, shape: Node) -> list[OxTerm]:
    """The focus nodes of ``shape``: its own targets, and those of the shapes that use it as a
    property shape. Every target kind of SHACL Core."""
    owners = [shape, *shapes.subjects(SH.property, shape)]
    found: dict[str, OxTerm] = {}

    def add(term: object) -> None:
        if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
            found[str(term)] = term

    for owner in owners:
        classes = list(shapes.objects(owner, SH.targetClass))
        if (owner, RDF.type, RDFS.Class) in shapes or (owner, RDF.type, OWL.Class) in shapes:
            classes.append(owner)  # an implicit class target
        for cls in classes:
            for instance in _instances(data, to_ox(cls)):
                add(instance)
        for target in shapes.objects(owner, SH.targetNode):
            add(to_ox(target))
        for predicate in shapes.objects(owner, SH.targetSubjectsOf):
            for quad in data.quads_for_pattern(None, _iri(predicate), None, ox.DefaultGraph()):
                add(quad.subject)
        for predicate in shapes.objects(owner, SH.targetObjectsOf):
            for quad in data.quads_for_pattern(None, _iri(predicate), None, ox.DefaultGraph()):
                add(quad.object)
    return [found[key] for key in sorted(found)]


def _iri(term: Node) -> ox.NamedNode:
    if not isinstance(term, URIRef):
        raise UsageError(f"{term}: a target property must be an IRI; fix the shape")
    return ox.NamedNode(str(term))


def _instances(data: ox.Store, cls: object) -> Iterator[object]:
    """SHACL instances of ``cls``: rdf:type of it or of a transitive subclass of it."""
    seen, pending = {str(cls)}, [cls]
    while pending:
        current = pending.pop()
        for quad in data.quads_for_pattern(None, _TYPE, current, ox.DefaultGraph()):  # type: ignore[arg-type]
            yield quad.subject
        for quad in data.quads_for_pattern(None, _SUBCLASS, current, ox.DefaultGraph()):  # type: ignore[arg-type]
            if str(quad.subject) not in seen:
                seen.add(str(quad.subject))
                pending.append(quad.subject)


def run_constraints(
    shapes: Graph, data: ox.Store, constraints: list[SparqlConstraint], *, batch: bool = True
) -> list[SparqlResult]:
    """Every result of every constraint, one per solution, as SHACL section 5.3 defines them.

    When a constraint uses $shapesGraph, the shapes are added to ``data`` as the named graph
    SHAPES_GRAPH for the duration of the run. ``batch=False`` runs every query once per focus
    node (see :func:`_batched_query`).
    """
    results: list[SparqlResult] = []
    needs_shapes = any(c.uses_shapes_graph for c in constraints)
    if needs_shapes:
        data.extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), SHAPES_GRAPH)  # type: ignore[arg-type]
            for s, p, o in shapes
        )
    try:
        for constraint in constraints:
            results += _run_one(shapes, data, constraint, batch)
    finally:
        if needs_shapes:
            data.remove_graph(SHAPES_GRAPH)
    return results


def _run_one(
    shapes: Graph, data: ox.Store, constraint: SparqlConstraint, batch: bool
) -> list[SparqlResult]:
    shape = to_ox(constraint.shape)
    focus = list(focus_nodes(shapes, data, constraint.shape))
    batched = _batched_query(constraint.query, shape) if batch else None
    out = []
    if batched is not None:  # every IRI or literal focus node in a few runs; see _batched_query
        named = [node for node in focus if not isinstance(node, ox.BlankNode)]
        focus = [node for node in focus if isinstance(node, ox.BlankNode)]
        for start in range(0, len(named), _BATCH):
            block = "VALUES ?this { " + " ".join(map(str, named[start : start + _BATCH])) + " }"
            for row in _solutions(data, constraint, batched.replace(_FOCUS_MARK, block, 1), {}):
                out.append(_result(constraint, shape, row["this"], row))
    for node in focus:
        values: dict[str, OxTerm | None] = {
            "this": node,
            "currentShape": shape,
            "shapesGraph": SHAPES_GRAPH,
        }
        text, left = pre_bind(constraint.query, values)
        bound = {ox.Variable(n): values[n] for n in left if values[n] is not None}
        for row in _solutions(data, constraint, text, bound):
            out.append(_result(constraint, shape, node, row))
    return out


def _solutions(
    data: ox.Store, constraint: SparqlConstraint, text: str, bound: Mapping[ox.Variable, object]
) -> ox.QuerySolutions:
    try:
        answer = data.query(text, substitutions=bound)  # type: ignore[arg-type]
    except (SyntaxError, RuntimeError) as exc:
        raise UsageError(
            f"{_name(constraint.shape)}: its SPARQL constraint cannot run: {exc}"
        ) from None
    assert isinstance(answer, ox.QuerySolutions)
    return answer


#: Focus nodes per run of a batched constraint, and where their VALUES block goes.
_BATCH = 5000
_FOCUS_MARK = "#coopgraph-focus-nodes\n"
#: Words after which running a query once for all focus nodes could answer otherwise than once
#: per node: solution modifiers and aggregates that would span the focus nodes.
_PER_NODE_WORDS = {
    "GROUP", "HAVING", "LIMIT", "OFFSET", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE",
    "GROUP_CONCAT",
}  # fmt: skip


def _batched_query(query: str, shape: OxTerm | None) -> str | None:
    """The query with ``$this`` left a variable, to be bound to many focus nodes at once by a
    VALUES block that replaces _FOCUS_MARK at the top of the WHERE group; None when that could
    answer otherwise than pre-binding each node (SHACL 5.3), and the query then runs per node.

    A join with VALUES equals pre-binding when $this occurs only in the projection, directly in
    the WHERE group (triple patterns, FILTER, BIND after the VALUES block) and in FILTER (NOT)
    EXISTS groups nested only in one another (they see the solution's binding); not in
    OPTIONAL, UNION, GRAPH or plain nested groups, which are evaluated before the join, and not
    with subqueries, aggregates or LIMIT. The projection must return $this, to tell the
    results apart; BOUND($this) is true either way.
    """
    template = _batch_template(query)
    if template is None:
        return None
    values = {"this": None, "currentShape": shape, "shapesGraph": SHAPES_GRAPH}
    return "".join(
        part if isinstance(part, str) else _render(part, values) or f"?{part[0]}"
        for part in template
    )


@lru_cache(maxsize=256)
def _batch_template(query: str) -> tuple[str | tuple[str, str], ...] | None:
    found = list(tokens(query))
    words = [t.text.upper() for t in found if t.kind == "word"]
    if words.count("SELECT") != 1 or _PER_NODE_WORDS & set(words):
        return None
    stack: list[str] = []
    where_brace, projected, previous = -1, False, None
    for token in found:
        if token.kind == "punct" and token.text == "{":
            if where_brace < 0:
                where_brace = token.start + 1
            after_exists = previous is not None and previous.text.upper() == "EXISTS"
            stack.append("where" if len(stack) == 0 else "exists" if after_exists else "group")
        elif token.kind == "punct" and token.text == "}":
            if stack:
                stack.pop()
        elif where_brace < 0 and (
            token.text == "*" or (token.kind == "var" and token.text == "this")
        ):
            projected = True
        elif token.kind == "var" and token.text == "this" and any(s == "group" for s in stack):
            return None
        previous = token
    if not projected or where_brace < 0:
        return None
    marked = query[:where_brace] + _FOCUS_MARK + query[where_brace:]
    names = ("currentShape", "shapesGraph", "this")
    return _template(marked, names, names)


def _render(part: tuple[str, str], values: Mapping[str, object]) -> str | None:
    """A pre-bound variable's text at its place in the query; None when it stays a variable
    (no value, or a blank node, which a query cannot spell)."""
    name, place = part
    value = values.get(name)
    if isinstance(value, ox.BlankNode) or value is None:
        return None
    if place == "projection":
        return f"({value} AS ?{name})"
    if place == "subprojection":  # a subquery's projection would clash with the outer one
        return f"({value} AS ?_prebound_{name})"
    if place == "grouping":
        return f"({value})"  # GROUP BY takes a variable or a bracketed expression
    return str(value)


def pre_bind(query: str, values: Mapping[str, object]) -> tuple[str, list[str]]:
    """The query with each pre-bound variable replaced by its value, as SHACL 5.3 defines
    pre-binding: in a projection ``$this`` becomes ``(<value> AS ?this)``, elsewhere the value
    itself. Blank nodes cannot be written in a query: variables bound to one are returned, to be
    passed as substitutions (their name is then added to the projections that lack it)."""
    bound = tuple(sorted(name for name in values if values[name] is not None))
    out: list[str] = []
    left: set[str] = set()
    for part in _template(query, tuple(sorted(values)), bound):
        if isinstance(part, str):
            out.append(part)
        elif (text := _render(part, values)) is not None:
            out.append(text)
        else:
            left.add(part[0])
            out.append(f"?{part[0]}")
    text = "".join(out)
    return _project(text, sorted(left)), sorted(left)


@lru_cache(maxsize=512)
def _template(
    query: str, names: tuple[str, ...], bound: tuple[str, ...]
) -> tuple[str | tuple[str, str], ...]:
    """The query cut at each occurrence of a variable in ``names``: text, and (name, place)
    where place is projection, subprojection, grouping or plain. ``bound`` names those with a
    value. Lexed once per constraint, not once per focus node."""
    # BOUND() of a pre-bound variable is true: it has a value by definition.
    if bound:
        pattern = "|".join(re.escape(name) for name in bound)
        query = re.sub(rf"(?i)\bBOUND\s*\(\s*[?$]({pattern})\s*\)", "(true)", query)
    parts: list[str | tuple[str, str]] = []
    last, projection_depth, selects, grouping = 0, None, 0, False
    for token in tokens(query):
        upper = token.text.upper() if token.kind == "word" else ""
        if upper == "GROUP":
            grouping = True
        elif upper in {"HAVING", "ORDER", "LIMIT", "OFFSET"} or token.text == "}":
            grouping = False
        if upper == "SELECT":
            projection_depth = 0
            selects += 1
        elif projection_depth is not None and (upper == "WHERE" or token.text == "{"):
            projection_depth = None
        elif projection_depth is not None and token.text in "()" and token.kind == "punct":
            projection_depth += 1 if token.text == "(" else -1
        if token.kind != "var" or token.text not in names:
            continue
        if projection_depth == 0:
            place = "projection" if selects == 1 else "subprojection"
        else:
            place = "grouping" if grouping else "plain"
        parts += [query[last : token.start], (token.text, place)]
        last = token.start + 1 + len(token.text)
    parts.append(query[last:])
    return tuple(parts)


def _project(query: str, names: list[str]) -> str:
    """Oxigraph substitutes only projected variables: add ``names`` to the first projection."""
    if not names:
        return query
    words = (t for t in tokens(query) if t.kind == "word")
    select = next((t for t in words if t.text.upper() == "SELECT"), None)
    if select is None:
        return query
    at = select.start + len("SELECT")
    rest = query[at:].lstrip()
    if rest.startswith("*"):
        return query
    for modifier in ("DISTINCT", "REDUCED"):
        if rest.upper().startswith(modifier):
            at = query.upper().index(modifier, at) + len(modifier)
    return query[:at] + "".join(f" ?{name}" for name in names) + query[at:]


def _result(
    constraint: SparqlConstraint, shape: OxTerm | None, focus: OxTerm, row: ox.QuerySolution
) -> SparqlResult:
    def bound(name: str) -> OxTerm | None:
        try:
            term = row[name]
        except (KeyError, IndexError):
            return None
        return term  # type: ignore[no-any-return]

    failure = bound("failure")
    if isinstance(failure, ox.Literal) and failure.value == "true":
        raise UsageError(f"{_name(constraint.shape)}: its SPARQL constraint reported a failure")
    value = bound("value")
    path = bound("path") or (to_ox(constraint.path) if constraint.path is not None else None)
    message = bound("message")
    text = (
        message.value
        if message is not None
        else _fill(constraint.messages[0] if constraint.messages else None, bound)
    )
    return SparqlResult(
        shape=shape or focus,
        severity=constraint.severity,
        focus=focus,
        path=path,
        value=value,
        message=text,
        path_text=constraint.path_text if bound("path") is None else "",
    )


def _fill(template: str | None, bound: object) -> str:
    if template is None:
        return "SPARQL constraint not met"

    def substitute(match: re.Match[str]) -> str:
        term = bound(match.group(1))  # type: ignore[operator]
        return match.group(0) if term is None else str(term.value)

    return _TEMPLATE.sub(substitute, template)
