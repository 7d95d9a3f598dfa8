"""Time every check query on synthetic data of growing size, and how each grows per doubling.

    python benchmarks/bench_checks.py [--sizes 50000 100000 200000 400000] [--seed 1]
        [--density 70] [--runs 5] [--budget 30] [--only WORD ...] [--rev REV]

For each size, ``benchmarks/synthetic.py`` writes that many synthetic triples into a temporary
folder, with ``--density`` planted violations per 100,000 triples (70 by default: ten of each of
the seven kinds at 100k), so that the planted resources grow with the data like the rest of it;
the planted presentations and signatures are the rows that the two held-office checks read. The
data is loaded the way coopgraph loads it: ``ontology/coopgraph.ttl`` then the data, through
``coopgraph.graph.open_graph`` (so the day bounds of coarse dates are added). Each check query
(``queries/checks/*-violation.rq``, or the same files at git revision ``--rev``, to measure an
older version) then runs with ``graph.store.query`` and every row is read. The stores stay loaded
and the queries run in ``--runs`` rounds over all sizes (a slow spell of the machine then falls on
every size alike), and the fastest run counts; a query whose round took over ``--budget`` seconds
is not run again, at any size, so that every size of a query gets as many runs.

The table gives the seconds per size, the rows at the largest size and the growth per doubling:
the worst ratio of the times at two consecutive sizes, taken to the power 1 / log2 of the ratio of
the sizes (the plain ratio when each size doubles the last). Times under ``--floor`` seconds are
raised to it first, so that milliseconds of noise do not count as growth. Growth above 2.3 (issue
10: every check query within 2.3x per doubling) is marked with ``<<``. The first row reads every
triple of the store: linear work, whose growth is what the machine and the store add to any query
as the data outgrows the processor's caches (on the 2-core machine of issue 10, with 32 MiB of L3
cache, it grew 2.2x to 2.4x per doubling from run to run). Measures only; exits 0.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "queries" / "checks"
LIMIT = 2.3  # growth per doubling allowed by issue 10
# Not a check: every triple of the store read, as the checks' rows are. Work that is linear by
# construction, so its growth shows what the machine and the store add to linear work.
REFERENCE = ("(reference: every triple)", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")


def check_texts(rev: str | None, only: list[str]) -> dict[str, str]:
    """Check name -> query text, from the working tree or from git revision ``rev``."""
    texts = {}
    for path in sorted(CHECKS.glob("*-violation.rq")):
        name = path.name.removesuffix(".rq")
        if only and not any(word in name for word in only):
            continue
        if rev is None:
            texts[name] = path.read_text(encoding="utf-8")
            continue
        shown = subprocess.run(
            ["git", "show", f"{rev}:{path.relative_to(ROOT).as_posix()}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if shown.returncode == 0:
            texts[name] = shown.stdout
        else:
            print(f"{name}: not in {rev}, skipped", file=sys.stderr)
    return texts


def growth(seconds: list[float], sizes: list[int], floor: float) -> float:
    """The worst growth per doubling between consecutive sizes."""
    worst = 0.0
    for (t1, n1), (t2, n2) in zip(
        zip(seconds, sizes, strict=True), zip(seconds[1:], sizes[1:], strict=True), strict=False
    ):
        ratio = max(t2, floor) / max(t1, floor)
        worst = max(worst, ratio ** (1 / math.log2(n2 / n1)))
    return worst


def size_label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[50_000, 100_000, 200_000, 400_000],
        help="synthetic triples per run, ascending (default 50000 100000 200000 400000)",
    )
    parser.add_argument("--seed", type=int, default=1, help="synthetic data seed (default 1)")
    parser.add_argument(
        "--density",
        type=int,
        default=70,
        help="planted violations per 100,000 triples (default 70; 0 for none)",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per query, fastest counts")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="seconds of one round of a query (all sizes) above which it is not run again",
    )
    parser.add_argument(
        "--floor", type=float, default=0.01, help="seconds below which times count as equal"
    )
    parser.add_argument("--only", nargs="+", default=[], help="checks whose name has a WORD")
    parser.add_argument("--rev", help="time the check queries of this git revision instead")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))

    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.path.insert(0, str(ROOT / "src"))
    import synthetic

    from coopgraph.graph import Graph, open_graph
    from coopgraph.project import Project

    texts = dict([REFERENCE]) | check_texts(args.rev, args.only)
    project = Project(ROOT)
    graphs: dict[int, Graph] = {}
    with tempfile.TemporaryDirectory(prefix="coopgraph-bench-checks-") as folder:
        for size in sizes:
            data = Path(folder) / f"synthetic-{size}.nt"
            synthetic.write(data, size, args.seed, round(size * args.density / 100_000))
            started = time.perf_counter()
            graphs[size] = open_graph(project.ontology, data, project=project, shipped=False)
            loaded = time.perf_counter() - started
            print(
                f"{size_label(size)}: {len(graphs[size])} triples in the store (ontology, data, "
                f"day bounds), loaded in {loaded:.1f} s",
                file=sys.stderr,
            )

    # Round after round over every size, so that a slow spell of the machine falls on all sizes
    # alike rather than on the size measured at the time; the fastest run counts. A query whose
    # round took over --budget seconds is not run again, at any size: every size of a query gets
    # the same number of runs, since the fastest of five is faster than one run.
    best = {(name, size): math.inf for name in texts for size in sizes}
    rows: dict[str, int] = {}
    repeat = set(texts)
    for _ in range(args.runs):
        for name, text in texts.items():
            if name not in repeat:
                continue
            round_started = time.perf_counter()
            for size in sizes:
                started = time.perf_counter()
                found = sum(1 for _ in graphs[size].store.query(text))
                elapsed = time.perf_counter() - started
                best[name, size] = min(best[name, size], elapsed)
                if size == sizes[-1]:
                    rows[name] = found
                print(f"  {name} at {size_label(size)}: {elapsed:.3f} s", file=sys.stderr)
            if time.perf_counter() - round_started > args.budget:
                repeat.discard(name)
    seconds = {name: [best[name, size] for size in sizes] for name in texts}

    source = f"git revision {args.rev}" if args.rev else "the working tree"
    print(f"\nCheck queries of {source}; seconds (fastest of up to {args.runs} runs) per size:")
    width = max((len(name) for name in texts), default=5)
    header = f"{'query':<{width}}" + "".join(f"{size_label(n):>10}" for n in sizes)
    print(header + f"{'rows':>10}{'growth':>9}")
    for name, times in seconds.items():
        factor = growth(times, sizes, args.floor)
        mark = "  <<" if factor > LIMIT else ""
        cells = "".join(f"{t:>10.3f}" for t in times)
        print(f"{name:<{width}}{cells}{rows[name]:>10}{factor:>8.2f}x{mark}")
    print(
        f"growth: the worst ratio per doubling between consecutive sizes (times under "
        f"{args.floor} s taken as {args.floor} s); << marks growth above {LIMIT}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
