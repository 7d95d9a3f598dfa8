"""Run stored or ad-hoc queries on the embedded graph or on a remote endpoint."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib.term import Identifier

from .binding import ParamSpec, bind, parse_value
from .cache import cached_oxigraph_store, cached_rdflib_graph
from .catalogue import StoredQuery
from .errors import UsageError
from .remote import resolve_endpoint, run_remote
from .resources import shipped_files
from .results import QueryResult, from_oxigraph, from_rdflib
from .sparqltext import keywords, query_form, service_iris

ENGINES = ("oxigraph", "rdflib")


def run_sparql(
    text: str,
    *,
    engine: str = "oxigraph",
    endpoint: str | None = None,
    data: Sequence[Path] = (),
    allowed_services: Sequence[str] = (),
    timeout: float | None = None,
) -> QueryResult:
    """Run SPARQL text locally (shipped graph plus ``data`` files) or on ``endpoint``.

    Locally, SERVICE clauses are refused unless they name one of ``allowed_services`` and
    LOAD is always refused. Raises UsageError, InputError, RemoteError or
    IncompleteResultError.
    """
    form = query_form(text)
    if endpoint is not None:
        return run_remote(text, form, resolve_endpoint(endpoint), timeout=timeout)
    _refuse_network_access(text, allowed_services)
    files = [*shipped_files(), *(Path(p) for p in data)]
    if engine == "oxigraph":
        return from_oxigraph(form, _oxigraph_query(files, text))
    if engine == "rdflib":
        return from_rdflib(form, _rdflib_query(files, text))
    raise UsageError(f"Unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def run_stored(
    query: StoredQuery,
    params: Mapping[str, Sequence[str]] | None = None,
    *,
    engine: str = "oxigraph",
    endpoint: str | None = None,
    data: Sequence[Path] = (),
    timeout: float | None = None,
) -> QueryResult:
    """Run a stored query with its parameters checked, typed and bound as RDF terms."""
    text = bound_text(query, params or {}, engine=engine)
    allowed = [query.endpoint] if query.endpoint else []
    return run_sparql(
        text,
        engine=engine,
        endpoint=endpoint,
        data=data,
        allowed_services=allowed,
        timeout=timeout,
    )


def bound_text(query: StoredQuery, params: Mapping[str, Sequence[str]], *, engine: str) -> str:
    """The query text with every given or defaulted parameter bound by VALUES."""
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        declared = ", ".join(query.params) or "none"
        raise UsageError(
            f"Query {query.name!r} has no parameter {unknown[0]!r}; its parameters: {declared}"
        )
    values: dict[str, list[Identifier]] = {}
    for name, spec in query.params.items():
        raw = list(params.get(name, ()))
        if not raw and spec.default is not None:
            raw = spec.default if isinstance(spec.default, list) else [spec.default]
        if not raw:
            if spec.required:
                example = spec.example if isinstance(spec.example, str) else "..."
                raise UsageError(
                    f"Query {query.name!r} needs parameter {name}; for example -p {name}={example}"
                )
            continue
        if len(raw) > 1 and not spec.is_list:
            raise UsageError(f"Parameter {name} takes one value; got {len(raw)}")
        values[name] = [parse_value(spec, item) for item in raw]
        _check_allowed(query, spec, values[name], engine)
    return bind(query.text, values)


def _check_allowed(
    query: StoredQuery, spec: ParamSpec, terms: list[Identifier], engine: str
) -> None:
    allowed: set[Identifier] = set()
    if spec.enum:
        allowed |= {parse_value(spec, v) for v in spec.enum}
    if spec.enum_query:
        listing = run_sparql(spec.enum_query, engine=engine)
        allowed |= {row[0] for row in listing.rows if row and row[0] is not None}
    if not allowed:
        return
    for term in terms:
        if term not in allowed:
            shown = ", ".join(sorted(str(t) for t in allowed)[:8])
            raise UsageError(
                f"Parameter {spec.name}={term} is not an allowed value for {query.name!r}; "
                f"allowed: {shown}{' ...' if len(allowed) > 8 else ''}"
            )


def _refuse_network_access(text: str, allowed_services: Sequence[str]) -> None:
    if "LOAD" in keywords(text):
        raise UsageError("LOAD is refused in local runs: it would fetch data from the network")
    for iri in service_iris(text):
        if iri not in allowed_services:
            raise UsageError(
                f"SERVICE <{iri}> is refused in a local run: a stored query may use only the "
                "endpoint its header declares; run it with --endpoint instead"
            )


def _oxigraph_query(files: list[Path], text: str) -> object:
    store = cached_oxigraph_store(files)
    try:
        return store.query(text)
    except SyntaxError as exc:
        raise UsageError(f"The query does not parse: {str(exc).splitlines()[0]}") from None


def _rdflib_query(files: list[Path], text: str) -> object:
    graph = cached_rdflib_graph(files)
    try:
        return graph.query(text)
    except Exception as exc:  # pyparsing and rdflib raise several unrelated types
        raise UsageError(f"The query does not parse: {str(exc).splitlines()[0]}") from None
