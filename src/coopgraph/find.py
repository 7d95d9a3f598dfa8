"""Find resources by name: ranked, accent- and case-insensitive search over labels and IRIs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .namespaces import compact_iri

if TYPE_CHECKING:
    from .graph import Graph

#: The names a resource is found by: its labels in any language, and its identifiers.
_NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT ?resource ?name ?class ?label
WHERE {
  ?resource rdfs:label|skos:prefLabel|skos:altLabel|foaf:name|coop:localLabel|dcterms:identifier
    ?name .
  FILTER (isIRI(?resource))
  OPTIONAL { ?resource a ?class }
  OPTIONAL { ?resource rdfs:label ?label FILTER (LANGMATCHES(LANG(?label), "en")) }
}
"""


@dataclass(frozen=True)
class Match:
    """A resource found by name: its IRI, one of its classes, its English label, the name
    that matched, and the rank of the match (0 exact, 1 starts with, 2 a word starts with,
    3 contains; lower is better)."""

    iri: str
    cls: str
    label: str
    matched: str
    rank: int

    @property
    def compact(self) -> str:
        return compact_iri(self.iri)


def normalise(text: str) -> str:
    """Case-folded text without accents: "Sécurité" and "securite" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def find(graph: Graph, text: str, *, cls: str | None = None, limit: int = 20) -> list[Match]:
    """Resources whose label, alternative label, name, identifier or IRI local name matches
    ``text``, best first (see :class:`Match`); ``cls`` keeps those of one class (an IRI)."""
    wanted = normalise(text)
    if not wanted:
        return []
    best: dict[str, Match] = {}
    for row in graph.query(_NAMES).rows:
        resource, name, kind, label = (_text(term) for term in row)
        if cls is not None and kind != cls:
            continue
        for candidate in (name, resource.rsplit("/", 1)[-1].rsplit("#", 1)[-1]):
            rank = _rank(wanted, normalise(candidate))
            if rank is None:
                continue
            match = Match(resource, kind, label or name, candidate, rank)
            current = best.get(resource)
            if current is None or _key(match) < _key(current):
                best[resource] = match
    return sorted(best.values(), key=_key)[:limit]


def _text(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def _rank(wanted: str, name: str) -> int | None:
    if name == wanted:
        return 0
    if name.startswith(wanted):
        return 1
    words = name.replace("-", " ").split()
    if any(word.startswith(wanted) for word in words):
        return 2
    if wanted in name:
        return 3
    return None


def _key(match: Match) -> tuple[int, int, str, str]:
    return (match.rank, len(match.matched), match.iri, match.cls)


def class_iri(graph: Graph, cls: str, *, option: str = "--class") -> str:
    """The full IRI of the class ``cls`` names (``coop:State`` or an IRI); UsageError when it
    has no prefix or nothing in ``graph`` has that class."""
    from .errors import UsageError
    from .query.params import ParamSpec, parse_value

    if ":" not in cls and "/" not in cls:
        raise UsageError(f"{option} {cls}: give a class with its prefix, such as coop:{cls}")
    wanted = parse_value(ParamSpec("class", "iri"), cls).value
    answer = graph.query(f"ASK {{ ?x a <{wanted}> }}")
    if not answer.boolean:
        raise UsageError(f"{option} {cls}: nothing in the graph has this class")
    return str(wanted)
