"""`coopgraph find` and the entity checks of stored-query parameters (issue 12)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import coopgraph
from coopgraph.cli import cli
from coopgraph.find import find, normalise


def test_the_hybrid_coe_is_found_by_its_short_name(cgraph: coopgraph.Graph) -> None:
    matches = find(cgraph, "hybrid coe")
    assert matches[0].compact == "coopid:hybrid-coe" and matches[0].rank == 0


def test_case_and_accents_do_not_matter() -> None:
    assert normalise("Sécurité ÉTÉ") == normalise("securite ete") == "securite ete"


def test_a_class_narrows_the_search(cgraph: coopgraph.Graph) -> None:
    state = "https://w3id.org/coopgraph/ontology#State"
    matches = find(cgraph, "finland", cls=state)
    assert [m.compact for m in matches] == ["coopid:finland"]


def test_cli_prints_iri_class_and_label() -> None:
    result = CliRunner().invoke(cli, ["find", "Finland", "--class", "coop:State"])
    assert result.exit_code == 0, result.output
    assert result.output == "coopid:finland\tcoop:State\tFinland\n"


def test_cli_finds_nothing_with_exit_2() -> None:
    result = CliRunner().invoke(cli, ["find", "zzzqqq"])
    assert result.exit_code == 2 and "Nothing is named like 'zzzqqq'" in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("coopid:hybrid-co", "no such entity coopid:hybrid-co; did you mean coopid:hybrid-coe"),
        ("finland", "did you mean coopid:finland?"),
    ],
)
def test_an_entity_parameter_that_names_nothing_is_refused_with_a_suggestion(
    value: str, message: str
) -> None:
    result = CliRunner().invoke(cli, ["query", "external-identifiers", "-p", f"entity={value}"])
    assert result.exit_code == 2
    assert message in result.output


def test_a_real_entity_with_no_rows_is_still_an_empty_answer() -> None:
    # coopid:warsaw exists but has no external identifiers: empty, exit 0, not an error.
    result = CliRunner().invoke(
        cli, ["query", "external-identifiers", "-p", "entity=coopid:warsaw", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["identifier,table,certainty,source,sourceLabel,url"]


def test_find_hybrid_lists_the_hybrid_coe_first() -> None:
    result = CliRunner().invoke(cli, ["find", "hybrid"])
    assert result.output.splitlines()[0].startswith("coopid:hybrid-coe\t")


def test_find_class_errors_say_what_is_wrong() -> None:
    no_prefix = CliRunner().invoke(cli, ["find", "x", "--class", "State"])
    assert no_prefix.exit_code == 2 and "such as coop:State" in no_prefix.output
    unknown = CliRunner().invoke(cli, ["find", "x", "--class", "coop:Nope"])
    assert unknown.exit_code == 2 and "nothing in the graph has this class" in unknown.output
    elsewhere = CliRunner().invoke(cli, ["find", "hybrid coe", "--class", "coop:State"])
    assert "among the coop:State resources" in elsewhere.output
