"""Loading is offline, refuses unsafe input, and names file and line on bad syntax."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coopgraph import InputError
from coopgraph.io.read import load_files


def test_load_graph_never_touches_the_network() -> None:
    # A fresh interpreter with an audit hook that fails on any socket use or URL open.
    probe = textwrap.dedent(
        """
        import sys
        def guard(event, args):
            if event.startswith(("socket.", "urllib.Request")) and event != "socket.__new__":
                raise RuntimeError(f"network access: {event} {args!r}")
        sys.addaudithook(guard)
        import coopgraph
        graph = coopgraph.open_graph()
        coopgraph.export_graph(graph, "jsonld")
        print(len(graph))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 5000


def test_audit_hook_would_catch_a_fetch(tmp_path: Path) -> None:
    # The same hook catches rdflib fetching a remote JSON-LD context, so the test above can fail.
    probe = textwrap.dedent(
        """
        import sys
        def guard(event, args):
            if event.startswith(("socket.", "urllib.Request")) and event != "socket.__new__":
                raise RuntimeError(f"network access: {event}")
        sys.addaudithook(guard)
        import rdflib
        doc = '{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "x"}'
        rdflib.Graph().parse(data=doc, format="json-ld")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert "network access" in result.stderr


def test_bad_turtle_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix a: <http://a/> .\na:x a:y a:z .\n\na:x a:y "open .\n')
    with pytest.raises(InputError, match=r"bad\.ttl line 4: cannot parse as turtle: "):
        load_files([bad])


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    with pytest.raises(InputError, match="DOCTYPE and ENTITY"):
        load_files([bomb])


def test_remote_jsonld_context_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{"@context": "https://schema.org/", "@id": "http://a/x", "name": "x"}')
    with pytest.raises(InputError, match="remote JSON-LD @context"):
        load_files([doc])


def test_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_files([tmp_path / "absent.ttl"])
    with pytest.raises(InputError, match="unknown RDF file type"):
        load_files([tmp_path / "data.csv"])


def test_trig_into_a_graph_keeps_its_triples(tmp_path: Path) -> None:
    trig = tmp_path / "named.trig"
    trig.write_text("<http://a/g> { <http://a/s> <http://a/p> <http://a/o> . }\n")
    assert len(load_files([trig])) == 1


def test_file_that_parses_to_nothing_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonld"
    empty.write_text('{"name": "no @context, so no triples"}')
    with pytest.raises(InputError, match="gave no triples"):
        load_files([empty])
    comments = tmp_path / "comments.ttl"
    comments.write_text("# nothing yet\n@prefix a: <http://a/> .\n")
    assert len(load_files([comments])) == 0


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    bom = tmp_path / "bom.ttl"
    bom.write_bytes(b"\xef\xbb\xbf<http://a/s> <http://a/p> <http://a/o> .\n")
    assert len(load_files([bom])) == 1


def test_ntriples_error_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s b> <http://a/p> "x" .\n')
    with pytest.raises(InputError, match=r"bad\.nt line 2: cannot parse as n-triples"):
        load_files([bad])


def test_a_folder_or_fifo_is_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        load_files([fifo])
