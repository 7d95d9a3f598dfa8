"""Checks of a built static site: links resolve, HTML parses, titles and alt texts."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.title = ""
        self._in_title = False
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag in ("img", "script", "link") and (values.get("src") or values.get("href")):
            self.links.append(str(values.get("src") or values.get("href")))
        if tag == "img":
            self.images.append(values)
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def site_problems(folder: Path) -> list[str]:
    """Broken internal links, pages without a title, images without alt text, and anything
    that would load from elsewhere (the site must work offline)."""
    import html5lib

    problems = []
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder)
        text = path.read_text(encoding="utf-8")
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(text)
        except Exception as exc:  # html5lib raises ParseError with a position
            problems.append(f"{relative}: does not parse: {exc}")
        page = parse_page(path)
        if not page.title.strip():
            problems.append(f"{relative}: no <title>")
        for image in page.images:
            if not (image.get("alt") or "").strip():
                problems.append(f"{relative}: <img src={image.get('src')}> has no alt text")
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme == "data":
                continue  # inline, loads nothing
            if parts.scheme in ("http", "https", "mailto"):
                if link.endswith((".js", ".css")) or link in page.images:
                    problems.append(f"{relative}: loads {link} from elsewhere")
                continue
            if parts.scheme or link.startswith("//") or link.startswith("/"):
                problems.append(f"{relative}: {link} is not a relative link")
                continue
            if not parts.path:
                continue  # a fragment of this page
            target = (path.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                problems.append(f"{relative}: broken link {link}")
    return problems
