"""Options shared by several commands, defined once, and the project they run in."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from ..formats.emit import write_stdout as write_stdout  # the commands' way to write bytes
from ..project import Project, find_project

F = TypeVar("F", bound=Callable[..., Any])


def current_project(ctx: click.Context | None = None) -> Project:
    """The project named by the root ``--project`` option, else found as usual. ``ctx`` is
    given where click has no current context (shell completion)."""
    root = (ctx or click.get_current_context()).find_root()
    named = root.obj if isinstance(root.obj, str) else root.params.get("project")
    return find_project(named if isinstance(named, str) else None)


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


@contextlib.contextmanager
def remote_status(message: str, *, after: float = 1.0) -> Iterator[None]:
    """A spinner on a terminal's stderr while remote work runs, shown only once it has taken
    ``after`` seconds (short answers do not flicker); nothing when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    import threading

    from rich.console import Console

    status = Console(stderr=True).status(message)
    timer = threading.Timer(after, status.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        status.stop()


def param_values(params: tuple[str, ...]) -> dict[str, list[str]]:
    """``-p NAME=VALUE`` options as a mapping of each name to its values, in order."""
    values: dict[str, list[str]] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write NAME=VALUE", param_hint="-p")
        values.setdefault(key, []).append(value)
    return values
