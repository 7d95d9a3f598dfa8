"""Content negotiation: the format an ``Accept`` header asks for, among those on offer."""

from __future__ import annotations

from collections.abc import Sequence

from ..formats import OUTPUT_FORMATS

#: What a client may ask for, per kind of answer: format name -> media types it answers to.
#: The first is the default for a client that accepts anything.
TABLE_OFFERS: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
GRAPH_OFFERS: dict[str, tuple[str, ...]] = {
    "ttl": ("text/turtle", "application/x-turtle"),
    "nt": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/json"),
    "rdfxml": ("application/rdf+xml", "application/xml", "text/xml"),
    "nq": ("application/n-quads",),
    "trig": ("application/trig",),
}
HTML = "html"


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q values, malformed parts skipped."""
    ranges = []
    for part in (header or "").split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        if "/" not in media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def choose(header: str | None, offers: dict[str, tuple[str, ...]]) -> str | None:
    """The offered format the client prefers; the first offer for no header or ``*/*``; None
    when the header accepts none of them (answer 406)."""
    ranges = parse_accept(header)
    if not ranges:
        return next(iter(offers))
    best: tuple[float, int, str] | None = None
    for order, (name, types) in enumerate(offers.items()):
        quality = _quality(ranges, types)
        if quality > 0 and (best is None or (quality, -order) > (best[0], best[1])):
            best = (quality, -order, name)
    return best[2] if best else None


def _quality(ranges: list[tuple[str, float]], types: Sequence[str]) -> float:
    """q of the most specific range matching any of ``types`` (exact, then type/*, then */*)."""
    found: tuple[int, float] | None = None
    for media in types:
        main = media.split("/")[0]
        for wanted, quality in ranges:
            specificity = {media: 3, f"{main}/*": 2, "*/*": 1}.get(wanted, 0)
            if specificity and (found is None or specificity > found[0]):
                found = (specificity, quality)
    return found[1] if found else 0.0


def media_type(fmt: str) -> str:
    """The Content-Type to send for a format of the output registry."""
    if fmt == HTML:
        return "text/html; charset=utf-8"
    base = OUTPUT_FORMATS[fmt].media_type
    return f"{base}; charset=utf-8" if base.startswith("text/") else base


def offered(offers: dict[str, tuple[str, ...]]) -> str:
    """The media types on offer, for a 406 message."""
    return ", ".join(types[0] for types in offers.values())
