"""One error hierarchy; each error knows the exit code the CLI reports for it."""

from __future__ import annotations


class CoopgraphError(Exception):
    """Base of every error coopgraph raises on purpose. The message says how to fix it."""

    exit_code = 2


class UsageError(CoopgraphError):
    """A command or a library call was given arguments it cannot use."""

    exit_code = 2


class InputError(CoopgraphError):
    """An input file could not be read or parsed."""

    exit_code = 3


class RemoteError(CoopgraphError):
    """A remote SPARQL endpoint failed, after retries where retrying is allowed."""

    exit_code = 4


class IncompleteResultError(RemoteError):
    """A remote endpoint answered, but with a truncated or partial result."""

    exit_code = 5
