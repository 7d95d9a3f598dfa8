"""Query results as Oxigraph terms, whichever engine or endpoint produced them.

SELECT and ASK answers are kept as SPARQL JSON written (or, for remote answers, re-checked) by
pyoxigraph, so every W3C serialisation is pyoxigraph's own; rows are parsed from it on demand.
CONSTRUCT and DESCRIBE answers are lists of ``pyoxigraph.Triple``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

import pyoxigraph as ox

from ..errors import UsageError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = tuple[Term | None, ...]
_JSON = ox.QueryResultsFormat.JSON


class Results:
    """The answer to one query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    def __init__(
        self,
        form: str,
        *,
        variables: list[str] | None = None,
        solutions_json: bytes | None = None,
        boolean: bool | None = None,
        triples: list[ox.Triple] | None = None,
    ) -> None:
        self.form = form
        self.variables = variables or []
        self.boolean = boolean
        self.triples = triples
        self._json = solutions_json

    @classmethod
    def from_oxigraph(cls, form: str, answer: object) -> Results:
        """Results from what ``pyoxigraph.Store.query`` (or ``parse_query_results``) returned."""
        if isinstance(answer, ox.QueryBoolean):
            return cls("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            return cls("SELECT", variables=names, solutions_json=answer.serialize(format=_JSON))
        if isinstance(answer, ox.QueryTriples):
            return cls(form, triples=list(answer))
        raise TypeError(f"unexpected query answer {answer!r}")

    def solutions_json(self) -> bytes:
        """SELECT answers as SPARQL JSON, as pyoxigraph wrote it."""
        if self._json is None:
            raise UsageError(f"A {self.form} query gives no solutions; read .triples or .boolean")
        return self._json

    def solutions(self) -> ox.QuerySolutions | ox.QueryBoolean:
        """A fresh pyoxigraph iterator over the answer, for its serialisers."""
        if self.boolean is not None:
            return ox.parse_query_results(
                b'{"head":{},"boolean":' + (b"true" if self.boolean else b"false") + b"}",
                format=_JSON,
            )
        if self._json is None:
            raise UsageError(f"A {self.form} query gives triples, not solutions; read .triples")
        return ox.parse_query_results(self._json, format=_JSON)

    @cached_property
    def rows(self) -> list[Row]:
        """SELECT rows in projection order; None where a variable is unbound."""
        if self._json is None:
            return []
        solutions = self.solutions()
        assert isinstance(solutions, ox.QuerySolutions)
        return [tuple(solution[name] for name in self.variables) for solution in solutions]

    def dicts(self) -> list[dict[str, Term | None]]:
        """SELECT rows as dicts from variable name to term."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        if self.triples is not None:
            return len(self.triples)
        return len(self.rows)

    def row_set(self) -> list[tuple[str | None, ...]]:
        """Rows as sorted tuples of N-Triples text, for comparing answers across engines."""
        return sorted(tuple(None if t is None else str(t) for t in row) for row in self.rows)

    def serialize(self, fmt: str) -> bytes:
        """The answer in an output format (see ``coopgraph.formats.OUTPUT_FORMATS``)."""
        from ..formats import render

        return render(self, fmt)

    def __repr__(self) -> str:
        if self.boolean is not None:
            return f"<Results ASK {self.boolean}>"
        if self.triples is not None:
            return f"<Results {self.form} {len(self.triples)} triples>"
        return f"<Results SELECT {self.variables} {len(self.rows)} rows>"
