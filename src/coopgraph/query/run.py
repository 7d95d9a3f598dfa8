"""Run stored or ad-hoc queries on a Graph (pyoxigraph, or rdflib as reference) or an endpoint."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import UsageError
from .catalogue import StoredQuery, load_query
from .lexer import check_nesting, keywords, prefixes_used, query_form, service_iris
from .params import ParamSpec, Term, bind, parse_value
from .results import Results

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the start-up path
if TYPE_CHECKING:
    from ..graph import Graph

ENGINES = ("oxigraph", "rdflib")
#: Functions whose answer differs from run to run: queries using them are never cached.
_NOT_REPEATABLE = {"NOW", "RAND", "UUID", "STRUUID", "BNODE"}
ParamValues = Mapping[str, str | Sequence[str]]


def run_sparql(
    text: str,
    *,
    graph: Graph | None = None,
    endpoint: str | None = None,
    engine: str = "oxigraph",
    allowed_services: Sequence[str] = (),
    timeout: float | None = None,
) -> Results:
    """Run SPARQL text on ``graph`` (default: the project's graph) or on ``endpoint``.

    Locally, SERVICE clauses are refused unless they name one of ``allowed_services``, and LOAD
    is always refused. Raises UsageError, InputError, RemoteError or IncompleteResultError.
    """
    if not isinstance(text, str):
        raise UsageError(f"A query is SPARQL text, not {type(text).__name__}")
    check_nesting(text)
    text = with_known_prefixes(text)
    form = query_form(text)
    if endpoint is not None:
        from .remote import resolve_endpoint, run_remote

        return run_remote(text, form, resolve_endpoint(endpoint), timeout=timeout)
    refuse_network_access(text, allowed_services)
    if engine not in ENGINES:
        raise UsageError(f"Unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if graph is None:
        from ..graph import open_graph

        graph = open_graph()
    if engine == "rdflib":
        from .reference import rdflib_query

        return rdflib_query(graph, text, form)
    if not graph.cache_results or _NOT_REPEATABLE & set(keywords(text)):
        return _oxigraph_query(graph, text, form)
    from . import result_cache

    key = result_cache.key_of(graph.fingerprint, engine, text)
    cached = result_cache.get(key)
    if cached is not None:
        return cached
    results = _oxigraph_query(graph, text, form)
    result_cache.put(key, results)
    return results


def with_known_prefixes(text: str) -> str:
    """``text`` with a PREFIX line for each prefix it uses but does not declare and that
    coopgraph knows (coop:, coopid:, rdfs:, ...; see namespaces.PREFIXES), as Wikidata's query
    service does. Declared prefixes are never changed."""
    from ..namespaces import PREFIXES

    declared, used = prefixes_used(text)
    missing = sorted(p for p in used - declared if p in PREFIXES)
    if not missing:
        return text
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>  {_ADDED}\n" for p in missing) + text


#: Marks the PREFIX lines coopgraph adds, so error positions can be given in the user's text.
_ADDED = "# added by coopgraph"


def _added_lines(text: str) -> int:
    count = 0
    for line in text.split("\n"):
        if not line.endswith(_ADDED):
            break
        count += 1
    return count


def user_position(message: str, text: str) -> str:
    """``message`` with line numbers (Oxigraph's "at L:C", rdflib's "line:L") counted in the
    text the user wrote, without the PREFIX lines coopgraph added."""
    import re

    added = _added_lines(text)
    if not added:
        return message
    message = re.sub(r"at (\d+):(\d+)", lambda m: f"at {int(m[1]) - added}:{m[2]}", message)
    return re.sub(r"line:(\d+)", lambda m: f"line:{int(m[1]) - added}", message)


def _oxigraph_query(graph: Graph, text: str, form: str) -> Results:
    try:
        answer = graph.store.query(text)
    except SyntaxError as exc:
        raise UsageError(parse_error(text, exc)) from None
    return Results.from_oxigraph(form, answer)


def parse_error(text: str, exc: Exception) -> str:
    """A one-line message for a query that does not parse; an undeclared prefix is named."""
    from ..namespaces import PREFIXES

    declared, used = prefixes_used(text)
    unknown = sorted(p for p in used - declared - set(PREFIXES) if p)
    if unknown:
        known = ", ".join(sorted(PREFIXES))
        return (
            f"The query uses the undeclared prefix {unknown[0]}:; declare it with PREFIX "
            f"{unknown[0]}: <...> (these need no declaration: {known})"
        )
    where, _, detail = user_position(" ".join(str(exc).split()), text).partition(": ")
    if len(detail) > 160:
        detail = detail[:157].rsplit(",", 1)[0] + ", ..."
    return (
        f"The query does not parse ({where}): {detail}"
        if detail
        else f"The query does not parse: {where}"
    )


def run_stored(
    query: StoredQuery | str,
    params: ParamValues | None = None,
    *,
    graph: Graph | None = None,
    endpoint: str | None = None,
    engine: str = "oxigraph",
    timeout: float | None = None,
) -> Results:
    """Run a stored query (a StoredQuery or a name) with its parameters checked and bound.

    Parameter values are text (a list for several values), parsed by the declared type and
    bound as RDF terms. Raises UsageError for an unknown query, parameter or value.
    """
    if isinstance(query, str):
        query = load_query(query, graph.project.queries_dir if graph is not None else None)
    if graph is None and endpoint is None:
        from ..graph import open_graph

        graph = open_graph()
    text = bound_text(query, params or {}, graph=graph, engine=engine)
    results = run_sparql(
        text,
        graph=graph,
        endpoint=endpoint,
        engine=engine,
        allowed_services=[query.endpoint] if query.endpoint else [],
        timeout=timeout,
    )
    if graph is not None and endpoint is None and not results.rows and not results.triples:
        _check_entities_exist(query, params or {}, graph)
    return results


def _check_entities_exist(query: StoredQuery, params: ParamValues, graph: Graph) -> None:
    """An empty answer because an entity parameter names nothing in the graph is a usage
    error ("no such entity"), with the closest names; checked only when the answer is empty,
    so a query that finds rows pays nothing."""
    from ..namespaces import COOPID, compact_iri

    for name, spec in query.params.items():
        if spec.type != "iri" or name not in params:
            continue
        for raw in _as_texts(name, params[name]):
            iri = parse_value(spec, raw).value
            if not iri.startswith(COOPID) or _exists(graph, iri):
                continue
            from ..find import find

            local = iri[len(COOPID) :]
            close = [
                match
                for words in (local.replace("-", " "), local.split("-")[0])
                for match in find(graph, words, limit=20)
                if match.iri.startswith(COOPID)
            ][:3]
            hint = f"; did you mean {', '.join(m.compact for m in close)}?" if close else ""
            raise UsageError(
                f"Parameter {name}: no such entity {compact_iri(iri)}{hint} "
                "(coopgraph find TEXT searches by name)"
            )


def _exists(graph: Graph, iri: str) -> bool:
    import pyoxigraph as ox

    node = ox.NamedNode(iri)
    store = graph.store
    return any(True for _ in store.quads_for_pattern(node, None, None)) or any(
        True for _ in store.quads_for_pattern(None, None, node)
    )


def bound_text(
    query: StoredQuery, params: ParamValues, *, graph: Graph | None = None, engine: str = "oxigraph"
) -> str:
    """The query text with every given or defaulted parameter bound by VALUES."""
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        declared = ", ".join(query.params) or "none"
        raise UsageError(
            f"Query {query.name!r} has no parameter {unknown[0]!r}; its parameters: {declared}"
        )
    values: dict[str, list[Term]] = {}
    for name, spec in query.params.items():
        raw = _as_texts(name, params.get(name, ()))
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
        values[name] = [parse_value(spec, str(item)) for item in raw]
        _check_allowed(query, spec, values[name], graph, engine)
    return bind(query.text, values)


def _as_texts(name: str, given: object) -> list[str]:
    """Parameter values as text: strings, dates, numbers, booleans and IRIs (pyoxigraph
    NamedNode), alone or in a list. UsageError for anything else."""
    import datetime
    from decimal import Decimal

    import pyoxigraph as ox

    items = list(given) if isinstance(given, list | tuple | set | frozenset) else [given]
    texts = []
    for item in items:
        if isinstance(item, bool):
            texts.append("true" if item else "false")
        elif isinstance(item, str):
            texts.append(item)
        elif isinstance(item, datetime.date) and not isinstance(item, datetime.datetime):
            texts.append(item.isoformat())
        elif isinstance(item, int | Decimal) or (isinstance(item, float) and item == item):
            texts.append(str(item))
        elif isinstance(item, ox.NamedNode):
            texts.append(f"<{item.value}>")
        else:
            raise UsageError(
                f"Parameter {name}: cannot use a {type(item).__name__}; give text, a date, a "
                "number, a boolean or an IRI"
            )
    return texts


def _check_allowed(
    query: StoredQuery, spec: ParamSpec, terms: list[Term], graph: Graph | None, engine: str
) -> None:
    allowed: set[str] = set()
    if spec.enum:
        allowed |= {str(parse_value(spec, v)) for v in spec.enum}
    if spec.enum_query:
        listing = run_sparql(spec.enum_query, graph=graph, engine=engine)
        allowed |= {str(row[0]) for row in listing.rows if row and row[0] is not None}
    if not allowed:
        return
    for term in terms:
        if str(term) not in allowed:
            from ..namespaces import compact_iri

            def shown(text: str) -> str:  # every allowed value, IRIs in their short form
                return compact_iri(text[1:-1]) if text.startswith("<") else text

            values = ", ".join(sorted(shown(value) for value in allowed))
            raise UsageError(
                f"Parameter {spec.name}={shown(str(term))} is not an allowed value for "
                f"{query.name!r}; allowed: {values}"
            )


def refuse_network_access(text: str, allowed_services: Sequence[str]) -> None:
    if "LOAD" in keywords(text):
        raise UsageError("LOAD is refused in local runs: it would fetch data from the network")
    for iri in service_iris(text):
        if iri not in allowed_services:
            raise UsageError(
                f"SERVICE <{iri}> is refused in a local run: a stored query may use only the "
                "endpoint its header declares; run it with --endpoint instead"
            )
