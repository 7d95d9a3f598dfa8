"""Parameters are typed, checked and bound as RDF terms: injection payloads stay plain values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

import coopgraph
from coopgraph import UsageError
from coopgraph.query.catalogue import StoredQuery, parse_query_text
from coopgraph.query.params import ParamSpec, expand_iri, parse_value
from coopgraph.query.run import run_stored

from .servers import oxigraph_server


def xsd(name: str) -> NamedNode:
    return NamedNode("http://www.w3.org/2001/XMLSchema#" + name)


PAYLOADS = [
    '"',
    "\\",
    "\\u0022",
    "\\U00000022",
    ">",
    "a\nb",
    "} #",
    "'; DROP ALL",
    '" } ; DROP ALL #',
    "\\\\u0022",
    "x\\u",
    "Ελληνικά",
]

ECHO = """#+ summary: Echo a text parameter
#+ params:
#+   text: {type: string, required: true, example: x}
SELECT ?text ?length
WHERE {
  BIND(STRLEN(?text) AS ?length)
}
"""

FILTER_ONLY = """#+ summary: Declarations signed on or after a date
#+ params:
#+   after: {type: xsd:date, required: true, example: "2017-01-01"}
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?declaration
WHERE {
  ?declaration a coop:JointDeclaration .
  ?declaration dcterms:date ?date .
  FILTER(?date >= ?after)
}
"""

LIST = """#+ summary: Labels of several resources
#+ params:
#+   things: {type: [iri], required: true, example: [coopid:nato, coopid:eu]}
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?things ?label
WHERE {
  ?things rdfs:label ?label .
}
"""


def stored(text: str, tmp_path: Path, name: str = "probe") -> StoredQuery:
    path = tmp_path / f"{name}.rq"
    path.write_text(text)
    return parse_query_text(text, path)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        yield f"{base}/query"


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("where", ["oxigraph", "rdflib", "remote"])
def test_payload_is_bound_as_a_plain_value(
    payload: str, where: str, tmp_path: Path, endpoint: str, cgraph: coopgraph.Graph
) -> None:
    query = stored(ECHO, tmp_path)
    if where == "remote":
        result = run_stored(query, {"text": [payload]}, endpoint=endpoint)
    else:
        result = run_stored(query, {"text": [payload]}, engine=where, graph=cgraph)
    assert result.rows == [(Literal(payload), Literal(str(len(payload)), datatype=xsd("integer")))]


@pytest.mark.parametrize(
    "after, expected", [("2017-01-01", 2), ("2023-01-10", 1), ("2024-01-01", 0)]
)
def test_parameter_used_only_in_a_filter_behaves_the_same_everywhere(
    after: str, expected: int, tmp_path: Path, endpoint: str, cgraph: coopgraph.Graph
) -> None:
    query = stored(FILTER_ONLY, tmp_path)
    answers = [
        run_stored(query, {"after": [after]}, engine="oxigraph", graph=cgraph).row_set(),
        run_stored(query, {"after": [after]}, engine="rdflib", graph=cgraph).row_set(),
        run_stored(query, {"after": [after]}, endpoint=endpoint).row_set(),
    ]
    assert answers[0] == answers[1] == answers[2]
    assert len(answers[0]) == expected


def test_list_values_become_values_rows(tmp_path: Path) -> None:
    query = stored(LIST, tmp_path)
    result = run_stored(query, {"things": ["coopid:nato", "coopid:eu"]})
    subjects = {row[0].value.rsplit("/", 1)[1] for row in result.rows}
    assert subjects == {"nato", "eu"}


def test_a_single_value_parameter_refuses_two(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="takes one value"):
        run_stored(stored(ECHO, tmp_path), {"text": ["a", "b"]})


def test_missing_required_parameter_names_an_example(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="needs parameter text; for example -p text=x"):
        run_stored(stored(ECHO, tmp_path), {})


def test_unknown_parameter_lists_the_declared_ones(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="has no parameter 'txt'; its parameters: text"):
        run_stored(stored(ECHO, tmp_path), {"txt": ["a"]})


@pytest.mark.parametrize(
    "kind, raw, expected",
    [
        ("iri", "coopid:nato", NamedNode("https://w3id.org/coopgraph/id/nato")),
        ("iri", "<http://example.org/x>", NamedNode("http://example.org/x")),
        ("iri", "wd:Q7184", NamedNode("http://www.wikidata.org/entity/Q7184")),
        ("xsd:date", "2016-07-08", Literal("2016-07-08", datatype=xsd("date"))),
        ("xsd:integer", "-42", Literal("-42", datatype=xsd("integer"))),
        ("xsd:decimal", "3.50", Literal("3.50", datatype=xsd("decimal"))),
        ("xsd:boolean", "true", Literal("true", datatype=xsd("boolean"))),
        ("langString", "Bruxelles@fr", Literal("Bruxelles", language="fr")),
        ("string", "plain", Literal("plain")),
    ],
)
def test_values_parse_to_typed_terms(kind: str, raw: str, expected: object) -> None:
    assert parse_value(ParamSpec(name="p", type=kind), raw) == expected


@pytest.mark.parametrize(
    "kind, raw, message",
    [
        ("iri", "nato", "not an IRI"),
        ("iri", "foo:bar", "unknown prefix 'foo'"),
        ("iri", "http://a/b> . ?s ?p ?o", "not an IRI"),
        ("iri", "<http://a/b\\u003E>", "not an IRI"),
        ("xsd:date", "2016-13-01", "no such day"),
        ("xsd:date", "8 July 2016", "write the day as YYYY-MM-DD"),
        ("xsd:integer", "4.2", "write digits"),
        ("xsd:decimal", "1e3", "write digits with an optional decimal point"),
        ("xsd:boolean", "yes", "write true or false"),
        ("langString", "no tag", "write text@lang"),
    ],
)
def test_invalid_values_are_refused_with_a_hint(kind: str, raw: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_value(ParamSpec(name="p", type=kind), raw)


def test_expand_iri_keeps_absolute_iris() -> None:
    assert expand_iri("https://w3id.org/coopgraph/id/eu") == NamedNode(
        "https://w3id.org/coopgraph/id/eu"
    )


def test_python_values_bind_by_their_type(cgraph: object) -> None:
    import datetime

    import coopgraph

    graph = coopgraph.open_graph()
    by_text = graph.run("office-holders-on-date", date="2016-07-08").rows
    assert graph.run("office-holders-on-date", date=datetime.date(2016, 7, 8)).rows == by_text
    nato = NamedNode("https://w3id.org/coopgraph/id/nato")
    finland = graph.run("was-member-on-date", state="coopid:finland", organisation=nato,
                        date=datetime.date(2023, 4, 4))  # fmt: skip
    assert finland.boolean is True
    with pytest.raises(UsageError, match="cannot use a dict"):
        graph.run("office-holders-on-date", date={"day": 8})


@pytest.mark.parametrize(
    "raw", ["\\\x07", "\\u", "\\\\u", "a\\ub", "\\U", "\\", "\\\\\\u00e9"], ids=repr
)
def test_backslashes_and_u_escapes_bind_as_written_on_both_engines(raw: str) -> None:
    # Found by Hypothesis: an escaped backslash before the \u escape of a control character
    # ("\\\u0007") was split the wrong way and the value matched nothing.
    import pyoxigraph as ox
    import rdflib

    from coopgraph.query.params import term_text

    text = f"SELECT ?s WHERE {{ VALUES ?v {{ {term_text(ox.Literal(raw))} }} ?s ?p ?v }}"
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal(raw)))
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef("http://e/s"), rdflib.URIRef("http://e/p"), rdflib.Literal(raw)))
    assert len(list(store.query(text))) == 1
    assert len(list(graph.query(text))) == 1
