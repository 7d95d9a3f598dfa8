"""The one registry of link targets: the external tables entities link to, and how to fetch them.

Wikidata properties used by the target's queries, each with the public document that shows its
meaning:
  P463 member of      https://huggingface.co/datasets/lintang/lama_primed_negated/blame/main/data/TREx/high_ranked/P463.jsonl
  P580 / P582 start / end time qualifiers, P39 position held
                      https://gist.github.com/tmtmtmtm/1fe4a83e0c175245824654becaab89a2
  P297 / P298 ISO 3166-1 alpha-2 / alpha-3 code
                      https://github.com/zbw/sparql-queries/blob/555b64662a329886b0432b567b2b74de3e9ddab5/wikidata/iso3166_codelist.rq
Official websites are not fetched: no source at hand gives the property that holds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import UsageError
from ..namespaces import COOP, FOAF
from ..query.catalogue import StoredQuery, load_query
from ..query.remote import EndpointProfile, resolve_endpoint

QUERIES_DIR = Path(__file__).resolve().parent / "queries"

#: Label languages fetched by default: the ISO 639-1 codes of the EU's official languages.
#: A setting, not data; `--language` replaces it.
EU_LANGUAGES = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr",
    "hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
)  # fmt: skip

ACTOR_CLASSES = (
    COOP + "Organisation",
    COOP + "Body",
    COOP + "Operation",
    COOP + "State",
    FOAF + "Person",
    COOP + "Office",
)
_AUTHORITY = r"http://publications\.europa\.eu/resource/authority/{}/[A-Z0-9_]+"


@dataclass(frozen=True)
class LinkTable:
    """One external table entities can be linked to, by skos:exactMatch."""

    name: str
    pattern: re.Pattern[str]
    classes: tuple[str, ...]

    def matches(self, iri: str) -> bool:
        return self.pattern.fullmatch(iri) is not None


@dataclass(frozen=True)
class Target:
    """A service that ``link refresh`` and ``link suggest`` ask about one or more tables."""

    name: str
    tables: tuple[LinkTable, ...]
    queries: tuple[str, ...]  # names of .rq files in link/queries
    default_endpoint: str | None
    publisher: str
    batch_size: int = 50

    def stored_queries(self) -> list[StoredQuery]:
        return [internal_query(name) for name in self.queries]


WIKIDATA = LinkTable(
    "wikidata", re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*"), ACTOR_CLASSES
)
TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target(
            "wikidata",
            (WIKIDATA,),
            ("wikidata-labels", "wikidata-statements", "wikidata-codes"),
            "wikidata",
            "Wikidata",
        ),
        Target(
            "eu-authority",
            (
                LinkTable(
                    "eu-country", re.compile(_AUTHORITY.format("country")), (COOP + "State",)
                ),
                LinkTable(
                    "eu-corporate-body",
                    re.compile(_AUTHORITY.format("corporate-body")),
                    (COOP + "Organisation", COOP + "Body"),
                ),
            ),
            ("labels",),
            None,
            "Publications Office of the European Union",
        ),
        Target(
            "dbpedia",
            (
                LinkTable(
                    "dbpedia", re.compile(r"http://dbpedia\.org/resource/[^\s<>\"]+"),
                    ACTOR_CLASSES[:5],
                ),
            ),
            ("labels",),
            "dbpedia",
            "DBpedia",
        ),
    )
}  # fmt: skip
TABLES: tuple[LinkTable, ...] = tuple(table for t in TARGETS.values() for table in t.tables)


def target(name: str) -> Target:
    """The target called ``name``; UsageError lists the known ones."""
    try:
        return TARGETS[name]
    except KeyError:
        raise UsageError(f"Unknown target {name!r}; use one of {', '.join(TARGETS)}") from None


def table_for(iri: str) -> tuple[Target, LinkTable] | None:
    """The target and table an external IRI belongs to, if any."""
    for t in TARGETS.values():
        for table in t.tables:
            if table.matches(iri):
                return t, table
    return None


def endpoint_for(chosen: Target, endpoint: str | None) -> EndpointProfile:
    """The endpoint to ask: ``endpoint`` if given, else the target's own; UsageError if none."""
    where = endpoint or chosen.default_endpoint
    if where is None:
        raise UsageError(
            f"No public endpoint is configured for {chosen.name}: give one with --endpoint URL"
        )
    return resolve_endpoint(where)


@cache
def internal_query(name: str) -> StoredQuery:
    """A query of the link commands, from link/queries, parsed by the catalogue machinery."""
    return load_query(name, QUERIES_DIR)
