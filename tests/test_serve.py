"""`coopgraph serve` as a real subprocess on 127.0.0.1, queried by SPARQLWrapper, rdflib's
SPARQLStore, coopgraph's own remote client and plain HTTP. One server per session (``served``)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

import coopgraph
from coopgraph.cli import cli
from coopgraph.query.catalogue import list_queries
from coopgraph.query.results import Results
from coopgraph.query.run import run_stored

from .conftest import PROJECT, ROOT, SERVE_MAX_RESULTS
from .servers import Served

QUERIES = list_queries(PROJECT.queries_dir)
GOLDEN = ROOT / "tests" / "golden"
DECLARATIONS = "SELECT ?d WHERE { ?d a coop:JointDeclaration } ORDER BY ?d"
HYBRID = "https://w3id.org/coopgraph/id/hybrid-coe"
SRJ = "application/sparql-results+json"
SRX = "application/sparql-results+xml"


def fetch(
    served: Served,
    path: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one request; errors are answers too."""
    request = urllib.request.Request(
        served.url(path), data=data, headers=headers or {}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, _headers(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, _headers(exc.headers), exc.read()


def _headers(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def sparql_get(
    served: Served, query: str, accept: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    return fetch(served, path, headers={"Accept": accept} if accept else {})


def cli_error(*args: str) -> str:
    """The one-line message the CLI prints for a usage error, without "Error: "."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    return result.output.strip().removeprefix("Error: ")


# --- the SPARQL 1.1 Protocol ----------------------------------------------------------------


def test_sparqlwrapper_select_in_json_and_xml(served: Served) -> None:
    client = SPARQLWrapper(served.url("/sparql"))
    client.setQuery("PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n" + DECLARATIONS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert [row["d"]["value"] for row in rows][-1].endswith("warsaw-declaration-2016")
    assert len(rows) == 3
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == 3  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    lines = client.query().convert().decode().splitlines()  # type: ignore[union-attr]
    assert lines[0] == "d" and len(lines) == 4


def test_sparqlwrapper_ask_and_construct(served: Served) -> None:
    client = SPARQLWrapper(served.url("/sparql"))
    client.setQuery(f"ASK {{ <{HYBRID}> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True  # type: ignore[index,call-overload]
    client.setQuery(f"CONSTRUCT {{ <{HYBRID}> ?p ?o }} WHERE {{ <{HYBRID}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert (rdflib.URIRef(HYBRID), rdflib.RDF.type, None) in graph


def test_sparqlwrapper_post(served: Served) -> None:
    client = SPARQLWrapper(served.url("/sparql"))
    client.setMethod("POST")
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(
        coopgraph.open_graph(project=PROJECT)
    )  # type: ignore[index,call-overload]


def test_rdflib_sparqlstore(served: Served) -> None:
    store = SPARQLStore(served.url("/sparql"), returnFormat="json")
    graph = rdflib.Graph(store=store)
    alt = "<http://www.w3.org/2004/02/skos/core#altLabel>"
    rows = list(graph.query(f"SELECT ?label WHERE {{ <{HYBRID}> {alt} ?label }}"))
    assert [str(row[0]) for row in rows] == ["Hybrid CoE"]  # type: ignore[index]
    assert (rdflib.URIRef(HYBRID), None, None) in graph
    assert len(list(graph.triples((rdflib.URIRef(HYBRID), rdflib.RDF.type, None)))) == 2


def test_coopgraph_remote_client_gets_the_local_answer(served: Served, cgraph: Any) -> None:
    """The CLI's own --endpoint client, with its strict checks, against the server."""
    query = next(q for q in QUERIES if q.name == "office-holders-on-date")
    remote = run_stored(query, {"date": "2016-07-08"}, endpoint=served.url("/sparql"))
    local = run_stored(query, {"date": "2016-07-08"}, graph=cgraph)
    assert remote.row_set() == local.row_set() and len(local.rows) == 4


def test_post_urlencoded_and_sparql_query_bodies(served: Served) -> None:
    query = "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n" + DECLARATIONS
    form = urllib.parse.urlencode({"query": query}).encode()
    one = fetch(served, "/sparql", data=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"})  # fmt: skip
    two = fetch(served, "/sparql", data=query.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})  # fmt: skip
    assert one[0] == two[0] == 200
    assert one[2] == two[2] and one[2].startswith(b"d\r\n")
    assert one[1]["content-type"].startswith("text/csv")


@pytest.mark.parametrize(
    ("accept", "media", "parse"),
    [
        (SRJ, SRJ, ox.QueryResultsFormat.JSON),
        (SRX, SRX, ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("text/html;q=0.9, text/csv;q=0.2, */*;q=0.1", "text/csv", ox.QueryResultsFormat.CSV),
        (None, SRJ, ox.QueryResultsFormat.JSON),
    ],
)  # fmt: skip
def test_select_result_formats_by_accept(
    served: Served, accept: str | None, media: str, parse: ox.QueryResultsFormat
) -> None:
    status, headers, body = sparql_get(served, DECLARATIONS, accept)
    assert status == 200 and headers["content-type"].startswith(media)
    assert headers["vary"].lower().count("accept")
    if parse == ox.QueryResultsFormat.CSV:  # pyoxigraph does not read CSV back (lossy)
        assert body.decode().split("\r\n")[:1] == ["d"] and len(body.splitlines()) == 4
    else:
        assert len(list(ox.parse_query_results(body, format=parse))) == 3  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_graph_formats_by_accept(served: Served, accept: str, fmt: ox.RdfFormat) -> None:
    query = f"CONSTRUCT {{ <{HYBRID}> ?p ?o }} WHERE {{ <{HYBRID}> ?p ?o }}"
    status, headers, body = sparql_get(served, query, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    triples = list(ox.parse(body, format=fmt))
    assert len(triples) == len(coopgraph.open_graph(project=PROJECT).query(query).triples or [])


def test_unacceptable_type_is_406(served: Served) -> None:
    status, _, body = sparql_get(served, DECLARATIONS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body


@pytest.mark.parametrize(
    ("path", "data", "content_type"),
    [
        ("/sparql?update=" + urllib.parse.quote("INSERT DATA { <a:b> <a:c> <a:d> }"), None, None),
        ("/sparql", b"update=CLEAR+ALL", "application/x-www-form-urlencoded"),
        ("/sparql", b"DROP ALL", "application/sparql-update"),
    ],
)
def test_updates_are_refused(
    served: Served, path: str, data: bytes | None, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    status, _, body = fetch(served, path, data=data, headers=headers)
    assert status == 403 and b"read-only" in body
    count = sparql_get(served, "ASK { <a:b> <a:c> <a:d> }", "application/sparql-results+json")
    assert json.loads(count[2])["boolean"] is False


def test_update_sent_as_a_query_is_refused_as_updates_are(served: Served) -> None:
    status, _, body = sparql_get(served, "INSERT DATA { <a:b> <a:c> <a:d> }")
    assert status == 403 and b"read-only" in body
    form = urllib.parse.urlencode({"query": "CLEAR ALL"}).encode()
    status, _, body = fetch(
        served, "/sparql", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403 and b"read-only" in body


@pytest.mark.parametrize("accept", ["text/html", "*/*"])
def test_the_endpoint_without_a_query_is_a_page_for_browsers(served: Served, accept: str) -> None:
    status, headers, body = fetch(served, "/sparql", headers={"Accept": accept})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<title>SPARQL endpoint" in body


@pytest.mark.parametrize("method", [GET, POSTDIRECTLY])
def test_sparqlwrapper_gets_json_ld_for_a_graph(served: Served, method: str) -> None:
    # SPARQLWrapper adds ?format= and ?output= with lists of media types.
    client = SPARQLWrapper(served.url("/sparql"))
    client.setQuery(f"CONSTRUCT {{ <{HYBRID}> ?p ?o }} WHERE {{ <{HYBRID}> ?p ?o }}")
    client.setReturnFormat(JSONLD)
    if method == POSTDIRECTLY:
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
    graph = client.query().convert()
    assert (rdflib.URIRef(HYBRID), rdflib.RDF.type, None) in graph  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o ",
        "SELECT * WHERE { ?s undeclared:p ?o }",
        "SELEC * WHERE { ?s ?p ?o }",
    ],
)
def test_refusals_and_parse_errors_are_400_with_the_cli_message(served: Served, text: str) -> None:
    status, headers, body = sparql_get(served, text)
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.decode().strip() == cli_error("sparql", text)


def test_result_cap_is_an_error_status_not_a_partial_answer(served: Served) -> None:
    status, _, body = sparql_get(served, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and f"more than {SERVE_MAX_RESULTS} results".encode() in body
    status, _, body = sparql_get(served, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 413
    status, _, body = sparql_get(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 1000", "text/csv")
    assert status == 200 and len(body.splitlines()) == 1001


def test_unsupported_body_and_dataset_parameters(served: Served) -> None:
    assert (
        fetch(served, "/sparql", data=b"{}", headers={"Content-Type": "application/json"})[0] == 415
    )
    path = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "a:b"})
    assert fetch(served, path)[0] == 400
    assert fetch(served, "/sparql")[0] == 400  # no query, no browser: say how to give one


def test_cors_for_browser_clients(served: Served) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    status, headers, _ = fetch(served, path, headers={"Origin": "https://example.org"})
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    status, headers, _ = fetch(served, "/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})  # fmt: skip
    assert status == 200 and "POST" in headers["access-control-allow-methods"]
    status, _, _ = fetch(served, "/sparql", method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, x-requested-with"})  # fmt: skip
    assert status == 200  # what client libraries add on their own is allowed


# --- the stored-query API -------------------------------------------------------------------


def golden_text(results: Results) -> str:
    """An answer in the form of tests/golden/ (see test_catalogue)."""
    if results.triples is not None:
        return "\n".join(sorted({f"{triple} ." for triple in results.triples})) + "\n"
    if results.boolean is not None:
        return f"{str(results.boolean).lower()}\n"
    header = "\t".join(f"?{v}" for v in results.variables)
    rows = ["\t".join(cell or "" for cell in row) for row in results.row_set()]
    return "\n".join([header, *rows]) + "\n"


def api_path(name: str, params: dict[str, Any], **extra: str) -> str:
    pairs = [(k, item) for k, v in params.items() for item in (v if isinstance(v, list) else [v])]
    return f"/api/queries/{name}?" + urllib.parse.urlencode([*pairs, *extra.items()])


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_api_answers_match_the_golden_files(served: Served, query: Any) -> None:
    graph_form = query.form in {"CONSTRUCT", "DESCRIBE"}
    status, headers, body = fetch(served, api_path(query.name, query.example_values()))
    assert status == 200, body
    if graph_form:
        assert headers["content-type"].startswith("text/turtle")
        results = Results(query.form, triples=list(ox.parse(body, format=ox.RdfFormat.TURTLE)))
    else:
        assert headers["content-type"].startswith("application/sparql-results+json")
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        results = Results.from_oxigraph(query.form, parsed)
    assert golden_text(results) == (GOLDEN / f"{query.name}.txt").read_text(encoding="utf-8")


def test_api_format_by_parameter_and_accept(served: Served) -> None:
    params = {"date": "2016-07-08"}
    by_name = fetch(served, api_path("office-holders-on-date", params, format="csv"))
    by_accept = fetch(
        served, api_path("office-holders-on-date", params), headers={"Accept": "text/csv"}
    )
    assert by_name[0] == by_accept[0] == 200 and by_name[2] == by_accept[2]
    cli = CliRunner().invoke(
        cli_main(), ["query", "office-holders-on-date", "-p", "date=2016-07-08", "--format", "csv"]
    )
    assert by_name[2] == cli.stdout_bytes
    assert next(csv.reader(io.StringIO(by_name[2].decode())))[0] == "office"


def cli_main() -> Any:
    return cli


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("office-holders-on-date", {"date": "2016-13-08"}),
        ("office-holders-on-date", {}),
        ("office-holders-on-date", {"date": "2016-07-08", "colour": "blue"}),
        ("describe", {"resource": "coopid:hybrid-co"}),
        ("describe", {"resource": "nope:x"}),
        ("was-member-on-date", {"state": "coopid:finland", "organisation": "coopid:nato",
                                "date": ["2023-04-04", "2023-04-05"]}),
    ],
)  # fmt: skip
def test_api_bad_values_are_400_with_the_cli_message(
    served: Served, name: str, params: dict[str, Any]
) -> None:
    status, _, body = fetch(served, api_path(name, params))
    args = [a for k, v in params.items() for item in (v if isinstance(v, list) else [v])
            for a in ("-p", f"{k}={item}")]  # fmt: skip
    assert status == 400
    assert body.decode().strip() == cli_error("query", name, *args)


def test_api_unknown_query_is_404(served: Served) -> None:
    status, _, body = fetch(served, "/api/queries/declaratons")
    assert status == 404 and b"Did you mean 'declarations'?" in body


def test_api_catalogue_lists_every_query_with_its_parameters(served: Served) -> None:
    status, headers, body = fetch(served, "/api/queries")
    assert status == 200 and headers["content-type"].startswith("application/json")
    entries = {entry["name"]: entry for entry in json.loads(body)}
    assert set(entries) == {q.name for q in QUERIES}
    for query in QUERIES:
        entry = entries[query.name]
        assert entry["title"] == query.summary and entry["view"] == query.view
        assert [p["name"] for p in entry["parameters"]] == list(query.params)
        for parameter in entry["parameters"]:
            spec = query.params[parameter["name"]]
            assert (parameter["type"], parameter["required"], parameter["example"]) == (
                spec.type, spec.required, spec.example)  # fmt: skip


def test_openapi_document_names_every_query_and_parameter(served: Served) -> None:
    document = json.loads(fetch(served, "/api/openapi.json")[2])
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "/"}]  # not the Host header a client sent
    for query in QUERIES:
        operation = document["paths"][f"/api/queries/{query.name}"]["get"]
        declared = {p["name"]: p for p in operation["parameters"]}
        assert set(declared) == {*query.params, "format"}
        for name, spec in query.params.items():
            assert declared[name]["required"] == spec.required
            if spec.example is not None:
                assert declared[name]["example"] == spec.example
            if spec.is_list:
                assert declared[name]["schema"]["type"] == "array"


# --- linked-data pages, search, query pages -------------------------------------------------


def test_resource_page_in_html(served: Served) -> None:
    status, headers, body = fetch(served, "/id/hybrid-coe", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "<h1>European Centre of Excellence for Countering Hybrid Threats</h1>" in page
    assert 'href="/id/helsinki">Helsinki</a>' in page  # related resources, by label
    assert 'href="/ontology/Sourced"' in page  # certainty
    assert 'href="https://www.hybridcoe.fi/' in page or "hybridcoe.fi" in page  # source URLs
    assert "Referred to by" in page and 'href="/id/' in page
    assert "default-src 'none'" in headers["content-security-policy"]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_resource_as_rdf_by_accept(served: Served, accept: str, fmt: ox.RdfFormat) -> None:
    status, headers, body = fetch(served, "/id/hybrid-coe", headers={"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(accept)
    subjects = {t.subject for t in ox.parse(body, format=fmt)}
    assert ox.NamedNode(HYBRID) in subjects
    assert fetch(served, "/id/hybrid-coe?format=ttl")[2] == fetch(
        served, "/id/hybrid-coe", headers={"Accept": "text/turtle"})[2]  # fmt: skip


def test_unknown_resource_is_404(served: Served) -> None:
    assert fetch(served, "/id/no-such-thing", headers={"Accept": "text/html"})[0] == 404
    assert fetch(served, "/ontology/NoSuchTerm")[0] == 404


def test_ontology_pages(served: Served) -> None:
    status, _, body = fetch(served, "/ontology", headers={"Accept": "text/html"})
    assert status == 200 and 'id="JointDeclaration"' in body.decode()
    status, _, body = fetch(served, "/ontology", headers={"Accept": "text/turtle"})
    terms = {t.subject for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert ox.NamedNode("https://w3id.org/coopgraph/ontology#State") in terms
    status, _, body = fetch(served, "/ontology/State", headers={"Accept": "text/html"})
    assert status == 200 and "/id/" in body.decode()  # states link to their classes' page


def test_home_page_shows_stats_coverage_and_search(served: Served, cgraph: Any) -> None:
    status, _, body = fetch(served, "/", headers={"Accept": "text/html"})
    page = body.decode()
    assert status == 200
    assert f'<strong id="triples">{len(cgraph)}</strong>' in page
    assert 'action="/search"' in page
    assert (
        'href="/queries/proposal-coverage"' in page
        and 'href="/queries/membership-coverage"' in page
    )


def test_search_finds_the_hybrid_coe_first(served: Served) -> None:
    status, _, body = fetch(served, "/search?q=hybrid+coe")
    page = body.decode()
    first = page.split('<ol class="matches">', 1)[1].split("</li>", 1)[0]
    assert status == 200 and 'href="/id/hybrid-coe"' in first


def test_query_page_form_and_result(served: Served) -> None:
    status, _, body = fetch(served, "/queries/office-holders-on-date")
    page = body.decode()
    assert status == 200 and 'type="date"' in page and 'name="date"' in page
    assert "<table" not in page.split("<h2>SPARQL</h2>")[0].split("</form>", 1)[1]
    status, _, body = fetch(served, "/queries/office-holders-on-date?date=2016-07-08&run=1")
    page = body.decode()
    assert status == 200 and 'class="results"' in page and "Federica Mogherini" in page
    status, _, body = fetch(served, "/queries/office-holders-on-date?date=2016-13-08&run=1")
    assert status == 400 and "no such day" in body.decode()


# --- VoID, logs, start-up errors ------------------------------------------------------------


def test_void_description(served: Served, cgraph: Any) -> None:
    status, headers, body = fetch(served, "/.well-known/void")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    void = rdflib.Graph().parse(data=body, format="turtle")
    ns = rdflib.Namespace("http://rdfs.org/ns/void#")
    dataset = rdflib.URIRef(served.url("/.well-known/void#dataset"))
    assert int(void.value(dataset, ns.triples)) == len(cgraph)  # type: ignore[arg-type]
    counted = sparql_get(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv")[2]
    assert int(counted.split()[1]) == len(cgraph)
    assert void.value(dataset, ns.sparqlEndpoint) == rdflib.URIRef(served.url("/sparql"))
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    assert (dataset, rdflib.RDF.type, dcat.Dataset) in void
    sources = set(void.objects(dataset, rdflib.DCTERMS.source))
    kind = ox.NamedNode("https://w3id.org/coopgraph/ontology#SourceDocument")
    documents = cgraph.store.quads_for_pattern(None, ox.NamedNode(str(rdflib.RDF.type)), kind)
    assert len(sources) == len(list(documents)) > 100
    status, headers, body = fetch(
        served, "/.well-known/void", headers={"Accept": "application/ld+json"}
    )
    assert headers["content-type"].startswith("application/ld+json") and json.loads(body)


def test_one_log_line_per_request(served: Served) -> None:
    fetch(served, "/api/queries/declaratons?marker=log-line-check")
    deadline = time.monotonic() + 5  # the line is written once the answer has been sent
    while True:
        lines = [line for line in served.log.read_text().splitlines() if "log-line-check" in line]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(lines) == 1
    assert lines[0].startswith(
        '127.0.0.1 "GET /api/queries/declaratons?marker=log-line-check" 404 '
    )


def test_port_in_use_is_one_line_and_exit_2(served: Served) -> None:
    port = served.base.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "coopgraph", "serve", "--port", port],
        capture_output=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"Error: Port {port} on 127.0.0.1 is in use; stop what uses it or choose another "
        "with --port"
    ]


def test_an_unknown_query_page_is_404_as_in_the_api(served: Served) -> None:
    assert fetch(served, "/queries/no-such-query", headers={"Accept": "text/html"})[0] == 404
    assert fetch(served, "/api/queries/no-such-query")[0] == 404


def test_search_keeps_one_class_when_asked(served: Served) -> None:
    status, _, body = fetch(served, "/search?q=finland&class=coop:State")
    assert status == 200 and b"/id/finland" in body and b"/id/membership-finland" not in body
    assert fetch(served, "/search?q=finland&class=coop:Nothing")[0] == 400


def test_workers_must_be_at_least_one() -> None:
    result = CliRunner().invoke(cli, ["serve", "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output
