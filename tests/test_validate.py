"""coopgraph validate: shapes and check queries, one report, exit codes, waivers, formats."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from coopgraph.cli import cli
from coopgraph.validation import Validator, list_checks, validate

from .conftest import PROJECT, rdflib_graph, run_coopgraph

DATA = Path(__file__).parent / "data"
BASE = DATA / "valid" / "base.ttl"
INVALID = DATA / "invalid"


def shape_names() -> list[str]:
    shapes = rdflib_graph(sorted(PROJECT.shapes_dir.glob("*.ttl")))
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    return sorted(str(s).rsplit("#", 1)[-1] for s in found)


RULES = shape_names() + [check.name for check in list_checks(PROJECT.checks_dir)]
VALIDATOR = Validator(PROJECT)  # shapes and checks prepared once for the whole module


def test_shipped_graph_conforms_and_exits_0() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("conforms: 0 counted result(s)")
    assert "inference: none" in result.output


@pytest.mark.slow  # pySHACL's meta-SHACL takes 10 to 15 s here; .ci/run runs it
def test_shapes_pass_meta_shacl() -> None:
    shapes = rdflib_graph(sorted(PROJECT.shapes_dir.glob("*.ttl")))
    conforms, _, text = shacl_validate(shapes, meta_shacl=True, inference="none")
    # Validating the shapes graph as data against nothing still runs meta-SHACL on it.
    assert conforms, text
    # And a deliberately broken shape is caught, so the check above can fail.
    broken = Graph()
    for triple in shapes:
        broken.add(triple)
    first = next(iter(broken.subjects(RDF.type, SH.PropertyShape)))
    broken.add((first, SH.minCount, broken.value(first, SH.path) or SH.Violation))
    with pytest.raises(Exception, match=r"(?i)shacl"):
        shacl_validate(Graph(), shacl_graph=broken, meta_shacl=True, inference="none")


def test_base_fixture_is_clean_at_every_severity() -> None:
    report = validate([BASE], fail_on="info", validator=VALIDATOR)
    assert report.findings == [], [(f.rule, str(f.focus)) for f in report.findings]


def test_every_rule_has_an_invalid_example_and_every_example_a_rule() -> None:
    examples = {p.stem for p in INVALID.glob("*.ttl")}
    assert sorted(set(RULES) - examples) == [], "rules without an example in tests/data/invalid"
    assert sorted(examples - set(RULES)) == [], "examples named after no rule"


@pytest.mark.parametrize("rule", RULES)
def test_invalid_example_triggers_exactly_its_rule(rule: str) -> None:
    example = INVALID / f"{rule}.ttl"
    if not example.is_file():
        pytest.fail(f"no invalid example {example.name}: write one that breaks only {rule}")
    report = validate([BASE, example], fail_on="info", validator=VALIDATOR)
    assert {f.rule for f in report.findings} == {rule}, [
        (f.rule, str(f.focus), f.message) for f in report.findings
    ]
    assert all(f.message and "{?" not in f.message for f in report.findings)


# --- exit codes and messages -----------------------------------------------------------------


def test_data_that_breaks_a_rule_exits_1() -> None:
    result = CliRunner().invoke(
        cli, ["validate", str(BASE), str(INVALID / "TermOfOffice-dateOrder.ttl")]
    )
    assert result.exit_code == 1
    assert "VIOLATION TermOfOffice-dateOrder (1)" in result.output
    assert result.output.splitlines()[-1].startswith("does not conform: 1 counted")


def test_unparseable_file_exits_3_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 3
    assert str(bad) in result.output and "line" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_missing_file_exits_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "absent.ttl")])
    assert result.exit_code == 3
    assert "absent.ttl" in result.output


def test_bad_fail_on_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["validate", "--fail-on", "fatal"])
    assert result.exit_code == 2


def test_fail_on_warning_counts_warnings() -> None:
    example = INVALID / "ProposalSet-sizeReached.ttl"
    relaxed = CliRunner().invoke(cli, ["validate", str(BASE), str(example)])
    strict = CliRunner().invoke(cli, ["validate", str(BASE), str(example), "--fail-on", "warning"])
    assert relaxed.exit_code == 0
    assert strict.exit_code == 1


def test_with_graph_lets_new_data_refer_to_shipped_entities(tmp_path: Path) -> None:
    new = tmp_path / "new-membership.ttl"
    new.write_text(
        "@prefix coop: <https://w3id.org/coopgraph/ontology#> .\n"
        "@prefix coopid: <https://w3id.org/coopgraph/id/> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "coopid:membership-test-finland-nato-again a coop:Membership ;\n"
        '    rdfs:label "A second, overlapping NATO membership of Finland"@en ;\n'
        "    org:member coopid:finland ; org:organization coopid:nato ;\n"
        '    coop:startDate "2024-01-01"^^xsd:date ;\n'
        "    dcterms:source coopid:source-iasbook-finland-joins-nato .\n"
    )
    alone = validate([new], validator=VALIDATOR)
    together = validate([new], with_graph=True, validator=VALIDATOR)
    # Alone, the state and the organisation are unknown; with the graph, the overlap is found.
    assert {"Membership-member"} <= {f.rule for f in alone.counted()}
    assert "membership-overlap-violation" in {f.rule for f in together.counted()}
    assert "Membership-member" not in {f.rule for f in together.counted()}


# --- waivers -------------------------------------------------------------------------------


def write_waiver(tmp_path: Path, expires: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(
        "- rule: TermOfOffice-dateOrder\n"
        "  focus: coopid:term-test-backwards\n"
        "  reason: a test waiver\n"
        f"  expires: {expires}\n"
    )
    return path


def test_waived_result_is_shown_but_not_counted(tmp_path: Path) -> None:
    waivers = write_waiver(tmp_path, "2999-01-01")
    files = [BASE, INVALID / "TermOfOffice-dateOrder.ttl"]
    report = validate(files, waivers_file=waivers, validator=VALIDATOR)
    assert report.conforms
    assert [f.waiver is not None for f in report.findings] == [True]
    result = CliRunner().invoke(cli, ["validate", *map(str, files), "--waivers", str(waivers)])
    assert result.exit_code == 0
    assert "[waived until 2999-01-01: a test waiver]" in result.output


def test_expired_waiver_fails(tmp_path: Path) -> None:
    waivers = write_waiver(tmp_path, "2020-01-01")
    files = [BASE, INVALID / "TermOfOffice-dateOrder.ttl"]
    report = validate(
        files, waivers_file=waivers, today=datetime.date(2026, 1, 1), validator=VALIDATOR
    )
    assert not report.conforms
    result = CliRunner().invoke(cli, ["validate", *map(str, files), "--waivers", str(waivers)])
    assert result.exit_code == 1
    assert "EXPIRED WAIVER TermOfOffice-dateOrder" in result.output


def test_malformed_waiver_file_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text("- rule: x\n  focus: y\n")
    result = CliRunner().invoke(cli, ["validate", "--waivers", str(path)])
    assert result.exit_code == 3
    assert "needs rule, focus, reason and expires" in result.output


def test_shipped_waivers_file_parses_and_has_none_expired() -> None:
    report = validate(validator=VALIDATOR)
    assert report.expired_waivers == []


# --- formats -------------------------------------------------------------------------------


def broken_files() -> list[str]:
    return [
        str(BASE),
        str(INVALID / "TermOfOffice-dateOrder.ttl"),
        str(INVALID / "term-overlap-violation.ttl"),
    ]


def test_json_report() -> None:
    result = CliRunner().invoke(cli, ["validate", *broken_files(), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["conforms"] is False and data["inference"] == "none"
    rules = {r["rule"]: r for r in data["results"]}
    assert rules["TermOfOffice-dateOrder"]["source"] == "shacl"
    assert rules["term-overlap-violation"]["source"] == "check"
    assert all(r["focus"] and r["message"] for r in data["results"])


def test_ttl_report_is_a_shacl_validation_report() -> None:
    result = CliRunner().invoke(cli, ["validate", *broken_files(), "--format", "ttl"])
    assert result.exit_code == 1
    report = Graph().parse(data=result.output, format="turtle")
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    assert report.value(root, SH.conforms).toPython() is False  # type: ignore[union-attr]
    results = list(report.objects(root, SH.result))
    assert len(results) == 2
    assert all(report.value(r, SH.focusNode) is not None for r in results)
    assert {report.value(r, SH.resultSeverity) for r in results} == {SH.Violation}


def test_text_report_groups_by_rule() -> None:
    result = CliRunner().invoke(cli, ["validate", *broken_files()])
    lines = result.output.splitlines()
    assert "VIOLATION TermOfOffice-dateOrder (1)" in lines
    assert "VIOLATION term-overlap-violation (1)" in lines


def test_library_takes_one_file_and_a_project_folder() -> None:
    from .conftest import ROOT

    one = validate(str(BASE), project=str(ROOT), validator=VALIDATOR)
    assert one.findings == []


MINE = """@prefix coop: <https://w3id.org/coopgraph/ontology#> .
@prefix coopid: <https://w3id.org/coopgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
coopid:test-signature a coop:Participation ;
    rdfs:label "Test signature"@en ;
    coop:agent coopid:jens-stoltenberg ;
    coop:role coop:SignatoryRole ;
    coop:inOffice coopid:nato-secretary-general .
"""


def test_a_file_checked_alone_gets_a_hint_to_add_the_graph(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(MINE)
    result = run_coopgraph("validate", str(mine))
    assert result.returncode == 1
    assert b"Participation-agent" in result.stdout
    assert b"such as coopid:jens-stoltenberg); rerun with --with-graph" in result.stderr


def test_only_reports_results_about_the_given_files(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(MINE)
    everything = validate([mine], with_graph=True, fail_on="info", validator=VALIDATOR)
    only = validate([mine], with_graph=True, fail_on="info", validator=VALIDATOR, only=[mine])
    focus = {str(f.focus) for f in only.findings}
    assert focus == {"<https://w3id.org/coopgraph/id/test-signature>"}
    assert len(everything.findings) > len(only.findings)  # the graph's own warnings and infos
    assert "Participation-agent" not in {f.rule for f in only.findings}  # resolved by the graph


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "ttl"])
def test_reports_are_byte_identical_across_runs_and_name_no_blank_node(fmt: str) -> None:
    # The shipped graph's report includes a result whose path is a blank node (an alternative
    # path): it is printed as a SPARQL property path, and the Turtle labels are canonical.
    runs = [run_coopgraph("validate", "--format", fmt, hash_seed=seed) for seed in ("1", "2")]
    assert runs[0].returncode == 0 and runs[0].stdout == runs[1].stdout
    if fmt != "ttl":
        assert b"_:" not in runs[0].stdout


def test_only_must_name_a_file_being_checked(tmp_path: Path) -> None:
    mine, other = tmp_path / "mine.ttl", tmp_path / "other.ttl"
    mine.write_text(MINE)
    other.write_text(MINE)
    result = CliRunner().invoke(cli, ["validate", str(mine), "--with-graph", "--only", str(other)])
    assert result.exit_code == 2 and "not one of the files being checked" in result.output


def test_shacl_core_in_a_child_process_gives_the_report_it_gives_in_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # validate() forks SHACL Core beside the store's work on Linux; COOPGRAPH_NO_FORK runs it
    # in turn. Every rule's invalid example at once: the same report either way.
    import coopgraph.validation.beside

    monkeypatch.setattr(coopgraph.validation.beside, "MIN_BYTES", 0)  # fork for small data too
    files = [BASE, *sorted(INVALID.glob("*.ttl"))]
    beside = validate(files, fail_on="info", validator=VALIDATOR)
    monkeypatch.setenv("COOPGRAPH_NO_FORK", "1")
    in_turn = validate(files, fail_on="info", validator=VALIDATOR)
    assert len(beside.findings) > 100
    assert beside.render("json") == in_turn.render("json")
