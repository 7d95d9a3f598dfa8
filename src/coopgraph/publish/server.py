"""Run the app under uvicorn on a socket bound here, so a port in use is one clear error."""

from __future__ import annotations

import errno
import signal
import socket
import sys
from typing import Any

from ..errors import UsageError


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port``; UsageError (exit 2) when it cannot be had."""
    try:
        family, _, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise UsageError(f"--host {host}: unknown address ({exc.strerror})") from None
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"Port {port} on {host} is in use; stop what uses it or choose another with --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise UsageError(f"Port {port} needs privileges; choose one above 1023") from None
        raise UsageError(f"Cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def serve(app: Any, sock: socket.socket, *, shutdown_grace: int = 15) -> None:
    """Serve ``app`` on ``sock`` until SIGTERM or Ctrl-C, then stop gracefully: no new
    connections, requests in flight finish (up to ``shutdown_grace`` seconds), and return."""
    import uvicorn

    config = uvicorn.Config(
        app,
        log_config=None,  # our own request lines (app.RequestLog); uvicorn's errors still show
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=shutdown_grace,
    )
    server = uvicorn.Server(config)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"coopgraph serve: http://{shown}:{port}/ (SPARQL at /sparql); SIGTERM or Ctrl-C stops it",
        file=sys.stderr,
        flush=True,
    )
    # uvicorn re-raises the signal that stopped it once it is done; a server stopped on
    # purpose has done its job, so that signal is ignored and the command exits 0.
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("coopgraph serve: stopped", file=sys.stderr, flush=True)
