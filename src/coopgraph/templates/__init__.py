"""Commented Turtle skeletons for new data (`coopgraph template KIND`).

Each kind is a file here; the prefixes and a source document to cite are shared. As printed, a
skeleton parses and validates with the project's graph, so the only results a user sees after
filling it in are about what they wrote.
"""

from __future__ import annotations

from importlib import resources

from ..errors import UsageError

KINDS = ("event", "deliverable", "person", "progress-report")


def template(kind: str) -> str:
    """The Turtle skeleton for ``kind`` (one of KINDS). UsageError for another kind."""
    if kind not in KINDS:
        raise UsageError(f"No template {kind!r}; use one of {', '.join(KINDS)}")
    folder = resources.files(__name__)
    parts = ["_prefixes.ttl", f"{kind}.ttl", "_source.ttl"]
    if kind == "progress-report":  # its presenter, who held an office on the report's day
        parts.insert(2, "person.ttl")
    return "\n".join(folder.joinpath(part).read_text(encoding="utf-8") for part in parts)
