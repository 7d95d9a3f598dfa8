"""Property tests of parameter binding (issue 11): for every declared type, any value either binds
as exactly the RDF term it names, on both embedded engines and on a real `oxigraph serve`, or
is refused as a usage error (exit 2). Nothing else: no other rows, no other error, no SPARQL
text of the value's own running."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode

from coopgraph import UsageError
from coopgraph.graph import open_graph
from coopgraph.query.catalogue import StoredQuery, parse_query_text
from coopgraph.query.params import PARAM_TYPES, ParamSpec, parse_value
from coopgraph.query.run import run_sparql, run_stored

from .conftest import PROJECT
from .servers import oxigraph_server

SUBJECT = NamedNode("http://example.org/s")
PREDICATE = NamedNode("http://example.org/p")
ALL_ROWS = f"SELECT ?s ?v WHERE {{ ?s <{PREDICATE.value}> ?v }}"

# Values that reach every corner: arbitrary text (controls, quotes, backslashes, surrogates),
# the shapes each type accepts, and the payloads that once ran as SPARQL.
ANY_TEXT = st.text(st.characters(codec=None), max_size=40)
PAYLOADS = st.sampled_from(
    [
        'x\n\\"',
        "} FILTER(false) #",
        "\\u0022",
        "\\\\u0022",
        '" } ; DROP ALL #',
        "a\\",
        "\\U0000007d",
    ]
)
SHAPED = {
    "iri": st.builds(lambda tail: f"http://example.org/{tail}", ANY_TEXT)
    | st.builds(lambda tail: f"coopid:{tail}", ANY_TEXT),
    "string": ANY_TEXT,
    "langString": st.builds(lambda text, tag: f"{text}@{tag}", ANY_TEXT,
                            st.from_regex(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})?", fullmatch=True)),
    "xsd:date": st.dates().map(lambda day: day.isoformat()),
    "xsd:integer": st.integers().map(str),
    "xsd:decimal": st.decimals(allow_nan=False, allow_infinity=False).map(str),
    "xsd:boolean": st.sampled_from(["true", "false", "1", "0", "TRUE", "yes"]),
}  # fmt: skip


def values_of(kind: str) -> st.SearchStrategy[str]:
    return SHAPED[kind] | ANY_TEXT | PAYLOADS | PAYLOADS.map(lambda p: p + "@en")


def probe(kind: str) -> StoredQuery:
    text = (
        f"#+ summary: Subjects whose value is the parameter\n#+ params:\n"
        f"#+   v: {{type: '{kind}', required: true, example: x}}\n"
        f"SELECT ?s ?v WHERE {{ ?s <{PREDICATE.value}> ?v }}\n"
    )
    return parse_query_text(text, Path("probe.rq"))


@contextlib.contextmanager
def graph_holding(term: Literal | NamedNode) -> Iterator[object]:
    """A graph whose one triple has ``term`` as its object, written by pyoxigraph; its file is
    removed afterwards (the rdflib engine reads it again, so it lives as long as the graph)."""
    with tempfile.TemporaryDirectory(prefix="coopgraph-binding-") as folder:
        data = Path(folder) / "data.nt"
        data.write_text(f"{SUBJECT} {PREDICATE} {term} .\n", encoding="utf-8")
        yield open_graph(data, shipped=False, project=PROJECT)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The server holds the triple for each value as the test goes: see test below.
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph"), data=b"") as base:
        yield base


@pytest.mark.parametrize("kind", sorted(PARAM_TYPES))
def test_a_value_binds_as_its_term_everywhere_or_is_refused(kind: str, endpoint: str) -> None:
    query = probe(kind)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(values_of(kind))
    def check(raw: str) -> None:
        spec = ParamSpec("v", kind)
        try:
            term = parse_value(spec, raw)
        except UsageError:
            for engine in ("oxigraph", "rdflib"):  # the run refuses it the same way
                with pytest.raises(UsageError):
                    run_stored(query, {"v": [raw]}, graph=open_graph(shipped=False,
                               project=PROJECT), engine=engine)  # fmt: skip
            return
        # Expected: the one row the same query gives unbound, the term read from the data
        # (a store may write it canonically: "1.50" as "1.5").
        with graph_holding(term) as graph:
            for engine in ("oxigraph", "rdflib"):
                expected = run_sparql(ALL_ROWS, graph=graph, engine=engine).row_set()  # type: ignore[arg-type]
                rows = run_stored(query, {"v": [raw]}, graph=graph, engine=engine).row_set()  # type: ignore[arg-type]
                assert len(expected) == 1 and rows == expected, (engine, raw)
        _load(endpoint, term)
        expected = run_sparql(ALL_ROWS, endpoint=f"{endpoint}/query").row_set()
        remote = run_stored(query, {"v": [raw]}, endpoint=f"{endpoint}/query").row_set()
        assert len(expected) == 1 and remote == expected, ("remote", raw)

    check()


def _load(base: str, term: Literal | NamedNode) -> None:
    """Replace the server's default graph with the one triple (Graph Store Protocol)."""
    import urllib.request

    request = urllib.request.Request(
        f"{base}/store?default",
        data=f"{SUBJECT} {PREDICATE} {term} .\n".encode(),
        headers={"Content-Type": "application/n-triples"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201, 204)
