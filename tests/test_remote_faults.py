"""Hostile and broken endpoints on 127.0.0.1: each fault ends in one line and its exit code.

Every server here is a real HTTP server on the loopback interface (tests/servers.py) that
misbehaves in one way: drips, lies about its variables or result kind, redirects elsewhere,
answers too much, or hands back RDF that would make us read files or fetch URLs.
"""

from __future__ import annotations

import http.server
import json
import time

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli
from coopgraph.errors import IncompleteResultError
from coopgraph.query.remote import EndpointProfile, run_remote

from .servers import faulty_front, reply

SELECT = [
    "sparql",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
]
ASK = ["sparql", "ASK { ?s ?p ?o }"]
CONSTRUCT = ["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--format", "nt"]
JSON_TYPE = {"Content-Type": "application/sparql-results+json"}


def answer(body: bytes, headers: dict[str, str] | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        reply(handler, status, {**(headers or JSON_TYPE), "Content-Length": str(len(body))}, body)

    return behaviour


def run(args: list[str], url: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--endpoint", url, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def select_body(names: list[str], rows: list[dict[str, object]]) -> bytes:
    return json.dumps({"head": {"vars": names}, "results": {"bindings": rows}}).encode()


@pytest.mark.slow  # waits or spawns for seconds; .ci/run runs it
def test_a_dripping_answer_is_cut_at_the_deadline() -> None:
    # Headers at once, then one byte every 0.3 s: each read succeeds, the answer never ends.
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.end_headers()
        try:
            for _ in range(200):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass

    started = time.monotonic()
    with faulty_front(behaviour) as (url, arrivals):
        code, output = run(SELECT, url, "--timeout", "2")
    assert code == 4 and "no complete answer within 2 s" in output
    assert time.monotonic() - started < 6 and len(arrivals) == 1


def test_a_retry_after_beyond_the_deadline_fails_at_once(waits: list[float]) -> None:
    later = "Wed, 01 Jan 2098 00:00:00 GMT"
    with faulty_front(answer(b"", {"Retry-After": later}, 503)) as (url, arrivals):
        code, output = run(SELECT, url, "--timeout", "5")
    assert code == 4 and "would pass the 5 s limit" in output
    assert waits == [] and len(arrivals) == 1


@pytest.mark.parametrize(("header", "wait"), [("1.5", 1.5), ("soon", 1.0), ("-3", 1.0)])
def test_retry_after_in_any_form_gives_a_wait_not_a_traceback(
    header: str, wait: float, waits: list[float]
) -> None:
    body = select_body(["s", "label"], [])

    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        if number == 1:
            reply(handler, 503, {"Retry-After": header, "Content-Length": "0"}, b"")
        else:
            answer(body)(handler, number)

    with faulty_front(behaviour) as (url, arrivals):
        code, output = run(SELECT, url)
    assert code == 0, output
    assert waits == [wait] and len(arrivals) == 2


def test_a_malformed_status_line_is_a_remote_failure() -> None:
    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        handler.wfile.write(b"HTTP/1.1 two hundred\r\n\r\n{}")

    with faulty_front(behaviour) as (url, _):
        code, output = run(SELECT, url)
    assert code == 4 and "not a valid HTTP answer" in output


def test_an_answer_for_other_variables_is_refused() -> None:
    row = {"x": {"type": "literal", "value": "not asked for"}}
    with faulty_front(answer(select_body(["x"], [row]))) as (url, _):
        code, output = run(SELECT, url)
    assert code == 4 and "are not the query's (s, label)" in output
    assert "not asked for" not in output


@pytest.mark.parametrize(
    ("args", "body", "message"),
    [
        (SELECT, b'{"head": {}, "boolean": true}', "malformed SPARQL JSON results"),
        (SELECT, b'{"head": {"vars": "xyz"}, "results": {"bindings": []}}', "malformed"),
        (ASK, b'{"head": {}, "boolean": "false"}', "needs a JSON true or false"),
        (ASK, b"[" * 100_000, "nested too deeply"),
        (SELECT, b"<html><body>Service unavailable</body></html>", "HTML or XML page"),
    ],
)
def test_an_answer_of_the_wrong_kind_is_refused(args: list[str], body: bytes, message: str) -> None:
    with faulty_front(answer(body)) as (url, _):
        code, output = run(args, url)
    assert code == 4 and message in output


@pytest.mark.slow  # waits or spawns for seconds; .ci/run runs it
def test_a_redirect_to_another_host_is_not_followed() -> None:
    # 127.0.0.1 and localhost are different origins: the query must not travel.
    with faulty_front(answer(select_body(["s", "label"], []))) as (elsewhere, reached):
        target = elsewhere.replace("127.0.0.1", "localhost")
        redirect = answer(b"", {"Location": target}, 302)
        with faulty_front(redirect) as (url, _):
            code, output = run(SELECT, url)
    assert code == 4 and "redirected to another host" in output
    assert reached == []


def test_a_redirect_within_the_endpoint_is_followed() -> None:
    body = select_body(["s", "label"], [])

    def behaviour(handler: http.server.BaseHTTPRequestHandler, number: int) -> None:
        if handler.path.startswith("/query"):
            reply(handler, 302, {"Location": "/moved" + handler.path[len("/query") :],
                                 "Content-Length": "0"}, b"")  # fmt: skip
        else:
            answer(body)(handler, number)

    with faulty_front(behaviour) as (url, arrivals):
        code, output = run(SELECT, url)
    assert code == 0, output
    assert len(arrivals) == 2


def test_an_oversized_answer_is_refused_without_holding_it() -> None:
    rows = [{"s": {"type": "uri", "value": f"http://example.org/{i}"}} for i in range(2000)]
    body = select_body(["s"], rows)
    with faulty_front(answer(body)) as (url, _):
        profile = EndpointProfile("tiny", url, max_bytes=10_000)
        with pytest.raises(IncompleteResultError, match="over 0 MiB"):
            run_remote("SELECT ?s WHERE { ?s ?p ?o }", "SELECT", profile, timeout=10)


@pytest.mark.parametrize("context", ["http://127.0.0.1:9/context.jsonld", "file:///etc/passwd"])
def test_a_json_ld_answer_with_a_remote_or_file_context_is_refused(context: str) -> None:
    document = {"@context": context, "@id": "http://example.org/a", "name": "x"}
    body = json.dumps(document).encode()
    with faulty_front(answer(body, {"Content-Type": "application/ld+json"})) as (url, _):
        code, output = run(CONSTRUCT, url)
    assert code == 4 and "context" in output
    assert "root:" not in output


def test_an_rdf_xml_answer_with_a_doctype_is_refused() -> None:
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    with faulty_front(answer(body, {"Content-Type": "application/rdf+xml"})) as (url, _):
        code, output = run(CONSTRUCT, url)
    assert code == 4 and "DOCTYPE" in output
