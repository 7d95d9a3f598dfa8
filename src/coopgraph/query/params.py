"""Typed query parameters: check a value against its declared type, bind it as an RDF term.

Values become pyoxigraph terms, and terms become SPARQL text only through pyoxigraph's N-Triples
writer (``str(term)``), which escapes every character that could end a literal or an IRI. The
text is bound as a VALUES block, never pasted into the query.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pyoxigraph as ox

from .._record import Record
from ..errors import UsageError
from ..namespaces import PREFIXES, XSD
from .lexer import with_values

# Patterns are compiled on first use (re caches them): start-up pays only for what runs.
_IRI_OK = r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20\x7f]*"
_CURIE = r"([A-Za-z][A-Za-z0-9_\-]*)?:([^\s<>\"{}|^`\\\x7f]*)"
_LANG_STRING = r"(.*)@([a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*)"
_INTEGER = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"  # ASCII digits: \d also takes ١٢٣
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: One escape sequence of N-Triples text, read left to right so that pairs are never split: an
#: escaped backslash followed by a literal u or U (groups 1 and 2), or any other escape.
_ESCAPE = re.compile(r"\\(?:(\\)([uU])|.)", re.S)
_SCHEMES = {"http", "https", "urn", "mailto", "file", "tag"}


class BadValue(ValueError):
    """A value that does not fit its type; the message says what would."""


Term = ox.NamedNode | ox.Literal


def _typed(datatype: str) -> ox.NamedNode:
    return ox.NamedNode(XSD + datatype)


def _string(raw: str) -> Term:
    return ox.Literal(raw)


def _lang_string(raw: str) -> Term:
    match = re.fullmatch(_LANG_STRING, raw, re.S)
    if not match:
        raise BadValue("write text@lang, for example Bruxelles@fr")
    return ox.Literal(match.group(1), language=match.group(2).lower())


def _date(raw: str) -> Term:
    if not re.fullmatch(_DATE, raw):
        raise BadValue("write the day as YYYY-MM-DD, for example 2016-07-08")
    try:
        datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise BadValue(f"no such day ({exc}); write YYYY-MM-DD") from None
    return ox.Literal(raw, datatype=_typed("date"))


def _integer(raw: str) -> Term:
    if not re.fullmatch(_INTEGER, raw):
        raise BadValue("write digits, optionally signed")
    return ox.Literal(raw, datatype=_typed("integer"))


def _decimal(raw: str) -> Term:
    from decimal import Decimal

    Decimal(raw)
    if not re.fullmatch(_DECIMAL, raw):
        raise BadValue("write digits with an optional decimal point")
    return ox.Literal(raw, datatype=_typed("decimal"))


def _boolean(raw: str) -> Term:
    if raw not in {"true", "false", "1", "0"}:
        raise BadValue("write true or false")
    return ox.Literal("true" if raw in {"true", "1"} else "false", datatype=_typed("boolean"))


def expand_iri(raw: str) -> ox.NamedNode:
    """An absolute IRI, from ``<iri>``, an absolute IRI, or a CURIE with a known prefix.

    Raises BadValue.
    """
    text = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    curie = re.fullmatch(_CURIE, text)
    if curie and curie.group(1) in PREFIXES:
        text = PREFIXES[curie.group(1)] + curie.group(2)
    elif curie and curie.group(1) is not None:
        scheme = curie.group(1).lower()
        if scheme not in _SCHEMES or not re.fullmatch(_IRI_OK, text):
            raise BadValue(f"unknown prefix {curie.group(1)!r}")
    if not re.fullmatch(_IRI_OK, text):
        if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text):
            raise BadValue(f"not an IRI; did you mean coopid:{text}?")
        raise BadValue(
            "not an IRI; write an absolute IRI or a CURIE with one of the prefixes "
            f"{', '.join(sorted(PREFIXES))}"
        )
    try:
        return ox.NamedNode(text)
    except ValueError as exc:
        raise BadValue(f"not a valid IRI ({exc})") from None


#: The one table of parameter types: name -> parser from text to an RDF term.
PARAM_TYPES: dict[str, Callable[[str], Term]] = {
    "iri": expand_iri,
    "string": _string,
    "langString": _lang_string,
    "xsd:date": _date,
    "xsd:integer": _integer,
    "xsd:decimal": _decimal,
    "xsd:boolean": _boolean,
}


class ParamSpec(Record):
    """One declared parameter of a stored query."""

    __slots__ = (
        "default",
        "description",
        "enum",
        "enum_query",
        "example",
        "is_list",
        "name",
        "required",
        "type",
    )  # fmt: skip
    name: str
    type: str
    is_list: bool
    required: bool
    default: str | list[str] | None
    example: str | list[str] | None
    description: str
    enum: tuple[str, ...]
    enum_query: str | None

    def __init__(
        self, name: str, type: str = "string", is_list: bool = False, required: bool = False,
        default: str | list[str] | None = None, example: str | list[str] | None = None,
        description: str = "", enum: tuple[str, ...] = (), enum_query: str | None = None,
    ) -> None:  # fmt: skip
        self._set(
            name=name, type=type, is_list=is_list, required=required, default=default,
            example=example, description=description, enum=enum, enum_query=enum_query,
        )  # fmt: skip


def parse_value(spec: ParamSpec, raw: str) -> Term:
    """The RDF term for ``raw`` under ``spec.type``; UsageError says what a valid value is."""
    parser = PARAM_TYPES.get(spec.type)
    if parser is None:
        known = ", ".join(PARAM_TYPES)
        raise UsageError(f"Parameter {spec.name}: unknown type {spec.type!r}; use one of {known}")
    if "\x00" in raw:
        raise UsageError(f"Parameter {spec.name}: a NUL character is not allowed")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: bytes that were not UTF-8 on the command line
        raise UsageError(f"Parameter {spec.name}: not valid UTF-8 text; pass UTF-8") from None
    try:
        return parser(raw)
    except ArithmeticError:  # decimal.InvalidOperation
        raise UsageError(f"Parameter {spec.name}={raw!r}: not a valid {spec.type}") from None
    except ValueError as exc:
        hint = str(exc) if isinstance(exc, BadValue) else f"not a valid {spec.type}"
        raise UsageError(f"Parameter {spec.name}={raw!r}: {hint}") from None


def term_text(term: Term) -> str:
    """SPARQL text for a term: pyoxigraph's N-Triples form, safe from codepoint escapes.

    SPARQL engines may decode ``\\u`` escapes before parsing (rdflib does, over the whole query),
    so an escaped backslash followed by ``u`` in a value would be decoded. The ``u`` is written as
    a ``\\U`` escape of its own, which every engine decodes back to ``u``.
    """
    return _ESCAPE.sub(_protect_u, str(term))


def _protect_u(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return match.group(0)  # an escape of its own (\u0007, \n, \"): as written
    return f"\\\\\\U{ord(match.group(2)):08X}"


def bind(query_text: str, values: dict[str, list[Term]]) -> str:
    """The query with each parameter bound by a VALUES block at the top of its WHERE group."""
    rows = {name: [term_text(term) for term in terms] for name, terms in values.items()}
    return with_values(query_text, rows)
