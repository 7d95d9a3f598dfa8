"""The `coopgraph` command's entry point: `--version`, `queries` and plain stored queries answer
without loading click (see coopgraph.quick); everything else goes through coopgraph.cli."""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    from ._process import install_signal_handlers, leave, not_utf8

    if args == ["--version"]:  # click alone takes longer to import than this whole run
        from .__about__ import __version__

        try:
            sys.stdout.buffer.write(f"coopgraph, version {__version__}\n".encode())
            sys.stdout.buffer.flush()
        except Exception as exc:  # a closed pipe: 141, as for any command
            from ._process import report_error

            leave(report_error(exc))
        leave(0)
    from .quick import try_quick

    if not_utf8(args) is None:
        install_signal_handlers()
        try:
            status = try_quick(args)
        except SystemExit as exc:  # SIGTERM or Ctrl-C: leave quickly, with 128 + signal
            status = exc.code if isinstance(exc.code, int) else 1
        if status is not None:
            leave(status)
    from .cli import main as cli_main

    cli_main()
