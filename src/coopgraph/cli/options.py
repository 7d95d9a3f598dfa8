"""Options shared by several commands, defined once, and the project they run in."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..project import Project, find_project

F = TypeVar("F", bound=Callable[..., Any])


def current_project() -> Project:
    """The project named by the root ``--project`` option, else found as usual."""
    root = click.get_current_context().find_root()
    return find_project(root.obj if isinstance(root.obj, str) else None)


def stack(*options: Callable[[F], F]) -> Callable[[F], F]:
    """One decorator applying ``options`` in the order written."""

    def apply(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return apply


def output_option(
    help_text: str = "Write to FILE atomically instead of standard output.",
) -> Callable[[F], F]:
    return click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=help_text
    )


def write_stdout(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
