"""Run a query on a remote SPARQL 1.1 endpoint: strict parsing, timeouts, careful retries."""

from __future__ import annotations

import contextlib
import datetime
import email.utils
import http.client
import json
import math
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..__about__ import __version__
from ..errors import CoopgraphError, IncompleteResultError, InputError, RemoteError, UsageError
from ..formats.rdf_formats import rdf_format_by_media_type
from ..io.read import check_safe, parse_triples
from .lexer import projection
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
    #: Answers larger than this are refused (exit 5), not held in memory.
    max_bytes: int = 256 * 2**20


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

    ``timeout`` (default: the profile's) bounds the whole exchange, retries and their waits
    included: a server that drips its answer, or asks to be retried later than that, fails.
    Raises RemoteError (exit 4) when the endpoint fails after the allowed retries or answers
    with the wrong content, IncompleteResultError (exit 5) when the answer is truncated, flagged
    as partial or over the size cap.
    """
    status, headers, body = send(
        lambda: _query_request(text, form, profile), profile, timeout=timeout, sleep=sleep
    )
    return parse_answer(status, headers, body, form, profile, projection(text))


def send(
    make_request: Callable[[], urllib.request.Request],
    profile: EndpointProfile,
    *,
    timeout: float | None = None,
    sleep: Callable[[float], None] | None = None,
    auth: tuple[str, str] | Credentials | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP exchange with ``profile.url``'s server: status, lower-cased headers and body.

    ``make_request`` builds the request afresh for each attempt. The whole exchange has one
    deadline (``timeout``, default the profile's), retries of 429/502/503/504 and refused
    connections and their waits included; redirects stay on the same origin; the body is read
    under the profile's size cap. ``auth`` (user, password) answers Basic and Digest challenges
    and is never part of a message. Raises HTTPStatusError (exit 4) for any other error status,
    RemoteError and IncompleteResultError as :func:`run_remote` does.
    """
    limit = timeout if timeout is not None else profile.timeout
    deadline = time.monotonic() + limit
    attempt = 0
    while True:
        attempt += 1
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _too_slow(profile, limit)
        try:
            return _exchange(make_request(), profile, remaining, limit, auth)
        except _Retryable as exc:
            if attempt > (profile.retries if exc.retries is None else exc.retries):
                raise RemoteError(
                    f"{profile.url}: {exc.reason} after {attempt} attempts; try again later"
                ) from None
            backoff = exc.retry_after if exc.retry_after is not None else 2 ** (attempt - 1)
            wait = min(backoff, profile.max_backoff)
            if time.monotonic() + wait >= deadline:
                raise RemoteError(
                    f"{profile.url}: {exc.reason}; waiting {wait:g} s to retry would pass the "
                    f"{limit:g} s limit; raise --timeout or try again later"
                ) from None
            (sleep or SLEEP)(wait)


class Credentials:
    """A user and password for Basic and Digest challenges, never shown in a message or repr.

    The Digest challenge last answered is kept, so later requests carry their answer up front:
    a server that refuses a large upload before reading it (Virtuoso resets the connection)
    then never sees one without credentials.
    """

    def __init__(self, user: str, password: str) -> None:
        self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        self._user, self._password = user, password
        self._digest = _PreemptiveDigest(self._passwords)
        self._basic = urllib.request.HTTPBasicAuthHandler(self._passwords)

    def __repr__(self) -> str:
        return "<Credentials (hidden)>"

    def handlers(self, url: str) -> list[urllib.request.BaseHandler]:
        self._passwords.add_password(None, url, self._user, self._password)
        self._digest.reset_retry_count()
        return [self._basic, self._digest]


class _PreemptiveDigest(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that answers the last challenge seen before the server asks again."""

    challenge: dict[str, str] | None = None

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header("Authorization"):
            answer = self.get_authorization(req, self.challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req

    https_request = http_request

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        _, _, challenge = auth.partition(" ")
        items = urllib.request.parse_http_list(challenge)
        self.challenge = urllib.request.parse_keqv_list([item for item in items if item])
        return super().retry_http_digest_auth(req, auth)


class HTTPStatusError(RemoteError):
    """The server answered with an error status that retrying will not change (exit 4);
    ``status`` is that code."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class _TimedOut(Exception):
    """A socket read or connect timed out (reported with the whole exchange's limit)."""


class _Retryable(Exception):
    """A failure worth another attempt: ``retries`` caps how many for this kind (a refused
    connection is tried once more, an overloaded server up to the profile's limit)."""

    def __init__(
        self, reason: str, retry_after: float | None = None, retries: int | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.retries = retries


def _too_slow(profile: EndpointProfile, limit: float) -> RemoteError:
    return RemoteError(
        f"{profile.url}: no complete answer within {limit:g} s; raise --timeout or simplify "
        "the query"
    )


def _exchange(
    request: urllib.request.Request,
    profile: EndpointProfile,
    remaining: float,
    limit: float,
    auth: tuple[str, str] | Credentials | None,
) -> tuple[int, dict[str, str], bytes]:
    """One request and its whole answer, within ``remaining`` seconds.

    Socket timeouts bound each read, not the answer: a server sending a byte every few
    seconds never trips them. A watchdog timer therefore shuts the connection's socket down at
    the deadline, which ends whatever read is waiting; the request itself runs in the calling
    thread (pyoxigraph objects must not be dropped in another one).
    """
    watchdog = _Watchdog()
    timer = threading.Timer(remaining, watchdog.fire)
    timer.daemon = True
    timer.start()
    try:
        answer = _request(request, profile, remaining, watchdog, auth)
        if watchdog.fired:  # the body ended because its socket was shut: it is cut short
            raise _too_slow(profile, limit)
        return answer
    except _TimedOut:
        raise _too_slow(profile, limit) from None
    except (CoopgraphError, _Retryable, OSError, http.client.HTTPException):
        if watchdog.fired:
            raise _too_slow(profile, limit) from None
        raise
    finally:
        timer.cancel()


class _Watchdog:
    """The sockets of one exchange, shut down when the deadline passes."""

    def __init__(self) -> None:
        self.fired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def track(self, sock: socket.socket) -> None:
        with self.lock:
            self.sockets.append(sock)
            if self.fired:
                _shut(sock)

    def fire(self) -> None:
        with self.lock:
            self.fired = True
            for sock in self.sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _handlers(watchdog: _Watchdog) -> list[urllib.request.BaseHandler]:
    """HTTP and HTTPS handlers whose connections hand their socket to ``watchdog``."""

    class Tracked(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.track(self.sock)

    class TrackedTLS(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.track(self.sock)

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Tracked, req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(TrackedTLS, req)

    return [Plain(), Secure()]


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows redirects only within the endpoint's own scheme, host and port: the query
    (and any credentials in it) must not travel to a host the user did not name."""

    def __init__(self, url: str) -> None:
        self.url = url

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(self.url):
            raise RemoteError(
                f"{self.url}: redirected to another host ({_origin(newurl)}); give that "
                "endpoint URL yourself if you trust it"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _query_request(text: str, form: str, profile: EndpointProfile) -> urllib.request.Request:
    """The SPARQL protocol request for a query, as SPARQLWrapper builds it."""
    from SPARQLWrapper import GET, JSON, N3, POST, SPARQLWrapper

    client = SPARQLWrapper(profile.url, agent=USER_AGENT)
    client.setQuery(text)
    # SPARQLWrapper guesses the form with a regex that a word in a comment can fool
    # ("... describe it"); ours comes from a real lexer.
    client.queryType = form
    client.setMethod(POST if profile.method == "POST" else GET)
    client.setReturnFormat(JSON if form in {"SELECT", "ASK"} else N3)
    if form not in {"SELECT", "ASK"}:
        # Content negotiation only: SPARQLWrapper's format=n3 parameters made Virtuoso 7.2
        # answer 406 to any CONSTRUCT.
        client.setOnlyConneg(True)
        client.addCustomHttpHeader(
            "Accept", "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
        )
    # SPARQLWrapper builds the protocol request; it is sent through an opener of our own,
    # which refuses redirects to other hosts, and the body is read under a size cap.
    request: urllib.request.Request = client._createRequest()
    return request


def _request(
    request: urllib.request.Request,
    profile: EndpointProfile,
    wait_limit: float,
    watchdog: _Watchdog,
    auth: tuple[str, str] | Credentials | None,
) -> tuple[int, dict[str, str], bytes]:
    handlers: list[urllib.request.BaseHandler] = [_SameOrigin(profile.url), *_handlers(watchdog)]
    if isinstance(auth, Credentials):
        handlers += auth.handlers(profile.url)
    elif auth is not None:
        handlers += Credentials(*auth).handlers(profile.url)
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=max(0.5, wait_limit)) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            body = _read_body(response, profile)
            return response.status, headers, body
    except urllib.error.HTTPError as exc:
        if exc.code in RETRY_STATUSES:
            retry_after = _retry_after(exc.headers.get("Retry-After"))
            raise _Retryable(f"HTTP {exc.code}", retry_after) from None
        try:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        except (OSError, http.client.HTTPException):  # an error page cut short or malformed
            detail = []
        first = detail[0] if detail else exc.reason
        raise HTTPStatusError(f"{profile.url}: HTTP {exc.code}: {first}", exc.code) from None
    except http.client.IncompleteRead as exc:
        raise IncompleteResultError(
            f"{profile.url}: the answer was cut off after {len(exc.partial)} bytes; "
            "nothing was returned"
        ) from None
    except ValueError as exc:  # urllib's auth handlers: a challenge scheme they cannot answer
        if "does not support" not in str(exc):
            raise
        raise RemoteError(
            f"{profile.url}: the server asks for an authentication scheme that --auth cannot "
            "answer (a bearer token? give --token)"
        ) from None
    except http.client.HTTPException as exc:  # a malformed status line or headers
        raise RemoteError(
            f"{profile.url}: not a valid HTTP answer ({type(exc).__name__}); check the URL"
        ) from None
    except TimeoutError:
        raise _TimedOut from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise _TimedOut from None
        if isinstance(exc.reason, socket.gaierror):  # retrying will not make the name resolve
            host = urllib.parse.urlsplit(profile.url).hostname or profile.url
            raise RemoteError(
                f"{profile.url}: cannot resolve the host name {host} ({exc.reason.strerror}); "
                "check the URL and the network connection"
            ) from None
        raise _Retryable(f"connection failed ({_reason(exc.reason)})", retries=1) from None
    except (ConnectionError, http.client.RemoteDisconnected) as exc:
        raise _Retryable(f"connection failed ({_reason(exc)})", retries=1) from None


def _reason(exc: object) -> str:
    """An OS error without its errno prefix: "Connection refused"."""
    return str(getattr(exc, "strerror", None) or exc)


def _read_body(response: Any, profile: EndpointProfile) -> bytes:
    """The whole body, read as it arrives; an answer over ``profile.max_bytes`` is refused
    rather than held in memory."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(1 << 16)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > profile.max_bytes:
            raise IncompleteResultError(
                f"{profile.url}: the answer is over {profile.max_bytes // 2**20} MiB; narrow the "
                "query or paginate with LIMIT/OFFSET"
            )
        chunks.append(chunk)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None when the
    header is missing or malformed, and the usual backoff applies."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, when.timestamp() - time.time())


def parse_answer(
    status: int,
    headers: dict[str, str],
    body: bytes,
    form: str,
    profile: EndpointProfile,
    variables: list[str] | None,
) -> Results:
    """A whole answer checked and parsed strictly for a query of ``form`` (see run_remote)."""
    if headers.get("x-sql-state", "").upper() == "S1TAT" or "x-sparql-maxrows" in headers:
        raise IncompleteResultError(
            f"{profile.url}: the endpoint flagged a partial result (row or time cap); "
            "narrow the query or paginate"
        )
    length = headers.get("content-length", "").strip()
    declared = int(length) if re.fullmatch(r"\+?[0-9]+", length) else None
    if declared is not None and declared != len(body):
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
        if body.lstrip()[:1] == b"<":
            raise RemoteError(
                f"{profile.url}: answered with an HTML or XML page labelled as JSON (HTTP "
                f"{status}); check the endpoint URL"
            )
        return _parse_json(body, form, profile, variables)
    fmt = rdf_format_by_media_type(content_type)
    if fmt is None:
        raise RemoteError(f"{profile.url}: expected RDF, got {content_type or 'no type'}")
    try:  # the rules for local files: no DOCTYPE, no remote or file JSON-LD contexts
        check_safe(body, fmt, profile.url)
    except InputError as exc:
        raise RemoteError(f"{exc} (in the endpoint's answer)") from None
    try:
        triples = parse_triples(body, fmt, origin=profile.url)
    except InputError as exc:
        raise IncompleteResultError(f"{exc}; the answer may be truncated") from None
    return Results(form, triples=triples)


def _virtuoso_ask(doc: dict[str, Any]) -> bool | None:
    """Virtuoso 7.2 answers ASK in JSON as a SELECT of one variable, ``__ASK_RETVAL``: no row
    for false, one row of 1 for true (0 taken as false). None for anything else."""
    head, results = doc.get("head"), doc.get("results")
    if not isinstance(head, dict) or head.get("vars") != ["__ASK_RETVAL"]:
        return None
    rows = results.get("bindings") if isinstance(results, dict) else None
    if rows == []:
        return False
    if not isinstance(rows, list) or len(rows) != 1 or not isinstance(rows[0], dict):
        return None
    cell = rows[0].get("__ASK_RETVAL")
    value = cell.get("value") if isinstance(cell, dict) else None
    return {"1": True, "0": False}.get(value) if isinstance(value, str) else None


def _parse_json(
    body: bytes, form: str, profile: EndpointProfile, variables: list[str] | None
) -> Results:
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
        answer = doc.get("boolean", _virtuoso_ask(doc))
        if not isinstance(answer, bool):
            raise RemoteError(f"{profile.url}: an ASK answer needs a JSON true or false")
        return Results("ASK", boolean=answer)
    head = doc.get("head")
    names = head.get("vars") if isinstance(head, dict) else None
    if (
        "boolean" in doc
        or not isinstance(names, list)
        or not all(isinstance(n, str) for n in names)
    ):
        raise RemoteError(f"{profile.url}: malformed SPARQL JSON results for a SELECT query")
    if variables is not None and set(names) != set(variables):
        raise RemoteError(
            f"{profile.url}: the answer's variables ({', '.join(names) or 'none'}) are not the "
            f"query's ({', '.join(variables)}); the endpoint did not answer this query"
        )
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
