"""Which entities are linked to which external table, read from the graph's skos:exactMatch."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..graph import Graph
from ..namespaces import RDF, SKOS
from .targets import TABLES, LinkTable

_EXACT_MATCH = ox.NamedNode(SKOS + "exactMatch")
_TYPE = ox.NamedNode(RDF + "type")


@dataclass(frozen=True)
class StatusRow:
    """For one table and class: the entities with a link and those without (IRIs, sorted)."""

    table: str
    cls: str
    linked: tuple[str, ...]
    unlinked: tuple[str, ...]


def linked_iris(graph: Graph, table: LinkTable) -> dict[str, str]:
    """entity IRI -> external IRI, for every link of ``table`` in the graph."""
    found: dict[str, str] = {}
    for quad in graph.store.quads_for_pattern(None, _EXACT_MATCH, None):
        subject, target = quad.subject, quad.object
        if not isinstance(subject, ox.NamedNode) or not isinstance(target, ox.NamedNode):
            continue
        if table.matches(target.value):
            found[subject.value] = target.value
    return found


def all_links(graph: Graph) -> dict[str, str]:
    """external IRI -> entity IRI for every skos:exactMatch in the graph."""
    return {
        quad.object.value: quad.subject.value
        for quad in graph.store.quads_for_pattern(None, _EXACT_MATCH, None)
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode)
    }


def members(graph: Graph, cls: str) -> list[str]:
    """IRIs of the resources typed ``cls`` (no subclass reasoning), sorted."""
    return sorted(
        {
            quad.subject.value
            for quad in graph.store.quads_for_pattern(None, _TYPE, ox.NamedNode(cls))
            if isinstance(quad.subject, ox.NamedNode)
        }
    )


def types_of(graph: Graph, entity: str) -> set[str]:
    return {
        quad.object.value
        for quad in graph.store.quads_for_pattern(ox.NamedNode(entity), _TYPE, None)
        if isinstance(quad.object, ox.NamedNode)
    }


def link_status(graph: Graph) -> list[StatusRow]:
    """Per table and class: which entities are linked and which are not."""
    rows = []
    for table in TABLES:
        links = linked_iris(graph, table)
        for cls in table.classes:
            found = members(graph, cls)
            if found:
                rows.append(
                    StatusRow(
                        table=table.name,
                        cls=cls,
                        linked=tuple(m for m in found if m in links),
                        unlinked=tuple(m for m in found if m not in links),
                    )
                )
    return rows
