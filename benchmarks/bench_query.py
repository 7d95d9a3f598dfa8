"""Benchmarks for coopgraph's query path. Measures, never asserts; run by hand:

    python benchmarks/bench_query.py            # CLI wall time from fresh processes
    python benchmarks/bench_query.py --synthetic 100000   # rdflib vs Oxigraph on a synthetic graph

Timings depend on the machine; the closing notes of issues quote them with the command used.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

QUERY = ["query", "office-holders-on-date", "-p", "date=2016-07-08", "--format", "csv"]


def wall(argv: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def cli_timings(runs: int) -> None:
    python = sys.executable
    wall([python, "-m", "coopgraph", *QUERY], 1)  # warm the graph cache
    rows = [
        ("interpreter only", [python, "-c", "pass"]),
        ("import coopgraph.cli", [python, "-c", "import coopgraph.cli"]),
        ("coopgraph query (oxigraph)", [python, "-m", "coopgraph", *QUERY]),
        ("coopgraph query (rdflib)", [python, "-m", "coopgraph", *QUERY, "--engine", "rdflib"]),
        ("coopgraph validate", [python, "-m", "coopgraph", "validate"]),
    ]
    print(f"median wall time of {runs} fresh processes, graph cache warm:")
    for label, argv in rows:
        print(f"  {label:<28} {statistics.median(wall(argv, runs)):.3f} s")


SYNTHETIC_QUERIES = {
    "three-way join": """
        PREFIX ex: <http://example.org/>
        SELECT ?person ?office ?org WHERE {
          ?term ex:holder ?person . ?term ex:office ?office . ?office ex:postIn ?org .
          ?org ex:name "Organisation 7" }""",
    "optional + text filter": """
        PREFIX ex: <http://example.org/>
        SELECT ?person ?name ?end WHERE {
          ?term ex:holder ?person . ?person ex:name ?name .
          OPTIONAL { ?term ex:end ?end }
          FILTER(CONTAINS(?name, "99")) }""",
}


def synthetic_ntriples(size: int) -> str:
    lines, i = [], 0
    ex = "http://example.org/"
    while len(lines) < size:
        person, office, term, org = f"{ex}p{i}", f"{ex}o{i % 500}", f"{ex}t{i}", f"{ex}g{i % 50}"
        lines += [
            f"<{term}> <{ex}holder> <{person}> .",
            f"<{term}> <{ex}office> <{office}> .",
            f'<{person}> <{ex}name> "Person {i}" .',
            f"<{office}> <{ex}postIn> <{org}> .",
            f'<{org}> <{ex}name> "Organisation {i % 50}" .',
        ]
        if i % 3:
            lines.append(f'<{term}> <{ex}end> "20{i % 25:02d}-01-01" .')
        i += 1
    return "\n".join(lines[:size]) + "\n"


def engine_run(engine: str, size: int) -> None:
    """Child process: load the synthetic graph in one engine, time load and queries."""
    data = synthetic_ntriples(size)
    started = time.perf_counter()
    if engine == "rdflib":
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data=data, format="nt")

        def run(q: str) -> int:
            return len(list(graph.query(q)))
    else:
        import pyoxigraph

        store = pyoxigraph.Store()
        store.load(data.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)

        def run(q: str) -> int:
            return len(list(store.query(q)))  # type: ignore[arg-type]

    load = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {engine:<9} load {load:7.2f} s, peak RSS {peak_mb:7.0f} MB", end="")
    for label, text in SYNTHETIC_QUERIES.items():
        started = time.perf_counter()
        rows = run(text)
        print(f"; {label} {time.perf_counter() - started:.3f} s ({rows} rows)", end="")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--synthetic", type=int, metavar="TRIPLES")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        engine_run(args.engine, args.synthetic)
    elif args.synthetic:
        print(f"synthetic graph of {args.synthetic} triples:")
        for engine in ("oxigraph", "rdflib"):
            subprocess.run(
                [sys.executable, __file__, "--synthetic", str(args.synthetic), "--engine", engine],
                check=True,
            )
    else:
        cli_timings(args.runs)


if __name__ == "__main__":
    main()
