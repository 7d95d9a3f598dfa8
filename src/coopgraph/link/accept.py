"""`coopgraph link accept`: turn reviewed suggestions into links with their provenance."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..__about__ import __version__
from ..errors import UsageError
from ..graph import Graph
from ..namespaces import COOP, COOPID, DCTERMS, RDF, RDFS, SKOS, XSD
from .review import Suggestion
from .status import all_links, linked_iris
from .targets import table_for


@dataclass(frozen=True)
class AcceptedLink:
    """One accepted link: the skos:exactMatch triple and the triples of its provenance."""

    entity: str
    candidate: str
    table: str
    triples: tuple[ox.Triple, ...]

    def turtle_block(self) -> str:
        """Sorted N-Triples lines under a comment: valid Turtle to append to a links file."""
        lines = sorted(f"{t} ." for t in self.triples)
        return f"# accepted {self.table} link for {self.entity}\n" + "\n".join(lines)


def accept_links(
    rows: list[tuple[int, Suggestion]],
    graph: Graph,
    *,
    review_name: str = "review file",
    today: datetime.date | None = None,
) -> list[AcceptedLink]:
    """The links the reviewer accepted, each with a coop:FactNote citing the candidate record.

    Raises UsageError (naming the row's line) for a candidate outside the known tables, an
    unknown entity, an identifier that already names another entity, or an entity that already
    has a link to that table. Nothing is accepted unless every accepted row is sound.
    """
    existing = all_links(graph)
    chosen: list[AcceptedLink] = []
    day = (today or datetime.date.today()).isoformat()
    for number, row in rows:
        if not row.accepted:
            continue
        entity, candidate = row.entity.strip(), row.candidate.strip()
        where = f"{review_name} line {number}"
        found = table_for(candidate)
        if found is None:
            raise UsageError(
                f"{where}: {candidate!r} is not a Wikidata, EU authority or DBpedia IRI; "
                "fix the candidate column"
            )
        target, table = found
        labels = graph.store.quads_for_pattern(_iri(entity), ox.NamedNode(RDFS + "label"), None)
        if next(iter(labels), None) is None:
            raise UsageError(f"{where}: unknown entity {entity!r}")
        if candidate in existing and existing[candidate] != entity:
            raise UsageError(
                f"{where}: {candidate} already identifies {existing[candidate]}; one identifier "
                "cannot name two entities"
            )
        if entity in linked_iris(graph, table):
            raise UsageError(
                f"{where}: {entity} already has a {table.name} link; remove it first to replace it"
            )
        chosen.append(
            AcceptedLink(entity, candidate, table.name,
                         tuple(_provenance(row, table.name, target.publisher, day)))
        )  # fmt: skip
    return chosen


def append_to_links(existing_text: str, links: list[AcceptedLink]) -> bytes:
    """The links file's new bytes: its old text, then one block per accepted link."""
    blocks = "\n\n".join(link.turtle_block() for link in links)
    kept = existing_text.rstrip("\n")
    return ((kept + "\n\n" if kept else "") + blocks + "\n").encode("utf-8")


def _iri(text: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(text)
    except ValueError:
        raise UsageError(f"{text!r} is not an IRI; fix the entity column") from None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _provenance(row: Suggestion, table: str, publisher: str, day: str) -> list[ox.Triple]:
    entity, candidate = _iri(row.entity.strip()), _iri(row.candidate.strip())
    record = candidate.value.rsplit("/", 1)[-1]
    source = ox.NamedNode(f"{COOPID}source-{table}-{_slug(record)}")
    note = ox.NamedNode(f"{COOPID}link-{_slug(entity.value.rsplit('/', 1)[-1])}-{table}")

    def p(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def any_uri(value: str) -> ox.Literal:
        return ox.Literal(value, datatype=p(XSD + "anyURI"))

    text = (
        f"Accepted on {day} from a `coopgraph link suggest` candidate (score {row.score}; "
        f"{row.evidence}) fetched from {row.endpoint} at {row.retrieved}."
    )
    return [
        ox.Triple(entity, p(SKOS + "exactMatch"), candidate),
        ox.Triple(source, p(RDF + "type"), p(COOP + "SourceDocument")),
        ox.Triple(source, p(RDFS + "label"),
                  ox.Literal(f"{table} record {record}: {row.candidate_label}", language="en")),
        ox.Triple(source, p(COOP + "url"), any_uri(candidate.value)),
        ox.Triple(source, p(COOP + "endpoint"), any_uri(row.endpoint.strip())),
        ox.Triple(source, p(COOP + "publisherName"), ox.Literal(publisher)),
        ox.Triple(source, p(COOP + "sourceKind"), p(COOP + "Secondary")),
        ox.Triple(source, p(COOP + "toolVersion"), ox.Literal(__version__)),
        ox.Triple(note, p(RDF + "type"), p(COOP + "FactNote")),
        ox.Triple(note, p(RDFS + "label"),
                  ox.Literal(f"{table} link for {row.entity_label}", language="en")),
        ox.Triple(note, p(RDF + "subject"), entity),
        ox.Triple(note, p(RDF + "predicate"), p(SKOS + "exactMatch")),
        ox.Triple(note, p(RDF + "object"), candidate),
        ox.Triple(note, p(COOP + "certainty"), p(COOP + "Sourced")),
        ox.Triple(note, p(COOP + "note"), ox.Literal(text, language="en")),
        ox.Triple(note, p(DCTERMS + "source"), source),
    ]  # fmt: skip
