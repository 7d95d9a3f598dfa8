"""Stored queries: ``queries/*.rq`` files with a ``#+`` YAML header, found by name."""

from __future__ import annotations

import atexit
import re
from pathlib import Path

from .._record import Record
from ..errors import InputError, UsageError
from ..io.cache import TextCache
from .lexer import query_form
from .params import PARAM_TYPES, ParamSpec

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the start-up path
if TYPE_CHECKING:
    from typing import Any

HEADER_KEYS = {"summary", "description", "tags", "params", "endpoint", "view"}
PARAM_KEYS = {"type", "required", "default", "example", "enum", "enum-query", "description"}
VIEWS = {"table", "timeline", "graph", "map", "count"}
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class StoredQuery(Record):
    """A stored query: its header fields and its SPARQL text (header lines included)."""

    __slots__ = (
        "description",
        "endpoint",
        "extra",
        "form",
        "header_lines",
        "name",
        "params",
        "path",
        "summary",
        "tags",
        "text",
        "view",
    )  # fmt: skip
    name: str
    path: Path
    summary: str
    text: str
    form: str
    description: str
    tags: tuple[str, ...]
    params: dict[str, ParamSpec]
    endpoint: str | None
    view: str
    header_lines: int
    extra: dict[str, Any]

    def __init__(
        self, name: str, path: Path, summary: str, text: str, form: str, description: str = "",
        tags: tuple[str, ...] = (), params: dict[str, ParamSpec] | None = None,
        endpoint: str | None = None, view: str = "table", header_lines: int = 0,
        extra: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        self._set(
            name=name, path=path, summary=summary, text=text, form=form,
            description=description, tags=tags, params={} if params is None else params,
            endpoint=endpoint, view=view, header_lines=header_lines,
            extra={} if extra is None else extra,
        )  # fmt: skip

    @property
    def header(self) -> str:
        return "\n".join(self.text.splitlines()[: self.header_lines])

    @property
    def body(self) -> str:
        """The SPARQL text after the ``#+`` header."""
        return "\n".join(self.text.splitlines()[self.header_lines :]).strip("\n") + "\n"

    def example_values(self) -> dict[str, str | list[str]]:
        """The header's example (or default) for every parameter that has one."""
        values: dict[str, str | list[str]] = {}
        for name, spec in self.params.items():
            chosen = spec.example if spec.example is not None else spec.default
            if chosen is not None:
                values[name] = chosen
        return values


def list_queries(folder: Path | None = None, *, tag: str | None = None) -> list[StoredQuery]:
    """Every stored query in ``folder`` (default: the project's ``queries/``), sorted by name."""
    folder = folder or _default_folder()
    found = [parse_query_file(path) for path in sorted(folder.glob("*.rq"))]
    return [q for q in found if tag is None or tag in q.tags]


def load_query(name: str, folder: Path | None = None) -> StoredQuery:
    """The stored query called ``name``; names resolve inside the queries folder only.

    Raises UsageError for a name with path characters or an unknown name (suggesting the
    closest one), InputError for a malformed header.
    """
    folder = (folder or _default_folder()).resolve()
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"Invalid query name {name!r}: use lower-case letters, digits, '-' and '_' only. "
            "Run `coopgraph queries` to list them."
        )
    path = (folder / f"{name}.rq").resolve()
    if path.parent != folder or not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.rq"))
        import difflib

        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"Unknown query {name!r}.{hint} Run `coopgraph queries` to list them.")
    return parse_query_file(path)


def parse_query_file(path: Path, *, extra_keys: frozenset[str] = frozenset()) -> StoredQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    return parse_query_text(text, path, extra_keys=extra_keys)


def parse_query_text(
    text: str, path: Path, *, extra_keys: frozenset[str] = frozenset()
) -> StoredQuery:
    """Parse the ``#+`` header of a stored query; InputError names the file and line.

    ``extra_keys`` are further header keys a caller understands (kept in ``extra``).
    """
    lines = text.splitlines()
    header_lines = 0
    while header_lines < len(lines) and lines[header_lines].startswith("#+"):
        header_lines += 1
    if header_lines == 0:
        raise InputError(f"{path} line 1: no '#+' header; start the file with '#+ summary: ...'")
    yaml_text = "\n".join(line[2:].removeprefix(" ") for line in lines[:header_lines])
    header = _parse_header(yaml_text, path)
    if not isinstance(header, dict):
        raise InputError(f"{path} line 1: the '#+' header must be 'key: value' lines")

    def fail(key: str, message: str) -> InputError:
        return InputError(f"{path} line {_line_of_key(lines, key, header_lines)}: {message}")

    unknown = set(header) - HEADER_KEYS - extra_keys
    if unknown:
        key = sorted(unknown)[0]
        return_keys = ", ".join(sorted(HEADER_KEYS | extra_keys))
        raise fail(key, f"unknown header key {key!r}; use {return_keys}")
    summary = header.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise fail("summary", "the header needs a 'summary:' line")
    tags = header.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise fail("tags", "tags must be a list such as [actors, time]")
    view = header.get("view", "table")
    if view not in VIEWS:
        raise fail("view", f"view must be one of {', '.join(sorted(VIEWS))}")
    endpoint = header.get("endpoint")
    if endpoint is not None and not (isinstance(endpoint, str) and endpoint.startswith("http")):
        raise fail("endpoint", "endpoint must be an http(s) URL")
    params = _parse_params(header.get("params") or {}, lambda key, msg: fail(key, msg))
    try:
        form = query_form(text)
    except UsageError as exc:
        raise InputError(f"{path}: {exc}") from None
    return StoredQuery(
        name=path.stem,
        path=path,
        summary=summary.strip(),
        text=text,
        form=form,
        description=str(header.get("description") or "").strip(),
        tags=tuple(tags),
        params=params,
        endpoint=endpoint,
        view=view,
        header_lines=header_lines,
        extra={key: header[key] for key in extra_keys if key in header},
    )


_HEADERS: TextCache | None = None


def _header_cache() -> TextCache:
    global _HEADERS
    if _HEADERS is None:
        _HEADERS = TextCache("query-headers-v1")
        atexit.register(_HEADERS.save)
    return _HEADERS


def _parse_header(yaml_text: str, path: Path) -> Any:
    """The YAML header as Python values; from the header cache when this exact text was parsed
    before (PyYAML's import alone costs more than the rest of a stored query's start-up)."""
    cache = _header_cache()
    cached = cache.get(yaml_text)
    if isinstance(cached, dict):
        return cached
    import yaml

    try:
        header = yaml.load(yaml_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        header = None  # parse again below with the pure-Python loader, whose marks are exact
    if header is None:
        try:
            header = yaml.load(yaml_text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise InputError(f"{path} line {line}: malformed '#+' header: {problem}") from None
    if isinstance(header, dict):
        cache.put(yaml_text, header)
    return header


def _default_folder() -> Path:
    from ..project import find_project

    return find_project().queries_dir


def _parse_params(raw: Any, fail: Any) -> dict[str, ParamSpec]:
    if not isinstance(raw, dict):
        raise fail("params", "params must map each parameter name to its settings")
    params: dict[str, ParamSpec] = {}
    for name, settings in raw.items():
        if not isinstance(settings, dict):
            raise fail(str(name), f"parameter {name}: give its settings as {{type: ..., ...}}")
        unknown = set(settings) - PARAM_KEYS
        if unknown:
            raise fail(str(name), f"parameter {name}: unknown setting {sorted(unknown)[0]!r}")
        declared = settings.get("type", "string")
        is_list = isinstance(declared, list)
        kind = declared[0] if is_list and len(declared) == 1 else declared
        if kind not in PARAM_TYPES:
            raise fail(
                str(name),
                f"parameter {name}: type must be one of {', '.join(PARAM_TYPES)}"
                " or a one-item list of one of them",
            )
        if settings.get("required") and "default" in settings:
            raise fail(str(name), f"parameter {name}: a required parameter has no default")
        enum = settings.get("enum") or []
        params[str(name)] = ParamSpec(
            name=str(name),
            type=kind,
            is_list=is_list,
            required=bool(settings.get("required", False)),
            default=_as_text(settings.get("default")),
            example=_as_text(settings.get("example")),
            description=str(settings.get("description") or ""),
            enum=tuple(str(v) for v in enum),
            enum_query=settings.get("enum-query"),
        )
    return params


def _as_text(value: Any) -> str | list[str] | None:
    if value is None:
        return None
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _line_of_key(lines: list[str], key: str, header_lines: int) -> int:
    for number, line in enumerate(lines[:header_lines], start=1):
        if re.match(rf"^#\+\s*{re.escape(key)}\s*:", line) or re.match(
            rf"^#\+\s+{re.escape(key)}\s*:", line
        ):
            return number
    return 1


def listing_line(query: StoredQuery) -> str:
    """One line of `coopgraph queries`: the name, the summary and the parameters as they are
    given (-p name=<type>; [...] when optional, "..." when -p may repeat)."""
    params = " ".join(
        ("{}" if spec.required else "[{}]").format(
            f"-p {name}=<{spec.type}>" + (" ..." if spec.is_list else "")
        )
        for name, spec in query.params.items()
    )
    return f"{query.name}  {query.summary}" + (f"  {params}" if params else "")


def catalogue_markdown(queries: list[StoredQuery]) -> str:
    """The catalogue table of ``queries/README.md``, generated from the headers."""
    lines = [
        "# Stored queries",
        "",
        "Generated from the `#+` headers by `coopgraph queries --markdown`; do not edit by hand.",
        "Run one with `coopgraph query NAME -p name=value`;",
        "see its text with `coopgraph show NAME`.",
        "",
        "| name | summary | parameters | tags | view |",
        "| --- | --- | --- | --- | --- |",
    ]
    for query in queries:
        params = "<br>".join(
            f"`{name}` {spec.type}{' list' if spec.is_list else ''}"
            + (" (required)" if spec.required else "")
            + (f", e.g. `{_shown(name, spec.example)}`" if spec.example is not None else "")
            for name, spec in query.params.items()
        )
        summary = query.summary.replace("|", "\\|")
        lines.append(
            f"| `{query.name}` | {summary} | {params or '-'} | {', '.join(query.tags)} "
            f"| {query.view} |"
        )
    return "\n".join(lines) + "\n"


def _shown(name: str, value: str | list[str]) -> str:
    """An example as it is typed: -p name=value, repeated for each item of a list."""
    values = value if isinstance(value, list) else [value]
    return " ".join(f"-p {name}={item}" for item in values)
