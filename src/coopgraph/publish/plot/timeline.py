"""Timelines as SVG, written here rather than by a plotting library: the output is the same
bytes on every run and machine (no font metrics, hash salts or dates inside), and the
``plot`` command loads no matplotlib (about a second to import) for a few rectangles.

One row per subject; bars for intervals, diamonds for dated events. A date known only to the
month or year (xsd:gYearMonth, xsd:gYear) is drawn as that whole month or year, hatched; an
uncertain or inferred fact is drawn lighter with a dashed outline; an interval with no end runs
to the chart's end, with an arrow when a source confirms it running (coop:ongoingAsOf, drawn
solid up to that date) and a "?" when its end is unknown (unconfirmed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ...namespaces import COOP
from ...query.results import Results

#: Columns read from a timeline query's answer, first present wins.
START = ("start", "date")
END = ("end", "until")
ROW = ("stateLabel", "exerciseLabel", "eventLabel", "thingLabel", "organisationLabel")
LANE = ("organisationLabel", "role", "classLabel", "leaderLabel")
#: Colour-blind-safe palette (Okabe-Ito), then greys.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c7a00",
           "#000000", "#7f7f7f", "#a6761d")  # fmt: skip
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class Day:
    """A date as recorded, with the first and last day it can mean."""

    text: str
    earliest: dt.date
    latest: dt.date

    @property
    def coarse(self) -> bool:
        return self.earliest != self.latest


@dataclass(frozen=True)
class Item:
    """One bar or marker. ``open`` is "" (closed, or a point), "confirmed" (running as of
    ``confirmed``) or "unknown" (no end, nothing confirms it running: unconfirmed)."""

    row: str
    lane: str
    label: str
    start: Day
    end: Day | None = None
    open: str = ""
    confirmed: Day | None = None
    hedged: bool = False

    @property
    def interval(self) -> bool:
        return self.end is not None or bool(self.open)


@dataclass(frozen=True)
class Timeline:
    title: str
    items: tuple[Item, ...]
    lane_title: str = ""
    undated: int = 0


def parse_day(text: str) -> Day | None:
    """A year, year-month or date (a dateTime's date) as a Day; None for anything else."""
    core = text.strip()
    if len(core) > 10 and core[10] == "T":
        core = core[:10]
    elif core.endswith("Z"):
        core = core[:-1]
    try:
        if len(core) == 4 and core.isdigit():
            year = int(core)
            return Day(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if len(core) == 7 and core[4] == "-":
            year, month = int(core[:4]), int(core[5:7])
            first = dt.date(year, month, 1)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return Day(text, first, following - dt.timedelta(days=1))
        if len(core) == 10:
            day = dt.date.fromisoformat(core)
            return Day(text, day, day)
    except ValueError:
        return None
    return None


def _value(term: object) -> str:
    if isinstance(term, ox.Literal | ox.NamedNode):
        return term.value
    return ""


def _first(columns: Sequence[str], wanted: Sequence[str], *, besides: str = "") -> str:
    for name in wanted:
        if name in columns and name != besides:
            return name
    return ""


def timeline_of(results: Results, *, title: str) -> Timeline:
    """The timeline of a SELECT answer: its rows by the columns named in START, END, ROW and
    LANE (``certainty``, ``ongoingAsOf``, ``endUnknown`` and ``unconfirmed`` where present).
    Rows without a start that is a date are counted in ``undated``, not drawn."""
    columns = results.variables
    start_col = _first(columns, START)
    end_col = _first(columns, END)
    row_col = _first(columns, ROW) or next((c for c in columns if c.endswith("Label")), "")
    lane_col = _first(columns, LANE, besides=row_col)
    change_col = "change" if "change" in columns else ""
    items: list[Item] = []
    undated = 0
    seen: set[tuple[object, ...]] = set()
    for row in results.dicts():
        start = parse_day(_value(row.get(start_col))) if start_col else None
        if start is None:
            undated += 1
            continue
        end = parse_day(_value(row.get(end_col))) if end_col else None
        confirmed = parse_day(_value(row.get("ongoingAsOf")))
        unknown = (
            _value(row.get("endUnknown")) == "true" or _value(row.get("unconfirmed")) == "true"
        )
        open_kind = (
            "" if end is not None else "confirmed" if confirmed else "unknown" if unknown else ""
        )
        certainty = _value(row.get("certainty"))
        name = _value(row.get(row_col)) if row_col else ""
        lane = _value(row.get(lane_col)) if lane_col else name
        label = lane if lane and lane != name else ""
        if change_col:
            label = f"{_value(row.get(change_col))} {label}".strip()
        item = Item(
            row=name or "(no label)",
            lane=lane or name,
            label=label,
            start=start,
            end=end,
            open=open_kind,
            confirmed=confirmed,
            hedged=bool(certainty) and certainty != COOP + "Sourced",
        )
        key = (item.row, item.lane, item.label, start, end, open_kind, item.hedged)
        if key not in seen:  # a row repeated by another column (exercises' partners) once
            seen.add(key)
            items.append(item)
    lane_title = {"organisationLabel": "organisation", "classLabel": "kind", "leaderLabel":
                  "led by", "role": "role"}.get(lane_col, "")  # fmt: skip
    return Timeline(title=title, items=tuple(items), lane_title=lane_title, undated=undated)


# -- drawing --------------------------------------------------------------------------------

WIDTH = 1000
LABEL_WIDTH = 250
RIGHT = 40
LANE_HEIGHT = 12
ROW_GAP = 8
TOP = 48


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Scale:
    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first, self.last = first, last
        self.days = max((last - first).days + 1, 1)

    def x(self, day: dt.date, *, after: bool = False) -> float:
        """The x of the start of ``day`` (or its end, with ``after``)."""
        offset = (day - self.first).days + (1 if after else 0)
        return LABEL_WIDTH + offset / self.days * (WIDTH - LABEL_WIDTH - RIGHT)


def _range(items: Sequence[Item]) -> tuple[dt.date, dt.date]:
    days = [item.start.earliest for item in items] + [item.start.latest for item in items]
    days += [item.end.latest for item in items if item.end]
    days += [item.confirmed.latest for item in items if item.confirmed]
    first, last = min(days), max(days)
    years = last.year - first.year
    if years < 2:  # months: pad by a month on each side
        first = dt.date(first.year, first.month, 1) - dt.timedelta(days=1)
        first = dt.date(first.year, first.month, 1)
        after = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
        last = dt.date(after.year + after.month // 12, after.month % 12 + 1, 1)
        last -= dt.timedelta(days=1)
    else:
        last = dt.date(last.year, 12, 31)
        first = dt.date(first.year, 1, 1)
    if any(item.open for item in items):  # room past the last date for open ends
        last = dt.date(last.year + max(1, years // 10), 12, 31)
    return first, last


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    years = last.year - first.year + 1
    if years <= 2:
        ticks: list[tuple[dt.date, str]] = []
        day = first
        step = 1 if years == 1 else 2
        while day <= last:
            if (day.month - 1) % step == 0:
                ticks.append((day, day.strftime("%b %Y") if day.month == 1 or not ticks
                              else day.strftime("%b")))  # fmt: skip
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return ticks
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if years / s <= 14)
    start = first.year + (-first.year) % step
    return [(dt.date(year, 1, 1), str(year)) for year in range(start, last.year + 1, step)]


def timeline_svg(timeline: Timeline) -> str:
    """The timeline as a standalone SVG document (the same text for the same timeline)."""
    items = timeline.items
    out: list[str] = []
    if not items:
        height = 90.0
        out.append(_header(height, timeline.title))
        undated = f" ({timeline.undated} undated)" if timeline.undated else ""
        out.append(f'<text x="20" y="70" font-size="13">Nothing to draw: no row has a date'
                   f"{undated}.</text>")  # fmt: skip
        out.append("</svg>\n")
        return "\n".join(out)
    rows: dict[str, list[str]] = {}
    for item in items:
        lanes = rows.setdefault(item.row, [])
        if item.lane not in lanes:
            lanes.append(item.lane)
    lanes_all = sorted({item.lane for item in items})
    colours = {lane: PALETTE[i % len(PALETTE)] for i, lane in enumerate(lanes_all)}
    first, last = _range(items)
    scale = _Scale(first, last)
    row_top: dict[str, float] = {}
    y: float = TOP + 10
    for name, lanes in rows.items():
        row_top[name] = y
        y += len(lanes) * LANE_HEIGHT + ROW_GAP
    chart_bottom = y
    legend = _legend(timeline, lanes_all, colours, chart_bottom + 34)
    height = chart_bottom + 34 + legend[1]
    out.append(_header(height, timeline.title))
    out.append(_defs(lanes_all, colours))
    # Zebra rows and labels.
    for index, (name, lanes) in enumerate(rows.items()):
        top = row_top[name] - ROW_GAP / 2
        tall = len(lanes) * LANE_HEIGHT + ROW_GAP
        if index % 2 == 0:
            out.append(f'<rect x="0" y="{_fmt(top)}" width="{WIDTH}" height="{_fmt(tall)}" '
                       'fill="#f4f6f9"/>')  # fmt: skip
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{_fmt(top + tall / 2 + 4)}" font-size="11.5" '
            f'text-anchor="end"><title>{escape(name)}</title>{escape(_short(name))}</text>'
        )
    # Axis: grid lines and labels, at the top and the bottom.
    for day, text in _ticks(first, last):
        x = _fmt(scale.x(day))
        out.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{_fmt(chart_bottom)}" '
                   'stroke="#c9d1db" stroke-width="0.6"/>')  # fmt: skip
        for ty in (TOP - 6, chart_bottom + 14):
            out.append(f'<text x="{x}" y="{_fmt(ty)}" font-size="10.5" text-anchor="middle" '
                       f'fill="#3b4654">{escape(text)}</text>')  # fmt: skip
    out.append(f'<line x1="{LABEL_WIDTH}" y1="{_fmt(chart_bottom)}" x2="{WIDTH - RIGHT}" '
               f'y2="{_fmt(chart_bottom)}" stroke="#3b4654" stroke-width="0.8"/>')  # fmt: skip
    for item in items:
        lane_index = rows[item.row].index(item.lane)
        top = row_top[item.row] + lane_index * LANE_HEIGHT
        out.extend(_item(item, scale, top, colours[item.lane], lanes_all.index(item.lane)))
    out.append(legend[0])
    out.append("</svg>\n")
    return "\n".join(out)


def _header(height: float, title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{_fmt(height)}" '
        f'viewBox="0 0 {WIDTH} {_fmt(height)}" font-family={quoteattr(FONT)} role="img" '
        f"aria-label={quoteattr(title)}>\n<title>{escape(title)}</title>\n"
        f'<rect width="{WIDTH}" height="{_fmt(height)}" fill="#ffffff"/>\n'
        f'<text x="12" y="22" font-size="15" font-weight="bold" fill="#1d2733">'
        f"{escape(_short(title, 100))}</text>"
    )


def _defs(lanes: list[str], colours: dict[str, str]) -> str:
    parts = ["<defs>"]
    for index, lane in enumerate(lanes):
        colour = colours[lane]
        parts.append(
            f'<pattern id="coarse-{index}" patternUnits="userSpaceOnUse" width="5" height="5" '
            f'patternTransform="rotate(45)"><rect width="5" height="5" fill="{colour}" '
            f'fill-opacity="0.18"/><line x1="0" y1="0" x2="0" y2="5" stroke="{colour}" '
            'stroke-width="2"/></pattern>'
        )
    parts.append("</defs>")
    return "\n".join(parts)


def _when(item: Item) -> str:
    start = item.start.text
    if item.end is not None:
        return f"{start} to {item.end.text}"
    if item.open == "confirmed" and item.confirmed is not None:
        return f"from {start}, confirmed ongoing as of {item.confirmed.text}"
    if item.open == "unknown":
        return f"from {start}, end unknown (unconfirmed)"
    return start


def _item(item: Item, scale: _Scale, top: float, colour: str, index: int) -> list[str]:
    what = " · ".join(p for p in (item.row, item.label) if p)
    tip = f"{what}: {_when(item)}" + (" (uncertain or inferred)" if item.hedged else "")
    out = [f"<g><title>{escape(tip)}</title>"]
    mid = top + LANE_HEIGHT / 2
    bar_top, bar_h = top + 1.5, LANE_HEIGHT - 3
    dash = ' stroke-dasharray="3 2"' if item.hedged else ""
    opacity = "0.45" if item.hedged else "0.9"
    hatch = f"url(#coarse-{index})"

    def rect(x1: float, x2: float, fill: str, extra: str = "") -> str:
        return (f'<rect x="{_fmt(x1)}" y="{_fmt(bar_top)}" width="{_fmt(max(x2 - x1, 1.5))}" '
                f'height="{_fmt(bar_h)}" fill="{fill}"{extra}/>')  # fmt: skip

    if not item.interval:
        if item.start.coarse:
            x1, x2 = scale.x(item.start.earliest), scale.x(item.start.latest, after=True)
            out.append(rect(x1, x2, hatch, f' stroke="{colour}" stroke-width="1"{dash}'))
        else:
            x = scale.x(item.start.earliest) + 0.5 * (scale.x(item.start.earliest, after=True)
                                                      - scale.x(item.start.earliest))  # fmt: skip
            r = LANE_HEIGHT / 2 - 1
            fill = "#ffffff" if item.hedged else colour
            out.append(
                f'<path d="M{_fmt(x)} {_fmt(mid - r)} L{_fmt(x + r)} {_fmt(mid)} '
                f'L{_fmt(x)} {_fmt(mid + r)} L{_fmt(x - r)} {_fmt(mid)} Z" fill="{fill}" '
                f'stroke="{colour}" stroke-width="1.4"{dash}/>'
            )
        out.append("</g>")
        return out
    chart_end = scale.x(scale.last, after=True)
    body_from = scale.x(item.start.latest, after=True) if item.start.coarse else scale.x(
        item.start.earliest)  # fmt: skip
    if item.start.coarse:
        out.append(rect(scale.x(item.start.earliest), body_from, hatch))
    if item.end is not None:
        body_to = scale.x(item.end.earliest) if item.end.coarse else scale.x(
            item.end.latest, after=True)  # fmt: skip
        out.append(rect(body_from, body_to, colour,
                        f' fill-opacity="{opacity}" stroke="{colour}"{dash}'))  # fmt: skip
        if item.end.coarse:
            out.append(rect(body_to, scale.x(item.end.latest, after=True), hatch))
    elif item.open == "confirmed" and item.confirmed is not None:
        until = scale.x(item.confirmed.latest, after=True)
        out.append(rect(body_from, until, colour,
                        f' fill-opacity="{opacity}" stroke="{colour}"{dash}'))  # fmt: skip
        out.append(rect(until, chart_end - 8, colour, ' fill-opacity="0.2"'))
        out.append(
            f'<path d="M{_fmt(chart_end - 8)} {_fmt(bar_top - 1.5)} L{_fmt(chart_end)} '
            f'{_fmt(mid)} L{_fmt(chart_end - 8)} {_fmt(bar_top + bar_h + 1.5)} Z" '
            f'fill="{colour}"/>'
        )
    else:  # no end, nothing confirms it running: to the chart's end, marked "?"
        out.append(rect(body_from, chart_end - 10, colour,
                        f' fill-opacity="{opacity}" stroke="{colour}"{dash}'))  # fmt: skip
        out.append(
            f'<circle cx="{_fmt(chart_end - 4)}" cy="{_fmt(mid)}" r="5.5" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="1.2"/><text x="{_fmt(chart_end - 4)}" '
            f'y="{_fmt(mid + 3.5)}" font-size="9" font-weight="bold" text-anchor="middle" '
            f'fill="{colour}">?</text>'
        )
    out.append("</g>")
    return out


def _legend(
    timeline: Timeline, lanes: list[str], colours: dict[str, str], top: float
) -> tuple[str, float]:
    """The legend's SVG and its height: colours by lane, then the styles."""
    out: list[str] = []
    x, y = 12.0, top
    heading = f"Colour: {timeline.lane_title}" if timeline.lane_title else "Colour"
    out.append(f'<text x="{_fmt(x)}" y="{_fmt(y)}" font-size="11" font-weight="bold">'
               f"{escape(heading)}</text>")  # fmt: skip
    y += 8
    column = 0
    for lane in lanes:
        cx = 12 + column * 330
        out.append(f'<rect x="{cx}" y="{_fmt(y)}" width="14" height="9" fill="{colours[lane]}"/>'
                   f'<text x="{cx + 20}" y="{_fmt(y + 8.5)}" font-size="11">'
                   f"{escape(_short(lane, 48))}</text>")  # fmt: skip
        column += 1
        if column == 3:
            column, y = 0, y + 15
    if column:
        y += 15
    y += 12
    grey = "#3b4654"
    samples = [
        (f'<rect x="0" y="0" width="26" height="9" fill="{grey}" fill-opacity="0.9"/>',
         "exact dates"),
        ('<rect x="0" y="0" width="26" height="9" fill="url(#legend-coarse)"/>',
         "date known only to the month or year: the whole period, hatched"),
        (f'<rect x="0" y="0" width="26" height="9" fill="{grey}" fill-opacity="0.45" '
         f'stroke="{grey}" stroke-dasharray="3 2"/>', "uncertain or inferred (dashed, lighter)"),
        (f'<path d="M13 -0.5 L18 4.5 L13 9.5 L8 4.5 Z" fill="{grey}"/>', "event on a day"),
        (f'<rect x="0" y="0" width="16" height="9" fill="{grey}"/><rect x="16" y="0" width="10" '
         f'height="9" fill="{grey}" fill-opacity="0.2"/><path d="M26 -1.5 L34 4.5 L26 10.5 Z" '
         f'fill="{grey}"/>', "open: confirmed ongoing as of a date, drawn solid to it"),
        (f'<rect x="0" y="0" width="20" height="9" fill="{grey}"/><circle cx="28" cy="4.5" '
         f'r="5.5" fill="#fff" stroke="{grey}"/><text x="28" y="8" font-size="9" '
         f'font-weight="bold" text-anchor="middle" fill="{grey}">?</text>',
         "open: end unknown, unconfirmed (drawn to the chart's end)"),
    ]  # fmt: skip
    out.append(
        '<defs><pattern id="legend-coarse" patternUnits="userSpaceOnUse" width="5" height="5" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="{grey}" '
        f'fill-opacity="0.18"/><line x1="0" y1="0" x2="0" y2="5" stroke="{grey}" '
        'stroke-width="2"/></pattern></defs>'
    )
    for index, (shape, text) in enumerate(samples):
        sx = 12 + (index % 2) * 480
        sy = y + (index // 2) * 17
        out.append(f'<g transform="translate({sx} {_fmt(sy)})">{shape}'
                   f'<text x="42" y="8.5" font-size="11">{escape(text)}</text></g>')  # fmt: skip
    y += 3 * 17
    if timeline.undated:
        out.append(f'<text x="12" y="{_fmt(y + 6)}" font-size="11" fill="#5b6776">'
                   f"{timeline.undated} row(s) without a date are not drawn.</text>")  # fmt: skip
        y += 16
    return "\n".join(out), y - top + 8
