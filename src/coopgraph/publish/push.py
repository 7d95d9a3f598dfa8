"""Push a graph into a server store: SPARQL 1.1 Graph Store Protocol, else SPARQL Update.

The triples pushed are the files' own terms plus the day bounds added at load (what export
writes), without duplicates. Blank nodes are skolemised: each becomes an IRI under
:data:`GENID` that is fresh for each push, so that chunks sent in separate requests keep
pointing at one node, retries are idempotent, and every pushed triple can be checked by ASK.
"""

from __future__ import annotations

import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

from ..errors import IncompleteResultError, RemoteError, UsageError
from ..graph import DATES_UPDATE, Graph, derived_triples
from ..io.read import read_triples
from ..query.remote import (
    USER_AGENT,
    Credentials,
    EndpointProfile,
    HTTPStatusError,
    parse_answer,
    send,
)
from ..query.results import Results
from .stores import LAYOUTS, StoreURLs, store_urls

#: Skolem IRIs of blank nodes (RDF 1.1 section 3.5): GENID + a per-push id + the node's label.
GENID = "https://w3id.org/coopgraph/.well-known/genid/"
#: Statuses of a first Graph Store Protocol request that mean "no GSP here": fall back to
#: SPARQL Update. 401 and 403 are not among them: they are a credentials problem.
NO_GSP = frozenset({400, 404, 405, 406, 415, 501})
#: Triples per request, and the cap on one request's body.
GSP_BATCH = 100_000
#: Virtuoso 7.2 refuses an INSERT DATA of 1,500 triples ("generated SQL text has exceeded
#: 10000 lines"); 1,000 passes.
UPDATE_BATCH = 1_000
#: Virtuoso 7.2 overflows its stack on an ASK of 100 triple patterns.
ASK_BATCH = 50
MAX_BODY = 32 * 2**20
PUSH_TIMEOUT = 120.0
FORM = "application/x-www-form-urlencoded"

Progress = Callable[[str, int, int], None]
Protocol = Literal["auto", "gsp", "update"]
Verify = Literal["auto", "count", "full", "none"]


@dataclass(frozen=True)
class PushReport:
    """What a push did: how many distinct triples went out, how, and what the store holds."""

    target: str
    protocol: str
    mode: str
    pushed: int
    requests: int
    before: int | None
    after: int | None
    verified: str
    skolemised: int
    fallback: str | None
    seconds: float


def push(
    graph: Graph,
    endpoint: str,
    *,
    named_graph: str | None = None,
    replace: bool = False,
    store: str = "generic",
    gsp_url: str | None = None,
    query_url: str | None = None,
    update_url: str | None = None,
    auth: tuple[str, str] | None = None,
    token: str | None = None,
    protocol: Protocol = "auto",
    batch: int | None = None,
    verify: Verify = "auto",
    timeout: float = PUSH_TIMEOUT,
    progress: Progress | None = None,
) -> PushReport:
    """Load ``graph`` into the store at ``endpoint`` (into ``named_graph``, else the default
    graph), replacing that graph's content or merging into it, and check what the store holds.

    ``protocol="auto"`` tries the Graph Store Protocol and falls back to SPARQL Update
    ``INSERT DATA`` in chunks when the first GSP request is answered 400, 404, 405, 406, 415 or
    501. ``verify="auto"`` counts the target graph after a replace (and checks every triple by
    ASK when the count differs) and checks every triple after a merge; "full" always checks
    every triple, "none" skips checks. ``auth`` answers Basic or Digest challenges, ``token`` is
    sent as a Bearer token; neither appears in any message. ``timeout`` bounds each request,
    its retries included. ``progress(phase, done, total)`` is called as chunks go out.

    Raises UsageError (exit 2) for bad options, InputError (3) for unreadable files,
    RemoteError (4) when the store refuses or fails after retries, IncompleteResultError (5)
    when the store does not hold every pushed triple afterwards.
    """
    started = time.monotonic()
    if named_graph is not None:
        _check_iri(named_graph)
    if batch is not None and batch < 1:
        raise UsageError("batch: give a positive number of triples per request")
    urls = store_urls(
        endpoint,
        store=store,
        gsp_url=gsp_url,
        query_url=query_url,
        update_url=update_url,
        authenticated=auth is not None or token is not None,
    )
    if named_graph is None and not LAYOUTS[store].default_graph:
        raise UsageError(
            f"{store} has no default graph of its own to write to (its queries without FROM "
            "read every graph): give --graph IRI"
        )
    client = _Client(urls, auth, token, timeout)
    triples, skolemised = pushable_triples(graph)
    try:
        before = client.count(named_graph) if not replace else None
    except HTTPStatusError as exc:
        if exc.status not in {400, 404, 405}:
            raise
        raise RemoteError(
            f"no SPARQL query service at {urls.query} ({exc}): check --endpoint and --store, "
            "or give --query-url"
        ) from None
    fallback = None
    used = "update" if protocol == "update" else "gsp"
    if used == "gsp":
        try:
            requests = _push_gsp(client, triples, named_graph, replace, batch, progress)
        except HTTPStatusError as exc:
            if protocol == "gsp" or exc.status not in NO_GSP:
                raise _explained(exc, credentials=client.has_credentials) from None
            fallback = f"{urls.gsp} answered HTTP {exc.status} to a Graph Store Protocol request"
            used = "update"
    if used == "update":
        try:
            requests = _push_update(client, triples, named_graph, replace, batch, progress)
        except HTTPStatusError as exc:
            if fallback is None or exc.status not in {400, 404, 405}:
                raise
            raise RemoteError(
                f"no Graph Store Protocol at {urls.gsp} and no SPARQL Update at {urls.update} "
                f"({exc}): check --endpoint and --store, or give --gsp-url / --update-url"
            ) from None
    after, verified = _verify(client, triples, named_graph, replace, before, verify, progress)
    return PushReport(
        target=f"<{named_graph}>" if named_graph else "the default graph",
        protocol="Graph Store Protocol" if used == "gsp" else "SPARQL Update",
        mode="replace" if replace else "merge",
        pushed=len(triples),
        requests=requests,
        before=before,
        after=after,
        verified=verified,
        skolemised=skolemised,
        fallback=fallback,
        seconds=time.monotonic() - started,
    )


def pushable_triples(graph: Graph) -> tuple[list[ox.Triple], int]:
    """The files' triples and the day bounds, without duplicates, blank nodes skolemised; and
    how many blank nodes were. With blank nodes, the day bounds are computed again on the
    skolemised triples (the Store's own blank nodes are not the files')."""
    stated: dict[ox.Triple, None] = {}
    for path in graph.files:
        stated.update(dict.fromkeys(read_triples(path)))
    blanks: dict[str, ox.NamedNode] = {}
    if any(_has_blank(t) for t in stated):
        prefix = f"{GENID}{uuid.uuid4().hex}-"
        stated = dict.fromkeys(_skolemise(t, blanks, prefix) for t in stated)
        scratch = ox.Store()
        scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in stated)
        scratch.update(DATES_UPDATE)
        derived = derived_triples(scratch)
    else:
        derived = graph.derived_triples()
    stated.update(dict.fromkeys(derived))
    return list(stated), len(blanks)


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _skolemise(triple: ox.Triple, blanks: dict[str, ox.NamedNode], prefix: str) -> ox.Triple:
    subject, obj = triple.subject, triple.object
    if isinstance(subject, ox.BlankNode):
        subject = blanks.setdefault(subject.value, ox.NamedNode(prefix + subject.value))
    if isinstance(obj, ox.BlankNode):
        obj = blanks.setdefault(obj.value, ox.NamedNode(prefix + obj.value))
    return ox.Triple(subject, triple.predicate, obj)


def _check_iri(iri: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise UsageError(
            f"--graph: {iri!r} is not an absolute IRI; give one such as "
            "https://example.org/graph/coopgraph"
        ) from None
    if not urllib.parse.urlsplit(iri).scheme:
        raise UsageError(f"--graph: {iri!r} is not an absolute IRI")


def _ntriples(triples: Sequence[ox.Triple]) -> bytes:
    return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")


def _chunks(triples: Sequence[ox.Triple], size: int) -> Iterator[tuple[int, bytes]]:
    """(triples in the chunk, their N-Triples), ``size`` triples at most and halved until the
    text is under MAX_BODY."""
    for start in range(0, len(triples), size):
        yield from _split(triples[start : start + size])


def _split(part: Sequence[ox.Triple]) -> Iterator[tuple[int, bytes]]:
    text = _ntriples(part)
    if len(text) <= MAX_BODY or len(part) == 1:
        yield len(part), text
        return
    middle = len(part) // 2
    yield from _split(part[:middle])
    yield from _split(part[middle:])


def _push_gsp(
    client: _Client,
    triples: Sequence[ox.Triple],
    named_graph: str | None,
    replace: bool,
    batch: int | None,
    progress: Progress | None,
) -> int:
    """PUT (replace) or POST the first chunk, POST the rest; the number of requests."""
    target = {"graph": named_graph} if named_graph else {"default": ""}
    url = client.urls.gsp + ("&" if "?" in client.urls.gsp else "?")
    url += urllib.parse.urlencode(target).removesuffix("=")
    chunks = _chunks(triples, batch or GSP_BATCH)
    done, body = next(chunks, (0, b""))
    if client.auth is not None:
        client.gsp(url, "POST", b"")  # adds nothing; answers any Digest challenge on a small body
    client.gsp(url, "PUT" if replace else "POST", body)  # its failure may mean "no GSP here"
    requests = 1
    _report(progress, "push", done, len(triples))
    try:
        for count, body in chunks:
            client.gsp(url, "POST", body)
            requests, done = requests + 1, done + count
            _report(progress, "push", done, len(triples))
    except HTTPStatusError as exc:  # not "no GSP here": GSP took the first chunk
        explained = _explained(exc, credentials=client.has_credentials)
        raise RemoteError(f"{explained} (after {requests} accepted requests)") from None
    return requests


def _push_update(
    client: _Client,
    triples: Sequence[ox.Triple],
    named_graph: str | None,
    replace: bool,
    batch: int | None,
    progress: Progress | None,
) -> int:
    """INSERT DATA in chunks; a replace first drops the graph, in the first request."""
    graph = f"<{named_graph}>" if named_graph else None
    drop = f"DROP SILENT GRAPH {graph} ;\n" if graph else "DROP SILENT DEFAULT ;\n"
    requests, done = 0, 0
    for count, body in _chunks(triples, batch or UPDATE_BATCH):
        data = body.decode("utf-8")
        inner = f"GRAPH {graph} {{\n{data}}}" if graph else data
        text = f"INSERT DATA {{\n{inner}\n}}"
        try:
            client.update((drop if replace and requests == 0 else "") + text)
        except HTTPStatusError as exc:
            if requests == 0:
                raise  # the first request: the caller can tell "no SPARQL Update here"
            raise RemoteError(f"{exc} (after {requests} accepted requests)") from None
        requests, done = requests + 1, done + count
        _report(progress, "push", done, len(triples))
    if requests == 0 and replace:
        client.update(drop.rstrip(" ;\n"))
        requests = 1
    return requests


def _verify(
    client: _Client,
    triples: Sequence[ox.Triple],
    named_graph: str | None,
    replace: bool,
    before: int | None,
    verify: Verify,
    progress: Progress | None,
) -> tuple[int | None, str]:
    """The count after the push, and how it was verified. IncompleteResultError when the
    store does not hold every pushed triple."""
    if verify == "none":
        return None, "not verified"
    after = client.count(named_graph)
    if replace and after > len(triples):
        raise IncompleteResultError(
            f"{client.urls.query}: the graph holds {after} triples after replacing it with "
            f"{len(triples)}; another client may be writing to it: push again"
        )
    exact = replace and after == len(triples)
    if verify == "count" or (verify == "auto" and exact):
        if not exact and (replace or after < len(triples)):
            raise _missing(client, after, len(triples))
        return after, "count"
    missing = _absent(client, triples, named_graph, progress)
    if missing:
        raise IncompleteResultError(
            f"{client.urls.query}: {missing} of the {len(triples)} pushed triples are not in the "
            "store afterwards (it dropped them or refused them in silence); check the store's "
            "log and limits, then push again"
        )
    return after, "count and every triple (ASK)"


def _missing(client: _Client, after: int, pushed: int) -> IncompleteResultError:
    return IncompleteResultError(
        f"{client.urls.query}: the store holds {after} triples in the target graph after "
        f"pushing {pushed}; it dropped some (check its log and limits, then push again)"
    )


def _absent(
    client: _Client,
    triples: Sequence[ox.Triple],
    named_graph: str | None,
    progress: Progress | None,
) -> int:
    """How many of ``triples`` the store does not hold: ASK per chunk, then per triple of a
    chunk that fails."""
    missing = 0
    for start in range(0, len(triples), ASK_BATCH):
        part = triples[start : start + ASK_BATCH]
        if not client.ask(part, named_graph):
            missing += sum(1 for t in part if not client.ask([t], named_graph))
        _report(progress, "verify", start + len(part), len(triples))
    return missing


def _report(progress: Progress | None, phase: str, done: int, total: int) -> None:
    if progress is not None:
        progress(phase, done, total)


def _explained(exc: HTTPStatusError, *, credentials: bool) -> RemoteError:
    """The store's refusal, with what to do about it."""
    if exc.status == 401 and credentials:
        return RemoteError(
            f"{exc}; the store did not accept the credentials given (--auth or COOPGRAPH_AUTH, "
            "--token or COOPGRAPH_TOKEN): check them, and the kind the store wants (--auth "
            "answers a Basic or Digest challenge, --token sends a bearer token)"
        )
    if exc.status == 403 and credentials:
        return RemoteError(
            f"{exc}; the store does not let these credentials write to it (or to this graph): "
            "use an account that may write, or the kind of credentials the store wants"
        )
    if exc.status in {401, 403}:
        return RemoteError(
            f"{exc}; the store wants credentials with write access: pass --auth USER:PASSWORD "
            "(or set COOPGRAPH_AUTH), or --token (COOPGRAPH_TOKEN) for a bearer token"
        )
    if exc.status == 413:
        return RemoteError(f"{exc}; the request is too large for the store: lower --batch")
    return exc


class _Client:
    """Requests to one store under the remote-query machinery: deadline, retries, same-origin
    redirects, size cap of answers, credentials kept out of messages."""

    def __init__(
        self, urls: StoreURLs, auth: tuple[str, str] | None, token: str | None, timeout: float
    ) -> None:
        self.urls = urls
        self.auth = Credentials(*auth) if auth is not None else None
        self.token = token
        self.has_credentials = auth is not None or token is not None
        self.timeout = timeout

    def _send(
        self, url: str, method: str, body: bytes, content_type: str, accept: str
    ) -> tuple[EndpointProfile, int, dict[str, str], bytes]:
        profile = EndpointProfile("store", url, timeout=self.timeout, max_bytes=16 * 2**20)

        def make() -> urllib.request.Request:
            headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": USER_AGENT}
            if self.token is not None:
                headers["Authorization"] = f"Bearer {self.token}"
            return urllib.request.Request(url, data=body, headers=headers, method=method)

        return (profile, *send(make, profile, auth=self.auth))

    def gsp(self, url: str, method: str, body: bytes) -> None:
        """PUT or POST N-Triples (labelled Turtle, which every GSP store reads; N-Triples is
        Turtle). HTTPStatusError as it comes: the caller decides on the fallback."""
        self._send(url, method, body, "text/turtle; charset=utf-8", "*/*")

    def update(self, text: str) -> None:
        form = urllib.parse.urlencode({"update": text}).encode("utf-8")
        try:
            self._send(self.urls.update, "POST", form, FORM, "*/*")
        except HTTPStatusError as exc:
            raise _explained(exc, credentials=self.has_credentials) from None

    def _query(self, text: str, form: str, variables: list[str] | None) -> Results:
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        try:
            profile, status, headers, answer = self._send(
                self.urls.query, "POST", body, FORM, "application/sparql-results+json"
            )
        except HTTPStatusError as exc:
            raise _explained(exc, credentials=self.has_credentials) from None
        return parse_answer(status, headers, answer, form, profile, variables)

    def count(self, named_graph: str | None) -> int:
        """Triples in the target graph."""
        pattern = f"GRAPH <{named_graph}> {{ ?s ?p ?o }}" if named_graph else "?s ?p ?o"
        rows = self._query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", "SELECT", ["n"]).rows
        value = rows[0][0] if rows and rows[0] else None
        if not isinstance(value, ox.Literal) or not value.value.isdigit():
            raise RemoteError(f"{self.urls.query}: the count of triples is not a number")
        return int(value.value)

    def ask(self, triples: Sequence[ox.Triple], named_graph: str | None) -> bool:
        """Whether the target graph holds every one of ``triples``."""
        pattern = _ntriples(triples).decode("utf-8")
        if named_graph:
            pattern = f"GRAPH <{named_graph}> {{\n{pattern}}}"
        return self._query(f"ASK {{\n{pattern}\n}}", "ASK", None).boolean is True
