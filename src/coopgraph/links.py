"""External links: the targets, which entities are linked, and accepting reviewed suggestions."""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from .__about__ import __version__
from .atomic import atomic_write
from .errors import InputError, UsageError
from .loading import new_graph, parse_into
from .namespaces import COOP, COOPID

WIKIDATA_ENTITY = re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$")
EU_AUTHORITY = re.compile(
    r"^http://publications\.europa\.eu/resource/authority/(country|corporate-body)/[A-Z0-9_]+$"
)
DBPEDIA = re.compile(r"^http://dbpedia\.org/resource/[^\s<>\"]+$")


@dataclass(frozen=True)
class LinkTable:
    """One external table entities can be linked to."""

    name: str
    target: str  # the --target it belongs to
    pattern: re.Pattern[str]
    classes: tuple[URIRef, ...]


ACTOR_CLASSES = (COOP.Organisation, COOP.Body, COOP.Operation, COOP.State, FOAF.Person, COOP.Office)
TABLES = (
    LinkTable("wikidata", "wikidata", WIKIDATA_ENTITY, ACTOR_CLASSES),
    LinkTable(
        "eu-country",
        "eu-authority",
        re.compile(EU_AUTHORITY.pattern.replace("(country|corporate-body)", "country")),
        (COOP.State,),
    ),
    LinkTable(
        "eu-corporate-body",
        "eu-authority",
        re.compile(EU_AUTHORITY.pattern.replace("(country|corporate-body)", "corporate-body")),
        (COOP.Organisation, COOP.Body),
    ),
    LinkTable("dbpedia", "dbpedia", DBPEDIA, ACTOR_CLASSES[:5]),
)
TARGETS = ("wikidata", "eu-authority", "dbpedia")
PUBLISHERS = {
    "wikidata": "Wikidata",
    "eu-authority": "Publications Office of the European Union",
    "dbpedia": "DBpedia",
}


@dataclass(frozen=True)
class StatusRow:
    table: str
    cls: URIRef
    linked: tuple[URIRef, ...]
    unlinked: tuple[URIRef, ...]


def linked_iris(graph: Graph, table: LinkTable) -> dict[URIRef, URIRef]:
    """entity -> external IRI for every link of ``table`` in the graph."""
    found: dict[URIRef, URIRef] = {}
    for entity, target in graph.subject_objects(SKOS.exactMatch):
        if isinstance(entity, URIRef) and table.pattern.match(str(target)):
            found[entity] = URIRef(str(target))
    return found


def link_status(graph: Graph) -> list[StatusRow]:
    """Per table and class: which entities are linked and which are not."""
    rows = []
    for table in TABLES:
        links = linked_iris(graph, table)
        for cls in table.classes:
            members = sorted(
                URIRef(str(s)) for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)
            )
            if not members:
                continue
            rows.append(
                StatusRow(
                    table=table.name,
                    cls=cls,
                    linked=tuple(m for m in members if m in links),
                    unlinked=tuple(m for m in members if m not in links),
                )
            )
    return rows


ACCEPTED = {"yes", "y", "x", "1", "true", "accept"}
REVIEW_COLUMNS = (
    "entity",
    "entity_label",
    "class",
    "target",
    "candidate",
    "candidate_label",
    "score",
    "evidence",
    "endpoint",
    "retrieved",
    "accept",
)


def accept_links(review_file: Path, graph: Graph, links_file: Path) -> list[tuple[str, str]]:
    """Append the links marked accepted in a review TSV to ``links_file``, with provenance.

    Each accepted row becomes a skos:exactMatch triple, a coop:FactNote that cites a source
    document for the candidate record (its URL, the endpoint and time it was suggested from),
    written atomically. Raises InputError for a malformed file, UsageError for a row that would
    make a wrong or duplicate link.
    """
    rows = _read_review(review_file)
    existing = {str(o): s for s, o in graph.subject_objects(SKOS.exactMatch)}
    chosen: list[dict[str, str]] = []
    for number, row in rows:
        if row["accept"].strip().lower() not in ACCEPTED:
            continue
        entity, candidate = row["entity"].strip(), row["candidate"].strip()
        table = next((t for t in TABLES if t.pattern.match(candidate)), None)
        if table is None:
            raise UsageError(
                f"{review_file} line {number}: {candidate!r} is not a Wikidata, "
                "EU authority or DBpedia IRI; fix the candidate column"
            )
        if (URIRef(entity), RDFS.label, None) not in graph:
            raise UsageError(f"{review_file} line {number}: unknown entity {entity!r}")
        if candidate in existing and str(existing[candidate]) != entity:
            raise UsageError(
                f"{review_file} line {number}: {candidate} already identifies "
                f"{existing[candidate]}; one identifier cannot name two entities"
            )
        if URIRef(entity) in linked_iris(graph, table):
            raise UsageError(
                f"{review_file} line {number}: {entity} already has a "
                f"{table.name} link; remove it first to replace it"
            )
        chosen.append(row)
    if not chosen:
        return []
    today = datetime.date.today().isoformat()
    blocks = [_link_block(row, today) for row in chosen]
    old = links_file.read_text(encoding="utf-8") if links_file.exists() else ""

    def check(tmp: Path) -> None:
        parse_into(new_graph(), tmp, "turtle")

    atomic_write(
        links_file, (old.rstrip("\n") + "\n\n" + "\n\n".join(blocks) + "\n").encode(), check=check
    )
    return [(row["entity"], row["candidate"]) for row in chosen]


def _read_review(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    reader = csv.DictReader(text.splitlines(), delimiter="\t")
    missing = set(REVIEW_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise InputError(
            f"{path} line 1: missing column(s) {', '.join(sorted(missing))}; "
            "start from a file written by `coopgraph link suggest`"
        )
    return [
        (number, {k: (v or "") for k, v in row.items()})
        for number, row in enumerate(reader, start=2)
    ]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _link_block(row: dict[str, str], today: str) -> str:
    """The triples of one accepted link, as sorted N-Triples lines (valid Turtle to append)."""
    entity, candidate = URIRef(row["entity"].strip()), URIRef(row["candidate"].strip())
    table = next(t for t in TABLES if t.pattern.match(str(candidate)))
    record = str(candidate).rsplit("/", 1)[-1]
    source = COOPID[f"source-{table.name}-{_slug(record)}"]
    note = COOPID[f"link-{_slug(str(entity).rsplit('/', 1)[-1])}-{table.name}"]
    block = Graph()
    block.add((entity, SKOS.exactMatch, candidate))
    for p, o in [
        (RDF.type, COOP.SourceDocument),
        (RDFS.label, Literal(f"{table.name} record {record}: {row['candidate_label']}", lang="en")),
        (COOP.url, Literal(str(candidate), datatype=XSD.anyURI)),
        (COOP.endpoint, Literal(row["endpoint"].strip(), datatype=XSD.anyURI)),
        (COOP.publisherName, Literal(PUBLISHERS[table.target])),
        (COOP.sourceKind, COOP.Secondary),
        (COOP.toolVersion, Literal(__version__)),
    ]:
        block.add((source, p, o))
    text = (
        f"Accepted on {today} from a `coopgraph link suggest` candidate (score "
        f"{row['score']}; {row['evidence']}) fetched from {row['endpoint']} at "
        f"{row['retrieved']}."
    )
    for p, o in [
        (RDF.type, COOP.FactNote),
        (RDFS.label, Literal(f"{table.name} link for {row['entity_label']}", lang="en")),
        (RDF.subject, entity),
        (RDF.predicate, SKOS.exactMatch),
        (RDF.object, candidate),
        (COOP.certainty, COOP.Sourced),
        (COOP.note, Literal(text, lang="en")),
        (DCTERMS.source, source),
    ]:
        block.add((note, p, o))
    lines = sorted(line for line in block.serialize(format="nt").splitlines() if line)
    return f"# accepted {table.name} link for {entity}\n" + "\n".join(lines)
