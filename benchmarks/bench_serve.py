"""Start-up of `coopgraph serve` on the shipped graph: from launching the process to its first
answer, and the first home page (which computes the figures it shows).

    python benchmarks/bench_serve.py [--runs 7]

Each run starts a fresh `coopgraph serve` on a free port of 127.0.0.1 from the repository root,
polls /sparql?query=ASK{} every 5 ms until it answers, fetches /, and stops the server with
SIGTERM (timing the graceful exit too). Prints medians; never fails. Target of issue 14: ready
in under 1 s.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_run(cache: str) -> tuple[float, float, float]:
    """Seconds to the first answer, to the first home page after it, and to exit on SIGTERM."""
    port = free_port()
    env = {**os.environ, "COOPGRAPH_CACHE_DIR": cache}
    env.pop("COOPGRAPH_PROJECT", None)
    script = Path(sys.executable).parent / "coopgraph"
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "coopgraph"]
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.perf_counter() - started > 30:
                    raise SystemExit("coopgraph serve did not start") from None
                time.sleep(0.005)
        ready = time.perf_counter() - started
        page_started = time.perf_counter()
        with urllib.request.urlopen(f"{base}/", timeout=30) as answer:
            answer.read()
        home = time.perf_counter() - page_started
        stop_started = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        stop = time.perf_counter() - stop_started
    finally:
        if process.poll() is None:
            process.kill()
    return ready, home, stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        samples = [one_run(cache) for _ in range(args.runs)]
    ready, home, stop = (statistics.median(s[i] for s in samples) for i in range(3))
    print(f"runs: {args.runs} (medians)")
    print(f"ready (first /sparql answer): {ready * 1000:.0f} ms "
          f"(target < 1000 ms; max {max(s[0] for s in samples) * 1000:.0f} ms)")  # fmt: skip
    print(f"first home page after that: {home * 1000:.0f} ms")
    print(f"exit after SIGTERM: {stop * 1000:.0f} ms")


if __name__ == "__main__":
    main()
