"""Validation at scale: `coopgraph validate` on synthetic data, against an engine alone.

    python benchmarks/bench_validate.py [--triples 100000 1000000] [--runs 3]
                                        [--engine pyshacl-turbo]

For each size, synthetic data in our vocabulary (benchmarks/synthetic.py, clean but for 30
planted violations) is validated in a fresh process by `coopgraph validate FILE --with-graph`
(the project's graph + file, every project shape and check query); wall time, peak memory and
how many results were reported are printed (42: the 30 planted and the shipped graph's own 2
warnings and 10 infos). When shacl-rust is installed (`pip install shacl-rust`; not a
dependency: it reports false violations on literals checked through sh:node), the same data,
with the project's files, and the core shapes are also given to it alone, the yardstick of
issue 10 ("at most 2x the fastest Rust engine alone"). Measures; never fails.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from coopgraph.project import Project

ROOT = Path(__file__).resolve().parent.parent
RUST_ALONE = """
import sys, shacl_rust
shacl_rust.validate_file(sys.argv[1], sys.argv[2])
"""


def timed(
    argv: list[str], env: dict[str, str], output: Path | None = None
) -> tuple[float, float, int]:
    """Wall time, peak memory in MB and exit code of a fresh process. The peak is the largest
    sum of the resident memory of the process and its children, sampled every 20 ms
    (validation may fork a worker): not the largest single process."""
    started = time.perf_counter()
    stdout = output.open("wb") if output else subprocess.DEVNULL
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=stdout)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    peak_kb = max(peak[0], usage.ru_maxrss)
    return time.perf_counter() - started, peak_kb / 1024, os.waitstatus_to_exitcode(status)


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in kB (0 for processes gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        pending += [int(child) for child in children]
    return total


def median_run(
    runs: int, argv: list[str], env: dict[str, str], output: Path | None = None
) -> tuple[float, float, int]:
    """The run with the median wall time of ``runs`` runs of :func:`timed`."""
    results = sorted((timed(argv, env, output) for _ in range(runs)), key=lambda r: r[0])
    return results[len(results) // 2]


def core_shapes(folder: Path) -> Path:
    """The project's shapes without their sh:sparql constraints, as one N-Triples file."""
    from coopgraph.validation import Validator

    path = folder / "core-shapes.nt"
    Validator(Project(ROOT)).core_shapes.serialize(path, format="nt", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--engine", default="pyshacl-turbo")
    parser.add_argument("--violations", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="median of this many (default 3)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    try:
        import shacl_rust  # noqa: F401

        rust = True
    except ImportError:
        rust = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shapes = core_shapes(folder) if rust else None
        print(f"coopgraph validate --engine {args.engine}, fresh processes:")
        for size in args.triples:
            data = folder / f"synthetic-{size}.nt"
            subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "synthetic.py"), "--triples",
                 str(size), "--violations", str(args.violations), "-o", str(data)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            report = folder / f"report-{size}.json"
            ours = median_run(
                args.runs,
                [sys.executable, "-m", "coopgraph", "validate", str(data), "--with-graph",
                 "--engine", args.engine, "--format", "json"], env, report,
            )  # fmt: skip
            results = len(json.loads(report.read_text())["results"])
            line = f"  {size:>9} triples: {ours[0]:7.1f} s, peak {ours[1]:6.0f} MB, "
            line += f"{results} results, exit {ours[2]}"
            if rust and shapes is not None:
                merged = folder / f"merged-{size}.ttl"
                project = [*Project(ROOT).files(), data]
                merged.write_bytes(b"\n".join(path.read_bytes() for path in project))
                argv = [sys.executable, "-c", RUST_ALONE, str(merged), str(shapes)]
                theirs = median_run(args.runs, argv, env)
                line += f"; shacl-rust alone {theirs[0]:7.1f} s, peak {theirs[1]:6.0f} MB"
                line += f" (ratio {ours[0] / theirs[0]:.1f}x)"
            print(line)


if __name__ == "__main__":
    main()
