"""Time `coopgraph site -o DIR` in fresh processes (the issue's bar: under 30 s here).

    python benchmarks/bench_site.py [--runs 3]

Prints each run's wall time and the median; the site goes to a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "coopgraph", "site", "-o", f"{folder}/site", "--quiet"],
                cwd=ROOT, check=True,
            )  # fmt: skip
            times.append(time.perf_counter() - started)
            print(f"run {run + 1}: {times[-1]:.1f} s", flush=True)
        pages = sum(1 for _ in Path(folder, "site").rglob("*.html"))
    print(f"median {statistics.median(times):.1f} s for {pages} pages ({args.runs} runs)")


if __name__ == "__main__":
    main()
