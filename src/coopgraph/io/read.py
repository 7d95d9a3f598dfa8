"""Parse RDF files into a pyoxigraph Store, refusing what could hang a parser or reach the network.

Every file passes the same checks before a parser sees it: a regular file under the size cap,
UTF-8 (a leading byte order mark is dropped), no DOCTYPE or ENTITY declarations in RDF/XML, no
remote ``@context`` in JSON-LD. Errors name the file and, where the parser gives one, the line.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..formats.rdf_formats import RdfFormat, rdf_format_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the start-up path
if TYPE_CHECKING:
    from typing import Any

MAX_INPUT_BYTES = 512 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_XML_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)


def load_into(store: ox.Store, path: Path, fmt: RdfFormat | None = None) -> None:
    """Parse one file into the default graph of ``store``.

    Quads of TriG and N-Quads files land in the default graph too. Raises InputError (exit 3)
    for a missing, oversized, unsafe or unparseable file, or one that gives no triples although
    it holds more than comments and prefixes (a JSON-LD file without a context, say).
    """
    fmt = fmt or rdf_format_of(path)
    data = read_checked(path)
    base_iri = path.resolve().as_uri()
    parse_into(store, data, fmt, origin=str(path), base_iri=base_iri)
    if not _only_declarations(data, fmt) and _first_triple(data, fmt, base_iri) is None:
        raise InputError(f"{path}: parsed as {fmt.label} but gave no triples; check the file type")


def _first_triple(data: bytes, fmt: RdfFormat, base_iri: str) -> object:
    """The file's first triple, reading only as far as it (the file has parsed already)."""
    return next(iter(ox.parse(data, format=fmt.oxigraph, base_iri=base_iri)), None)


def load_files(paths: Iterable[Path]) -> ox.Store:
    """A new in-memory store holding every file's triples."""
    store = ox.Store()
    for path in paths:
        load_into(store, Path(path))
    return store


def parse_into(
    store: ox.Store, data: bytes, fmt: RdfFormat, *, origin: str, base_iri: str | None = None
) -> None:
    """Parse ``data`` (already read) into ``store`` after the safety checks of ``fmt``.

    ``origin`` names the data in errors: a file path or an endpoint URL.
    """
    check_safe(data, fmt, origin)
    try:
        if fmt.quads:
            quads = ox.parse(data, format=fmt.oxigraph, base_iri=base_iri)
            store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        else:
            store.load(data, format=fmt.oxigraph, base_iri=base_iri)
    except SyntaxError as exc:
        line = f" line {exc.lineno}" if exc.lineno else ""
        raise InputError(f"{origin}{line}: cannot parse as {fmt.label}: {_reason(exc)}") from None
    except (ValueError, OSError) as exc:
        raise InputError(f"{origin}: cannot parse as {fmt.label}: {exc}") from None


def parse_triples(data: bytes, fmt: RdfFormat, *, origin: str) -> list[ox.Triple]:
    """The triples of ``data`` exactly as written (quads flattened), with the same safety checks."""
    check_safe(data, fmt, origin)
    try:
        items = list(ox.parse(data, format=fmt.oxigraph))
    except SyntaxError as exc:
        line = f" line {exc.lineno}" if exc.lineno else ""
        raise InputError(f"{origin}{line}: cannot parse as {fmt.label}: {_reason(exc)}") from None
    return [item.triple if isinstance(item, ox.Quad) else item for item in items]


def read_triples(path: Path, fmt: RdfFormat | None = None) -> Iterator[ox.Triple]:
    """The triples of one file exactly as written (quads flattened), after the safety checks."""
    fmt = fmt or rdf_format_of(path)
    data = read_checked(path)
    check_safe(data, fmt, str(path))
    try:
        for item in ox.parse(data, format=fmt.oxigraph, base_iri=path.resolve().as_uri()):
            yield item.triple if isinstance(item, ox.Quad) else item
    except SyntaxError as exc:
        line = f" line {exc.lineno}" if exc.lineno else ""
        raise InputError(f"{path}{line}: cannot parse as {fmt.label}: {_reason(exc)}") from None


def read_checked(path: Path) -> bytes:
    """The bytes of a regular file under the size cap, without a UTF-8 byte order mark."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file; give a file of RDF data")
    if info.st_size > MAX_INPUT_BYTES:
        raise InputError(
            f"{path}: {info.st_size} bytes is over the {MAX_INPUT_BYTES} byte limit; split the file"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return data[len(_BOM) :] if data.startswith(_BOM) else data


def check_safe(data: bytes, fmt: RdfFormat, origin: str) -> None:
    """Refuse text that is not UTF-8, RDF/XML with declarations, JSON-LD with remote contexts."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{origin}: not UTF-8 text (byte {exc.start}); re-save as UTF-8") from None
    if fmt.name == "xml" and _XML_DECLARATIONS.search(data):
        raise InputError(f"{origin}: DOCTYPE and ENTITY declarations are refused; remove them")
    if fmt.name == "jsonld":
        _refuse_remote_context(text, origin)


def _refuse_remote_context(text: str, origin: str) -> None:
    contexts: list[Any] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        # Every @context, also a repeated key: JSON readers differ on which of two they keep.
        contexts.extend(value for key, value in items if key == "@context")
        return dict(items)

    try:
        doc = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin} line {exc.lineno}: not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{origin}: JSON nested too deeply to read safely") from None
    if any(_names_url(value) for value in contexts):
        raise InputError(
            f"{origin}: a remote JSON-LD @context would be fetched; inline the context"
        )
    pending: list[Any] = [doc]
    while pending:  # iterative: a deeply nested document must not exhaust the stack
        node = pending.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context" and _names_url(value):
                    raise InputError(
                        f"{origin}: a remote JSON-LD @context would be fetched; inline the context"
                    )
                pending.append(value)
        elif isinstance(node, list):
            pending.extend(node)


def _names_url(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(_names_url(item) for item in value)
    if isinstance(value, dict):
        return isinstance(value.get("@import"), str)
    return False


def _only_declarations(data: bytes, fmt: RdfFormat) -> bool:
    """True for data that may rightly give no triples: blank, or only comments and prefixes."""
    text = data.decode("utf-8", "replace")
    if not text.strip():
        return True
    if fmt.name in {"ttl", "trig", "nt", "nq"}:
        for line in text.splitlines():
            stripped = line.strip()
            if stripped and not stripped.startswith(("#", "@prefix", "@base", "PREFIX", "BASE")):
                return False
        return True
    return False


def _reason(exc: SyntaxError) -> str:
    """The parser's own reason, without its location prefix."""
    text = str(exc.msg if isinstance(exc.msg, str) else exc).strip().splitlines()[0]
    return re.sub(r"^Parser error (at|between) [^:]*: ", "", text)
