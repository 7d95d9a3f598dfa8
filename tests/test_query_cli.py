"""Ad-hoc SPARQL, result formats as the W3C defines them, and refusals."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.cli import cli

SELECT = """PREFIX coop: <https://w3id.org/coopgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?declaration ?date ?missing
WHERE {
  ?declaration a coop:JointDeclaration .
  ?declaration dcterms:date ?date .
}
ORDER BY ?date
"""
FIRST = "https://w3id.org/coopgraph/id/warsaw-declaration-2016"


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str]:
    """Exit code and output; standard output is kept byte-exact (CSV needs its CRLF)."""
    result = CliRunner().invoke(cli, list(args), input=stdin)
    if result.exit_code == 0:
        return 0, result.stdout_bytes.decode("utf-8")
    return result.exit_code, result.output


def test_csv_is_the_w3c_format() -> None:
    code, out = invoke("sparql", SELECT, "--format", "csv")
    assert code == 0
    lines = out.split("\r\n")
    assert lines[0] == "declaration,date,missing"
    assert lines[1] == f"{FIRST},2016-07-08,"
    assert len([line for line in lines if line]) == 4


def test_tsv_is_the_w3c_format() -> None:
    code, out = invoke("sparql", SELECT, "--format", "tsv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "?declaration\t?date\t?missing"
    assert lines[1] == f'<{FIRST}>\t"2016-07-08"^^<http://www.w3.org/2001/XMLSchema#date>\t'


def test_json_is_the_w3c_format() -> None:
    code, out = invoke("sparql", SELECT, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["declaration", "date", "missing"]
    first = doc["results"]["bindings"][0]
    assert first == {
        "declaration": {"type": "uri", "value": FIRST},
        "date": {
            "type": "literal",
            "value": "2016-07-08",
            "datatype": "http://www.w3.org/2001/XMLSchema#date",
        },
    }


def test_xml_is_the_w3c_format() -> None:
    code, out = invoke("sparql", SELECT, "--format", "xml")
    assert code == 0
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(out)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == [
        "declaration",
        "date",
        "missing",
    ]
    first = root.findall("r:results/r:result", ns)[0]
    assert first.find("r:binding[@name='declaration']/r:uri", ns).text == FIRST  # type: ignore[union-attr]
    assert first.find("r:binding[@name='missing']", ns) is None


def test_ask_in_json_xml_and_csv() -> None:
    ask = "ASK WHERE { ?s ?p ?o }"
    assert json.loads(invoke("sparql", ask, "--format", "json")[1]) == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in invoke("sparql", ask, "--format", "xml")[1]
    assert invoke("sparql", ask, "--format", "csv")[1] == "boolean\r\ntrue\r\n"


def test_markdown_and_table_are_for_people() -> None:
    code, md = invoke("sparql", SELECT, "--format", "md")
    assert code == 0
    assert md.splitlines()[0] == "| declaration | date | missing |"
    assert md.splitlines()[2] == "| coopid:warsaw-declaration-2016 | 2016-07-08 |  |"
    code, table = invoke("sparql", SELECT, "--format", "table")
    assert "coopid:warsaw-declaration-2016" in table and table.endswith("3 rows\n")


def test_default_format_off_a_terminal_is_csv() -> None:
    code, out = invoke("sparql", SELECT)
    assert code == 0 and out.startswith("declaration,date,missing\r\n")


def test_query_from_file_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(SELECT)
    assert invoke("sparql", "-f", str(path), "--format", "csv") == invoke(
        "sparql", "-", "--format", "csv", stdin=SELECT
    )


def test_construct_gives_rdf_and_refuses_table_formats() -> None:
    construct = (
        "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n"
        "CONSTRUCT { ?d a coop:JointDeclaration } WHERE { ?d a coop:JointDeclaration }"
    )
    code, out = invoke("sparql", construct, "--format", "nt")
    assert code == 0 and len(out.splitlines()) == 3
    code, out = invoke("sparql", construct, "--format", "csv")
    assert (
        code == 2
        and "CONSTRUCT gives a graph: use --format ttl | nt | nq | trig | jsonld | rdfxml" in out
    )


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out = invoke("sparql", SELECT, "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert len(json.loads(target.read_text())["results"]["bindings"]) == 3


def test_service_and_load_are_refused_locally() -> None:
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    code, out = invoke("sparql", service)
    assert code == 2 and "SERVICE <http://127.0.0.1:9/sparql> is refused in a local run" in out
    code, out = invoke("sparql", "LOAD <http://127.0.0.1:9/data.ttl>")
    assert code == 2 and "LOAD is a SPARQL update" in out


def test_bad_sparql_is_a_usage_error() -> None:
    code, out = invoke("sparql", "SELECT ?x WHERE { ?x ")
    assert code == 2 and out.startswith("Error: The query does not parse")


def test_rdflib_engine_gives_the_same_rows() -> None:
    assert invoke("sparql", SELECT, "--format", "tsv") == invoke(
        "sparql", SELECT, "--format", "tsv", "--engine", "rdflib"
    )


def test_extra_data_file_is_queried(tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        '<https://w3id.org/coopgraph/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "extra" .\n'
    )
    code, out = invoke(
        "sparql", 'SELECT ?s WHERE { ?s ?p "extra" }', "--data", str(extra), "--format", "csv"
    )
    assert code == 0 and "https://w3id.org/coopgraph/id/x" in out


def test_unknown_endpoint_name_is_a_usage_error() -> None:
    code, out = invoke("sparql", SELECT, "--endpoint", "wikipedia")
    assert code == 2 and "Unknown endpoint 'wikipedia'" in out


def test_unreadable_inputs_exit_3_with_one_line(tmp_path: Path) -> None:
    for args in (
        ("sparql", "-f", str(tmp_path / "nope.rq")),
        ("sparql", SELECT, "--data", str(tmp_path / "nope.ttl")),
        ("query", "declarations", "--data", str(tmp_path / "nope.ttl")),  # cached path
        ("query", "declarations", "--data", str(tmp_path)),  # a folder
    ):
        code, out = invoke(*args)
        assert code == 3, (args, out)
        assert out.startswith("Error: ") and out.count("\n") == 1


def test_unknown_tag_names_the_known_ones() -> None:
    code, out = invoke("queries", "--tag", "bogus")
    assert code == 2 and "tags: actors" in out


def test_construct_in_every_rdf_format() -> None:
    construct = (
        "PREFIX coop: <https://w3id.org/coopgraph/ontology#>\n"
        "CONSTRUCT { ?d a coop:JointDeclaration } WHERE { ?d a coop:JointDeclaration }"
    )
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld", "rdfxml"):
        code, out = invoke("sparql", construct, "--format", fmt)
        assert code == 0 and "warsaw-declaration-2016" in out, fmt


@pytest.mark.parametrize(
    ("name", "start"),
    [("holders.json", b'{"head"'), ("holders.csv", b"office,"), ("holders.srx", b"<?xml"),
     ("holders.md", b"| office"), ("holders.tsv", b"?office")],
)  # fmt: skip
def test_output_file_suffix_picks_the_format(tmp_path: Path, name: str, start: bytes) -> None:
    out = tmp_path / name
    args = ["query", "office-holders-on-date", "-p", "date=2016-07-08", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(start)


def test_a_format_that_contradicts_the_suffix_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "holders.json"
    args = ["query", "office-holders-on-date", "-p", "date=2016-07-08", "-o", str(out)]
    result = CliRunner().invoke(cli, [*args, "--format", "csv"])
    assert result.exit_code == 2 and "contradicts the file name holders.json" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "start"),
    [("g.nt", b"<http"), ("g.rdf", b"<?xml"), ("g.jsonld", b"["), ("g.ttl", b"@prefix")],
)
def test_export_picks_the_format_from_the_suffix(tmp_path: Path, name: str, start: bytes) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().lstrip().startswith(start)


def test_ad_hoc_sparql_needs_no_prefix_lines_for_known_prefixes() -> None:
    query = "SELECT ?label WHERE { coopid:finland rdfs:label ?label }"
    result = CliRunner().invoke(cli, ["sparql", query, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["label", "Finland"]


def test_a_declared_prefix_is_not_replaced() -> None:
    query = "PREFIX coopid: <http://example.org/> SELECT ?l WHERE { coopid:finland ?p ?l }"
    result = CliRunner().invoke(cli, ["sparql", query, "--format", "csv"])
    assert result.exit_code == 0 and result.output.splitlines() == ["l"]


def test_an_unknown_prefix_is_named_in_the_error() -> None:
    result = CliRunner().invoke(cli, ["sparql", "SELECT * WHERE { ?s a schema:Thing }"])
    assert result.exit_code == 2
    assert "undeclared prefix schema:; declare it with PREFIX schema: <...>" in result.output


def test_an_external_query_without_a_snapshot_says_how_to_make_one() -> None:
    result = CliRunner().invoke(cli, ["query", "state-names", "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["state,stateLabel,item,language,name"]
    assert "coopgraph link refresh" in result.stderr


def test_queries_shows_parameters_as_they_are_given() -> None:
    result = CliRunner().invoke(cli, ["queries"])
    lines = {line.split("  ", 1)[0]: line for line in result.output.splitlines()}
    assert lines["states-memberships"].endswith("-p states=<iri> ...")
    assert lines["deliverables"].endswith("[-p kind=<iri>] [-p area=<iri>]")


def test_a_value_outside_the_allowed_list_shows_the_whole_list_in_short_form() -> None:
    result = CliRunner().invoke(cli, ["query", "unlinked-entities", "-p", "class=coop:Place"])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "allowed: coop:Body, coop:Office, coop:Operation, coop:Organisation, coop:State, "
        "foaf:Person"
    )


@pytest.mark.parametrize("columns", ["60", "100", "240"])
def test_the_terminal_table_never_splits_an_iri_or_a_header(columns: str) -> None:
    args = ["query", "declarations", "--format", "table"]
    result = CliRunner().invoke(cli, args, env={"COLUMNS": columns})
    assert result.exit_code == 0
    for name in ["declaration", "declarationLabel", "signatoryLabel", "termConfirms"]:
        assert f" {name} " in result.output
    for iri in ["coopid:warsaw-declaration-2016", "coopid:president-of-the-european-commission"]:
        assert f" {iri} " in result.output
    assert result.output.endswith("9 rows\n")
    table = result.output.splitlines()[:-1]
    assert all(line[-1] in "┓┃┩│┘" for line in table), "the table's right edge was cut"


def test_an_unknown_tag_is_a_usage_error_listing_the_tags() -> None:
    result = CliRunner().invoke(cli, ["queries", "--tag", "office"])
    assert result.exit_code == 2
    assert "No stored query has the tag 'office'; tags: " in result.output
    assert "actors" in result.output


def test_an_output_suffix_for_the_other_kind_of_result_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "signatories.ttl"
    result = CliRunner().invoke(cli, ["query", "signatories", "-o", str(out)])
    assert result.exit_code == 2 and ".ttl is for a graph" in result.output
    assert not out.exists()


@pytest.mark.parametrize("name", ["signatories.weird", "signatories"])
def test_an_output_suffix_that_names_no_format_is_a_usage_error(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["query", "signatories", "-o", str(out)])
    assert result.exit_code == 2 and "cannot tell the format" in result.output
    assert not out.exists()
    given = CliRunner().invoke(cli, ["query", "signatories", "-o", str(out), "--format", "json"])
    assert given.exit_code == 0 and out.read_bytes().startswith(b"{")


def test_a_date_in_another_form_is_told_the_form_to_use() -> None:
    result = CliRunner().invoke(cli, ["query", "office-holders-on-date", "-p", "date=2023-04"])
    assert result.exit_code == 2 and "write the day as YYYY-MM-DD" in result.output


def test_a_parse_error_gives_the_line_in_the_users_text(tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?s\nWHERE { ?s a coop:State ?x ?y . }\n")
    result = CliRunner().invoke(cli, ["sparql", "-f", str(query)])
    assert result.exit_code == 2 and "(error at 2:" in result.output


def test_json_results_end_with_a_newline() -> None:
    args = ["query", "was-member-on-date", "-p", "state=coopid:finland", "-p",
            "organisation=coopid:nato", "-p", "date=2023-04-03", "--format", "json"]  # fmt: skip
    assert CliRunner().invoke(cli, args).output == '{"head":{},"boolean":false}\n'
