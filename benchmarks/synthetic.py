"""Generate a synthetic coopgraph graph of a chosen size, for benchmarks at scale.

    python benchmarks/synthetic.py --triples 1000000 -o /tmp/synthetic-1m.ttl
    python benchmarks/synthetic.py --triples 1000000 -o /tmp/synthetic-1m.nt --seed 7
    python benchmarks/synthetic.py --triples 100000 -o /tmp/synthetic-100k.nt --violations 30

The output is Turtle when FILE ends in ``.ttl`` and N-Triples when it ends in ``.nt``. It holds
``--triples`` triples or a few more (the last resource is written whole) and is the same for the
same ``--triples`` and ``--seed``. Write it outside the repository (under /tmp, say) and load it
next to ``ontology/coopgraph.ttl`` and ``data/*.ttl``.

The graph uses the project's own vocabulary (coop:, org:, foaf:, skos:, dcterms:) with the same mix
of classes as ``data/``: source documents, states and their memberships, organisations, bodies,
offices, persons, terms of office (start and end dates given as xsd:date, xsd:gYearMonth or
xsd:gYear, some terms open), fact notes on inferred or uncertain end dates, areas of cooperation,
proposal sets and proposals, events and meetings, places and external links. It is weighted so that
the date queries (``office-holders-on-date``, ``members-of-both-on-date``,
``eu-members-not-in-nato-on-date``, ``was-member-on-date``) join thousands of terms and
memberships: synthetic states hold memberships of the real ``coopid:eu`` and ``coopid:nato``.

Every synthetic resource is an IRI https://w3id.org/coopgraph/id/synthetic-... (curated form, no
blank nodes) and every fact is fake: labels read "Synthetic person 123", URLs point at example.org.
Standard library only; about a million triples a second or two.

The drawn data is clean: checked together with the project's graph (``coopgraph validate FILE
--with-graph``; it refers to ``coopid:eu``, ``coopid:nato``, the scheme of areas and the Warsaw
declaration) it breaks no rule. Terms of one office follow one another, as do memberships of one
state in one organisation (a later one starts in a later year than the earlier one ends, and an
open one is the last), so the overlap checks have work to do but nothing to report.
``--violations N`` (default 0: the output is then the same as without the option) adds N planted
violations with IRIs of their own,
``syn:planted-<kind>-<n>``, so that a validator run can be checked for each of them by focus node.
They are dealt in turn over seven kinds, each breaking one rule that no drawn resource breaks:

``term-date-order``
    a coop:TermOfOffice that ends (in 1925) before it starts (in 1930): the SHACL-SPARQL constraint
    ``TermOfOffice-dateOrder``; focus the term.
``unsourced``
    a coop:Place with no dcterms:source: the check ``source-cited-violation``; focus the place.
``membership-overlap``
    two coop:Memberships (``...-a`` and ``...-b``) of one synthetic state in one synthetic
    organisation that share half a year, in years of their own from 1000 on, so that planted pairs
    overlap neither one another nor a drawn membership: the check
    ``membership-overlap-violation``; focus ``...-a``, value ``...-b``.
``english-label``
    a coop:Place labelled only in German: the check ``english-label-violation``; focus the place.
``person-name``
    a foaf:Person without foaf:name: the SHACL Core constraint ``Person-name`` (sh:minCount);
    focus the person.
``presenter-held-office``
    a presenter's coop:Participation in a report dated in 1940 by a synthetic person in a
    synthetic office (no term of office covers 1940): the check
    ``participant-held-office-violation``; focus the participation. The report (``...-report``)
    is untyped, so that no shape applies to it.
``signatory-held-office``
    the same for a signatory's participation in a declaration (``...-declaration``) dated in 1940.

N is at most 2100 (300 membership pairs). The planted resources come right after the fixed
populations and draw from a random generator of their own, so the drawn data is the same with and
without them except for its tail, which gives way to keep the total near ``--triples``. How many of
each kind were planted is printed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PREFIXES = {
    "coop": "https://w3id.org/coopgraph/ontology#",
    "coopid": "https://w3id.org/coopgraph/id/",
    "syn": "https://w3id.org/coopgraph/id/synthetic-",
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
# The kinds of planted violation, dealt in this order, and the rule each breaks.
PLANTED_KINDS = {
    "term-date-order": "TermOfOffice-dateOrder",
    "unsourced": "source-cited-violation",
    "membership-overlap": "membership-overlap-violation",
    "english-label": "english-label-violation",
    "person-name": "Person-name",
    "presenter-held-office": "participant-held-office-violation",
    "signatory-held-office": "participant-held-office-violation",
}
MAX_MEMBERSHIP_PAIRS = 300  # pair k takes the years 1000 + 3k to 1002 + 3k: all before 1949
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

    def __init__(self, triples: int, seed: int, violations: int = 0) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.violations = violations
        #: The planted violations: focus node (prefixed name) -> kind, for the entity that
        #: completes it (the second membership of a pair).
        self.planted: dict[str, str] = {}
        # Planted resources draw from a generator of their own: the drawn data stays the same.
        self.planted_rng = random.Random(f"planted-{seed}")
        scale = max(triples, 1000)
        self.n_sources = max(2, scale // 60)
        self.n_states = max(20, scale // 100)
        self.n_orgs = max(4, scale // 25000)
        self.n_bodies = max(4, scale // 5000)
        self.n_offices = max(4, scale // 100)
        self.n_persons = max(10, scale // 100)
        self.n_places = max(3, scale // 10000)
        self.n_areas = max(3, scale // 50000)
        self.n_sets = max(2, scale // 20000)
        self.counters: dict[str, int] = {}
        #: The year the last term of each office ended, or None once an open term was drawn; the
        #: same for the memberships of each (state, organisation) pair.
        self.office_ends: dict[str, int | None] = {}
        self.membership_ends: dict[tuple[str, str], int | None] = {}
        self.extra: list[Entity] = []  # resources made on demand, written before the next one

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

    def day(self, earliest: int, latest: int) -> str:
        """A random xsd:date between the two years."""
        rng = self.rng
        y, m, d = rng.randint(earliest, latest), rng.randint(1, 12), rng.randint(1, 28)
        return f'"{y:04d}-{m:02d}-{d:02d}"^^xsd:date'

    def later_date(self, start: tuple[int, int, int], max_years: int) -> tuple[str, int]:
        """An end date in a later year than ``start``, at most ``max_years`` later, and its year."""
        year = start[0] + self.rng.randint(1, max_years)
        return self.date(year, year)[0], year

    def ref(self, kind: str, count: int) -> str:
        return f"syn:{kind}-{self.rng.randrange(count) + 1}"

    def open_slot(
        self,
        pick: Callable[[], str],
        ends: dict[Any, int | None],
        key: Callable[[str], Any],
        make: Callable[[int], Entity],
        kind: str,
    ) -> tuple[str, int | None]:
        """A resource drawn by ``pick`` whose timeline (in ``ends``) is not closed by an open
        term, and the year its last interval ended (None if it has none yet). When 50 draws hit
        closed timelines, a new resource of ``kind`` is made (see ``self.extra``)."""
        for _ in range(50):
            name = pick()
            if key(name) not in ends or ends[key(name)] is not None:
                return name, ends.get(key(name))
        i = self.next_id("extra-" + kind) + 10**9
        self.extra.append(make(i))
        return f"syn:{kind}-{i}", None

    def next_start(
        self, last_end: int | None, earliest: int, latest: int
    ) -> tuple[str, tuple[int, int, int]]:
        """A start date after ``last_end`` (in a later year) or, for a first interval, between
        ``earliest`` and ``latest``."""
        year = (
            self.rng.randint(earliest, latest)
            if last_end is None
            else last_end + self.rng.randint(1, 3)
        )
        return self.date(year, year)

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
            ("coop:endorsementDate", self.day(2017, 2025)),
            ("coop:endorsedBy", self.ref("body", self.n_bodies)),
            ("coop:implements", "coopid:warsaw-declaration-2016"),
            ("coop:namesArea", self.ref("area", self.n_areas)),
            ("coop:summary", text(f"Synthetic summary of proposal set {i}.")),
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

    # -- planted violations -------------------------------------------------------------------

    def plant(self) -> Iterator[Entity]:
        """``self.violations`` resources that each break one rule, dealt over PLANTED_KINDS."""
        kinds = list(PLANTED_KINDS)
        pairs = sum(
            1 for j in range(self.violations) if kinds[j % len(kinds)] == "membership-overlap"
        )
        if pairs > MAX_MEMBERSHIP_PAIRS:
            raise SystemExit(f"at most {MAX_MEMBERSHIP_PAIRS * len(kinds)} planted violations")
        numbers: Counter[str] = Counter()
        for j in range(self.violations):
            kind = kinds[j % len(kinds)]
            numbers[kind] += 1
            subject = f"syn:planted-{kind}-{numbers[kind]}"
            make = getattr(self, "planted_" + kind.replace("-", "_"))
            yield from make(subject, numbers[kind])
            if kind != "membership-overlap":
                self.planted[subject] = kind

    def planted_pick(self, kind: str, count: int) -> str:
        return f"syn:{kind}-{self.planted_rng.randrange(count) + 1}"

    def planted_source(self) -> tuple[str, str]:
        return ("dcterms:source", self.planted_pick("source", self.n_sources))

    def planted_day(self, year: int) -> str:
        rng = self.planted_rng
        return f'"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date'

    def planted_term_date_order(self, subject: str, n: int) -> Iterator[Entity]:
        yield (
            subject,
            [
                ("rdf:type", "coop:TermOfOffice"),
                ("rdfs:label", text(f"Synthetic planted term ending before it starts {n}")),
                ("org:member", self.planted_pick("person", self.n_persons)),
                ("coop:office", self.planted_pick("office", self.n_offices)),
                ("coop:startDate", self.planted_day(1930)),
                ("coop:endDate", self.planted_day(1925)),
                self.planted_source(),
            ],
        )

    def planted_unsourced(self, subject: str, n: int) -> Iterator[Entity]:
        yield (
            subject,
            [
                ("rdf:type", "coop:Place"),
                ("rdfs:label", text(f"Synthetic planted unsourced place {n}")),
            ],
        )

    def planted_membership_overlap(self, subject: str, n: int) -> Iterator[Entity]:
        year = 1000 + 3 * (n - 1)
        state = self.planted_pick("state", self.n_states)
        organisation = self.planted_pick("organisation", self.n_orgs)
        spans = (f"{year}-03-01", f"{year + 1}-09-30"), (f"{year + 1}-03-01", f"{year + 2}-06-30")
        for part, (start, end) in zip("ab", spans, strict=True):
            yield (
                f"{subject}-{part}",
                [
                    ("rdf:type", "coop:Membership"),
                    ("rdfs:label", text(f"Synthetic planted overlapping membership {n}{part}")),
                    ("org:member", state),
                    ("org:organization", organisation),
                    ("coop:startDate", f'"{start}"^^xsd:date'),
                    ("coop:endDate", f'"{end}"^^xsd:date'),
                    self.planted_source(),
                ],
            )
        self.planted[f"{subject}-a"] = "membership-overlap"

    def planted_english_label(self, subject: str, n: int) -> Iterator[Entity]:
        yield (
            subject,
            [
                ("rdf:type", "coop:Place"),
                ("rdfs:label", f'"Synthetischer Ort {n}"@de'),
                self.planted_source(),
            ],
        )

    def planted_person_name(self, subject: str, n: int) -> Iterator[Entity]:
        yield (
            subject,
            [
                ("rdf:type", "foaf:Person"),
                ("rdfs:label", text(f"Synthetic planted person without a name {n}")),
                self.planted_source(),
            ],
        )

    def planted_presenter_held_office(self, subject: str, n: int) -> Iterator[Entity]:
        yield (
            f"{subject}-report",
            [
                ("coop:participation", subject),
                ("dcterms:date", self.planted_day(1940)),
            ],
        )
        yield (
            subject,
            [
                ("rdf:type", "coop:Participation"),
                ("rdfs:label", text(f"Synthetic planted presentation {n}")),
                ("coop:agent", self.planted_pick("person", self.n_persons)),
                ("coop:role", "coop:PresenterRole"),
                ("coop:inOffice", self.planted_pick("office", self.n_offices)),
                self.planted_source(),
            ],
        )

    def planted_signatory_held_office(self, subject: str, n: int) -> Iterator[Entity]:
        yield (
            f"{subject}-declaration",
            [
                ("coop:participation", subject),
                ("dcterms:date", self.planted_day(1940)),
            ],
        )
        yield (
            subject,
            [
                ("rdf:type", "coop:Participation"),
                ("rdfs:label", text(f"Synthetic planted signature {n}")),
                ("coop:agent", self.planted_pick("person", self.n_persons)),
                ("coop:role", "coop:SignatoryRole"),
                ("coop:inOffice", self.planted_pick("office", self.n_offices)),
                self.planted_source(),
            ],
        )

    # -- the bulk, drawn until the target is reached ---------------------------------------------

    def term(self) -> Iterator[Entity]:
        rng = self.rng
        i = self.next_id("term")
        person = self.ref("person", self.n_persons)
        office, last_end = self.open_slot(
            lambda: self.ref("office", self.n_offices), self.office_ends, lambda name: name,
            self.office, "office",
        )  # fmt: skip
        subject = f"syn:term-{i}"
        start, ymd = self.next_start(last_end, 1950, 2000)
        po = [
            ("rdf:type", "coop:TermOfOffice"),
            ("rdfs:label", text(f"Synthetic term of office {i}")),
            ("org:member", person),
            ("coop:office", office),
            ("coop:startDate", start),
        ]
        end = None
        self.office_ends[office] = None
        if rng.random() < 0.85:
            end, self.office_ends[office] = self.later_date(ymd, 8)
            po.append(("coop:endDate", end))
        else:
            po.append(("coop:endUnknown", '"true"^^xsd:boolean'))
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
        state, last_end = self.open_slot(
            lambda: self.ref("state", self.n_states), self.membership_ends,
            lambda name: (name, organisation), self.state, "state",
        )  # fmt: skip
        start, ymd = self.next_start(last_end, 1949, 2010)
        po = [
            ("rdf:type", "coop:Membership"),
            ("rdfs:label", text(f"Synthetic membership {i}")),
            ("org:member", state),
            ("org:organization", organisation),
            ("coop:startDate", start),
        ]
        self.membership_ends[state, organisation] = None
        if rng.random() < 0.3:
            end, self.membership_ends[state, organisation] = self.later_date(ymd, 30)
            po.append(("coop:endDate", end))
        else:
            po.append(("coop:endUnknown", '"true"^^xsd:boolean'))
        uncertain = rng.random() < 0.2
        if uncertain:
            po.append(("coop:certainty", "coop:Uncertain"))
        if uncertain or rng.random() < 0.3:
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
            bodies_too = kind not in ("coop:Visit", "coop:PressConference")  # persons only
            participants = {
                self.ref("person", self.n_persons)
                if rng.random() < 0.6 or not bodies_too
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
            group = list(self.rng.choice(makers)())
            yield from self.extra
            self.extra.clear()
            yield from group
            yield None  # the end of a group: a resource and the fact notes about it

    def entities(self) -> Iterator[Entity | None]:
        yield from self.fixed()
        yield from self.plant()
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


def write(
    path: Path, triples: int, seed: int, violations: int = 0, planted: dict[str, str] | None = None
) -> int:
    """Write the graph to ``path`` and return how many triples it holds. ``planted``, if given,
    receives the focus node IRI -> kind of every planted violation (see the module docstring)."""
    ntriples = path.suffix == ".nt"
    if not ntriples and path.suffix != ".ttl":
        raise SystemExit(f"unknown format for {path}: use a .ttl or .nt file name")
    written = 0
    chunk: list[str] = []
    generator = Generator(triples, seed, violations)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        if not ntriples:
            out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()))
            out.write("\n# Synthetic data for benchmarks; every fact in it is fake.\n\n")
        for entity in generator.entities():
            if entity is None:  # between two groups of the bulk: stop once enough is written
                if written >= triples:
                    break
                continue
            subject, po = entity
            written += len(po)
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
    if planted is not None:
        planted.update({iri(focus)[1:-1]: kind for focus, kind in generator.planted.items()})
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, required=True, help="how many triples to write")
    parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.ttl or FILE.nt")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--violations",
        type=int,
        default=0,
        metavar="N",
        help="plant N violations of known rules, dealt over seven kinds (default 0)",
    )
    args = parser.parse_args(argv)
    if args.violations < 0:
        parser.error("--violations must be 0 or more")
    started = time.perf_counter()
    planted: dict[str, str] = {}
    written = write(args.output, args.triples, args.seed, args.violations, planted)
    elapsed = time.perf_counter() - started
    print(f"wrote {written} triples to {args.output} in {elapsed:.2f} s", file=sys.stderr)
    if args.violations:
        counts = Counter(planted.values())
        print(f"planted {len(planted)} violations:", file=sys.stderr)
        for kind, rule in PLANTED_KINDS.items():
            print(f"  {counts[kind]:5d} {kind:22s} breaks {rule}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
