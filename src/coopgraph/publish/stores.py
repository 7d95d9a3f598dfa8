"""Where a server store takes Graph Store Protocol requests, queries and updates.

One registry: a store's layout maps the URL given to ``--endpoint`` (the server's root, a Fuseki
dataset, a GraphDB repository) to its three service URLs; explicit URLs override any of them.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True)
class StoreLayout:
    """Paths appended to the endpoint URL; ``*_auth`` replace them when credentials are given."""

    name: str
    gsp: str
    query: str
    update: str
    gsp_auth: str | None = None
    update_auth: str | None = None
    #: False where the store has no default graph of its own (Virtuoso: queries see all graphs).
    default_graph: bool = True


#: Paths from each store's documentation; README "Push to a server store" says which were run.
LAYOUTS: dict[str, StoreLayout] = {
    # One URL for everything (SPARQL 1.1 allows it): QLever serves all three at its root.
    "generic": StoreLayout("generic", "", "", ""),
    "oxigraph": StoreLayout("oxigraph", "/store", "/query", "/update"),
    "virtuoso": StoreLayout(
        "virtuoso",
        "/sparql-graph-crud",
        "/sparql",
        "/sparql",
        gsp_auth="/sparql-graph-crud-auth",
        update_auth="/sparql-auth",
        default_graph=False,
    ),
    "fuseki": StoreLayout("fuseki", "/data", "/query", "/update"),
    "graphdb": StoreLayout("graphdb", "/rdf-graphs/service", "", "/statements"),
    "qlever": StoreLayout("qlever", "", "", ""),
}


@dataclass(frozen=True)
class StoreURLs:
    """The three services of one store."""

    gsp: str
    query: str
    update: str


def store_urls(
    endpoint: str,
    *,
    store: str = "generic",
    gsp_url: str | None = None,
    query_url: str | None = None,
    update_url: str | None = None,
    authenticated: bool = False,
) -> StoreURLs:
    """The service URLs of ``store`` at ``endpoint``. UsageError for an unknown store, a URL
    that is not http(s), or one carrying credentials (they belong in --auth)."""
    layout = LAYOUTS.get(store)
    if layout is None:
        raise UsageError(f"Unknown store {store!r}; choose one of {', '.join(LAYOUTS)}")
    base = check_url(endpoint, "--endpoint").rstrip("/")
    gsp = layout.gsp_auth if authenticated and layout.gsp_auth else layout.gsp
    update = layout.update_auth if authenticated and layout.update_auth else layout.update
    return StoreURLs(
        gsp=check_url(gsp_url, "--gsp-url") if gsp_url else base + gsp,
        query=check_url(query_url, "--query-url") if query_url else base + layout.query,
        update=check_url(update_url, "--update-url") if update_url else base + update,
    )


def check_url(url: str, option: str) -> str:
    """``url`` if it is an http(s) URL without user:password in it."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UsageError(f"{option}: give an http(s) URL such as http://127.0.0.1:7878")
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            f"{option}: the URL carries credentials; remove them and pass --auth USER:PASSWORD "
            "or set COOPGRAPH_AUTH"
        )
    return url
