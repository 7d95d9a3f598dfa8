"""A small SPARQL lexer: find keywords, variables and the WHERE group outside strings and IRIs.

It is used to bind parameters (a VALUES block at the top of the WHERE group, the same text for
every engine), to refuse SERVICE and LOAD in local runs, and to check the query catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..errors import UsageError

_IRI = r"<[^<>\"{}|^`\\\x00-\x20]*>"
_WORD = r"[A-Za-z_][A-Za-z0-9_\-]*(?::[A-Za-z0-9_\-.]*)?|[A-Za-z_]*:[A-Za-z0-9_\-.]*"
_VAR = r"[?$]([A-Za-z0-9_]+)"
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}


class Token:
    """One significant token: its kind ("word", "var", "punct", "iri", "string"), its text and
    where it starts. A plain class: a dataclass costs more to define than a query takes to lex."""

    __slots__ = ("kind", "start", "text")

    def __init__(self, kind: str, text: str, start: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.text!r}, {self.start})"


def tokens(text: str) -> Iterator[Token]:
    """Significant tokens of a SPARQL text; comments and whitespace are skipped."""
    return iter(_token_list(text))


@lru_cache(maxsize=512)
def _token_list(text: str) -> tuple[Token, ...]:
    """The tokens, computed once per text: binding, checks and pre-binding lex the same
    query many times."""
    return tuple(_scan(text))


def _scan(text: str) -> Iterator[Token]:
    iri, word, var = re.compile(_IRI), re.compile(_WORD), re.compile(_VAR)  # cached by re
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch in "\"'":
            end = _string_end(text, i)
            yield Token("string", text[i:end], i)
            i = end
        elif ch == "<" and (match := iri.match(text, i)):
            yield Token("iri", match.group(), i)
            i = match.end()
        elif ch in "?$" and (match := var.match(text, i)):
            yield Token("var", match.group(1), i)
            i = match.end()
        elif match := word.match(text, i):
            yield Token("word", match.group(), i)
            i = match.end()
        else:
            yield Token("punct", ch, i)
            i += 1


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    long_quote = text.startswith(quote * 3, start)
    delimiter = quote * 3 if long_quote else quote
    i = start + len(delimiter)
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(delimiter, i):
            return i + len(delimiter)
        if not long_quote and text[i] == "\n":
            break
        i += 1
    raise UsageError(f"Unterminated string starting at character {start} of the query")


def keywords(text: str) -> list[str]:
    """Bare words of the query, upper-cased (prefixed names are left out)."""
    return [t.text.upper() for t in tokens(text) if t.kind == "word" and ":" not in t.text]


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; UsageError for an update or anything else.

    Reads tokens only up to the first query or update keyword.
    """
    for token in _scan(text):  # lazily: the form is near the top
        if token.kind != "word" or ":" in token.text:
            continue
        word = token.text.upper()
        if word in QUERY_FORMS:
            return word
        if word in UPDATE_WORDS:
            raise UsageError(f"{word} is a SPARQL update; coopgraph runs read-only queries")
    raise UsageError("Not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def is_update(text: str) -> bool:
    """Whether the first query or update keyword of ``text`` is an update's (INSERT, LOAD...)."""
    for token in _scan(text):
        if token.kind != "word" or ":" in token.text:
            continue
        word = token.text.upper()
        if word in QUERY_FORMS:
            return False
        if word in UPDATE_WORDS:
            return True
    return False


def variables(text: str) -> set[str]:
    return {t.text for t in tokens(text) if t.kind == "var"}


def service_iris(text: str) -> list[str]:
    """The IRIs (or variables) that SERVICE clauses of the query name."""
    found, expect = [], False
    for token in tokens(text):
        if expect and token.kind == "word" and token.text.upper() == "SILENT":
            continue
        if expect:
            found.append(token.text.strip("<>") if token.kind == "iri" else f"?{token.text}")
            expect = False
        elif token.kind == "word" and token.text.upper() == "SERVICE":
            expect = True
    return found


def where_group_start(text: str) -> int:
    """Index just after the '{' that opens the query's WHERE group."""
    seen_where, depth, top_level_groups = False, 0, 0
    form = query_form(text)
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() == "WHERE" and depth == 0:
            seen_where = True
        elif token.kind == "punct" and token.text == "{":
            if depth == 0:
                top_level_groups += 1
                if seen_where or form != "CONSTRUCT" or top_level_groups == 2:
                    return token.start + 1
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
    raise UsageError("The query has no WHERE group to bind parameters in")


def with_values(text: str, rows: dict[str, list[str]]) -> str:
    """The query with one VALUES block per variable at the top of its WHERE group.

    ``rows`` maps a variable name to RDF terms already written in N-Triples/Turtle syntax by
    rdflib (``term.n3()``), never to user text. Placing VALUES first in the outer group makes a
    bound variable visible to FILTERs of that group on every engine, unlike a trailing VALUES.
    """
    if not rows:
        return text
    at = where_group_start(text)
    blocks = "".join(f"\n  VALUES ?{name} {{ {' '.join(terms)} }}" for name, terms in rows.items())
    return text[:at] + blocks + text[at:]


def projection(text: str) -> list[str] | None:
    """The variables the outer SELECT returns, in order, or None for ``SELECT *`` (or no
    SELECT): plain variables and the targets of ``(expression AS ?name)``."""
    found = _token_list(text)
    start = next(
        (i for i, t in enumerate(found) if t.kind == "word" and t.text.upper() == "SELECT"), None
    )
    if start is None:
        return None
    names: list[str] = []
    depth = 0
    for index in range(start + 1, len(found)):
        token = found[index]
        if (token.kind == "punct" and token.text == "{") or (
            token.kind == "word" and token.text.upper() in {"WHERE", "FROM"}
        ):
            break
        if token.kind == "punct" and token.text == "*" and depth == 0:
            return None
        if token.kind == "punct" and token.text in "()":
            depth += 1 if token.text == "(" else -1
        elif token.kind == "var":
            after_as = found[index - 1].kind == "word" and found[index - 1].text.upper() == "AS"
            if depth == 0 or after_as:
                names.append(token.text)
    return names


def prefixes_used(text: str) -> tuple[set[str], set[str]]:
    """The prefixes a query declares (PREFIX p: <...>) and those its prefixed names use."""
    declared: set[str] = set()
    used: set[str] = set()
    found = _token_list(text)
    for index, token in enumerate(found):
        if token.kind != "word" or ":" not in token.text or token.text.startswith("_:"):
            continue  # not a prefixed name, or a blank node label
        prefix = token.text.split(":", 1)[0]
        before = found[index - 1] if index else None
        if before is not None and before.kind == "word" and before.text.upper() == "PREFIX":
            declared.add(prefix)
        else:
            used.add(prefix)
    return declared, used


#: Deeper nesting than this is refused: Oxigraph's parser recurses, and a query nested a few
#: thousand levels deep overflows its stack (the process dies without a message).
MAX_NESTING = 200


def check_nesting(text: str) -> None:
    """UsageError for a query whose groups or brackets nest deeper than MAX_NESTING."""
    depth = deepest = 0
    for token in _token_list(text):
        if token.kind == "punct" and token.text in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind == "punct" and token.text in "})":
            depth -= 1
    if deepest > MAX_NESTING:
        raise UsageError(
            f"The query nests groups or brackets {deepest} deep; at most {MAX_NESTING} are "
            "allowed: flatten it"
        )
