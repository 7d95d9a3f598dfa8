"""Render the HTML pages from the Jinja2 templates beside this module, without any request:
the server and a static-site generator get the same HTML from the same values."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Any:
    """The Jinja2 environment: templates of this package, HTML escaped, undefined names fail."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(name: str, **context: Any) -> str:
    """The page ``templates/NAME.html`` rendered with ``context`` (see each template's header
    comment for the values it needs; ``root`` is the site's root path, "" on the server)."""
    return str(environment().get_template(f"{name}.html").render(**context))
