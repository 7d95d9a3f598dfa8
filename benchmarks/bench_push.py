"""Push synthetic graphs to server stores; time stored queries there and on the embedded engine.

    python benchmarks/bench_push.py [--triples 100000 1000000] [--runs 3] [--stores ...]

For each size, writes synthetic N-Triples in our vocabulary (benchmarks/synthetic.py) under a
temporary folder, opens it with the shipped graph, pushes that graph with `coopgraph.publish.push`
(Graph Store Protocol, --replace, count verified) to a fresh `oxigraph serve` and a fresh
Virtuoso (Debian's virtuoso-opensource, `dba` by Digest auth) on 127.0.0.1, then runs each query
of QUERIES with its example values through `run_stored(..., endpoint=...)`, the code path of
`coopgraph query --endpoint`, and on the embedded engine (the store already loaded; no answer
cache). Prints a Markdown table of medians; never fails on a slow figure.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' real servers: tests/servers.py, tests/virtuoso.py

import coopgraph  # noqa: E402
from coopgraph.publish.push import push  # noqa: E402
from coopgraph.query.catalogue import load_query  # noqa: E402
from coopgraph.query.run import run_stored  # noqa: E402
from tests.servers import oxigraph_server  # noqa: E402
from tests.virtuoso import DBA, virtuoso_server  # noqa: E402

QUERIES = [
    "office-holders-on-date",
    "members-of-both-on-date",
    "eu-members-not-in-nato-on-date",
    "was-member-on-date",
    "declarations",
    "membership-timeline",
]


def synthetic(folder: Path, triples: int) -> Path:
    path = folder / f"synthetic-{triples}.nt"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "synthetic.py"),
            "--triples",
            str(triples),
            "-o",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return path


def median_seconds(job: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@contextmanager
def oxigraph(folder: Path) -> Iterator[tuple[str, str, dict[str, object]]]:
    with oxigraph_server(folder / "oxigraph", data=b"") as base:
        yield base, f"{base}/query", {"store": "oxigraph"}


@contextmanager
def virtuoso(folder: Path) -> Iterator[tuple[str, str, dict[str, object]]]:
    (folder / "virtuoso").mkdir()
    with virtuoso_server(folder / "virtuoso") as base:
        options = {"store": "virtuoso", "auth": DBA, "named_graph": "https://w3id.org/coopgraph/g"}
        yield base, f"{base}/sparql", options


STORES: dict[str, Callable[[Path], AbstractContextManager[tuple[str, str, dict[str, object]]]]] = {
    "oxigraph": oxigraph,
    "virtuoso": virtuoso,
}


def bench(triples: int, stores: list[str], runs: int) -> list[list[str]]:
    rows = []
    queries = [load_query(name, coopgraph.find_project().queries_dir) for name in QUERIES]
    with tempfile.TemporaryDirectory(prefix="coopgraph-push-") as tmp:
        folder = Path(tmp)
        data = synthetic(folder, triples)
        started = time.perf_counter()
        graph = coopgraph.open_graph(data)
        load = time.perf_counter() - started
        local = [
            median_seconds(lambda q=q: run_stored(q, q.example_values(), graph=graph), runs)
            for q in queries
        ]
        rows.append(
            [
                f"{len(graph):,}",
                "embedded (pyoxigraph)",
                f"load {load:.1f} s",
                *[f"{t * 1000:.0f}" for t in local],
            ]
        )
        for name in stores:
            with STORES[name](folder) as (base, query_url, options):
                report = push(graph, base, replace=True, **options)  # type: ignore[arg-type]
                remote = [
                    median_seconds(
                        lambda q=q: run_stored(q, q.example_values(), endpoint=query_url), runs
                    )
                    for q in queries
                ]
                rows.append(
                    [
                        f"{report.pushed:,}",
                        name,
                        f"push {report.seconds:.1f} s ({report.requests} requests)",
                        *[f"{t * 1000:.0f}" for t in remote],
                    ]
                )
            print(f"  {triples}: {name} done", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stores", nargs="+", choices=list(STORES), default=list(STORES))
    args = parser.parse_args()
    header = ["triples", "where", "load or push", *[f"`{q}` ms" for q in QUERIES]]
    rows = [row for size in args.triples for row in bench(size, args.stores, args.runs)]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
