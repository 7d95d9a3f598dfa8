"""The coopgraph command line: each command parses options, calls one library job, prints.

Commands are imported only when they run (or when help lists them), so `coopgraph query` loads
click, pyoxigraph and the query modules, and nothing of validation, linking or export.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
from typing import Any

import click

from ..__about__ import __version__
from ..errors import CoopgraphError, InputError

#: The exit code of an unexpected error (a bug): EX_SOFTWARE of sysexits.h.
INTERNAL_ERROR = 70

#: command name -> "module:attribute" under coopgraph.cli
COMMANDS = {
    "cache": "graph_commands:cache_group",
    "export": "graph_commands:export_command",
    "find": "graph_commands:find_command",
    "push": "push:push_command",
    "info": "graph_commands:info",
    "link": "link:link",
    "plot": "plot:plot_command",
    "queries": "query:list_stored",
    "query": "query:query",
    "serve": "serve:serve",
    "show": "query:show",
    "site": "site:site_command",
    "sparql": "query:sparql",
    "stats": "graph_commands:stats",
    "template": "graph_commands:template_command",
    "validate": "validate:validate_command",
}


class CoopgraphGroup(click.Group):
    """Loads commands on demand, and turns library errors into a one-line message and the
    documented exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoopgraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except MemoryError:
            click.echo("Error: out of memory; give smaller input or split it", err=True)
            ctx.exit(InputError.exit_code)
        except Exception as exc:
            if ctx.params.get("debug") or os.environ.get("COOPGRAPH_DEBUG"):
                raise
            first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            click.echo(
                f"Error: unexpected {type(exc).__name__}{': ' + first if first else ''}. This "
                "is a bug in coopgraph: rerun with --debug for the traceback and report it.",
                err=True,
            )
            ctx.exit(INTERNAL_ERROR)


@click.group(cls=CoopgraphGroup)
@click.version_option(__version__, prog_name="coopgraph")
@click.option(
    "--project",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=str),
    help="The folder holding ontology/, data/ and queries/ to read and write (default: "
    "$COOPGRAPH_PROJECT, else the working directory or a parent, else the packaged copy).",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Show the Python traceback of an unexpected error (also: COOPGRAPH_DEBUG=1).",
)
@click.pass_context
def cli(ctx: click.Context, project: str | None, debug: bool) -> None:
    """Query, check, link and export the sourced EU-NATO cooperation graph.

    Exit codes: 0 ok; 1 the data failed a check; 2 usage error; 3 input unreadable or
    unparseable; 4 remote endpoint failed; 5 remote result incomplete; 70 a bug in coopgraph;
    130 interrupted (Ctrl-C). `serve` exits 0 when stopped by SIGTERM or Ctrl-C.
    """
    ctx.obj = project


def main() -> None:
    """The console script: run the command line, then leave at once (see _leave)."""
    _leave(run())


def run(args: list[str] | None = None) -> object:
    """Run the command line (``args``, default sys.argv) and return its exit status instead of
    exiting: 0, a documented code, or what a SystemExit carried."""
    # SIGTERM, SIGHUP and Ctrl-C unwind the stack (atomic writes remove their temporary files)
    # and exit 128 + the signal number, as shells report it: Ctrl-C is 130, not click's 1.
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminated)
    given = sys.argv[1:] if args is None else args
    for number, argument in enumerate(given, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            click.echo(
                f"Error: argument {number} ({shown[:60]}) is not valid UTF-8 text; pass UTF-8",
                err=True,
            )
            return 2
    try:
        cli(args=given, prog_name="coopgraph")
    except SystemExit as exc:
        return exc.code
    return 0


def _leave(code: object) -> None:
    """Exit without tearing the process down object by object: freeing a store of a million
    triples took a second after the answer was written. Exit handlers run and output is
    flushed first; the operating system reclaims the memory."""
    import atexit

    if isinstance(code, str):  # sys.exit("message"): Python prints it and exits 1
        print(code, file=sys.stderr)
        code = 1
    status = code if isinstance(code, int) else 0 if code is None else 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(status)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
