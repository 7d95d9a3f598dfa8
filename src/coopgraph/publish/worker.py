"""Run a query job with a deadline, in a forked child that is killed when the deadline passes.

pyoxigraph cannot interrupt a running query, and Python cannot stop a thread: a query left in a
thread after its deadline keeps a core busy until it ends, and a few such queries take the
server down. A forked child shares the parent's Store copy-on-write (no reload, a few
milliseconds to fork), writes its answer to a pipe, and is sent SIGKILL at the deadline, so a
runaway query costs nothing once it has been refused.

Forking is safe because the server touches the Store only from its event-loop thread (every
endpoint is async; none runs in a thread pool), so no other thread can hold a lock inside
pyoxigraph when the child is made. Needs ``os.fork`` (Linux, macOS, BSD).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import CoopgraphError


@dataclass(frozen=True)
class Limits:
    """What one request may cost: seconds until its query is killed, rows or triples in an
    answer, bytes of an answer, and queries running at once (others wait, within their deadline).
    """

    timeout: float = 10.0
    max_results: int = 10_000
    max_bytes: int = 64 * 1024 * 1024
    workers: int = 2


class Refused(Exception):
    """A request the server answers with an error status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Runner:
    """Runs jobs in forked children, at most ``limits.workers`` at once."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._slots = asyncio.Semaphore(limits.workers)

    async def run(self, job: Callable[[], bytes]) -> bytes:
        """``job()``'s bytes, computed in a child. Raises Refused: 503 past the deadline, 413
        past the byte cap, 400 for a CoopgraphError (its message), 500 for anything else."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limits.timeout
        try:
            await asyncio.wait_for(self._slots.acquire(), self.limits.timeout)
        except TimeoutError:
            raise self._late() from None
        try:
            return await self._fork(job, deadline)
        finally:
            self._slots.release()

    def _late(self) -> Refused:
        return Refused(
            503,
            f"The query did not finish within {self.limits.timeout:g} s (this server's time "
            "limit) and was stopped; narrow it, or add LIMIT",
        )

    async def _fork(self, job: Callable[[], bytes], deadline: float) -> bytes:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _child(job, read_fd, write_fd)
        os.close(write_fd)
        loop = asyncio.get_running_loop()
        try:
            data = await asyncio.wait_for(
                _read_all(read_fd, self.limits.max_bytes), max(0.0, deadline - loop.time())
            )
        except TimeoutError:
            raise self._late() from None
        finally:
            os.close(read_fd)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # a no-op for a child that has written and left
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        if data is None:
            raise Refused(
                413, f"The answer is larger than {self.limits.max_bytes} bytes (this server's cap)"
            )
        status, message = int(data[:3] or b"500"), data[3:]
        if status == 200:
            return message
        raise Refused(status, message.decode("utf-8", "replace") or "The query worker failed")


async def _read_all(fd: int, limit: int) -> bytes | None:
    """Everything written to the pipe until it closes; None past ``limit`` bytes."""
    os.set_blocking(fd, False)
    loop = asyncio.get_running_loop()
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            ready: asyncio.Future[None] = loop.create_future()
            loop.add_reader(fd, _wake, ready)
            try:
                await ready
            finally:
                loop.remove_reader(fd)
            continue
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit + 3:
            return None
        chunks.append(chunk)


def _wake(ready: asyncio.Future[None]) -> None:
    if not ready.done():
        ready.set_result(None)


def _child(job: Callable[[], bytes], read_fd: int, write_fd: int) -> None:
    """Run the job and write a status (3 digits) and the answer or message; then leave at once,
    without the parent's exit handlers or the server's shutdown."""
    try:
        os.close(read_fd)
        for name in ("SIGTERM", "SIGINT", "SIGHUP"):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
        try:
            payload = b"200" + job()
        except Refused as exc:
            payload = f"{exc.status:03d}{exc.message}".encode()
        except CoopgraphError as exc:
            payload = f"400{exc}".encode()
        except MemoryError:
            payload = b"503The query ran out of memory; narrow it, or add LIMIT"
        except Exception as exc:  # reported as a 500 with its type; the server goes on
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            print(f"coopgraph serve: query worker failed: {type(exc).__name__}: {first}",
                  file=sys.stderr)  # fmt: skip
            payload = f"500Unexpected {type(exc).__name__} in the query worker".encode()
        view = memoryview(payload)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    finally:
        os._exit(0)
