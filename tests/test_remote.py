"""Remote runs against a real Oxigraph server on 127.0.0.1, and faulty servers in front of it."""

from __future__ import annotations

import http.server
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.formats.rdf import same_graph
from coopgraph.query.catalogue import list_queries
from coopgraph.query.run import run_stored

from .conftest import PROJECT
from .servers import faulty_front, forward, free_port, oxigraph_server, reply

QUERIES = list_queries(PROJECT.queries_dir)
SIMPLE = ["query", "office-holders-on-date", "-p", "date=2016-07-08", "--format", "csv"]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield f"{base}/query"


def example_params(query: object) -> dict[str, list[str]]:
    values = query.example_values()  # type: ignore[attr-defined]
    return {k: v if isinstance(v, list) else [v] for k, v in values.items()}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_stored_query_gives_the_same_answer_locally_and_remotely(
    query: object, oxigraph: str, cgraph: object
) -> None:
    params = example_params(query)
    local = run_stored(query, params, graph=cgraph)  # type: ignore[arg-type]
    remote = run_stored(query, params, endpoint=oxigraph)  # type: ignore[arg-type]
    if local.triples is not None:
        assert remote.triples is not None and same_graph(local.triples, remote.triples)
    elif local.boolean is not None:
        assert remote.boolean == local.boolean
    else:
        assert remote.variables == local.variables
        assert remote.row_set() == local.row_set()
        if "external" not in query.tags:  # type: ignore[attr-defined]
            # Cross-source queries need a snapshot: tests/test_link.py compares them.
            assert local.rows, f"{query.name} returns no rows with its example values"  # type: ignore[attr-defined]


def test_cli_endpoint_run_matches_local(oxigraph: str) -> None:
    local = CliRunner().invoke(cli, SIMPLE)
    remote = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", oxigraph])
    assert local.exit_code == remote.exit_code == 0, remote.output
    assert sorted(local.output.splitlines()) == sorted(remote.output.splitlines())
    assert "Jens Stoltenberg" in remote.output


def test_503_then_200_is_retried_after_retry_after(oxigraph: str, waits: list[float]) -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        if number == 1:
            reply(handler, 503, {"Retry-After": "1", "Content-Length": "0"}, b"")
        else:
            status, headers, body = forward(handler, oxigraph)
            reply(
                handler,
                status,
                {"Content-Type": headers["content-type"], "Content-Length": str(len(body))},
                body,
            )

    with faulty_front(behaviour) as (url, arrivals):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 0, result.output
    assert "Jens Stoltenberg" in result.output
    assert len(arrivals) == 2 and waits == [1.0]


def test_429_honours_retry_after_then_gives_up(tmp_path: Path, waits: list[float]) -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        reply(handler, 429, {"Retry-After": "1", "Content-Length": "0"}, b"")

    with faulty_front(behaviour) as (url, arrivals):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 4
    assert "HTTP 429 after 4 attempts" in result.output
    assert len(arrivals) == 4 and waits == [1.0, 1.0, 1.0]


def test_other_client_errors_are_not_retried() -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        reply(handler, 403, {"Content-Type": "text/plain"}, b"Forbidden: no user agent")

    with faulty_front(behaviour) as (url, arrivals):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 4
    assert len(arrivals) == 1
    assert "HTTP 403" in result.output


@pytest.mark.slow  # waits or spawns for seconds; .ci/run runs it
def test_a_server_that_never_answers_times_out() -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        time.sleep(8)

    started = time.monotonic()
    with faulty_front(behaviour) as (url, arrivals):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url, "--timeout", "1"])
    assert result.exit_code == 4
    assert "no complete answer within 1 s" in result.output
    assert len(arrivals) == 1 and time.monotonic() - started < 8


def test_truncated_body_is_an_incomplete_result(oxigraph: str) -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        status, headers, body = forward(handler, oxigraph)
        handler.send_response(status)
        handler.send_header("Content-Type", headers["content-type"])
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])  # streamed, then the server died

    with faulty_front(behaviour) as (url, _):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 5
    assert "truncated" in result.output
    assert "Stoltenberg" not in result.output


def test_short_body_against_content_length_is_an_incomplete_result(oxigraph: str) -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        status, headers, body = forward(handler, oxigraph)
        handler.send_response(status)
        handler.send_header("Content-Type", headers["content-type"])
        handler.send_header("Content-Length", str(len(body) + 100))
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True

    with faulty_front(behaviour) as (url, _):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 5, result.output
    assert "cut off" in result.output


def test_partial_result_flagged_by_virtuoso_headers(oxigraph: str) -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        status, headers, body = forward(handler, oxigraph)
        reply(
            handler,
            status,
            {
                "Content-Type": headers["content-type"],
                "X-SQL-State": "S1TAT",
                "Content-Length": str(len(body)),
            },
            body,
        )

    with faulty_front(behaviour) as (url, _):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 5
    assert "partial result" in result.output


def test_wrong_content_type_is_an_error_not_data() -> None:
    page = b"<html><body>Service moved</body></html>"

    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        reply(handler, 200, {"Content-Type": "text/html", "Content-Length": str(len(page))}, page)

    with faulty_front(behaviour) as (url, _):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 4
    assert "expected SPARQL JSON results, got text/html" in result.output


def test_requests_carry_a_descriptive_user_agent() -> None:
    agents: list[str] = []
    names = [
        "office",
        "officeLabel",
        "holder",
        "holderLabel",
        "start",
        "end",
        "endCertainty",
        "confirmedUntil",
        "unconfirmed",
    ]
    empty = json.dumps({"head": {"vars": names}, "results": {"bindings": []}}).encode()

    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        agents.append(handler.headers.get("User-Agent", ""))
        reply(
            handler,
            200,
            {"Content-Type": "application/sparql-results+json", "Content-Length": str(len(empty))},
            empty,
        )

    with faulty_front(behaviour) as (url, _):
        result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 0, result.output
    assert agents and agents[0].startswith("coopgraph/") and "w3id.org/coopgraph" in agents[0]


def test_connection_refused_is_retried_once_then_exit_4(waits: list[float]) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", url])
    assert result.exit_code == 4
    assert "connection failed (Connection refused) after 2 attempts" in result.output
    assert waits == [1]


def test_a_host_name_that_does_not_resolve_is_not_retried(
    waits: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The resolver is replaced: a real lookup would send a packet beyond 127.0.0.1.
    import socket

    def no_such_name(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    result = CliRunner().invoke(cli, [*SIMPLE, "--endpoint", "http://no-such-host.invalid/sparql"])
    assert result.exit_code == 4
    assert "cannot resolve the host name no-such-host.invalid" in result.output
    assert waits == []
