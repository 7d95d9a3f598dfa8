"""`coopgraph serve` under time limits, SIGTERM and generated parameter values (slow: seconds)."""

from __future__ import annotations

import json
import signal
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopgraph.errors import UsageError
from coopgraph.query.catalogue import load_query
from coopgraph.query.results import Results
from coopgraph.query.run import run_stored

from .conftest import PROJECT, SERVE_TIMEOUT
from .servers import Served, coopgraph_server
from .test_serve import fetch, sparql_get

pytestmark = pytest.mark.slow
#: A query that runs for minutes: the graph crossed with itself three times.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_time_limit_is_503_and_the_query_is_stopped(served: Served) -> None:
    started = time.monotonic()
    status, _, body = sparql_get(served, ENDLESS)
    took = time.monotonic() - started
    assert status == 503 and f"within {SERVE_TIMEOUT} s".encode() in body
    assert SERVE_TIMEOUT <= took < SERVE_TIMEOUT + 2
    assert children(served.process.pid) == []  # the worker was killed, not left running
    assert sparql_get(served, "ASK { ?s ?p ?o }")[0] == 200  # and the server goes on


def test_sigterm_finishes_requests_in_flight_and_exits_0(tmp_path: Path) -> None:
    with coopgraph_server(tmp_path, "--timeout", "2") as server:
        answers: list[tuple[int, bytes]] = []

        def ask() -> None:
            status, _, body = sparql_get(server, ENDLESS)
            answers.append((status, body))

        thread = threading.Thread(target=ask)
        thread.start()
        time.sleep(0.5)
        server.process.send_signal(signal.SIGTERM)
        thread.join(timeout=30)
        assert server.process.wait(timeout=30) == 0
        log = server.log.read_text()
    assert answers and answers[0][0] == 503  # a whole answer, not a reset connection
    assert log.rstrip().endswith("coopgraph serve: stopped")
    assert "Traceback" not in log


def test_openapi_document_is_valid(served: Served) -> None:
    """Checked by openapi-spec-validator (its import alone takes a second, hence here)."""
    from openapi_spec_validator import validate

    status, _, body = fetch(served, "/api/openapi.json")
    assert status == 200
    validate(json.loads(body))


# --- generated parameter values: the API binds exactly as the CLI does ---------------------

CASES = {
    "office-holders-on-date": "date",
    "describe": "resource",
    "events-between": "overlap",
    "exercises-by-year": "year",
    "state-names": "language",
    "members-on-date": "organisation",
}


def in_process(name: str, params: dict[str, Any], graph: Any) -> tuple[int, Any]:
    """What the library answers: (200, rows) or (400, message)."""
    try:
        results = run_stored(load_query(name, PROJECT.queries_dir), params, graph=graph)
    except UsageError as exc:
        return 400, str(exc)
    return 200, results.row_set()


@pytest.mark.parametrize("name", sorted(CASES))
def test_any_value_is_answered_as_the_cli_binds_it(served: Served, cgraph: Any, name: str) -> None:
    query = load_query(name, PROJECT.queries_dir)
    base = {k: v for k, v in query.example_values().items()}

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
              HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(value=st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
    def check(value: str) -> None:
        params = {**base, CASES[name]: value}
        path = f"/api/queries/{name}?" + urllib.parse.urlencode(
            [(k, v) for k, v in params.items() if isinstance(v, str)]
        )
        status, _, body = fetch(served, path)
        assert status in (200, 400), body
        expected_status, expected = in_process(name, params, cgraph)
        assert status == expected_status, (value, body)
        if status == 400:
            assert body.decode().strip() == expected
        else:
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            assert Results.from_oxigraph("SELECT", parsed).row_set() == expected

    check()
