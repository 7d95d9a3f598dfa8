"""Generate a synthetic coopgraph graph of a chosen size, for benchmarks at scale.

    python benchmarks/synthetic.py --triples 1000000 -o /tmp/synthetic-1m.ttl
    python benchmarks/synthetic.py --triples 1000000 -o /tmp/synthetic-1m.nt --seed 7

The output is Turtle when FILE ends in ``.ttl`` and N-Triples when it ends in ``.nt``. It holds
exactly ``--triples`` triples and is the same for the same ``--triples`` and ``--seed``. Write it
outside the repository (under /tmp, say) and load it next to ``ontology/coopgraph.ttl`` and
``data/*.ttl``.

The graph uses the project's own vocabulary (coop:, org:, foaf:, skos:, dcterms:) with the same mix
of classes as ``data/``: source documents, states and their memberships, organisations, bodies,
offices, persons, terms of office (start and end dates given as xsd:date, xsd:gYearMonth or
xsd:gYear, some terms open), fact notes on inferred or uncertain end dates, areas of cooperation,
proposal sets and proposals, events and meetings, places and external links. It is weighted so that
the date queries (``office-holders-on-date``, ``members-of-both-on-date``,
``eu-members-not-in-nato-on-date``, ``was-member-on-date``) join thousands of terms and
memberships: synthetic states hold memberships of the real ``coopid:eu`` and ``coopid:nato``.

Every synthetic resource is an IRI under https://w3id.org/coopgraph/id/synthetic/ (no blank
nodes) and every fact is fake: labels read "Synthetic person 123", URLs point at example.org.
Standard library only; about a million triples a second or two.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

PREFIXES = {
    "coop": "https://w3id.org/coopgraph/ontology#",
    "coopid": "https://w3id.org/coopgraph/id/",
    "syn": "https://w3id.org/coopgraph/id/synthetic/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# An entity is a subject (a prefixed name) and its (predicate, object) pairs; objects are prefixed
# names or Turtle literals whose datatype, if any, is an xsd: prefixed name.
Entity = tuple[str, list[tuple[str, str]]]

CERTAINTIES = ("coop:Inferred", "coop:Uncertain", "coop:Sourced")
SOURCE_KINDS = ("coop:Primary", "coop:Secondary", "coop:WikipediaMirror")
EVENT_CLASSES = (
    "coop:Meeting",
    "coop:Event",
    "coop:Decision",
    "coop:Visit",
    "coop:PressConference",
)


def text(value: str) -> str:
    return f'"{value}"@en'


def plain(value: str) -> str:
    return f'"{value}"'


class Generator:
    """Draws the synthetic entities; the sizes of the fixed populations follow the target."""

    def __init__(self, triples: int, seed: int) -> None:
        self.rng = random.Random(seed)
        scale = max(triples, 1000)
        self.n_sources = max(2, scale // 60)
        self.n_states = max(20, scale // 2000)
        self.n_orgs = max(4, scale // 25000)
        self.n_bodies = max(4, scale // 5000)
        self.n_offices = max(4, scale // 5000)
        self.n_persons = max(10, scale // 100)
        self.n_places = max(3, scale // 10000)
        self.n_areas = max(3, scale // 50000)
        self.n_sets = max(2, scale // 20000)
        self.counters: dict[str, int] = {}

    # -- helpers ---------------------------------------------------------------------------------

    def next_id(self, kind: str) -> int:
        n = self.counters.get(kind, 0) + 1
        self.counters[kind] = n
        return n

    def sources(self) -> list[tuple[str, str]]:
        rng, n = self.rng, self.n_sources
        first = rng.randrange(n)
        picked = [("dcterms:source", f"syn:source-{first + 1}")]
        if rng.random() < 0.4:  # a second, different source
            second = (first + 1 + rng.randrange(n - 1)) % n
            picked.append(("dcterms:source", f"syn:source-{second + 1}"))
        return picked

    def date(self, earliest: int, latest: int) -> tuple[str, tuple[int, int, int]]:
        """A random date as a literal (day, month or year precision) and its (y, m, d)."""
        rng = self.rng
        y, m, d = rng.randint(earliest, latest), rng.randint(1, 12), rng.randint(1, 28)
        roll = rng.random()
        if roll < 0.7:
            return f'"{y:04d}-{m:02d}-{d:02d}"^^xsd:date', (y, m, d)
        if roll < 0.85:
            return f'"{y:04d}-{m:02d}"^^xsd:gYearMonth', (y, m, d)
        return f'"{y:04d}"^^xsd:gYear', (y, m, d)

    def later_date(self, start: tuple[int, int, int], max_years: int) -> str:
        """An end date in a later year than ``start``, at most ``max_years`` later."""
        year = start[0] + self.rng.randint(1, max_years)
        return self.date(year, year)[0]

    def ref(self, kind: str, count: int) -> str:
        return f"syn:{kind}-{self.rng.randrange(count) + 1}"

    # -- fixed populations -----------------------------------------------------------------------

    def source(self, i: int) -> Entity:
        rng = self.rng
        po = [
            ("rdf:type", "coop:SourceDocument"),
            ("rdfs:label", text(f"Synthetic source document {i}")),
            ("coop:publisherName", plain(f"Synthetic publisher {i % 97}")),
            ("coop:sourceKind", rng.choice(SOURCE_KINDS)),
            ("coop:url", f'"https://example.org/synthetic/source/{i}"^^xsd:anyURI'),
        ]
        if rng.random() < 0.5:
            po.append(("dcterms:date", self.date(1990, 2025)[0]))
        if rng.random() < 0.3:
            po.append(("dcterms:title", text(f"Synthetic title {i}")))
        if rng.random() < 0.1:
            po.append(("coop:note", text(f"Synthetic note on source {i}.")))
        return f"syn:source-{i}", po

    def state(self, i: int) -> Entity:
        return f"syn:state-{i}", [
            ("rdf:type", "coop:State"),
            ("rdfs:label", text(f"Synthetic state {i}")),
            ("skos:definition", text(f"Synthetic state number {i}; not a real country.")),
            *self.sources(),
        ]

    def organisation(self, i: int) -> Entity:
        return f"syn:organisation-{i}", [
            ("rdf:type", "coop:Organisation"),
            ("rdfs:label", text(f"Synthetic organisation {i}")),
            ("skos:altLabel", text(f"SO{i}")),
            ("skos:definition", text(f"Synthetic organisation number {i}.")),
            *self.sources(),
        ]

    def body(self, i: int) -> Entity:
        parent = self.rng.choice(
            ("coopid:eu", "coopid:nato", self.ref("organisation", self.n_orgs))
        )
        return f"syn:body-{i}", [
            ("rdf:type", "coop:Body"),
            ("rdfs:label", text(f"Synthetic body {i}")),
            ("skos:definition", text(f"Synthetic body number {i}.")),
            ("org:subOrganizationOf", parent),
            *self.sources(),
        ]

    def office(self, i: int) -> Entity:
        return f"syn:office-{i}", [
            ("rdf:type", "coop:Office"),
            ("rdfs:label", text(f"Synthetic office {i}")),
            ("skos:definition", text(f"Synthetic office number {i}.")),
            ("org:postIn", self.ref("body", self.n_bodies)),
            *self.sources(),
        ]

    def person(self, i: int) -> Entity:
        po = [
            ("rdf:type", "foaf:Person"),
            ("rdfs:label", text(f"Synthetic person {i}")),
            ("foaf:name", plain(f"Synthetic person {i}")),
        ]
        if self.rng.random() < 0.5:
            po.append(("skos:definition", text(f"Synthetic person number {i}.")))
        return f"syn:person-{i}", po + self.sources()

    def place(self, i: int) -> Entity:
        return f"syn:place-{i}", [
            ("rdf:type", "coop:Place"),
            ("rdfs:label", text(f"Synthetic place {i}")),
            *self.sources(),
        ]

    def area(self, i: int) -> Entity:
        return f"syn:area-{i}", [
            ("rdf:type", "coop:AreaOfCooperation"),
            ("rdf:type", "skos:Concept"),
            ("rdfs:label", text(f"Synthetic area {i}")),
            ("skos:prefLabel", text(f"Synthetic area {i}")),
            ("skos:inScheme", "coopid:areas-of-cooperation"),
            *self.sources(),
        ]

    def proposal_set(self, i: int) -> Entity:
        return f"syn:proposal-set-{i}", [
            ("rdf:type", "coop:ProposalSet"),
            ("rdfs:label", text(f"Synthetic proposal set {i}")),
            ("coop:endorsementDate", self.date(2000, 2025)[0]),
            ("coop:endorsedBy", self.ref("body", self.n_bodies)),
            ("coop:namesArea", self.ref("area", self.n_areas)),
            *self.sources(),
        ]

    def fixed(self) -> Iterator[Entity]:
        populations = [
            (self.n_sources, self.source),
            (self.n_states, self.state),
            (self.n_orgs, self.organisation),
            (self.n_bodies, self.body),
            (self.n_offices, self.office),
            (self.n_persons, self.person),
            (self.n_places, self.place),
            (self.n_areas, self.area),
            (self.n_sets, self.proposal_set),
        ]
        for count, make in populations:
            for i in range(1, count + 1):
                yield make(i)

    # -- the bulk, drawn until the target is reached ---------------------------------------------

    def term(self) -> Iterator[Entity]:
        rng = self.rng
        i = self.next_id("term")
        person, office = self.ref("person", self.n_persons), self.ref("office", self.n_offices)
        subject = f"syn:term-{i}"
        start, ymd = self.date(1950, 2025)
        po = [
            ("rdf:type", "coop:TermOfOffice"),
            ("rdfs:label", text(f"Synthetic term of office {i}")),
            ("org:member", person),
            ("coop:office", office),
            ("coop:startDate", start),
        ]
        end = None
        if rng.random() < 0.85:
            end = self.later_date(ymd, 8)
            po.append(("coop:endDate", end))
        if rng.random() < 0.2:
            po.append(("coop:note", text(f"Synthetic note on term {i}.")))
        yield subject, po + self.sources()
        if end is not None and rng.random() < 0.15:
            yield self.fact_note(subject, "coop:endDate", end)

    def fact_note(self, about: str, predicate: str, obj: str) -> Entity:
        i = self.next_id("note")
        return f"syn:note-{i}", [
            ("rdf:type", "coop:FactNote"),
            ("rdfs:label", text(f"Synthetic fact note {i}")),
            ("rdf:subject", about),
            ("rdf:predicate", predicate),
            ("rdf:object", obj),
            ("coop:certainty", self.rng.choice(CERTAINTIES[:2])),
            ("coop:note", text(f"Synthetic reason for fact note {i}.")),
            *self.sources(),
        ]

    def membership(self) -> Iterator[Entity]:
        rng = self.rng
        i = self.next_id("membership")
        roll = rng.random()
        if roll < 0.35:
            organisation = "coopid:eu"
        elif roll < 0.7:
            organisation = "coopid:nato"
        else:
            organisation = self.ref("organisation", self.n_orgs)
        start, ymd = self.date(1949, 2024)
        po = [
            ("rdf:type", "coop:Membership"),
            ("rdfs:label", text(f"Synthetic membership {i}")),
            ("org:member", self.ref("state", self.n_states)),
            ("org:organization", organisation),
            ("coop:startDate", start),
        ]
        if rng.random() < 0.3:
            po.append(("coop:endDate", self.later_date(ymd, 30)))
        if rng.random() < 0.2:
            po.append(("coop:certainty", "coop:Uncertain"))
        if rng.random() < 0.3:
            po.append(("coop:note", text("Synthetic: the sources give the year only.")))
        yield f"syn:membership-{i}", po + self.sources()

    def event(self) -> Iterator[Entity]:
        rng = self.rng
        i = self.next_id("event")
        kind = rng.choice(EVENT_CLASSES)
        po = [("rdf:type", kind), ("rdfs:label", text(f"Synthetic event {i}"))]
        if kind == "coop:Meeting" and rng.random() < 0.5:
            y, m, d = rng.randint(2000, 2025), rng.randint(1, 12), rng.randint(1, 27)
            po += [
                ("coop:startDate", f'"{y:04d}-{m:02d}-{d:02d}"^^xsd:date'),
                ("coop:endDate", f'"{y:04d}-{m:02d}-{d + 1:02d}"^^xsd:date'),
            ]
        else:
            po.append(("dcterms:date", self.date(2000, 2025)[0]))
        if kind == "coop:Decision":
            po.append(("dcterms:creator", self.ref("body", self.n_bodies)))
        else:
            po.append(("coop:place", self.ref("place", self.n_places)))
            participants = {
                self.ref("person", self.n_persons)
                if rng.random() < 0.6
                else self.ref("body", self.n_bodies)
                for _ in range(rng.randint(1, 4))
            }
            po += [("coop:participant", who) for who in sorted(participants)]
        po += [
            ("coop:concerns", self.ref("proposal-set", self.n_sets)),
            ("coop:area", self.ref("area", self.n_areas)),
            ("coop:summary", text(f"Synthetic summary of event {i}.")),
        ]
        yield f"syn:event-{i}", po + self.sources()

    def proposal(self) -> Iterator[Entity]:
        i = self.next_id("proposal")
        yield (
            f"syn:proposal-{i}",
            [
                ("rdf:type", "coop:Proposal"),
                ("rdfs:label", text(f"Synthetic proposal {i}")),
                ("coop:inSet", self.ref("proposal-set", self.n_sets)),
                ("coop:area", self.ref("area", self.n_areas)),
                ("coop:localLabel", plain(f"SYN-{i}")),
                ("coop:section", text(f"Synthetic section {i % 7}")),
                ("coop:summary", text(f"Synthetic summary of proposal {i}.")),
                *self.sources(),
            ],
        )

    def link(self) -> Iterator[Entity]:
        i = self.next_id("link")
        kind, count = self.rng.choice(
            (("state", self.n_states), ("person", self.n_persons), ("body", self.n_bodies))
        )
        entity = self.ref(kind, count)
        target = f"syn:external-{i}"
        yield entity, [("skos:exactMatch", target)]
        yield self.fact_note(entity, "skos:exactMatch", target)

    def bulk(self) -> Iterator[Entity]:
        makers = [self.term] * 8 + [self.membership] * 4 + [self.event] * 2
        makers += [self.proposal, self.link]
        while True:
            yield from self.rng.choice(makers)()

    def entities(self) -> Iterator[Entity]:
        yield from self.fixed()
        yield from self.bulk()


def iri(name: str) -> str:
    """The N-Triples form of a prefixed name."""
    prefix, _, local = name.partition(":")
    return f"<{PREFIXES[prefix]}{local}>"


VOCABULARY: dict[str, str] = {}  # N-Triples forms of the predicates and datatypes, once each


def obj(value: str) -> str:
    """The N-Triples form of an object: a prefixed name or a literal with an xsd: datatype."""
    if value[0] != '"':
        return iri(value)
    lexical, sep, datatype = value.rpartition("^^")
    if not sep:
        return value
    full = VOCABULARY.get(datatype) or VOCABULARY.setdefault(datatype, iri(datatype))
    return f"{lexical}^^{full}"


def write(path: Path, triples: int, seed: int) -> int:
    ntriples = path.suffix == ".nt"
    if not ntriples and path.suffix != ".ttl":
        raise SystemExit(f"unknown format for {path}: use a .ttl or .nt file name")
    remaining = triples
    chunk: list[str] = []
    with path.open("w", encoding="utf-8", newline="\n") as out:
        if not ntriples:
            out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()))
            out.write("\n# Synthetic data for benchmarks; every fact in it is fake.\n\n")
        for subject, po in Generator(triples, seed).entities():
            if remaining <= 0:
                break
            po = po[:remaining]
            remaining -= len(po)
            if ntriples:
                s, vocabulary = iri(subject), VOCABULARY
                for p, o in po:
                    full = vocabulary.get(p) or vocabulary.setdefault(p, iri(p))
                    chunk.append(f"{s} {full} {obj(o)} .\n")
            else:
                body = " ;\n    ".join(f"{'a' if p == 'rdf:type' else p} {o}" for p, o in po)
                chunk.append(f"{subject} {body} .\n\n")
            if len(chunk) > 20000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
    return triples - remaining


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="how many triples to write")
    parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.ttl or FILE.nt")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = write(args.output, args.triples, args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote {written} triples to {args.output} in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
