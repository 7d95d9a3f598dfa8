"""Run one job in a forked child process while this one does other work.

pyshacl-turbo and pyoxigraph each hold the GIL while they work, so two threads cannot overlap
them. Validation therefore forks a child, before the store is built, to run SHACL Core on the
files, while the parent loads the store and runs the SHACL-SPARQL constraints and the check
queries: on two cores the two halves take about as long as the longer one. Linux only (fork is
missing on Windows and unsafe on macOS with some libraries); elsewhere, or with
COOPGRAPH_NO_FORK set, callers run the job in turn.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

ENV_VAR = "COOPGRAPH_NO_FORK"
#: Below this much input a fork costs more than it saves (and two cores are better left to
#: other work): about 40,000 triples of N-Triples.
MIN_BYTES = 4 * 1024 * 1024


def available(input_bytes: int) -> bool:
    """True where a job on ``input_bytes`` of data may run beside: Linux with fork, enough
    data to gain from it, not switched off by COOPGRAPH_NO_FORK."""
    if sys.platform != "linux" or not hasattr(os, "fork") or os.environ.get(ENV_VAR):
        return False
    return input_bytes >= MIN_BYTES


class Beside:
    """``with Beside(job) as child: ...; child.result()`` runs ``job`` in a forked child and
    returns its value (or raises its exception) here. Leaving the block early kills the child."""

    def __init__(self, job: Callable[[], Any]) -> None:
        self.job = job
        self.pid = 0
        self.read_fd = -1

    def __enter__(self) -> Beside:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run the job, send its outcome, leave without cleanup
            os.close(read_fd)
            try:
                outcome: tuple[str, Any] = ("value", self.job())
            except BaseException as exc:  # handed to the parent, which raises it
                outcome = ("error", exc)
            try:
                data = pickle.dumps(outcome)
            except Exception as exc:  # an exception that does not pickle
                data = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
            os._exit(0)  # no atexit handlers, no second flush of the parent's buffers
        os.close(write_fd)
        self.pid, self.read_fd = pid, read_fd
        return self

    def result(self) -> Any:
        """The job's value; its exception is raised here."""
        with os.fdopen(self.read_fd, "rb") as handle:
            data = handle.read()
        self.read_fd = -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if not data:
            raise RuntimeError(f"the worker process ended without an answer (status {status})")
        kind, value = pickle.loads(data)
        if kind == "error":
            raise value
        return value

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.pid:  # left before result(): stop the child
            with contextlib.suppress(ProcessLookupError):  # it had ended already
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        if self.read_fd >= 0:
            os.close(self.read_fd)
