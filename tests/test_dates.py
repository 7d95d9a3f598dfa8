"""Coarse dates: the day bounds added at load, and the stored queries that compare them.

Dates may be a day (xsd:date), a month (xsd:gYearMonth) or a year (xsd:gYear). Loading a graph
adds, for coop:startDate, coop:endDate and dcterms:date, the earliest and the latest day each value
can mean as typed xsd:date values (src/coopgraph/dates.ru, driven by the ontology), and the stored
queries compare those instead of slicing text.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import coopgraph
from coopgraph.cli import cli

from .conftest import PROJECT

ID = "https://w3id.org/coopgraph/id/"
EX = "https://example.org/dates-test/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
TURTLE_PREFIXES = """\
@prefix coop: <https://w3id.org/coopgraph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/dates-test/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
# Each date property and the pair of properties its day bounds go to.
BOUNDS = {
    "coop:startDate": ("startEarliestDay", "startLatestDay"),
    "coop:endDate": ("endEarliestDay", "endLatestDay"),
    "dcterms:date": ("dateEarliestDay", "dateLatestDay"),
}
BOUNDS_QUERY = """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT ?thing ?bound ?day
WHERE {
  VALUES ?bound {
    coop:startEarliestDay coop:startLatestDay
    coop:endEarliestDay coop:endLatestDay
    coop:dateEarliestDay coop:dateLatestDay
  }
  ?thing ?bound ?day .
}
"""


def invoke(*args: str) -> tuple[int, str]:
    """Exit code and standard output (or, on failure, everything the command wrote)."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def events_between(start: str, end: str, *, overlap: bool = False) -> list[dict[str, str]]:
    args = ["query", "events-between", "-p", f"from={start}", "-p", f"to={end}"]
    if overlap:
        args += ["-p", "overlap=true"]
    code, out = invoke(*args, "--format", "csv", "--no-cache")
    assert code == 0, out
    return list(csv.DictReader(io.StringIO(out)))


def bounds_of(turtle: str, folder: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Load ``turtle`` (fictional things under ex:) with the ontology: {(thing, bound): days}."""
    data = folder / "dates.ttl"
    data.write_text(TURTLE_PREFIXES + turtle, encoding="utf-8")
    graph = coopgraph.open_graph(PROJECT.ontology, data, shipped=False)
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for thing, bound, day in graph.query(BOUNDS_QUERY).rows:
        key = (thing.value.removeprefix(EX), bound.value.rsplit("#", 1)[-1])
        found.setdefault(key, []).append((day.value, day.datatype.value))
    return found


# --- the known regressions, on the shipped data -------------------------------------------


def test_month_dated_visit_is_in_its_month() -> None:
    """Issue 9: "2021-11" was read as ending on 2021-11-31 and compared as text."""
    rows = events_between("2021-11-01", "2021-11-30")
    assert [row["event"] for row in rows] == [f"{ID}joint-visit-lithuania-latvia-2021-11"]
    assert rows[0]["date"] == "2021-11"


@pytest.mark.parametrize(
    ("start", "end", "month_dated", "day_dated"),
    [
        # February of a common year: the month ends on the 28th.
        ("2021-02-01", "2021-02-28", "sg-exchange-european-council-members-2021-02", []),
        # A 30-day month: a month-dated meeting and, as before, one dated to the day.
        (
            "2023-06-01",
            "2023-06-30",
            "staff-talks-operational-cooperation-round-1",
            ["council-takes-note-progress-report-8"],
        ),
    ],
)
def test_month_dated_events_are_in_their_month(
    start: str, end: str, month_dated: str, day_dated: list[str]
) -> None:
    rows = events_between(start, end)
    assert sorted(row["event"] for row in rows) == sorted(
        ID + name for name in [month_dated, *day_dated]
    )
    # The month-dated one comes first: it is ordered by its earliest day, the 1st.
    assert rows[0]["event"] == ID + month_dated
    assert rows[0]["date"] == start[:7]


def test_month_dated_event_is_not_certainly_in_part_of_its_month() -> None:
    rows = events_between("2021-11-01", "2021-11-29")
    assert f"{ID}joint-visit-lithuania-latvia-2021-11" not in {row["event"] for row in rows}
    rows = events_between("2021-11-29", "2021-11-30", overlap=True)
    assert f"{ID}joint-visit-lithuania-latvia-2021-11" in {row["event"] for row in rows}


def test_month_dated_event_may_fall_on_the_last_day_of_february() -> None:
    rows = events_between("2021-02-28", "2021-03-01", overlap=True)
    assert f"{ID}sg-exchange-european-council-members-2021-02" in {row["event"] for row in rows}


def test_no_stored_query_slices_date_strings() -> None:
    slicing = re.compile(r'SUBSTR\s*\(|"-(?:12-)?31"|"-01(?:-01)?"', re.IGNORECASE)
    files = sorted(PROJECT.queries_dir.glob("*.rq")) + sorted(PROJECT.checks_dir.glob("*.rq"))
    assert files
    offending = [path.name for path in files if slicing.search(path.read_text(encoding="utf-8"))]
    assert offending == []


# --- the day bounds, on a small fictional graph --------------------------------------------

CASES = [
    # (name, Turtle object, earliest, latest)
    ("april", '"2023-04"^^xsd:gYearMonth', "2023-04-01", "2023-04-30"),
    ("june", '"2023-06"^^xsd:gYearMonth', "2023-06-01", "2023-06-30"),
    ("september", '"2023-09"^^xsd:gYearMonth', "2023-09-01", "2023-09-30"),
    ("november", '"2021-11"^^xsd:gYearMonth', "2021-11-01", "2021-11-30"),
    ("february-2024", '"2024-02"^^xsd:gYearMonth', "2024-02-01", "2024-02-29"),
    ("february-2000", '"2000-02"^^xsd:gYearMonth', "2000-02-01", "2000-02-29"),
    ("february-2023", '"2023-02"^^xsd:gYearMonth', "2023-02-01", "2023-02-28"),
    ("february-1900", '"1900-02"^^xsd:gYearMonth', "1900-02-01", "1900-02-28"),
    ("january", '"2023-01"^^xsd:gYearMonth', "2023-01-01", "2023-01-31"),
    ("march", '"2023-03"^^xsd:gYearMonth', "2023-03-01", "2023-03-31"),
    ("july", '"2023-07"^^xsd:gYearMonth', "2023-07-01", "2023-07-31"),
    ("august", '"2023-08"^^xsd:gYearMonth', "2023-08-01", "2023-08-31"),
    ("october", '"2023-10"^^xsd:gYearMonth', "2023-10-01", "2023-10-31"),
    ("december", '"2023-12"^^xsd:gYearMonth', "2023-12-01", "2023-12-31"),
    ("year", '"2004"^^xsd:gYear', "2004-01-01", "2004-12-31"),
    ("year-1900", '"1900"^^xsd:gYear', "1900-01-01", "1900-12-31"),
    ("day", '"2016-07-08"^^xsd:date', "2016-07-08", "2016-07-08"),
    ("leap-day", '"2024-02-29"^^xsd:date', "2024-02-29", "2024-02-29"),
]
NOT_DATES = [
    # (name, Turtle object): no bounds at all
    ("text", '"spring 2021"'),
    ("month-as-text", '"2021-11"'),
    ("timestamp", '"2021-11-05T10:00:00"^^xsd:dateTime'),
    ("number", "2021"),
    ("iri", "ex:somewhen"),
]


@pytest.fixture(scope="module")
def fictional_bounds(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], list[tuple[str, str]]]:
    lines = []
    for prop in BOUNDS:
        short = prop.split(":")[1]
        for name, value, _, _ in CASES:
            lines.append(f"ex:{short}-{name} {prop} {value} .")
        for name, value in NOT_DATES:
            lines.append(f"ex:{short}-{name} {prop} {value} .")
    # A date property without a bounds mapping gets none.
    lines.append('ex:endorsed coop:endorsementDate "2021-11"^^xsd:gYearMonth .')
    return bounds_of("\n".join(lines) + "\n", tmp_path_factory.mktemp("dates"))


@pytest.mark.parametrize("prop", list(BOUNDS))
@pytest.mark.parametrize(("name", "value", "earliest", "latest"), CASES, ids=[c[0] for c in CASES])
def test_day_bounds_of_a_date(
    fictional_bounds: dict[tuple[str, str], list[tuple[str, str]]],
    prop: str,
    name: str,
    value: str,
    earliest: str,
    latest: str,
) -> None:
    thing = f"{prop.split(':')[1]}-{name}"
    earliest_property, latest_property = BOUNDS[prop]
    assert fictional_bounds[(thing, earliest_property)] == [(earliest, XSD_DATE)]
    assert fictional_bounds[(thing, latest_property)] == [(latest, XSD_DATE)]
    # Only the two bounds of its own property.
    assert {bound for (subject, bound) in fictional_bounds if subject == thing} == set(BOUNDS[prop])


@pytest.mark.parametrize("prop", list(BOUNDS))
@pytest.mark.parametrize(("name", "value"), NOT_DATES, ids=[c[0] for c in NOT_DATES])
def test_a_value_that_is_not_a_date_has_no_bounds(
    fictional_bounds: dict[tuple[str, str], list[tuple[str, str]]],
    prop: str,
    name: str,
    value: str,
) -> None:
    thing = f"{prop.split(':')[1]}-{name}"
    assert [key for key in fictional_bounds if key[0] == thing] == []


def test_an_unmapped_date_property_has_no_bounds(
    fictional_bounds: dict[tuple[str, str], list[tuple[str, str]]],
) -> None:
    assert [key for key in fictional_bounds if key[0] == "endorsed"] == []


def test_the_shipped_graph_has_bounds_for_every_typed_date(cgraph: coopgraph.Graph) -> None:
    """Every coarse or exact date in data/ gets both bounds, the earliest never after the latest."""
    missing = cgraph.query(
        """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?thing ?date
WHERE {
  ?property coop:earliestDayProperty ?earliestProperty .
  ?property coop:latestDayProperty ?latestProperty .
  ?thing ?property ?date .
  FILTER(DATATYPE(?date) IN (xsd:date, xsd:gYearMonth, xsd:gYear))
  OPTIONAL { ?thing ?earliestProperty ?earliest }
  OPTIONAL { ?thing ?latestProperty ?latest }
  FILTER(!BOUND(?earliest) || !BOUND(?latest) || ?earliest > ?latest)
}
"""
    )
    assert missing.rows == []


# --- the bounds of every month, against the calendar ---------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1000, 2999), st.integers(1, 12)),
        min_size=1,
        max_size=40,
        unique=True,
    )
)
def test_month_bounds_match_the_calendar(months: list[tuple[int, int]]) -> None:
    turtle = "".join(
        f'ex:m-{year}-{month:02d} coop:startDate "{year}-{month:02d}"^^xsd:gYearMonth .\n'
        for year, month in months
    )
    with tempfile.TemporaryDirectory(prefix="coopgraph-dates-") as folder:
        found = bounds_of(turtle, Path(folder))
    for year, month in months:
        thing = f"m-{year}-{month:02d}"
        last = calendar.monthrange(year, month)[1]
        assert found[(thing, "startEarliestDay")] == [
            (datetime.date(year, month, 1).isoformat(), XSD_DATE)
        ]
        assert found[(thing, "startLatestDay")] == [
            (datetime.date(year, month, last).isoformat(), XSD_DATE)
        ]
