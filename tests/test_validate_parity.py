"""Our validator agrees with pySHACL on every target kind and every constraint component the
project's shapes use, SHACL-SPARQL included, and refuses what it cannot evaluate (exit 2)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from coopgraph.cli import cli
from coopgraph.graph import Graph as Graph_
from coopgraph.graph import open_graph
from coopgraph.validation import Validator
from coopgraph.validation.shacl_sparql import _batch_template, run_constraints

from .conftest import PROJECT

PARITY = Path(__file__).parent / "data" / "parity"
Key = tuple[str, str, str, str, str]


def text(term: object) -> str:
    return "-" if term is None else str(getattr(term, "value", term))


def pyshacl_results() -> Counter[Key]:
    data = Graph().parse(PARITY / "data.ttl")
    shapes = Graph().parse(PARITY / "shapes.ttl")
    _, report, _ = shacl_validate(
        data, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True
    )
    root = next(report.subjects(RDF.type, SH.ValidationReport))
    found: Counter[Key] = Counter()
    for result in report.objects(root, SH.result):
        path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        found[(
            text(report.value(result, SH.focusNode)),
            "_:" if path is not None and not str(path).startswith("http") else text(path),
            text(report.value(result, SH.resultSeverity)),
            text(shape) if str(shape).startswith("http") else "_:",
            text(report.value(result, SH.sourceConstraintComponent)),
        )] += 1  # fmt: skip
    return found


def our_results() -> Counter[Key]:
    validator = Validator(PROJECT, shapes=[PARITY / "shapes.ttl"], only_shapes=True)
    report = validator.run(open_graph(PARITY / "data.ttl", shipped=False, project=PROJECT),
                           fail_on="info")  # fmt: skip
    found: Counter[Key] = Counter()
    for f in report.findings:
        path = "_:" if f.path is not None and not text(f.path).startswith("http") else text(f.path)
        shape = f.rule_iri if f.rule_iri.startswith("http") else "_:"
        found[(text(f.focus), path, f.severity_iri, shape, f.component)] += 1
    return found


def test_every_target_kind_and_component_matches_pyshacl() -> None:
    ours, theirs = our_results(), pyshacl_results()
    components = {key[4].rsplit("#", 1)[-1] for key in theirs}
    # The planted data really exercises what it claims to.
    assert {"SPARQLConstraintComponent", "MinCountConstraintComponent", "ClassConstraintComponent",
            "DatatypeConstraintComponent", "UniqueLangConstraintComponent", "InConstraintComponent",
            "NodeConstraintComponent", "NotConstraintComponent", "MinInclusiveConstraintComponent",
            "MaxCountConstraintComponent", "OrConstraintComponent"} <= components  # fmt: skip
    focus_of_sparql = {key[0].rsplit("#", 1)[-1] for key in theirs if "SPARQL" in key[4]}
    assert {"bob", "bridge", "ghost", "tunnel", "dora"} <= focus_of_sparql
    assert ours == theirs


def write(tmp_path: Path, select: str, extra: str = "") -> Path:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix ex: <http://example.org/parity#> .\n"
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:leads ; {extra}\n"
        f'    sh:sparql [ sh:select """{select}""" ] .\n'
    )
    return shapes


def validate_cli(shapes: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["validate", str(PARITY / "data.ttl"), "--shapes", str(shapes), "--only-shapes"]
    )
    return result.exit_code, result.output


def test_target_subjects_of_in_a_sparql_constraint_finds_the_violation(tmp_path: Path) -> None:
    shapes = write(
        tmp_path,
        "SELECT $this WHERE { $this <http://example.org/parity#leads> ?p . "
        "FILTER NOT EXISTS { ?p a <http://example.org/parity#Project> } }",
    )
    code, output = validate_cli(shapes)
    assert code == 1, output
    assert "VIOLATION S (2)" in output and "parity#bob>" in output and "parity#dora>" in output


def test_unsupported_sparql_exits_2_naming_the_shape(tmp_path: Path) -> None:
    minus = write(tmp_path, "SELECT $this WHERE { $this ?p ?o . MINUS { $this ?p 1 } }")
    code, output = validate_cli(minus)
    assert code == 2
    assert output.count("\n") == 1 and "parity#S" in output and "MINUS" in output
    custom = write(tmp_path, "SELECT $this WHERE { }", extra="sh:target [ a ex:Custom ] ;")
    code, output = validate_cli(custom)
    assert code == 2 and "sh:target" in output


def test_only_shapes_needs_shapes() -> None:
    result = CliRunner().invoke(cli, ["validate", "--only-shapes"])
    assert result.exit_code == 2 and "--shapes" in result.output


def core_results(engine: str, files: list[Path]) -> Counter[Key]:
    validator = Validator(PROJECT, engine=engine)
    graph = open_graph(PROJECT.ontology, *files, shipped=False, project=PROJECT)
    found: Counter[Key] = Counter()
    for f in validator.run(graph, fail_on="info").findings:
        path = f.path_text or text(f.path)
        found[(text(f.focus), path, f.severity_iri, f.rule_iri, f.component)] += 1
    return found


@pytest.mark.slow  # waits or spawns for seconds; .ci/run runs it
def test_default_engine_agrees_with_pyshacl_on_every_invalid_example() -> None:
    # All 175 examples at once on each engine: the same focus nodes, paths, severities, shapes
    # and components, result for result.
    examples = sorted((Path(__file__).parent / "data" / "invalid").glob("*.ttl"))
    files = [Path(__file__).parent / "data" / "valid" / "base.ttl", *examples]
    fast, reference = core_results("pyshacl-turbo", files), core_results("pyshacl", files)
    assert len(reference) > 150
    missing, extra = reference - fast, fast - reference
    assert not missing and not extra, {
        "only pySHACL": sorted(key[3].rsplit("#", 1)[-1] for key in missing),
        "only the default engine": sorted(key[3].rsplit("#", 1)[-1] for key in extra),
    }


def load_synthetic() -> ModuleType:
    """benchmarks/synthetic.py, the generator the scale benchmarks use (not a package)."""
    path = Path(__file__).parent.parent / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("coopgraph_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and annotations look the module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_default_engine_agrees_with_pyshacl_on_synthetic_data_with_planted_violations(
    tmp_path: Path,
) -> None:
    # Generated data in our vocabulary, checked with the project's graph: both engines give the
    # same results, and every planted violation is found by its rule and nothing else fails.
    synthetic = load_synthetic()
    data = tmp_path / "synthetic.nt"
    planted: dict[str, str] = {}
    synthetic.write(data, 4000, seed=3, violations=21, planted=planted)
    files = [*PROJECT.files(), data]
    fast, reference = core_results("pyshacl-turbo", files), core_results("pyshacl", files)
    assert fast == reference, {
        "only pySHACL": sorted(key[3].rsplit("#", 1)[-1] for key in reference - fast),
        "only the default engine": sorted(key[3].rsplit("#", 1)[-1] for key in fast - reference),
    }
    graph = open_graph(*files, shipped=False, project=PROJECT)
    findings = Validator(PROJECT).run(graph, fail_on="info").findings
    violations = {(text(f.focus), f.rule) for f in findings if f.severity == "violation"}
    expected = {(focus, synthetic.PLANTED_KINDS[kind]) for focus, kind in planted.items()}
    assert len(expected) == 21 and violations == expected


def sparql_results(validator: Validator, graph: Graph_, batch: bool) -> Counter[tuple[str, ...]]:
    results = run_constraints(validator.shapes, graph.store, validator.constraints, batch=batch)
    return Counter(
        (text(r.shape), text(r.focus), text(r.path), text(r.value), r.message) for r in results
    )


def test_batched_sparql_constraints_answer_as_pre_binding_each_focus_node() -> None:
    # Each SHACL-SPARQL rule's invalid example (with the valid base it extends): one run per
    # constraint with a VALUES block of focus nodes gives exactly the results of one
    # pre-bound run per focus node, and the example's rule is among them.
    folder = Path(__file__).parent / "data"
    validator = Validator(PROJECT)
    rules = [text(c.shape).rsplit("#", 1)[-1] for c in validator.constraints]
    assert len(rules) == 18
    for rule in rules:
        files = [folder / "valid" / "base.ttl", folder / "invalid" / f"{rule}.ttl"]
        graph = open_graph(PROJECT.ontology, *files, shipped=False, project=PROJECT)
        batched = sparql_results(validator, graph, True)
        per_node = sparql_results(validator, graph, False)
        assert batched == per_node, rule
        assert any(key[0].endswith("#" + rule) for key in per_node), rule


@pytest.mark.parametrize(
    ("where", "batched"),
    [
        ("{ $this ex:p ?value . FILTER NOT EXISTS { $this ex:q ?value } }", True),
        ("{ $this ex:p ?value . FILTER (?value != $this) }", True),
        ("{ ?value ex:p ?x . OPTIONAL { $this ex:q ?x } }", False),  # OPTIONAL runs first
        ("{ { $this ex:p ?value } UNION { $this ex:q ?value } }", False),
        ("{ $this ex:p ?value . FILTER EXISTS { { ?value ex:q $this } } }", False),
        ("{ $this ex:p ?value } LIMIT 1", False),  # one row in all, not one per node
        ("{ $this ex:p ?value } GROUP BY $this ?value", False),
    ],
)
def test_only_queries_where_a_join_equals_pre_binding_are_batched(
    where: str, batched: bool
) -> None:
    query = f"PREFIX ex: <http://example.org/>\nSELECT $this ?value WHERE {where}"
    assert (_batch_template(query) is not None) is batched


def test_a_url_ending_in_a_newline_fails_on_both_engines(tmp_path: Path) -> None:
    # A pattern's "$" matches before a final newline in Python (pySHACL) but not in Rust.
    data = tmp_path / "newline.ttl"
    data.write_text(
        "@prefix coop: <https://w3id.org/coopgraph/ontology#> .\n"
        "@prefix coopid: <https://w3id.org/coopgraph/id/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'coopid:test-source-registry coop:url "https://example.org/a\\n"^^xsd:anyURI .\n'
    )
    files = [Path(__file__).parent / "data" / "valid" / "base.ttl", data]
    fast, reference = core_results("pyshacl-turbo", files), core_results("pyshacl", files)
    assert fast == reference
    assert {key[3].rsplit("#", 1)[-1] for key in fast} == {"SourceDocument-url"}


@pytest.mark.parametrize("engine", ["pyshacl-turbo", "pyshacl"])
def test_a_shape_that_names_a_day_bound_sees_the_bounds(tmp_path: Path, engine: str) -> None:
    # The day bounds added at load are left out of SHACL Core's input only when no shape
    # names them: a shape about coop:startEarliestDay sees every term's bound.
    shapes = tmp_path / "bounds.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix coop: <https://w3id.org/coopgraph/ontology#> .\n"
        "<http://example.org/NoBound> a sh:NodeShape ; sh:targetClass coop:TermOfOffice ;\n"
        "    sh:property [ sh:path coop:startEarliestDay ; sh:maxCount 0 ] .\n"
    )
    validator = Validator(PROJECT, shapes=[shapes], only_shapes=True, engine=engine)
    graph = open_graph(*PROJECT.files(), shipped=False, project=PROJECT)
    focus = {text(f.focus) for f in validator.run(graph, fail_on="info").findings}
    assert "https://w3id.org/coopgraph/id/term-tusk-euco" in focus
