"""Validation at scale: `coopgraph validate` on synthetic data, against an engine alone.

    python benchmarks/bench_validate.py [--triples 100000 1000000] [--engine pyshacl-turbo]

For each size, synthetic data in our vocabulary (benchmarks/synthetic.py, with a few planted
violations) is validated in a fresh process by `coopgraph validate FILE` (ontology + file, every
project shape and check query); wall time and peak memory are printed. When shacl-rust is
installed (`pip install shacl-rust`; not a dependency: it reports false violations on literals
checked through sh:node), the same data and core shapes are also given to it alone, the
yardstick of issue 10 ("at most 2x the fastest Rust engine alone"). Measures; never fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUST_ALONE = """
import sys, shacl_rust
report = shacl_rust.validate_file(sys.argv[1], sys.argv[2])
print(len(report["results"]), "results", file=sys.stderr)
"""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def core_shapes(folder: Path) -> Path:
    """The project's shapes without their sh:sparql constraints, as one N-Triples file."""
    sys.path.insert(0, str(ROOT / "src"))
    from coopgraph.project import Project
    from coopgraph.validation import Validator

    path = folder / "core-shapes.nt"
    Validator(Project(ROOT)).core_shapes.serialize(path, format="nt", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--engine", default="pyshacl-turbo")
    parser.add_argument("--violations", type=int, default=30)
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
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
            ours = timed(
                [sys.executable, "-m", "coopgraph", "validate", str(data), "--engine",
                 args.engine, "--format", "json"], env,
            )  # fmt: skip
            line = f"  {size:>9} triples: {ours[0]:7.1f} s, peak {ours[1]:6.0f} MB, exit {ours[2]}"
            if rust and shapes is not None:
                merged = folder / f"merged-{size}.ttl"
                merged.write_bytes(
                    (ROOT / "ontology" / "coopgraph.ttl").read_bytes() + b"\n" + data.read_bytes()
                )
                theirs = timed([sys.executable, "-c", RUST_ALONE, str(merged), str(shapes)], env)
                line += f"; shacl-rust alone {theirs[0]:7.1f} s, peak {theirs[1]:6.0f} MB"
                line += f" (ratio {ours[0] / theirs[0]:.1f}x)"
            print(line)


if __name__ == "__main__":
    main()
