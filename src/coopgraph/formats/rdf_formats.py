"""The one table of RDF serialisations coopgraph reads and writes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .._record import Record
from ..errors import InputError, UsageError


class RdfFormat(Record):
    """One RDF serialisation: its CLI name, its name in messages, media type and suffixes."""

    __slots__ = ("label", "media_type", "name", "oxigraph", "quads", "suffixes")
    name: str
    label: str
    media_type: str
    suffixes: tuple[str, ...]
    oxigraph: ox.RdfFormat
    quads: bool

    def __init__(
        self, name: str, label: str, media_type: str, suffixes: tuple[str, ...],
        oxigraph: ox.RdfFormat, quads: bool = False,
    ) -> None:  # fmt: skip
        self._set(
            name=name, label=label, media_type=media_type, suffixes=suffixes,
            oxigraph=oxigraph, quads=quads,
        )  # fmt: skip

    @property
    def extension(self) -> str:
        return self.suffixes[0]


RDF_FORMATS: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat("ttl", "turtle", "text/turtle", (".ttl", ".turtle"), ox.RdfFormat.TURTLE),
        RdfFormat("nt", "n-triples", "application/n-triples", (".nt",), ox.RdfFormat.N_TRIPLES),
        RdfFormat("nq", "n-quads", "application/n-quads", (".nq",), ox.RdfFormat.N_QUADS, True),
        RdfFormat("trig", "trig", "application/trig", (".trig",), ox.RdfFormat.TRIG, True),
        RdfFormat(
            "jsonld", "json-ld", "application/ld+json", (".jsonld", ".json"), ox.RdfFormat.JSON_LD
        ),
        RdfFormat(
            "xml", "rdf/xml", "application/rdf+xml", (".rdf", ".xml", ".owl"), ox.RdfFormat.RDF_XML
        ),
    )
}


def rdf_format(name: str) -> RdfFormat:
    """The format called ``name``; UsageError lists the known names."""
    try:
        return RDF_FORMATS[name]
    except KeyError:
        raise UsageError(f"Unknown format {name!r}; use one of {', '.join(RDF_FORMATS)}") from None


def rdf_format_of(path: Path) -> RdfFormat:
    """The format of a file, from its suffix; InputError lists the known suffixes."""
    suffix = path.suffix.lower()
    for fmt in RDF_FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    known = ", ".join(sorted(s for f in RDF_FORMATS.values() for s in f.suffixes))
    raise InputError(f"{path}: unknown RDF file type; use one of {known}")


def rdf_format_by_media_type(media_type: str) -> RdfFormat | None:
    media_type = media_type.split(";")[0].strip().lower()
    if media_type == "text/plain":  # N-Triples' old media type, still sent by some servers
        return RDF_FORMATS["nt"]
    return next((f for f in RDF_FORMATS.values() if f.media_type == media_type), None)
