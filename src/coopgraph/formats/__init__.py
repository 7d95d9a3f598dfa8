"""The one table of output formats: name, media type, extension and writer.

Query results (SELECT, ASK) are written by pyoxigraph's own W3C serialisers (JSON, XML, CSV,
TSV) or by our renderers for people (Markdown, a terminal table); graphs (CONSTRUCT, DESCRIBE,
export) by pyoxigraph's RDF serialisers in a deterministic order. Adding a format touches only
this table.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from .._record import Record
from ..errors import UsageError
from .rdf_formats import RDF_FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the start-up path
if TYPE_CHECKING:
    from ..query.results import Results


class OutputFormat(Record):
    """One way to write a query result."""

    __slots__ = ("extension", "kind", "media_type", "name", "write")
    name: str
    media_type: str
    extension: str
    kind: str  # "table" for SELECT/ASK, "graph" for CONSTRUCT/DESCRIBE
    write: Callable[[Results], bytes]

    def __init__(
        self, name: str, media_type: str, extension: str, kind: str,
        write: Callable[[Results], bytes],
    ) -> None:  # fmt: skip
        self._set(name=name, media_type=media_type, extension=extension, kind=kind, write=write)


def _w3c(fmt: ox.QueryResultsFormat) -> Callable[[Results], bytes]:
    def write(results: Results) -> bytes:
        if results.boolean is not None and fmt in _NO_BOOLEAN:
            # The W3C CSV/TSV formats define no ASK answer; a one-cell table reads in any tool.
            value = b"true" if results.boolean else b"false"
            return (
                b"boolean\r\n" + value + b"\r\n" if fmt == _CSV else b"?boolean\n" + value + b"\n"
            )
        data = results.solutions().serialize(format=fmt)
        assert data is not None
        return data if data.endswith(b"\n") else data + b"\n"  # a shell prompt on its own line

    return write


_CSV = ox.QueryResultsFormat.CSV
_NO_BOOLEAN = (_CSV, ox.QueryResultsFormat.TSV)


def _rdf(name: str) -> Callable[[Results], bytes]:
    def write(results: Results) -> bytes:
        from .rdf import serialize

        return serialize(results.triples or [], name)

    return write


# Writers import their module when they run, so printing CSV does not load the table writers.
def _markdown(results: Results) -> bytes:
    from .tables import to_markdown

    return to_markdown(results)


def _terminal_table(results: Results) -> bytes:
    from .tables import to_terminal_table

    return to_terminal_table(results)


OUTPUT_FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("table", "text/plain", ".txt", "table", _terminal_table),
        OutputFormat("csv", "text/csv", ".csv", "table", _w3c(ox.QueryResultsFormat.CSV)),
        OutputFormat(
            "tsv", "text/tab-separated-values", ".tsv", "table", _w3c(ox.QueryResultsFormat.TSV)
        ),
        OutputFormat(
            "json",
            "application/sparql-results+json",
            ".srj",
            "table",
            _w3c(ox.QueryResultsFormat.JSON),
        ),
        OutputFormat(
            "xml",
            "application/sparql-results+xml",
            ".srx",
            "table",
            _w3c(ox.QueryResultsFormat.XML),
        ),
        OutputFormat("md", "text/markdown", ".md", "table", _markdown),
        # Graphs: every RDF format of formats/rdf_formats.py; "xml" names SPARQL XML results
        # here, so RDF/XML is "rdfxml".
        *(
            OutputFormat(
                "rdfxml" if spec.name == "xml" else spec.name,
                spec.media_type,
                spec.extension,
                "graph",
                _rdf(spec.name),
            )
            for spec in RDF_FORMATS.values()
        ),
    )
}  # fmt: skip
TABLE_FORMATS = tuple(n for n, f in OUTPUT_FORMATS.items() if f.kind == "table")
GRAPH_FORMATS = tuple(n for n, f in OUTPUT_FORMATS.items() if f.kind == "graph")
ALL_FORMATS = tuple(OUTPUT_FORMATS)


def render(results: Results, fmt: str) -> bytes:
    """The results in ``fmt``; UsageError when the format does not fit the query form."""
    spec = OUTPUT_FORMATS.get(fmt)
    if spec is None:
        raise UsageError(f"Unknown format {fmt!r}; use one of {', '.join(ALL_FORMATS)}")
    wanted = "graph" if results.triples is not None else "table"
    if spec.kind != wanted:
        allowed = GRAPH_FORMATS if wanted == "graph" else TABLE_FORMATS
        raise UsageError(f"{results.form} gives a {wanted}: use --format {' | '.join(allowed)}")
    return spec.write(results)


#: File name suffixes that name a format, per kind of result (".json" and ".xml" mean the SPARQL
#: results formats for a table and JSON-LD or RDF/XML for a graph).
_SUFFIXES = {
    "table": {".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml",
              ".srx": "xml", ".md": "md", ".txt": "table"},
    "graph": {suffix: "rdfxml" if spec.name == "xml" else spec.name
              for spec in RDF_FORMATS.values() for suffix in spec.suffixes},
}  # fmt: skip


def format_for_file(name: str, kind: str, fmt: str | None) -> str | None:
    """The format to write a ``kind`` result ("table" or "graph") to the file ``name``: the
    one its suffix names, or ``fmt``. UsageError when both are given and differ."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    implied = _SUFFIXES[kind].get(suffix)
    other = "graph" if kind == "table" else "table"
    if implied is None and fmt is None and suffix in _SUFFIXES[other]:
        allowed = " ".join(sorted(s for s in _SUFFIXES[kind]))
        raise UsageError(
            f"{name}: {suffix} is for a {other}, but the query gives a {kind}; name the file "
            f"with one of {allowed}, or give --format"
        )
    if implied is None and fmt is None:
        allowed = " ".join(sorted(s for s in _SUFFIXES[kind]))
        raise UsageError(
            f"{name}: cannot tell the format from {suffix or 'a name without a suffix'}; name "
            f"the file with one of {allowed}, or give --format"
        )
    if fmt is not None and implied is not None and implied != fmt:
        raise UsageError(
            f"--format {fmt} contradicts the file name {name} ({implied}); drop --format or "
            "rename the file"
        )
    return fmt or implied
