"""Parse RDF files into one graph, refusing what could hang the parser or reach the network."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from .errors import InputError
from .namespaces import PREFIXES
from .resources import shipped_files

MAX_INPUT_BYTES = 200 * 1024 * 1024

FORMAT_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
QUAD_FORMATS = {"nquads", "trig"}
_LINE_PATTERNS = (re.compile(r"line (\d+)", re.I), re.compile(r":(\d+):\d+:"))


def rdf_format(path: Path) -> str:
    """The rdflib parser name for a file, from its suffix."""
    try:
        return FORMAT_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMAT_BY_SUFFIX))
        raise InputError(f"{path}: unknown RDF file type; use one of {known}") from None


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def parse_into(graph: Graph, path: Path, fmt: str | None = None) -> int:
    """Parse one file into ``graph``; return how many triples it added.

    ``fmt`` is an rdflib parser name; by default it follows the file's suffix.

    Raises InputError (exit 3) for a missing, oversized, unsafe or unparseable file, naming the
    file and, where the parser reports one, the line.
    """
    fmt = fmt or rdf_format(path)
    text = _read_checked(path, fmt)
    before = len(graph)
    try:
        if fmt in QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(data=text, format=fmt)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        raise InputError(
            f"{path}{_line_of(exc)}: cannot parse as {fmt}: {_first_line(exc)}"
        ) from exc
    added = len(graph) - before
    if added == 0 and text.strip() and not _only_comments(text, fmt):
        raise InputError(f"{path}: parsed as {fmt} but gave no triples; check the file type")
    return added


def load_files(paths: Iterable[Path]) -> Graph:
    """Parse several files into one new graph with the project's prefixes bound."""
    graph = new_graph()
    for path in paths:
        parse_into(graph, Path(path))
    return graph


def load_graph() -> Graph:
    """The shipped ontology and data as one rdflib graph. Never touches the network."""
    return load_files(shipped_files())


def _read_checked(path: Path, fmt: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                f"{path}: {size} bytes is over the {MAX_INPUT_BYTES} byte limit; split the file"
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); re-save as UTF-8") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if fmt == "xml" and re.search(r"<!(DOCTYPE|ENTITY)", text, re.I):
        raise InputError(f"{path}: DOCTYPE and ENTITY declarations are refused; remove them")
    if fmt == "json-ld":
        _refuse_remote_context(path, text)
    return text


def _refuse_remote_context(path: Path, text: str) -> None:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} line {exc.lineno}: not valid JSON: {exc.msg}") from None

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context" and _names_url(value):
                    raise InputError(
                        f"{path}: a remote JSON-LD @context would be fetched; inline the context"
                    )
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)


def _names_url(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(_names_url(item) for item in value)
    if isinstance(value, dict):
        return isinstance(value.get("@import"), str)
    return False


def _only_comments(text: str, fmt: str) -> bool:
    if fmt in {"turtle", "nt", "nquads", "trig"}:
        lines = (line.strip() for line in text.splitlines())
        return all(
            not line or line.startswith(("#", "@prefix", "PREFIX", "@base")) for line in lines
        )
    return False


def _line_of(exc: BaseException) -> str:
    line = getattr(exc, "lines", None)
    if isinstance(line, int):
        return f" line {line + 1}"
    getter = getattr(exc, "getLineNumber", None)
    if callable(getter):
        return f" line {getter()}"
    for pattern in _LINE_PATTERNS:
        match = pattern.search(str(exc))
        if match:
            return f" line {match.group(1)}"
    return ""


def _first_line(exc: BaseException) -> str:
    """The parser's own reason, without rdflib's location prefix and context dump."""
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    lines = [line for line in lines if not re.match(r"at line \d+ of", line)]
    reason = lines[0] if lines else type(exc).__name__
    return re.sub(r" at \^ in:$", "", reason)
