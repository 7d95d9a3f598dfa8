"""Links to external open data: one target registry consumed by status, refresh, suggest,
accept and check. Every function takes and returns values; the CLI writes the files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

if TYPE_CHECKING:
    from .accept import AcceptedLink, accept_links, append_to_links
    from .candidates import suggest
    from .check import Disagreement, check_links
    from .review import REVIEW_COLUMNS, Suggestion, read_review, review_tsv
    from .snapshot import refresh
    from .status import StatusRow, link_status
    from .targets import EU_LANGUAGES, TABLES, TARGETS

# Names resolve on first use, so importing this package does not import every job's modules.
_LAZY = {
    "AcceptedLink": ".accept",
    "accept_links": ".accept",
    "append_to_links": ".accept",
    "Disagreement": ".check",
    "check_links": ".check",
    "refresh": ".snapshot",
    "REVIEW_COLUMNS": ".review",
    "Suggestion": ".review",
    "read_review": ".review",
    "review_tsv": ".review",
    "StatusRow": ".status",
    "link_status": ".status",
    "suggest": ".candidates",
    "EU_LANGUAGES": ".targets",
    "TABLES": ".targets",
    "TARGETS": ".targets",
}


__all__ = [
    "EU_LANGUAGES",
    "REVIEW_COLUMNS",
    "TABLES",
    "TARGETS",
    "AcceptedLink",
    "Disagreement",
    "StatusRow",
    "Suggestion",
    "accept_links",
    "append_to_links",
    "check_links",
    "link_status",
    "read_review",
    "refresh",
    "review_tsv",
    "suggest",
]


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
