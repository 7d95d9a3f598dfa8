"""The review file: suggestions written as TSV for people to mark, and read back."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Suggestion:
    """One candidate external identifier for one entity, with its score and evidence."""

    entity: str
    entity_label: str
    cls: str
    target: str
    candidate: str
    candidate_label: str
    score: str
    evidence: str
    endpoint: str
    retrieved: str
    accept: str = ""

    @property
    def accepted(self) -> bool:
        return self.accept.strip().lower() in ACCEPTED


ACCEPTED = {"yes", "y", "x", "1", "true", "accept"}
#: Column names in the file ("class" is a Python keyword, hence the ``cls`` field).
REVIEW_COLUMNS = tuple("class" if f.name == "cls" else f.name for f in fields(Suggestion))


def review_tsv(suggestions: list[Suggestion]) -> bytes:
    """The review file's bytes: a header row and one row per suggestion, tab-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for suggestion in suggestions:
        writer.writerow(asdict(suggestion).values())
    return buffer.getvalue().encode("utf-8")


def read_review(path: Path) -> list[tuple[int, Suggestion]]:
    """(line number, suggestion) for every row; InputError for a file without the columns."""
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
    rows = []
    for number, row in enumerate(reader, start=2):
        values = {k: (row.get(k) or "") for k in REVIEW_COLUMNS}
        values["cls"] = values.pop("class")
        rows.append((number, Suggestion(**values)))
    return rows
