"""Waivers: known exceptions, shown in the report but not counted, until they expire."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class Waiver:
    """A known exception: results of ``rule`` on ``focus`` are shown but not counted."""

    rule: str
    focus: str
    reason: str
    expires: datetime.date

    def expired(self, today: datetime.date) -> bool:
        return self.expires < today


def load_waivers(path: Path, *, required: bool = False) -> list[Waiver]:
    """Waivers from a YAML list of {rule, focus, reason, expires}.

    A missing file means no waivers, unless ``required`` (a file the user named). Raises
    InputError for a file that cannot be read or does not have that shape.
    """
    import yaml

    from ..query.params import BadValue, expand_iri

    if not path.is_file():
        if required:
            raise InputError(f"{path}: no such waivers file; check the path")
        return []
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not YAML"
        raise InputError(f"{path}{line}: malformed waivers file: {problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the waivers file: {exc}") from None
    except (ValueError, RecursionError) as exc:  # YAML's own date or number check: 2020-13-45
        raise InputError(f"{path}: malformed waivers file: {exc}") from None
    if not isinstance(entries, list):
        raise InputError(f"{path}: the waivers file must be a YAML list of waivers")
    waivers = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not {"rule", "focus", "reason", "expires"} <= set(entry):
            raise InputError(
                f"{path}: waiver {number} needs rule, focus, reason and expires (YYYY-MM-DD)"
            )
        if not all(isinstance(entry[key], str) for key in ("rule", "focus", "reason")):
            raise InputError(f"{path}: waiver {number}: rule, focus and reason must be text")
        expires = entry["expires"]
        if not isinstance(expires, datetime.date) or isinstance(expires, datetime.datetime):
            raise InputError(f"{path}: waiver {number}: expires must be a date, YYYY-MM-DD")
        focus = str(entry["focus"])
        with contextlib.suppress(BadValue):
            focus = expand_iri(focus).value
        waivers.append(Waiver(str(entry["rule"]), focus, str(entry["reason"]), expires))
    return waivers
