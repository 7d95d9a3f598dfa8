"""`coopgraph push` into a real `oxigraph serve` on 127.0.0.1: Graph Store Protocol and the
SPARQL Update fallback, replace and merge, verification, credentials; then the stored queries
answer the same through --endpoint as locally."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import coopgraph
from coopgraph.cli import cli
from coopgraph.errors import IncompleteResultError, UsageError
from coopgraph.publish.push import GENID, push
from coopgraph.query.catalogue import list_queries

from .conftest import PROJECT
from .servers import (
    free_port,
    http_server,
    locked_store,
    lossy_store,
    oxigraph_binary,
    oxigraph_server,
)

QUERIES = list_queries(PROJECT.queries_dir)
EX = "http://example.org/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty `oxigraph serve`; its base URL."""
    with oxigraph_server(tmp_path_factory.mktemp("push"), data=b"") as base:
        yield base


def nt_file(path: Path, triples: list[tuple[str, str, str]]) -> Path:
    path.write_text("".join(f"<{EX}{s}> <{EX}{p}> {o} .\n" for s, p, o in triples), "utf-8")
    return path


def count(base: str, graph: str | None = None) -> int:
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    answer = coopgraph.run_sparql(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", endpoint=f"{base}/query"
    )
    return int(answer.rows[0][0].value)


def cli_push(*args: str) -> object:
    return CliRunner().invoke(cli, ["push", *args], catch_exceptions=False)


def answers(args: list[str]) -> object:
    """What `coopgraph query ... --format json|nt` prints, as a comparable value."""
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    if "--format" in args and args[args.index("--format") + 1] == "nt":
        return set(result.stdout.splitlines())
    doc = json.loads(result.stdout)
    if "boolean" in doc:
        return doc["boolean"]
    rows = doc["results"]["bindings"]
    return doc["head"]["vars"], sorted(json.dumps(row, sort_keys=True) for row in rows)


def test_push_replaces_the_default_graph_and_every_stored_query_answers_as_locally(
    store: str,
) -> None:
    result = cli_push("--endpoint", store, "--store", "oxigraph", "--replace")
    assert result.exit_code == 0, result.output
    pushed = len(coopgraph.publish.push.pushable_triples(coopgraph.open_graph())[0])
    assert result.output.startswith(
        f"pushed {pushed} triples into the default graph by Graph Store Protocol (replace, "
        "1 requests"
    )
    assert result.output.rstrip().endswith(f"the store holds {pushed} there, verified: count")
    assert count(store) == pushed
    for query in QUERIES:
        params = [f"{k}={v}" for k, vs in query.example_values().items() for v in _list(vs)]
        args = ["query", query.name, *[arg for p in params for arg in ("-p", p)]]
        fmt = ["--format", "nt" if query.form in {"CONSTRUCT", "DESCRIBE"} else "json"]
        local = answers([*args, *fmt])
        remote = answers([*args, *fmt, "--endpoint", f"{store}/query"])
        assert remote == local, query.name


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def test_update_fallback_into_a_named_graph_replaces_then_merges(
    store: str, tmp_path: Path
) -> None:
    graph = f"{EX}graph/fallback"
    first = nt_file(tmp_path / "a.nt", [("a", "p", '"one"'), ("b", "p", '"two"@en')])
    second = nt_file(tmp_path / "b.nt", [("c", "p", f"<{EX}d>")])
    # No Graph Store Protocol at /nothing (404): the push falls back to SPARQL Update.
    common = ["--endpoint", store, "--store", "oxigraph", "--gsp-url", f"{store}/nothing"]
    for path in (first, first, second):  # the second --replace of a.nt leaves 2, not 4
        result = cli_push(
            *common, "--graph", graph, "--replace", "--no-shipped", "--data", str(path)
        )
        assert result.exit_code == 0, result.output
        assert "by SPARQL Update (replace" in result.output
        assert "answered HTTP 404 to a Graph Store Protocol request; used SPARQL Update" in (
            result.output
        )
    assert count(store, graph) == 1
    merged = cli_push(*common, "--graph", graph, "--merge", "--no-shipped", "--data", str(first))
    assert merged.exit_code == 0, merged.output
    assert "verified: count and every triple (ASK)" in merged.output
    assert count(store, graph) == 3


def test_gsp_merge_adds_and_replace_replaces_in_a_named_graph(store: str, tmp_path: Path) -> None:
    graph = f"{EX}graph/gsp"
    a = nt_file(tmp_path / "a.nt", [("a", "p", '"1"'), ("a", "q", '"2"')])
    b = nt_file(tmp_path / "b.nt", [("b", "p", '"3"'), ("a", "p", '"1"')])
    common = ["--endpoint", store, "--store", "oxigraph", "--graph", graph, "--no-shipped"]
    elsewhere = nt_file(tmp_path / "default.nt", [("d", "p", '"0"')])
    default = ["--endpoint", store, "--store", "oxigraph", "--no-shipped", "--merge"]
    assert cli_push(*default, "--data", str(elsewhere)).exit_code == 0
    assert cli_push(*common, "--replace", "--data", str(a)).exit_code == 0
    result = cli_push(*common, "--merge", "--data", str(b), "--batch", "1")
    assert result.exit_code == 0, result.output
    assert "(merge, 2 requests" in result.output
    assert count(store, graph) == 3
    assert cli_push(*common, "--replace", "--data", str(b)).exit_code == 0
    assert count(store, graph) == 2
    assert count(store) > 0  # the default graph was left alone


def test_a_store_that_drops_triples_is_caught_with_exit_5(store: str, tmp_path: Path) -> None:
    data = nt_file(tmp_path / "d.nt", [(f"s{i}", "p", f'"{i}"') for i in range(10)])
    with lossy_store(store) as lossy:
        for mode in ("--replace", "--merge"):
            result = cli_push(
                "--endpoint",
                lossy,
                "--store",
                "oxigraph",
                "--graph",
                f"{EX}graph/lossy",
                "--no-shipped",
                "--data",
                str(data),
                mode,
            )
            assert result.exit_code == 5, result.output
            assert "Error: " in result.output and "push again" in result.output


def test_a_read_only_store_fails_with_exit_4(tmp_path: Path) -> None:
    location = tmp_path / "ro"
    seed = nt_file(tmp_path / "seed.nt", [("a", "p", '"x"')])
    subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(seed)], check=True
    )
    port = free_port()
    server = subprocess.Popen(
        [
            oxigraph_binary(),
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        from .servers import _wait_ready

        _wait_ready(f"http://127.0.0.1:{port}", server)
        result = cli_push(
            "--endpoint",
            f"http://127.0.0.1:{port}",
            "--store",
            "oxigraph",
            "--no-shipped",
            "--data",
            str(seed),
            "--replace",
        )
        assert result.exit_code == 4, result.output
        assert result.output.startswith("Error: http://127.0.0.1:")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_credentials_are_never_printed(tmp_path: Path, store: str) -> None:
    data = nt_file(tmp_path / "d.nt", [("a", "p", '"x"')])
    with locked_store() as base:
        result = CliRunner().invoke(
            cli,
            ["push", "--endpoint", base, "--no-shipped", "--data", str(data)],
            env={"COOPGRAPH_AUTH": "editor:s3cret-Pa55"},
        )
        assert locked_store.seen[-1].startswith("Basic ")  # type: ignore[attr-defined]
    assert result.exit_code == 4, result.output
    assert "s3cret" not in result.output and "HTTP 401" in result.output
    assert "did not accept the credentials given" in result.output  # not "pass --auth"
    in_url = cli_push(
        "--endpoint", "http://editor:s3cret-Pa55@127.0.0.1:9/", "--no-shipped", "--data", str(data)
    )
    assert in_url.exit_code == 2 and "s3cret" not in in_url.output
    assert "--auth USER:PASSWORD" in in_url.output


def test_virtuoso_layout_needs_a_named_graph() -> None:
    with pytest.raises(UsageError, match="give --graph IRI"):
        push(coopgraph.open_graph(lazy=True), "http://127.0.0.1:9", store="virtuoso")


def test_blank_nodes_stay_one_node_across_chunks(store: str, tmp_path: Path) -> None:
    data = tmp_path / "b.ttl"
    data.write_text(
        f"<{EX}a> <{EX}p> [ <{EX}q> 1 ; <{EX}r> 2 ; <{EX}s> 3 ] .\n_:x <{EX}t> _:x .\n", "utf-8"
    )
    graph = f"{EX}graph/blank"
    report = push(
        coopgraph.open_graph(data, shipped=False),
        store,
        store="oxigraph",
        named_graph=graph,
        replace=True,
        protocol="update",
        batch=1,
    )
    assert (report.pushed, report.skolemised, report.requests) == (5, 2, 5)
    joined = coopgraph.run_sparql(
        f"SELECT ?n WHERE {{ GRAPH <{graph}> {{ <{EX}a> <{EX}p> ?n . ?n <{EX}q> 1 ; <{EX}r> 2 ; "
        f"<{EX}s> 3 . ?x <{EX}t> ?x }} }}",
        endpoint=f"{store}/query",
    )
    assert len(joined.rows) == 1 and joined.rows[0][0].value.startswith(GENID)


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def _iri_ok(name: str) -> bool:
    try:
        ox.NamedNode(EX + name)
    except ValueError:
        return False
    return True


IRI_PART = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    max_size=20,
).filter(_iri_ok)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(TEXT, min_size=1, max_size=5),
    names=st.lists(IRI_PART, max_size=3),
    protocol=st.sampled_from(["gsp", "update"]),
    lang=st.sampled_from([None, "en", "fr-BE"]),
)
@example(
    values=["\\u0022", "a\\", '"\n\\"', "} # ' ; DROP ALL", "\x00\u2028"],
    names=["a%20b"],
    protocol="update",
    lang=None,
)
def test_any_literal_or_iri_round_trips_exactly(
    store: str,
    tmp_path: Path,
    values: list[str],
    names: list[str],
    protocol: str,
    lang: str | None,
) -> None:
    subject, predicate = ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p")
    terms: list[ox.NamedNode | ox.Literal] = [ox.Literal(v, language=lang) for v in values]
    terms += [ox.NamedNode(f"{EX}{name}") for name in names]
    path = tmp_path / "h.nt"
    path.write_bytes(
        ox.serialize(
            [ox.Triple(subject, predicate, t) for t in terms], format=ox.RdfFormat.N_TRIPLES
        )
    )
    graph = f"{EX}graph/hypothesis"
    push(
        coopgraph.open_graph(path, shipped=False),
        store,
        store="oxigraph",
        named_graph=graph,
        replace=True,
        protocol=protocol,
    )  # type: ignore[arg-type]
    back = coopgraph.run_sparql(
        f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ <{EX}s> <{EX}p> ?o }} }}", endpoint=f"{store}/query"
    )
    assert {row[0] for row in back.rows} == set(terms)


def test_incomplete_result_error_is_exit_5() -> None:
    assert IncompleteResultError.exit_code == 5


def test_replace_and_merge_together_are_a_usage_error(tmp_path: Path) -> None:
    data = nt_file(tmp_path / "d.nt", [("a", "p", '"x"')])
    result = cli_push(
        "--endpoint", "http://127.0.0.1:9/", "--no-shipped", "--data", str(data), "--replace",
        "--merge",
    )  # fmt: skip
    assert result.exit_code == 2 and "exclude each other" in result.output


def test_a_wrong_endpoint_names_both_routes_it_tried(store: str, tmp_path: Path) -> None:
    data = nt_file(tmp_path / "d.nt", [("a", "p", '"x"')])
    wrong = ["--endpoint", f"{store}/wrong", "--store", "oxigraph", "--no-shipped"]
    replaced = cli_push(*wrong, "--data", str(data), "--replace")
    assert replaced.exit_code == 4, replaced.output
    assert "no Graph Store Protocol at" in replaced.output and "/wrong/store" in replaced.output
    assert "no SPARQL Update at" in replaced.output
    assert "check --endpoint and --store" in replaced.output
    merged = cli_push(*wrong, "--data", str(data))  # a merge counts the graph first
    assert merged.exit_code == 4, merged.output
    assert "no SPARQL query service at" in merged.output and "/wrong/query" in merged.output


def test_a_later_chunk_refused_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    # A real HTTP store that takes the first Graph Store Protocol request and refuses the next:
    # Graph Store Protocol is there, so push must not fall back to SPARQL Update and re-send.
    import http.server

    seen: list[str] = []

    class Store(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(f"{self.command} {self.path.split('?')[0]}")
            status = 204 if len(seen) == 1 else 400
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PUT = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    data = nt_file(tmp_path / "d.nt", [(f"s{i}", "p", f'"{i}"') for i in range(5)])
    with http_server(Store) as base:
        result = cli_push(
            "--endpoint", base, "--store", "oxigraph", "--no-shipped", "--data", str(data),
            "--replace", "--batch", "2",
        )  # fmt: skip
    assert result.exit_code == 4, result.output
    assert "after 1 accepted requests" in result.output
    assert seen == ["PUT /store", "POST /store"]  # no INSERT DATA to /update afterwards
