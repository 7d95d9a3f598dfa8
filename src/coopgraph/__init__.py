"""coopgraph: a sourced knowledge graph of international cooperation, and tools to query it."""

from .__about__ import __version__
from .errors import (
    CoopgraphError,
    IncompleteResultError,
    InputError,
    RemoteError,
    UsageError,
)
from .export import export_graph, serialize
from .loading import load_files, load_graph
from .stats import graph_stats

__all__ = [
    "CoopgraphError",
    "IncompleteResultError",
    "InputError",
    "RemoteError",
    "UsageError",
    "__version__",
    "export_graph",
    "graph_stats",
    "load_files",
    "load_graph",
    "serialize",
]
