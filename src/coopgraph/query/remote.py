"""Run a query on a remote SPARQL 1.1 endpoint: strict parsing, timeouts, careful retries."""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from ..__about__ import __version__
from ..errors import IncompleteResultError, InputError, RemoteError, UsageError
from ..formats.rdf_formats import rdf_format_by_media_type
from ..io.read import parse_triples
from .results import Results

USER_AGENT = (
    f"coopgraph/{__version__} (https://w3id.org/coopgraph; knowledge graph of EU-NATO "
    "cooperation) SPARQLWrapper"
)
RETRY_STATUSES = {429, 502, 503, 504}
JSON_TYPES = {"application/sparql-results+json", "application/json"}


@dataclass(frozen=True)
class EndpointProfile:
    """How to talk to one endpoint: its URL and the limits it is known to enforce."""

    name: str
    url: str
    timeout: float = 30.0
    retries: int = 3
    max_backoff: float = 30.0
    max_rows: int | None = None
    method: str = "GET"


PROFILES: dict[str, EndpointProfile] = {
    # Wikidata stops queries after 60 s and throttles with 429 + Retry-After.
    "wikidata": EndpointProfile("wikidata", "https://query.wikidata.org/sparql", timeout=65.0),
    # DBpedia runs Virtuoso, which caps result rows.
    "dbpedia": EndpointProfile("dbpedia", "https://dbpedia.org/sparql", max_rows=10000),
}


#: How the retry loop waits between attempts. Tests replace it with a clock that records the
#: waits instead of spending them; ``run_remote(sleep=...)`` does the same for one call.
SLEEP: Callable[[float], None] = time.sleep


def resolve_endpoint(name_or_url: str) -> EndpointProfile:
    """A profile by name, or an ad-hoc profile for an http(s) URL."""
    if name_or_url in PROFILES:
        return PROFILES[name_or_url]
    if name_or_url.startswith(("http://", "https://")):
        return EndpointProfile("custom", name_or_url)
    names = ", ".join(sorted(PROFILES))
    raise UsageError(f"Unknown endpoint {name_or_url!r}: give an http(s) URL or one of {names}")


def run_remote(
    text: str,
    form: str,
    profile: EndpointProfile,
    *,
    timeout: float | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Results:
    """Send ``text`` to the endpoint and parse the whole answer strictly.

    Raises RemoteError (exit 4) when the endpoint fails after the allowed retries or answers
    with the wrong content, IncompleteResultError (exit 5) when the answer is truncated or
    flagged as partial.
    """
    wait_limit = timeout if timeout is not None else profile.timeout
    attempt = 0
    while True:
        attempt += 1
        try:
            status, headers, body = _request(text, form, profile, wait_limit)
        except _Retryable as exc:
            if attempt > profile.retries:
                raise RemoteError(
                    f"{profile.url}: {exc.reason} after {attempt} attempts; try again later"
                ) from None
            wait = min(exc.retry_after or 2 ** (attempt - 1), profile.max_backoff)
            (sleep or SLEEP)(wait)
            continue
        return _parse(status, headers, body, form, profile)


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _request(
    text: str, form: str, profile: EndpointProfile, wait_limit: float
) -> tuple[int, dict[str, str], bytes]:
    from SPARQLWrapper import GET, JSON, N3, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(profile.url, agent=USER_AGENT)
    client.setQuery(text)
    # SPARQLWrapper guesses the form with a regex that a word in a comment can fool
    # ("... describe it"); ours comes from a real lexer.
    client.queryType = form
    client.setMethod(POST if profile.method == "POST" else GET)
    client.setReturnFormat(JSON if form in {"SELECT", "ASK"} else N3)
    if form not in {"SELECT", "ASK"}:
        client.addCustomHttpHeader(
            "Accept", "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
        )
    client.setTimeout(int(max(1, wait_limit)))
    try:
        response = client.query().response
        headers = {k.lower(): v for k, v in response.headers.items()}
        body = response.read()
        return response.status, headers, body
    except urllib.error.HTTPError as exc:
        if exc.code in RETRY_STATUSES:
            retry_after = _retry_after(exc.headers.get("Retry-After"))
            raise _Retryable(f"HTTP {exc.code}", retry_after) from None
        detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        first = detail[0] if detail else exc.reason
        raise RemoteError(f"{profile.url}: HTTP {exc.code}: {first}") from None
    except SPARQLWrapperException as exc:
        message = str(exc).strip().splitlines()[0]
        raise RemoteError(f"{profile.url}: {message}") from None
    except http.client.IncompleteRead as exc:
        raise IncompleteResultError(
            f"{profile.url}: the answer was cut off after {len(exc.partial)} bytes; "
            "nothing was returned"
        ) from None
    except TimeoutError:
        raise RemoteError(
            f"{profile.url}: no answer within {wait_limit:g} s; raise --timeout or simplify "
            "the query"
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise RemoteError(
                f"{profile.url}: no answer within {wait_limit:g} s; raise --timeout or "
                "simplify the query"
            ) from None
        raise _Retryable(f"connection failed ({exc.reason})") from None
    except (ConnectionError, http.client.RemoteDisconnected) as exc:
        raise _Retryable(f"connection failed ({exc})") from None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    when = email.utils.parsedate_to_datetime(value)
    return max(0.0, when.timestamp() - time.time()) if when else None


def _parse(
    status: int, headers: dict[str, str], body: bytes, form: str, profile: EndpointProfile
) -> Results:
    if headers.get("x-sql-state", "").upper() == "S1TAT" or "x-sparql-maxrows" in headers:
        raise IncompleteResultError(
            f"{profile.url}: the endpoint flagged a partial result (row or time cap); "
            "narrow the query or paginate"
        )
    length = headers.get("content-length")
    if length and length.isdigit() and int(length) != len(body):
        raise IncompleteResultError(
            f"{profile.url}: got {len(body)} of {length} bytes; the answer was cut off"
        )
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if form in {"SELECT", "ASK"}:
        if content_type not in JSON_TYPES:
            raise RemoteError(
                f"{profile.url}: expected SPARQL JSON results, got {content_type or 'no type'}"
                f" (HTTP {status}); check the endpoint URL"
            )
        return _parse_json(body, form, profile)
    fmt = rdf_format_by_media_type(content_type)
    if fmt is None:
        raise RemoteError(f"{profile.url}: expected RDF, got {content_type or 'no type'}")
    try:
        triples = parse_triples(body, fmt, origin=profile.url)
    except InputError as exc:
        raise IncompleteResultError(f"{exc}; the answer may be truncated") from None
    return Results(form, triples=triples)


def _parse_json(body: bytes, form: str, profile: EndpointProfile) -> Results:
    """Check the document against the query form, then let pyoxigraph parse it strictly."""
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IncompleteResultError(
            f"{profile.url}: the JSON answer does not parse ({exc}); it is truncated or "
            "broken, so no rows are returned"
        ) from None
    except RecursionError:
        raise RemoteError(f"{profile.url}: the JSON answer is nested too deeply") from None
    if not isinstance(doc, dict):
        raise RemoteError(f"{profile.url}: the JSON answer is not a SPARQL results document")
    if form == "ASK":
        if not isinstance(doc.get("boolean"), bool):
            raise RemoteError(f"{profile.url}: an ASK answer needs a JSON true or false")
        return Results("ASK", boolean=doc["boolean"])
    head = doc.get("head")
    names = head.get("vars") if isinstance(head, dict) else None
    if (
        "boolean" in doc
        or not isinstance(names, list)
        or not all(isinstance(n, str) for n in names)
    ):
        raise RemoteError(f"{profile.url}: malformed SPARQL JSON results for a SELECT query")
    try:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        results = Results.from_oxigraph("SELECT", parsed)
        rows = len(results.rows)
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(f"{profile.url}: malformed SPARQL JSON results ({exc})") from None
    if profile.max_rows is not None and rows >= profile.max_rows:
        raise IncompleteResultError(
            f"{profile.url}: {rows} rows reaches the endpoint's cap of {profile.max_rows}; "
            "the result is probably truncated: paginate with LIMIT/OFFSET"
        )
    return results
