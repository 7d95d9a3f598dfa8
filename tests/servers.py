"""Real servers on 127.0.0.1 for remote tests: Oxigraph, and a faulty HTTP front for it."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import coopgraph

from .conftest import PROJECT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    beside_python = Path(sys.executable).parent / "oxigraph"
    found = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("`oxigraph` is not installed: pip install '.[test]'")
    return found


@contextmanager
def oxigraph_server(
    location: Path, data: bytes | None = None, content_type: str = "application/n-triples"
) -> Iterator[str]:
    """Start `oxigraph serve` on a free port of 127.0.0.1, load the shipped graph (or ``data``)
    through the Graph Store Protocol, and yield its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process)
        request = urllib.request.Request(
            f"{base}/store?default",
            data=coopgraph.export_graph(coopgraph.open_graph(project=PROJECT), "nt")
            if data is None
            else data,
            headers={"Content-Type": content_type},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201, 204)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_ready(
    base: str,
    process: subprocess.Popen[bytes],
    limit: float = 20.0,
    path: str = "/query?query=ASK%7B%7D",
) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + path, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError("the server did not become ready in time")


Handler = Callable[[http.server.BaseHTTPRequestHandler, int], None]


@contextmanager
def http_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A real HTTP server running ``handler`` on a free port of 127.0.0.1, in a thread of this
    process; yields its base URL and stops it afterwards."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def faulty_front(behaviour: Handler) -> Iterator[tuple[str, list[float]]]:
    """An HTTP server on 127.0.0.1 whose GET handling is ``behaviour(handler, request_number)``.

    Yields its /query URL and the arrival times of the requests it got.
    """
    arrivals: list[float] = []

    class FrontHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            arrivals.append(time.monotonic())
            behaviour(self, len(arrivals))

        def log_message(self, *args: object) -> None:
            pass

    with http_server(FrontHandler) as base:
        yield f"{base}/query", arrivals


def forward(
    handler: http.server.BaseHTTPRequestHandler, upstream: str
) -> tuple[int, dict[str, str], bytes]:
    """Fetch the same request from the real server; return its status, headers and body."""
    request = urllib.request.Request(
        upstream + handler.path[len("/query") :] if handler.path.startswith("/query") else upstream,
        headers={"Accept": handler.headers.get("Accept", "*/*")},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def reply(
    handler: http.server.BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


class Served:
    """A running `coopgraph serve`: its base URL, process and the file its stderr goes to."""

    def __init__(self, base: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.base = base
        self.process = process
        self.log = log

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def coopgraph_server(folder: Path, *args: str) -> Iterator[Served]:
    """Start `coopgraph serve` (with ``args``) on a free port of 127.0.0.1 as a subprocess,
    wait until it answers, yield it, and stop it by its PID with SIGTERM."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "coopgraph", "serve", "--port", str(port), *args],
            stdout=subprocess.DEVNULL, stderr=stderr, cwd=PROJECT.root,
        )  # fmt: skip
    served = Served(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_ready(served.base, process, path="/sparql?query=ASK%7B%7D")
        yield served
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def lossy_store(upstream: str) -> Iterator[str]:
    """A real HTTP store in front of ``upstream`` (an `oxigraph serve` base URL) that answers
    every Graph Store Protocol write with success but keeps only every other line of it;
    queries and updates pass through unchanged. Yields its base URL."""

    class LossyHandler(http.server.BaseHTTPRequestHandler):
        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if self.path.startswith("/store") and self.command in {"PUT", "POST"}:
                body = b"\n".join(body.splitlines()[::2]) + b"\n"
            request = urllib.request.Request(
                upstream + self.path,
                data=body if self.command != "GET" else None,
                headers={k: v for k, v in self.headers.items() if k.lower() in RELAYED},
                method=self.command,
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status, headers, data = response.status, response.headers, response.read()
            except urllib.error.HTTPError as exc:
                status, headers, data = exc.code, exc.headers, exc.read()
            self.send_response(status)
            for key in ("Content-Type",):
                if headers.get(key):
                    self.send_header(key, headers[key])
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _relay

        def log_message(self, *args: object) -> None:
            pass

    with http_server(LossyHandler) as base:
        yield f"{base}"


RELAYED = {"content-type", "accept"}


@contextmanager
def locked_store(realm: str = "store") -> Iterator[str]:
    """A real HTTP server that asks for Basic credentials and refuses every one (401).
    Yields its base URL; the Authorization headers it got are in ``.seen``."""

    class Locked(http.server.BaseHTTPRequestHandler):
        def _refuse(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            locked_store.seen.append(self.headers.get("Authorization") or "")  # type: ignore[attr-defined]
            body = b"Unauthorized\n"
            self.send_response(401)
            self.send_header("WWW-Authenticate", f'Basic realm="{realm}"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _refuse

        def log_message(self, *args: object) -> None:
            pass

    locked_store.seen = []  # type: ignore[attr-defined]
    with http_server(Locked) as base:
        yield f"{base}"
