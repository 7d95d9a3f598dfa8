"""Result renderers for people: Markdown and a terminal table. The W3C formats are pyoxigraph's."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

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
    """A table for a terminal, drawn by rich (imported only when a table is asked for).

    It is as wide as the terminal (``COLUMNS``, else 160 when not on one). Columns of IRIs are
    never split (they keep their full width); text columns wrap at word boundaries instead.
    """
    import shutil

    from rich.table import Table

    width = shutil.get_terminal_size((160, 24)).columns
    table = Table(show_lines=False, header_style="bold")
    if results.boolean is not None:
        table.add_column("boolean")
        table.add_row("true" if results.boolean else "false")
    else:
        rows = [[compact(t) for t in row] for row in results.rows]
        needed = 1
        for index, name in enumerate(results.variables):
            column = [row[index] for row in results.rows if row[index] is not None]
            longest = max([len(name), *(len(compact(t)) for t in column)])
            if column and all(isinstance(t, ox.NamedNode) for t in column):
                table.add_column(name, no_wrap=True, min_width=longest)
                needed += longest + 3
            else:  # text wraps, but keeps room for a word or two
                least = max(min(longest, 14), len(name))
                table.add_column(name, overflow="fold", min_width=least)
                needed += least + 3
        for cells in rows:
            table.add_row(*cells)
        width = max(width, needed)  # wider than the terminal rather than cut or hidden
    text = _render(table, width)
    for _ in range(40):  # rich may need more than the sum of minimum widths: widen, not crop
        top = text.split("\n", 1)[0]
        if not top or top.endswith("┓") or top.endswith("┐"):
            break
        width += 20
        text = _render(table, width)
    count = len(results.rows)
    tail = "" if results.boolean is not None else f"{count} row{'s' if count != 1 else ''}\n"
    return (text + tail).encode("utf-8")


def _render(table: Any, width: int) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=width, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue()
