"""Result renderers for people: Markdown and a terminal table. The W3C formats are pyoxigraph's."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..namespaces import compact_iri

if TYPE_CHECKING:
    from ..query.results import Results


def compact(term: object) -> str:
    """A short form: a CURIE for known namespaces, the plain text of literals (non-English
    literals keep their language tag)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.language and term.language != "en":
            return f"{term.value}@{term.language}"
        return term.value
    return str(term)


def to_markdown(results: Results) -> bytes:
    if results.boolean is not None:
        return f"| boolean |\n| --- |\n| {'true' if results.boolean else 'false'} |\n".encode()

    def cell(term: object) -> str:
        return compact(term).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(results.variables) + " |",
        "| " + " | ".join("---" for _ in results.variables) + " |",
    ]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in results.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_terminal_table(results: Results) -> bytes:
    """A table for a terminal, drawn by rich (imported only when a table is asked for)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    if results.boolean is not None:
        table.add_column("boolean")
        table.add_row("true" if results.boolean else "false")
    else:
        for name in results.variables:
            table.add_column(name, overflow="fold")
        for row in results.rows:
            table.add_row(*(compact(t) for t in row))
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None).print(table)
    rows = len(results.rows)
    count = "" if results.boolean is not None else f"{rows} row{'s' if rows != 1 else ''}\n"
    return (buffer.getvalue() + count).encode("utf-8")
