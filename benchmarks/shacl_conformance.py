"""Run the W3C SHACL test suite (core and SHACL-SPARQL) through coopgraph's validator.

    python benchmarks/shacl_conformance.py ../shared/test-suites/w3c-shacl [--verbose]

The folder holds tests/manifest.ttl, which includes the core and sparql manifests. Each
sht:Validate test names a data graph and a shapes graph; it passes when coopgraph's validator,
given only those shapes (no project shapes, no check queries), agrees with the expected report:
the same conforms flag and the same multiset of results, each compared by focus node, path,
severity, source shape and source constraint component (blank nodes compare equal to blank
nodes). A test expecting sht:Failure passes when the validator refuses to run (exit 2 or 3).
Prints pass/fail per test and the totals; exits 0 whatever the score (it measures), unless
--require N asks for at least N passes (.ci/run asks for all 121).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from coopgraph.errors import CoopgraphError  # noqa: E402
from coopgraph.graph import open_graph  # noqa: E402
from coopgraph.project import Project  # noqa: E402
from coopgraph.validation import Validator  # noqa: E402

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")
Key = tuple[str, str, str, str, str]


def manifests(path: Path) -> list[Path]:
    """The manifest and everything it includes, depth first."""
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    found = [path]
    for included in graph.objects(URIRef(path.as_uri()), MF.include):
        found += manifests(Path(str(included).removeprefix("file://")))
    return found


def tests_in(path: Path) -> list[tuple[str, Path, Path, Graph, object]]:
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    out = []
    for entries in graph.objects(URIRef(path.as_uri()), MF.entries):
        for test in Collection(graph, entries):
            if (test, RDF.type, SHT.Validate) not in graph:
                continue
            action = graph.value(test, MF.action)
            data = Path(str(graph.value(action, SHT.dataGraph)).removeprefix("file://"))
            shapes = Path(str(graph.value(action, SHT.shapesGraph)).removeprefix("file://"))
            name = str(test).split("/tests/", 1)[-1]
            out.append((name, data, shapes, graph, graph.value(test, MF.result)))
    return out


def term(value: object) -> str:
    """N-Triples text of an rdflib term, an Oxigraph term or an IRI string; "_:" for any
    blank node."""
    if value is None or value == "":
        return "-"
    if isinstance(value, BNode):
        return "_:"
    text = value.n3() if hasattr(value, "n3") else str(value)
    if text.startswith("_:"):
        return "_:"
    return text if text.startswith(("<", '"')) else f"<{text}>"


def expected_results(graph: Graph, report: object) -> tuple[bool, Counter[Key]]:
    conforms = graph.value(report, SH.conforms)
    results: Counter[Key] = Counter()
    for result in graph.objects(report, SH.result):
        results[
            (
                term(graph.value(result, SH.focusNode)),
                term(graph.value(result, SH.resultPath)),
                term(graph.value(result, SH.resultSeverity)),
                term(graph.value(result, SH.sourceShape)),
                term(graph.value(result, SH.sourceConstraintComponent)),
            )
        ] += 1
    return bool(conforms.toPython()) if conforms is not None else True, results


ENGINE = "pyshacl-turbo"


def actual_results(data: Path, shapes: Path) -> tuple[bool, Counter[Key]]:
    project = Project(ROOT)
    validator = Validator(project, shapes=[shapes], only_shapes=True, engine=ENGINE)
    graph = open_graph(data, shipped=False, project=project)
    report = validator.run(graph, fail_on="info")
    results: Counter[Key] = Counter()
    for f in report.findings:
        results[
            (
                term(f.focus),
                term(f.path),
                f"<{f.severity_iri}>",
                term(f.rule_iri),
                term(f.component),
            )
        ] += 1
    return report.conforms, results


def test_files(folder: Path) -> list[Path]:
    """The manifests, and test files in the suite's folders that no manifest includes (the
    published reports count sparql/component/nodeValidator-001, which its manifest omits)."""
    listed = manifests(folder / "tests" / "manifest.ttl")
    missed = [
        path
        for path in sorted((folder / "tests").rglob("*.ttl"))
        if path not in listed and "sht:Validate" in path.read_text(encoding="utf-8")
    ]
    for path in missed:
        print(f"note: {path.relative_to(folder)} is in no manifest; running it too")
    return listed + missed


def run(folder: Path, verbose: bool) -> int:
    passed, failed = [], []
    for manifest in test_files(folder):
        for name, data, shapes, graph, expected in tests_in(manifest):
            try:
                got = actual_results(data, shapes)
                error = None
            except CoopgraphError as exc:
                got, error = None, str(exc)
            if expected == SHT.Failure:
                ok = error is not None
                why = "" if ok else "expected the validator to refuse the shapes"
            elif error is not None:
                ok, why = False, f"refused: {error}"
            else:
                want = expected_results(graph, expected)
                ok = got == want
                why = "" if ok else f"expected {want}, got {got}"
            (passed if ok else failed).append(name)
            print(f"{'pass' if ok else 'FAIL'}  {name}")
            if verbose and not ok:
                print(f"      {why}")
    total = len(passed) + len(failed)
    core = sum(1 for n in passed if n.startswith("core/"))
    sparql = sum(1 for n in passed if n.startswith("sparql/"))
    print(f"passed {len(passed)} of {total} (core {core}, sparql {sparql})")
    return len(passed)


def main() -> None:
    global ENGINE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the w3c-shacl folder (holds tests/)")
    parser.add_argument("--verbose", action="store_true", help="say why a test failed")
    parser.add_argument(
        "--engine", default="pyshacl-turbo", help="SHACL Core engine (default: %(default)s)"
    )
    parser.add_argument(
        "--require", type=int, metavar="N", help="exit 1 when fewer than N tests pass (for CI)"
    )
    args = parser.parse_args()
    ENGINE = args.engine
    passed = run(args.folder.resolve(), args.verbose)
    if args.require is not None and passed < args.require:
        sys.exit(1)


if __name__ == "__main__":
    main()
