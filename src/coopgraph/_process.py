"""What every run of the `coopgraph` command shares, with or without click: signal handling,
one-line error reports with the documented exit codes, and a quick exit."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys

from .errors import CoopgraphError, InputError

#: The exit code of an unexpected error (a bug): EX_SOFTWARE of sysexits.h.
INTERNAL_ERROR = 70
#: The exit code when the reader of standard output goes away: 128 + SIGPIPE, as shells report.
BROKEN_PIPE = 141


def install_signal_handlers() -> None:
    """SIGTERM, SIGHUP and Ctrl-C unwind the stack (atomic writes remove their temporary files)
    and exit 128 + the signal number, as shells report it: Ctrl-C is 130, not click's 1."""
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


#: Errors of files and streams on this machine: reported as input/output errors (exit 3), not as
#: bugs. Other OSErrors (a socket, a child process, an unsupported operation) are not these.
_FILE_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EACCES", "EPERM", "EROFS", "ENOENT",
                 "EISDIR", "ENOTDIR", "EMFILE", "ENFILE", "ENAMETOOLONG", "ELOOP", "EBADF")
    if hasattr(errno, name)
)  # fmt: skip


def say(message: str) -> None:
    """One line on standard error, if there is one to write to (it may be closed, ``2>&-``, or
    a pipe whose reader went away): never on standard output instead, never an error."""
    stream = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        stream.write(message + "\n")
        stream.flush()


def report_error(exc: Exception, *, debug: bool = False) -> int:
    """Say ``exc`` as one line on standard error and return its exit code; re-raise an
    unexpected error when ``debug`` (or COOPGRAPH_DEBUG) asks for its traceback."""
    if isinstance(exc, CoopgraphError):
        say(f"Error: {exc}")
        return exc.exit_code
    if isinstance(exc, MemoryError):
        say("Error: out of memory; give smaller input or split it")
        return InputError.exit_code
    if isinstance(exc, BrokenPipeError):
        # The reader went away (`| head`): nothing more to say, and no second error when the
        # interpreter flushes standard output on the way out.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
    if isinstance(exc, OSError) and exc.errno in _FILE_ERRNOS:
        where = f" ({exc.filename})" if exc.filename else ""
        say(
            f"Error: cannot read or write{where}: {exc.strerror or exc}; free space or fix "
            "the path or permissions and try again"
        )
        return InputError.exit_code
    if debug or os.environ.get("COOPGRAPH_DEBUG"):
        raise exc
    first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    say(
        f"Error: unexpected {type(exc).__name__}{': ' + first if first else ''}. This "
        "is a bug in coopgraph: rerun with --debug for the traceback and report it."
    )
    return INTERNAL_ERROR


def not_utf8(args: list[str]) -> str | None:
    """The error line for the first argument that is not valid UTF-8 text, else None."""
    for number, argument in enumerate(args, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            return f"Error: argument {number} ({shown[:60]}) is not valid UTF-8 text; pass UTF-8"
    return None


#: Objects a command keeps until the process leaves (see keep_until_exit).
_KEPT: list[object] = []


def keep_until_exit(thing: object) -> None:
    """Keep ``thing`` referenced until leave(): a store of a million triples takes most of a
    second to free when the command's function returns, and leave() skips that work."""
    _KEPT.append(thing)


def leave(code: object) -> None:
    """Exit without tearing the process down object by object: freeing a store of a million
    triples took a second after the answer was written. Exit handlers run and output is
    flushed first; the operating system reclaims the memory."""
    import atexit

    if isinstance(code, str):  # sys.exit("message"): Python prints it and exits 1
        say(code)
        code = 1
    status = code if isinstance(code, int) else 0 if code is None else 1
    atexit._run_exitfuncs()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        status = status or BROKEN_PIPE
    except OSError as exc:  # output buffered until now could not be written (a full disk)
        status = status or report_error(exc)
    except ValueError:  # closed
        pass
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(status)
