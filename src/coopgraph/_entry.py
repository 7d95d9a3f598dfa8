"""The `coopgraph` command's entry point: `--version` answers without loading click."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # click alone takes longer to import than this whole run
        from .__about__ import __version__

        print(f"coopgraph, version {__version__}")
        return
    from .cli import main as cli_main

    cli_main()
