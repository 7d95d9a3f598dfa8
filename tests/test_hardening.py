"""Regressions of the adversarial pass (issue 11): each numbered finding, reproduced as it was
reported, now ends in a one-line error with its documented exit code, or in the right answer.
Remote faults live in test_remote_faults.py, binding properties in test_binding_properties.py."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import coopgraph
from coopgraph.cli import INTERNAL_ERROR, CoopgraphGroup, cli
from coopgraph.query.catalogue import parse_query_text
from coopgraph.query.run import run_stored

from .conftest import ROOT, run_coopgraph
from .servers import oxigraph_server

LIST = """#+ summary: Echo a list of strings
#+ params:
#+   language: {type: [string], required: true, example: [fr]}
SELECT ?language
WHERE { }
"""


def one_line_error(output: str) -> str:
    lines = [line for line in output.strip().splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    assert "Traceback" not in output
    return lines[0]


# 1. Injection through list-typed string parameters ----------------------------------------


def test_item_1_list_values_ending_in_backslash_quote_stay_values(
    tmp_path: Path, cgraph: coopgraph.Graph
) -> None:
    query = parse_query_text(LIST, tmp_path / "echo.rq")
    values = ['x\n\\"', "} FILTER(false) #"]
    with oxigraph_server(tmp_path / "store") as base:
        answers = [
            run_stored(query, {"language": values}, graph=cgraph, engine="oxigraph"),
            run_stored(query, {"language": values}, graph=cgraph, engine="rdflib"),
            run_stored(query, {"language": values}, endpoint=f"{base}/query"),
        ]
    for answer in answers:
        assert sorted(row[0].value for row in answer.rows) == sorted(values)  # type: ignore[union-attr]


def test_item_1_the_reported_command_line_returns_rows(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["query", "state-names", "-p", 'language=x\n\\"', "-p", "language=} FILTER(false) #",
         "--format", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "state,stateLabel,item,language,name"
    # Without a snapshot the query has nothing to join; with the values bound as text it runs
    # (no parse error, no injected FILTER): the header and no error.
    assert "Error" not in result.output


# 3. A damaged answer cache gives a miss, never an empty or wrong answer ----------------------


def test_item_3_a_damaged_answer_cache_is_a_miss(tmp_path: Path) -> None:
    env_dir = tmp_path / "cache"
    args = ["query", "office-holders-on-date", "-p", "date=2016-07-08", "--format", "csv"]
    first = run_coopgraph(*args, env={"COOPGRAPH_CACHE_DIR": str(env_dir)})
    assert first.returncode == 0 and b"Stoltenberg" in first.stdout
    entries = list((env_dir / "results").glob("*.json"))
    assert entries
    for entry in entries:  # keep valid JSON, but empty the answer: the digest no longer fits
        stored = json.loads(entry.read_text())
        payload = json.loads(stored["payload"])
        payload["solutions"] = json.dumps({"head": {"vars": []}, "results": {"bindings": []}})
        stored["payload"] = json.dumps(payload)
        entry.write_text(json.dumps(stored))
    again = run_coopgraph(*args, env={"COOPGRAPH_CACHE_DIR": str(env_dir)})
    assert again.returncode == 0 and again.stdout == first.stdout
    for entry in (env_dir / "results").glob("*.json"):
        entry.write_bytes(b"\x00\xff garbage")
    third = run_coopgraph(*args, env={"COOPGRAPH_CACHE_DIR": str(env_dir)})
    assert third.returncode == 0 and third.stdout == first.stdout


# 6. No traceback, and exit 1 only for data that failed a check -----------------------------


@pytest.mark.parametrize(
    "args",
    [
        [b"query", b"office-holders-on-date", b"-p", b"date=2016-07-\xff"],
        [b"sparql", b"SELECT * WHERE { ?s ?p \xff }"],
        [b"sparql", b"ASK {}", b"--endpoint", b"http://127.0.0.1:9/\xff"],
    ],
)
@pytest.mark.slow
def test_item_6_bytes_that_are_not_utf8_are_a_usage_error(args: list[bytes]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coopgraph", *args], capture_output=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 2
    assert "not valid UTF-8" in one_line_error(result.stderr.decode())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("space.ttl", b"<http://ex.org/a b> <http://ex.org/p> 1 .\n", "cannot parse"),
        ("nested.jsonld", b"[" * 50_000 + b"]" * 50_000, "nested"),
        ("binary.ttl", b"\xff\xfe\x00\x01", "not UTF-8"),
    ],
)
def test_item_6_bad_data_files_exit_3_in_validate(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run_coopgraph("validate", str(path))
    assert result.returncode == 3
    assert message in one_line_error(result.stderr.decode())


def test_item_6_a_symlink_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.ttl"
    link.symlink_to("/dev/zero")
    result = run_coopgraph("validate", str(link))
    assert result.returncode == 3
    assert "not a regular file" in one_line_error(result.stderr.decode())


@pytest.mark.parametrize(
    "content", [b"5\n", b"\x00\xff\xfe", b"- {rule: r, focus: f, reason: x, expires: 2020-13-45}\n"]
)
def test_item_6_a_malformed_waivers_file_exits_3(tmp_path: Path, content: bytes) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_bytes(content)
    result = run_coopgraph("validate", "--waivers", str(waivers))
    assert result.returncode == 3, result.stderr
    assert str(waivers) in one_line_error(result.stderr.decode())


def test_item_6_an_unexpected_error_is_one_line_and_exit_70_with_debug_for_more() -> None:
    import click

    @click.group(cls=CoopgraphGroup)
    @click.option("--debug", is_flag=True)
    def group(debug: bool) -> None:
        pass

    @group.command()
    def broken() -> None:
        raise KeyError("internal slip")

    CoopgraphGroup_commands = {"broken": broken}
    group.get_command = lambda ctx, name: CoopgraphGroup_commands.get(name)  # type: ignore[method-assign]
    result = CliRunner().invoke(group, ["broken"])
    assert result.exit_code == INTERNAL_ERROR
    line = one_line_error(result.output)
    assert "KeyError" in line and "--debug" in line
    debug = CliRunner().invoke(group, ["--debug", "broken"])
    assert isinstance(debug.exception, KeyError)


# 8. No litter: SIGTERM during an export leaves no temporary file ------------------------------


@pytest.mark.slow
def test_item_8_sigterm_during_export_leaves_no_temporary_file(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    project = tmp_path / "project"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, project / folder)
    synthetic.write(project / "data" / "big.ttl", 300_000, seed=2)  # a long write
    out = tmp_path / "out" / "graph.ttl"
    out.parent.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "coopgraph", "--project", str(project), "export", "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not list(out.parent.glob(".graph.ttl.*.tmp")):  # the write has begun
        assert process.poll() is None, "export ended before its temporary file was seen"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert sorted(os.listdir(out.parent)) == []


# 9. Small contract breaks --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["coopid:finland\n", "http://example.org/a\x7fb"])
def test_item_9_an_iri_with_a_control_character_is_refused(value: str) -> None:
    result = CliRunner().invoke(cli, ["query", "external-identifiers", "-p", f"entity={value}"])
    assert result.exit_code == 2
    assert "not an IRI" in one_line_error(result.output)


def test_item_9_a_missing_waivers_file_exits_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", "--waivers", str(tmp_path / "none.yaml")])
    assert result.exit_code == 3
    assert "no such waivers file" in one_line_error(result.output)


@pytest.mark.parametrize("fmt", ["nt", "jsonld"])
def test_item_9_blank_nodes_in_the_data_export_the_same_every_run(tmp_path: Path, fmt: str) -> None:
    project = tmp_path / "project"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "data" / "blank.ttl").write_text(
        "@prefix ex: <http://example.org/> .\n"
        "ex:a ex:p [ ex:q 1 ; ex:r [ ex:s 2 ] ] , [ ex:q 3 ] .\n"
        "ex:b ex:p [ ex:q 1 ] .\n"
    )
    runs = [
        run_coopgraph("--project", str(project), "export", "--format", fmt, hash_seed=seed)
        for seed in ("1", "2")
    ]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert b"_:" in runs[0].stdout or b'"@id": "_:' in runs[0].stdout


# Findings of a second adversarial pass (after the fixes above) -------------------------------


def test_a_long_blank_node_chain_exports_quickly_and_the_same_every_time(tmp_path: Path) -> None:
    chain = tmp_path / "chain.nt"
    chain.write_text("".join(f"_:b{i} <http://x/p> _:b{i + 1} .\n" for i in range(2000)))
    query = ["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--data", str(chain)]
    started = time.monotonic()
    runs = [CliRunner().invoke(cli, [*query, "--format", "nt", "--no-cache"]) for _ in range(2)]
    assert time.monotonic() - started < 20
    assert runs[0].exit_code == 0 and runs[0].output == runs[1].output
    assert runs[0].output.count("\n") >= 2000


def test_an_error_page_cut_short_is_a_remote_failure() -> None:
    from .servers import faulty_front

    def behaviour(handler: object, number: int) -> None:
        handler.wfile.write(  # type: ignore[attr-defined]
            b"HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc"
        )

    with faulty_front(behaviour) as (url, _):
        result = CliRunner().invoke(cli, ["sparql", "ASK {}", "--endpoint", url, "--timeout", "5"])
    assert result.exit_code == 4 and "HTTP 500" in one_line_error(result.output)


def test_a_content_length_with_a_plus_sign_is_still_checked() -> None:
    from .servers import faulty_front

    body = b'{"head": {}, "boolean": true}'

    def behaviour(handler: object, number: int) -> None:
        handler.wfile.write(  # type: ignore[attr-defined]
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
            b"Content-Length: +500\r\nConnection: close\r\n\r\n" + body
        )

    with faulty_front(behaviour) as (url, _):
        result = CliRunner().invoke(cli, ["sparql", "ASK {}", "--endpoint", url])
    assert result.exit_code == 5


@pytest.mark.parametrize(
    "text",
    ["SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000,
     "SELECT * WHERE { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }"],
)  # fmt: skip
def test_a_deeply_nested_query_is_refused_not_a_crash(tmp_path: Path, text: str) -> None:
    query = tmp_path / "deep.rq"
    query.write_text(text)
    result = run_coopgraph("sparql", "-f", str(query))
    assert result.returncode == 2
    assert "nests groups or brackets" in one_line_error(result.stderr.decode())


def test_query_files_and_stdin_are_read_like_data_files(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.rq"
    os.mkfifo(fifo)
    result = run_coopgraph("sparql", "-f", str(fifo))
    assert result.returncode == 3 and "not a regular file" in one_line_error(result.stderr.decode())
    piped = subprocess.run(
        [sys.executable, "-m", "coopgraph", "sparql", "-"],
        input=b"SELECT * WHERE { ?s ?p ?o } \xff\xfe", capture_output=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert piped.returncode == 3 and "not UTF-8" in one_line_error(piped.stderr.decode())


@pytest.mark.parametrize(
    "line",
    ['<http://x/a> <http://x/p> <<( <http://x/s> <http://x/p> <http://x/o> )>> .\n',
     '<http://x/a> <http://x/p> "x"@en--ltr .\n'],
)  # fmt: skip
@pytest.mark.parametrize("args", [["validate"], ["validate", "--engine", "pyshacl"]])
def test_rdf_1_2_data_in_validate_is_exit_3(tmp_path: Path, line: str, args: list[str]) -> None:
    data = tmp_path / "rdf12.nt"
    data.write_text(line)
    result = CliRunner().invoke(cli, [*args, str(data)])
    assert result.exit_code == 3, result.output
    assert "RDF 1.2" in one_line_error(result.output)


def test_rdf_1_2_data_with_the_rdflib_engine_is_exit_3(tmp_path: Path) -> None:
    data = tmp_path / "rdf12.nt"
    data.write_text("<http://x/a> <http://x/p> <<( <http://x/s> <http://x/p> <http://x/o> )>> .\n")
    args = ["sparql", "ASK { ?s ?p ?o }", "--engine", "rdflib", "--data", str(data)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3 and "RDF 1.2" in one_line_error(result.output)


@pytest.mark.parametrize(
    "content",
    [b"- {rule: r, focus: f, reason: x, expires: 2020-01-01 10:00:00}\n",
     b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     b"- {rule: *d, focus: f, reason: x, expires: 2030-01-01}\n",
     b"- {rule: [1, 2], focus: f, reason: x, expires: 2030-01-01}\n"],
)  # fmt: skip
def test_waivers_with_a_time_or_a_structure_for_text_exit_3(tmp_path: Path, content: bytes) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_bytes(content)
    result = CliRunner().invoke(cli, ["validate", "--waivers", str(waivers)])
    assert result.exit_code == 3, result.output


def test_digits_of_other_scripts_are_not_a_decimal() -> None:
    from coopgraph.query.params import ParamSpec, parse_value

    with pytest.raises(coopgraph.UsageError):
        parse_value(ParamSpec("d", "xsd:decimal"), "١٢٣.٤")


def test_a_json_ld_file_with_a_repeated_context_key_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "twice.jsonld"
    data.write_text('{"@context": "http://127.0.0.1:9/c", "@context": {}, "@id": "http://x/a"}')
    result = run_coopgraph("validate", str(data))
    assert result.returncode == 3 and "remote JSON-LD @context" in result.stderr.decode()


@pytest.mark.slow
def test_ctrl_c_exits_130_not_the_code_of_failed_data() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "coopgraph", "sparql", "-"], stdin=subprocess.PIPE, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    time.sleep(1.5)  # it is waiting for the query on standard input
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
