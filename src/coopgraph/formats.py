"""Write query results in the W3C result formats, Markdown, RDF, or a table for people."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from .errors import UsageError
from .export import serialize
from .namespaces import PREFIXES
from .results import QueryResult

TABULAR_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
ALL_FORMATS = TABULAR_FORMATS + GRAPH_FORMATS


def render(result: QueryResult, fmt: str) -> bytes:
    """The result in ``fmt``; UsageError when the format does not fit the query form."""
    if result.graph is not None:
        if fmt not in GRAPH_FORMATS:
            raise UsageError(
                f"{result.form} gives a graph: use --format {' | '.join(GRAPH_FORMATS)}"
            )
        return serialize(result.graph, fmt)
    if fmt not in TABULAR_FORMATS:
        raise UsageError(f"{result.form} gives a table: use --format {' | '.join(TABULAR_FORMATS)}")
    writer = {
        "csv": to_csv,
        "tsv": to_tsv,
        "json": to_json,
        "xml": to_xml,
        "md": to_markdown,
        "table": to_text_table,
    }[fmt]
    return writer(result).encode("utf-8")


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
    bindings = [
        {
            name: _json_term(term)
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.boolean is not None:
        out += ["  <head/>", f"  <boolean>{'true' if result.boolean else 'false'}</boolean>"]
    else:
        out.append("  <head>")
        out += [f"    <variable name={quoteattr(name)}/>" for name in result.variables]
        out += ["  </head>", "  <results>"]
        for row in result.rows:
            out.append("    <result>")
            for name, term in zip(result.variables, row, strict=True):
                if term is not None:
                    out.append(f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_term(term: Identifier) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype is not None:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values, CRLF line ends, booleans as a one-cell table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(term) for term in row])
    return buffer.getvalue()


def _csv_value(term: Identifier | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: ?-prefixed header, terms in Turtle syntax, unbound cells empty."""
    if result.boolean is not None:
        return "?boolean\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_tsv_value(term) for term in row))
    return "\n".join(lines) + "\n"


def _tsv_value(term: Identifier | None) -> str:
    if term is None:
        return ""
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def compact(term: Identifier | None) -> str:
    """A short form for people: a CURIE for known namespaces, the plain text of literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if str(term).startswith(namespace):
                return f"{prefix}:{str(term)[len(namespace) :]}"
        return f"<{term}>"
    if isinstance(term, Literal) and term.language and term.language != "en":
        return f"{term}@{term.language}"
    return str(term)


def to_markdown(result: QueryResult) -> str:
    if result.boolean is not None:
        return f"| boolean |\n| --- |\n| {'true' if result.boolean else 'false'} |\n"

    def cell(term: Identifier | None) -> str:
        return compact(term).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(result.variables) + " |",
        "| " + " | ".join("---" for _ in result.variables) + " |",
    ]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def to_text_table(result: QueryResult) -> str:
    """A table for a terminal, drawn by rich."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    if result.boolean is not None:
        table.add_column("boolean")
        table.add_row("true" if result.boolean else "false")
    else:
        for name in result.variables:
            table.add_column(name, overflow="fold")
        for row in result.rows:
            table.add_row(*(compact(t) for t in row))
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None).print(table)
    count = f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}\n"
    return buffer.getvalue() + ("" if result.boolean is not None else count)
