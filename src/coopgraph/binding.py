"""Typed query parameters: check a value against its declared type, bind it as an RDF term."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .errors import UsageError
from .namespaces import PREFIXES
from .sparqltext import with_values

PARAM_TYPES = (
    "iri",
    "string",
    "langString",
    "xsd:date",
    "xsd:integer",
    "xsd:decimal",
    "xsd:boolean",
)
_IRI_OK = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*$")
_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9_\-]*)?:([^\s<>\"{}|^`\\]*)$")
_LANG_STRING = re.compile(r"^(.*)@([a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*)$", re.S)
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_UCHAR_AFTER_BACKSLASH = re.compile(r"\\\\([uU])")


class BadValue(ValueError):
    """A value that does not fit its type; the message says what would."""


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter of a stored query."""

    name: str
    type: str = "string"
    is_list: bool = False
    required: bool = False
    default: str | list[str] | None = None
    example: str | list[str] | None = None
    description: str = ""
    enum: tuple[str, ...] = ()
    enum_query: str | None = None


def parse_value(spec: ParamSpec, raw: str) -> Identifier:
    """The RDF term for ``raw`` under ``spec.type``; UsageError says what a valid value is."""
    kind = spec.type
    try:
        if kind == "iri":
            return expand_iri(raw)
        if kind == "string":
            return Literal(raw)
        if kind == "langString":
            match = _LANG_STRING.match(raw)
            if not match:
                raise BadValue("write text@lang, for example Bruxelles@fr")
            return Literal(match.group(1), lang=match.group(2).lower())
        if kind == "xsd:date":
            datetime.date.fromisoformat(raw)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                raise BadValue("write YYYY-MM-DD")
            return Literal(raw, datatype=XSD.date)
        if kind == "xsd:integer":
            if not _INTEGER.match(raw):
                raise BadValue("write digits, optionally signed")
            return Literal(raw, datatype=XSD.integer)
        if kind == "xsd:decimal":
            Decimal(raw)
            if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", raw):
                raise BadValue("write digits with an optional decimal point")
            return Literal(raw, datatype=XSD.decimal)
        if kind == "xsd:boolean":
            if raw not in {"true", "false", "1", "0"}:
                raise BadValue("write true or false")
            return Literal(raw in {"true", "1"})
    except (ValueError, InvalidOperation) as exc:
        hint = str(exc) if isinstance(exc, BadValue) else f"not a valid {kind}"
        raise UsageError(f"Parameter {spec.name}={raw!r}: {hint}") from None
    raise UsageError(f"Parameter {spec.name}: unknown type {kind!r}; use one of {PARAM_TYPES}")


def expand_iri(raw: str) -> URIRef:
    """An absolute IRI, from ``<iri>``, an absolute IRI, or a CURIE with a known prefix.

    Raises BadValue.
    """
    text = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    curie = _CURIE.match(text)
    if curie and curie.group(1) in PREFIXES:
        text = PREFIXES[curie.group(1)] + curie.group(2)
    elif curie and curie.group(1) is not None and not _IRI_OK.match(text):
        raise BadValue(f"unknown prefix {curie.group(1)!r}")
    if not _IRI_OK.match(text) or text.split(":", 1)[0] in ("", None):
        raise BadValue(
            f"not an IRI; write an absolute IRI or a CURIE with one of the prefixes "
            f"{', '.join(sorted(PREFIXES))}"
        )
    if curie and curie.group(1) is not None and curie.group(1) not in PREFIXES:
        scheme = text.split(":", 1)[0].lower()
        if scheme not in {"http", "https", "urn", "mailto", "file", "tag"}:
            raise BadValue(f"unknown prefix {curie.group(1)!r}")
    return URIRef(text)


def term_text(term: Identifier) -> str:
    """SPARQL text for a term, safe from codepoint-escape processing.

    SPARQL processes ``\\u`` escapes before parsing (rdflib does so over the whole query), so an
    escaped backslash followed by ``u`` in a value would be decoded. The ``u`` is written as a
    ``\\U`` escape of its own, which every engine decodes back to ``u``.
    """
    return _UCHAR_AFTER_BACKSLASH.sub(lambda m: f"\\\\\\U{ord(m.group(1)):08X}", term.n3())


def bind(query_text: str, values: dict[str, list[Identifier]]) -> str:
    """The query with each parameter bound by a VALUES block at the top of its WHERE group."""
    rows = {name: [term_text(term) for term in terms] for name, terms in values.items()}
    return with_values(query_text, rows)
