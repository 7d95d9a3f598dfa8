"""coopgraph: a sourced knowledge graph of international cooperation, and tools to query it.

>>> import coopgraph
>>> graph = coopgraph.open_graph()
>>> rows = graph.run("office-holders-on-date", date="2016-07-08").rows

Heavy dependencies (rdflib, pySHACL, rich, SPARQLWrapper, PyYAML) are imported only by the jobs
that need them, so ``import coopgraph`` stays fast.
"""

from __future__ import annotations

from ._lazy import lazy_attributes

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the start-up path
if TYPE_CHECKING:
    from .__about__ import __version__
    from .errors import CoopgraphError, IncompleteResultError, InputError, RemoteError, UsageError
    from .export import EXPORT_FORMATS, export_graph, write_rdf
    from .find import Match, find
    from .formats import OUTPUT_FORMATS
    from .graph import Graph, open_graph
    from .io.atomic import atomic_write
    from .link import link_status
    from .project import Project, find_project
    from .query import Results, StoredQuery, list_queries, load_query, run_sparql, run_stored
    from .stats import GraphStats, graph_stats
    from .validation import Report, Validator, validate

# Names resolve on first use, so importing this package does not import every job's modules.
_LAZY = {
    "__version__": ".__about__",
    "CoopgraphError": ".errors",
    "IncompleteResultError": ".errors",
    "InputError": ".errors",
    "RemoteError": ".errors",
    "UsageError": ".errors",
    "EXPORT_FORMATS": ".export",
    "export_graph": ".export",
    "Match": ".find",
    "find": ".find",
    "write_rdf": ".export",
    "OUTPUT_FORMATS": ".formats",
    "Graph": ".graph",
    "open_graph": ".graph",
    "atomic_write": ".io.atomic",
    "link_status": ".link",
    "Project": ".project",
    "find_project": ".project",
    "Results": ".query",
    "StoredQuery": ".query",
    "list_queries": ".query",
    "load_query": ".query",
    "run_sparql": ".query",
    "run_stored": ".query",
    "GraphStats": ".stats",
    "graph_stats": ".stats",
    "Report": ".validation",
    "Validator": ".validation",
    "validate": ".validation",
}


__all__ = [
    "EXPORT_FORMATS",
    "OUTPUT_FORMATS",
    "CoopgraphError",
    "Graph",
    "GraphStats",
    "IncompleteResultError",
    "InputError",
    "Match",
    "Project",
    "RemoteError",
    "Report",
    "Results",
    "StoredQuery",
    "UsageError",
    "Validator",
    "__version__",
    "atomic_write",
    "export_graph",
    "find",
    "find_project",
    "graph_stats",
    "link_status",
    "list_queries",
    "load_query",
    "open_graph",
    "run_sparql",
    "run_stored",
    "validate",
    "write_rdf",
]


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
