"""Stored and ad-hoc SPARQL: the catalogue, typed parameters, local and remote runs, results."""

from __future__ import annotations

from .catalogue import StoredQuery, list_queries, load_query
from .results import Results
from .run import ENGINES, run_sparql, run_stored

__all__ = [
    "ENGINES",
    "Results",
    "StoredQuery",
    "list_queries",
    "load_query",
    "run_sparql",
    "run_stored",
]
