"""Writing a result where the user asked: a file (atomically, in the format its suffix names)
or standard output (a table on a terminal, else CSV or Turtle)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..io.atomic import atomic_write
from ..query.results import Results
from . import format_for_file, render


def write_stdout(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def emit(result: Results, fmt: str | None, output: Path | None) -> None:
    if output is not None:  # -o holders.json writes JSON
        fmt = format_for_file(output.name, "graph" if result.triples is not None else "table", fmt)
    if fmt is None:
        on_terminal = output is None and sys.stdout.isatty()
        fmt = "table" if on_terminal else ("ttl" if result.triples is not None else "csv")
    data = render(result, fmt)
    if output is not None:
        atomic_write(output, data)
    else:
        write_stdout(data)
