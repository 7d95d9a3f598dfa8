"""The two commands people run most, without loading click: `coopgraph queries` and
`coopgraph query NAME [-p NAME=VALUE ...] [--format F] [--no-cache]` on the embedded graph.

Importing click takes longer here than the rest of a cached stored query, so these plain forms
are parsed by hand and run through the same library calls, error reports and exit codes as the
click commands in coopgraph.cli.query. Anything else (another option, --help, an attached or
malformed value) returns None, and click handles the command line as usual.
"""

from __future__ import annotations

import re
import sys

from ._process import keep_until_exit, report_error, say

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the start-up path
if TYPE_CHECKING:
    from .project import Project
    from .query.catalogue import StoredQuery
    from .query.results import Results

_FORMAT_OPTIONS = ("--format",)
_PARAM_OPTIONS = ("-p", "--param")


def try_quick(args: list[str]) -> int | None:
    """Run ``args`` if they are one of the plain forms and return the exit status, else None."""
    if args == ["queries"]:
        return _run(_list_queries)
    if len(args) < 2 or args[0] != "query" or args[1].startswith("-"):
        return None
    parsed = _parse_query_options(args[2:])
    if parsed is None:
        return None
    params, fmt, no_cache = parsed
    return _run(lambda: _run_query(args[1], params, fmt, no_cache=no_cache))


def _parse_query_options(
    rest: list[str],
) -> tuple[dict[str, list[str]], str | None, bool] | None:
    from .formats import ALL_FORMATS

    params: dict[str, list[str]] = {}
    fmt: str | None = None
    no_cache = False
    position = 0
    while position < len(rest):
        option = rest[position]
        if option == "--no-cache" and not no_cache:
            no_cache = True
            position += 1
            continue
        if position + 1 == len(rest):
            return None
        value = rest[position + 1]
        position += 2
        if option in _PARAM_OPTIONS:
            key, sep, item = value.partition("=")
            if not sep or not key:
                return None  # click words the error
            params.setdefault(key, []).append(item)
        elif option in _FORMAT_OPTIONS and fmt is None and value in ALL_FORMATS:
            fmt = value
        else:
            return None
    return params, fmt, no_cache


def _run(job: object) -> int:
    try:
        job()  # type: ignore[operator]
    except Exception as exc:
        return report_error(exc)
    return 0


def _list_queries() -> None:
    from .formats.emit import write_stdout
    from .project import find_project
    from .query.catalogue import list_queries, listing_line

    lines = [listing_line(query) for query in list_queries(find_project().queries_dir)]
    text = "".join(line + "\n" for line in lines)
    if not sys.stdout.isatty():  # as click.echo: no terminal colour codes in a file or pipe
        text = re.sub(r"\033\[[;?0-9]*[a-zA-Z]", "", text)
    # As click.echo writes it: UTF-8 bytes, whatever the stream's own encoding; flushed here, so
    # that a write error is this command's error.
    write_stdout(text.encode("utf-8"))


def _run_query(name: str, params: dict[str, list[str]], fmt: str | None, *, no_cache: bool) -> None:
    from .formats.emit import emit
    from .graph import open_graph
    from .project import find_project
    from .query.catalogue import load_query
    from .query.run import run_stored

    project = find_project()
    stored = load_query(name, project.queries_dir)
    graph = open_graph(project=project, lazy=True, cache_results=not no_cache)
    keep_until_exit(graph)
    result = run_stored(stored, params, graph=graph)
    emit(result, fmt, None)
    note = missing_snapshot_note(stored, result, project)
    if note:
        say(note)


def missing_snapshot_note(
    stored: StoredQuery, result: Results, project: Project, *, data: bool = False
) -> str | None:
    """A note for an empty answer of a query over external data when no snapshot exists
    (and no --data or --endpoint stood in for one)."""
    snapshots = project.data_dir / "external"
    if "external" not in stored.tags or data or result.rows or any(snapshots.glob("*.ttl")):
        return None
    return (
        f"Note: {stored.name} joins the graph with a snapshot of external data, and there is "
        f"none in {snapshots}; make one with `coopgraph link refresh` (needs the network)"
        " or give one with --data FILE"
    )
