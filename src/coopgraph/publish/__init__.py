"""Publishing the graph: the read-only HTTP server (`coopgraph serve`) and its pages, and
``push``, which loads the graph into a server store.

>>> from coopgraph.publish import create_app
>>> app = create_app(coopgraph.open_graph())  # an ASGI app; run it with uvicorn

Starlette, uvicorn and Jinja2 are imported only when an app is built or a page rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

if TYPE_CHECKING:
    from .app import create_app
    from .push import PushReport, push
    from .render import render_page
    from .server import serve
    from .site import Site
    from .void import void_triples
    from .worker import Limits

_LAZY = {
    "create_app": ".app",
    "push": ".push",
    "PushReport": ".push",
    "render_page": ".render",
    "serve": ".server",
    "Site": ".site",
    "void_triples": ".void",
    "Limits": ".worker",
}
__all__ = [
    "Limits",
    "PushReport",
    "Site",
    "create_app",
    "push",
    "render_page",
    "serve",
    "void_triples",
]
__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
