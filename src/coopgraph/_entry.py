"""The `coopgraph` command's entry point: `--version`, `queries` and plain stored queries answer
without loading click (see coopgraph.quick); everything else goes through coopgraph.cli."""

from __future__ import annotations

import sys


def main() -> None:
    args = sys.argv[1:]
    if args == ["--version"]:  # click alone takes longer to import than this whole run
        from .__about__ import __version__

        print(f"coopgraph, version {__version__}")
        return
    from ._process import install_signal_handlers, leave, not_utf8
    from .quick import try_quick

    if not_utf8(args) is None:
        install_signal_handlers()
        status = try_quick(args)
        if status is not None:
            leave(status)
    from .cli import main as cli_main

    cli_main()
