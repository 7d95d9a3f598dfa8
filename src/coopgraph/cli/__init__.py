"""The coopgraph command line: each command parses options, calls one library job, prints.

Commands are imported only when they run (or when help lists them), so `coopgraph query` loads
click, pyoxigraph and the query modules, and nothing of validation, linking or export.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from ..__about__ import __version__
from .._process import INTERNAL_ERROR as INTERNAL_ERROR  # re-exported: tests and callers
from .._process import install_signal_handlers, leave, not_utf8, report_error

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
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            ctx.exit(report_error(exc, debug=bool(ctx.params.get("debug"))))


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
    unparseable, or a file or stream that cannot be written; 4 remote endpoint failed; 5 remote
    result incomplete; 70 a bug in coopgraph; 130 interrupted (Ctrl-C); 141 the reader of the
    output went away (`| head`). `serve` exits 0 when stopped by SIGTERM or Ctrl-C.
    """
    ctx.obj = project


def main() -> None:
    """The console script: run the command line, then leave at once (see leave)."""
    leave(run())


def run(args: list[str] | None = None) -> object:
    """Run the command line (``args``, default sys.argv) and return its exit status instead of
    exiting: 0, a documented code, or what a SystemExit carried."""
    install_signal_handlers()
    given = sys.argv[1:] if args is None else args
    problem = not_utf8(given)
    if problem is not None:
        click.echo(problem, err=True)
        return 2
    try:
        cli(args=given, prog_name="coopgraph")
    except SystemExit as exc:
        return exc.code
    return 0
