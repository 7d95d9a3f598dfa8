"""The stored-query catalogue: headers, names, parsing, terms, parameters, answers."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from coopgraph import InputError, UsageError
from coopgraph.cli import cli
from coopgraph.formats import GRAPH_FORMATS, TABLE_FORMATS
from coopgraph.formats.rdf import same_graph
from coopgraph.link.targets import QUERIES_DIR, TARGETS
from coopgraph.namespaces import COOP
from coopgraph.query.catalogue import (
    catalogue_markdown,
    list_queries,
    load_query,
    parse_query_text,
)
from coopgraph.query.lexer import tokens, variables
from coopgraph.query.run import run_stored

from .conftest import PROJECT

QUERIES = list_queries(PROJECT.queries_dir)
# The link commands' own queries go through the same header parser and checks.
LINK_QUERIES = list_queries(QUERIES_DIR)
ALL_QUERIES = QUERIES + LINK_QUERIES
GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("COOPGRAPH_UPDATE_GOLDEN") == "1"


def example_args(query: object) -> list[str]:
    args: list[str] = []
    for name, value in query.example_values().items():  # type: ignore[attr-defined]
        for item in value if isinstance(value, list) else [value]:
            args += ["-p", f"{name}={item}"]
    return args


def params_of(query: object) -> dict[str, list[str]]:
    values = query.example_values()  # type: ignore[attr-defined]
    return {k: v if isinstance(v, list) else [v] for k, v in values.items()}


def test_every_link_query_belongs_to_a_target_and_back() -> None:
    used = {name for target in TARGETS.values() for name in target.queries} | {
        "candidates",
        "check-pairs",
    }
    assert used == {q.name for q in LINK_QUERIES}


def test_catalogue_has_at_least_twenty_queries() -> None:
    assert len(QUERIES) >= 20
    assert {q.form for q in QUERIES} >= {"SELECT", "ASK", "CONSTRUCT"}


def test_readme_catalogue_is_current() -> None:
    readme = (PROJECT.queries_dir / "README.md").read_text(encoding="utf-8")
    assert readme == catalogue_markdown(QUERIES), (
        "queries/README.md is stale: run `coopgraph queries --markdown > queries/README.md`"
    )


@pytest.mark.parametrize("query", ALL_QUERIES, ids=lambda q: q.name)
def test_query_parses_in_rdflib_and_in_a_strict_parser(query: object) -> None:
    prepareQuery(query.text)  # type: ignore[attr-defined]
    pyoxigraph.Store().query(query.text)  # type: ignore[attr-defined]


@functools.cache
def ontology_terms() -> frozenset[str]:
    return frozenset(str(s) for s in Graph().parse(PROJECT.ontology, format="turtle").subjects())


@pytest.mark.parametrize("query", ALL_QUERIES, ids=lambda q: q.name)
def test_query_uses_only_terms_the_ontology_defines(query: object) -> None:
    defined = ontology_terms()
    used = set()
    for token in tokens(query.text):  # type: ignore[attr-defined]
        if token.kind == "word" and token.text.startswith("coop:") and token.text != "coop:":
            used.add(COOP + token.text.removeprefix("coop:"))
        if token.kind == "iri" and token.text[1:-1].startswith(COOP):
            if token.text[1:-1] == COOP:
                continue  # the PREFIX declaration itself
            used.add(token.text[1:-1])
    assert used <= defined, sorted(used - defined)


@pytest.mark.parametrize("query", ALL_QUERIES, ids=lambda q: q.name)
def test_every_declared_parameter_is_used(query: object) -> None:
    body = "\n".join(query.text.splitlines()[query.header_lines :])  # type: ignore[attr-defined]
    assert set(query.params) <= variables(body)  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ALL_QUERIES, ids=lambda q: q.name)
def test_every_parameter_has_an_example_or_default(query: object) -> None:
    for spec in query.params.values():  # type: ignore[attr-defined]
        assert spec.example is not None or spec.default is not None, spec.name


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_both_engines_give_the_same_answer(query: object, cgraph: object) -> None:
    oxigraph = run_stored(query, params_of(query), graph=cgraph, engine="oxigraph")  # type: ignore[arg-type]
    rdflib = run_stored(query, params_of(query), graph=cgraph, engine="rdflib")  # type: ignore[arg-type]
    if oxigraph.triples is not None:
        assert rdflib.triples is not None and same_graph(oxigraph.triples, rdflib.triples)
        assert len(oxigraph.triples) > 0
    elif oxigraph.boolean is not None:
        assert oxigraph.boolean == rdflib.boolean
    else:
        assert oxigraph.variables == rdflib.variables
        assert oxigraph.row_set() == rdflib.row_set()
        if "external" in query.tags:  # type: ignore[attr-defined]
            # No external snapshot ships; tests/test_link.py runs these on a fixture snapshot.
            return
        assert oxigraph.rows, f"{query.name} returns no rows with its examples"  # type: ignore[attr-defined]


#: Answers people asked for that the examples do not show, each with a golden file of its own
#: (tests/golden/NAME@PARAM=VALUE.txt): who signed and who only attended, presenters of a plan,
#: pilot partners of a report, and the unconfirmed flag of today's office holders.
GOLDEN_CASES: list[tuple[str, dict[str, str]]] = [
    ("participants", {"of": "coopid:hybrid-coe-mou-signing-2017"}),
    ("participants", {"of": "coopid:cyber-technical-arrangement-2016-signing"}),
    ("participants", {"of": "coopid:military-mobility-action-plan-2018"}),
    ("participants", {"of": "coopid:progress-report-1"}),
    ("office-holders-on-date", {"date": "2026-06-15"}),
    ("members-on-date", {"organisation": "coopid:hybrid-coe", "date": "2026-06-15"}),
]


def golden_text(result: object) -> str:
    """A result as the golden files keep it: sorted N-Triples, a boolean, or a TSV row set."""
    if result.triples is not None:  # type: ignore[attr-defined]
        lines = sorted({f"{triple} ." for triple in result.triples})  # type: ignore[attr-defined]
        return "\n".join(lines) + "\n"
    if result.boolean is not None:  # type: ignore[attr-defined]
        return f"{str(result.boolean).lower()}\n"  # type: ignore[attr-defined]
    header = "\t".join(f"?{v}" for v in result.variables)  # type: ignore[attr-defined]
    rows = ["\t".join(cell or "" for cell in row) for row in result.row_set()]  # type: ignore[attr-defined]
    return "\n".join([header, *rows]) + "\n"


def check_golden(golden: Path, text: str) -> None:
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file: run COOPGRAPH_UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == golden.read_text(encoding="utf-8"), (
        f"the answer differs from {golden.name}; if that is intended, "
        "regenerate with COOPGRAPH_UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_answer_matches_its_golden_file(query: object, cgraph: object) -> None:
    result = run_stored(query, params_of(query), graph=cgraph)  # type: ignore[arg-type]
    check_golden(GOLDEN / f"{query.name}.txt", golden_text(result))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "params"), GOLDEN_CASES, ids=[f"{n}@{','.join(p.values())}" for n, p in GOLDEN_CASES]
)
def test_answer_to_a_chosen_case_matches_its_golden_file(
    name: str, params: dict[str, str], cgraph: object
) -> None:
    query = next(q for q in QUERIES if q.name == name)
    result = run_stored(query, {k: [v] for k, v in params.items()}, graph=cgraph)  # type: ignore[arg-type]
    assert result.rows, f"{name} with {params} returns no rows"
    suffix = ",".join(f"{k}={v.removeprefix('coopid:')}" for k, v in params.items())
    check_golden(GOLDEN / f"{name}@{suffix}.txt", golden_text(result))


def test_every_golden_file_belongs_to_a_query() -> None:
    names = {q.name for q in QUERIES}
    assert {p.stem.split("@", 1)[0] for p in GOLDEN.glob("*.txt")} <= names


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_cli_runs_example_in_every_format(query: object) -> None:
    formats = GRAPH_FORMATS if query.form in {"CONSTRUCT", "DESCRIBE"} else TABLE_FORMATS  # type: ignore[attr-defined]
    for fmt in formats:
        result = CliRunner().invoke(
            cli, ["query", query.name, *example_args(query), "--format", fmt]
        )  # type: ignore[attr-defined]
        assert result.exit_code == 0, f"{fmt}: {result.output}"
        assert result.output.strip(), fmt


# --- names resolve inside queries/ only ---------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../pyproject", "../../etc/passwd", "/etc/passwd", "a/b", ".hidden", ""]
)
def test_names_with_path_characters_are_refused(name: str) -> None:
    with pytest.raises(UsageError, match="Invalid query name"):
        load_query(name)


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    outside = tmp_path / "secret.rq"
    outside.write_text("#+ summary: outside\nSELECT * WHERE { ?s ?p ?o }\n")
    (folder / "escape.rq").symlink_to(outside)
    with pytest.raises(UsageError, match="Unknown query 'escape'"):
        load_query("escape", folder)


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(
        UsageError, match=r"Unknown query 'declaratons'\. Did you mean 'declarations'\?"
    ):
        load_query("declaratons")


def test_cli_unknown_query_exits_2() -> None:
    result = CliRunner().invoke(cli, ["query", "../pyproject"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: Invalid query name '../pyproject'")


# --- malformed headers name the file and line ----------------------------------------------


@pytest.mark.parametrize(
    "header, message",
    [
        ("#+ summary: ok\n#+ tags: [a, b\n", r"line 2: malformed '#\+' header"),
        ("#+ summary: ok\n#+ colour: blue\n", r"line 2: unknown header key 'colour'"),
        ("#+ description: no summary\n", r"line 1: the header needs a 'summary:' line"),
        (
            "#+ summary: ok\n#+ params:\n#+   d: {type: date}\n",
            r"line 3: parameter d: type must be",
        ),
        ("#+ summary: ok\n#+ view: pie\n", r"line 2: view must be one of"),
        ("SELECT * WHERE { ?s ?p ?o }\n", r"line 1: no '#\+' header"),
    ],
)
def test_malformed_header_names_file_and_line(header: str, message: str, tmp_path: Path) -> None:
    text = header + "SELECT * WHERE { ?s ?p ?o }\n"
    path = tmp_path / "broken.rq"
    with pytest.raises(InputError, match=re.escape(str(path)) + " " + message):
        parse_query_text(text, path)


def test_show_prints_header_and_text() -> None:
    query = QUERIES[0]
    result = CliRunner().invoke(cli, ["show", query.name])
    assert result.exit_code == 0
    assert result.output == query.text


def test_queries_lists_names_and_filters_by_tag() -> None:
    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == len(QUERIES)
    tag = QUERIES[0].tags[0]
    tagged = CliRunner().invoke(cli, ["queries", "--tag", tag])
    assert 0 < len(tagged.output.splitlines()) <= len(QUERIES)
    assert all(
        line.split()[0] in {q.name for q in QUERIES if tag in q.tags}
        for line in tagged.output.splitlines()
    )
