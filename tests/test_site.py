"""`coopgraph site`: the static site is built in the test run, so a broken page fails CI.
Every internal link resolves, every page parses and has a title, every picture has alt text,
and headless Chromium shows the home page and a timeline page from file:// (non-blank)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import coopgraph
from coopgraph.cli import cli
from coopgraph.errors import InputError
from coopgraph.io.atomic import TREE_MARK, atomic_write_tree
from coopgraph.namespaces import COOPID
from coopgraph.publish.render import render_page
from coopgraph.publish.site import Site

from .conftest import ROOT
from .sitecheck import parse_page, site_problems


def test_static_pages_render_from_the_server_templates(cgraph: coopgraph.Graph) -> None:
    # The quick smoke test: one resource page in static mode, links relative and in .html.
    site = Site(cgraph, ext=".html").at("..")
    view = site.resource(COOPID + "finland")
    assert view is not None
    html = render_page("resource", **site.page_context(title=view.label, resource=view,
                                                       rdf_links=[]))  # fmt: skip
    assert '<a href="../id/membership-finland-nato.html">' in html
    assert 'href="../ontology.html"' in html and 'action="/search"' not in html


def test_atomic_tree_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="did not write"):
        atomic_write_tree(mine, {"index.html": b"x"})
    assert (mine / "keep.txt").read_text() == "mine"
    site = tmp_path / "site"
    atomic_write_tree(site, {"index.html": b"1", "a/b.html": b"2"})
    atomic_write_tree(site, {"index.html": b"3"})
    assert sorted(p.name for p in site.rglob("*")) == [TREE_MARK, "index.html"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_atomic_tree_keeps_files_added_to_a_folder_it_wrote(tmp_path: Path) -> None:
    site = tmp_path / "site"
    atomic_write_tree(site, {"index.html": b"1", "a/b.html": b"2"})
    (site / "a" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match=r"did not write \('a/notes.txt'\)"):
        atomic_write_tree(site, {"index.html": b"3"})
    assert (site / "a" / "notes.txt").read_text() == "mine"
    assert (site / "index.html").read_bytes() == b"1"
    (site / "a" / "notes.txt").unlink()
    (site / "drafts").mkdir()  # an empty folder of the user's counts too
    with pytest.raises(InputError, match="'drafts'"):
        atomic_write_tree(site, {"index.html": b"3"})
    (site / "drafts").rmdir()
    atomic_write_tree(site, {"index.html": b"3"})
    assert (site / "index.html").read_bytes() == b"3"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(cli, ["--project", str(ROOT), "site", "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_site_links_resolve_and_pages_parse(built: Path) -> None:
    assert site_problems(built) == []


@pytest.mark.slow
def test_site_has_every_page(built: Path, cgraph: coopgraph.Graph) -> None:
    for name in ("index.html", "ontology.html", "queries.html", "resources.html", "quality.html",
                 "memberships.html", "not-modelled.html", "ontology.ttl"):  # fmt: skip
        assert (built / name).is_file(), name
    queries = {q.name for q in coopgraph.list_queries(cgraph.project.queries_dir)}
    assert {p.stem for p in (built / "queries").glob("*.html")} == queries
    resources = {p.stem for p in (built / "id").glob("*.html")}
    assert {"finland", "nato", "hybrid-coe", "warsaw-declaration-2016"} <= resources
    assert len(resources) > 600
    term = (built / "ontology" / "Membership.html").read_text(encoding="utf-8")
    assert "cgsh:MembershipShape" in term and "resources of this class" in term
    quality = (built / "quality.html").read_text(encoding="utf-8")
    assert "facts in the reference: 688" in quality and "Wikipedia mirror" in quality
    query = (built / "queries" / "membership-timeline.html").read_text(encoding="utf-8")
    assert 'src="../pictures/queries/membership-timeline.svg"' in query
    assert "Finland" not in parse_page(built / "queries" / "membership-timeline.html").title


@pytest.mark.slow
def test_site_pictures_have_the_expected_labels(built: Path) -> None:
    import xml.etree.ElementTree as ET

    for svg in built.rglob("*.svg"):
        ET.fromstring(svg.read_bytes())  # parses
    memberships = (built / "pictures" / "queries" / "memberships-of-all-states.svg").read_text()
    assert "Finland · North Atlantic Treaty Organization: from 2023-04-04" in memberships


def pixels_vary(png: bytes) -> bool:
    """Whether a PNG (8-bit RGB or RGBA, as Chromium writes) has more than one colour."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        chunk = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    previous, colours = bytearray(stride), set()
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (
                    line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 255
        colours.update(bytes(line[i : i + 3]) for i in range(0, stride, channels * 7))
        if len(colours) > 1:
            return True
        previous = line
    return False


def test_blank_detector() -> None:
    def png(rows: list[bytes], width: int) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            return (
                struct.pack(">I", len(data))
                + kind
                + data
                + struct.pack(">I", zlib.crc32(kind + data))
            )

        header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)
        data = zlib.compress(b"".join(b"\x00" + r for r in rows))
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", data)
            + chunk(b"IEND", b"")
        )

    assert not pixels_vary(png([b"\xff\xff\xff" * 8] * 8, 8))
    assert pixels_vary(png([b"\xff\xff\xff" * 8] * 7 + [b"\x00\x00\x00" * 8], 8))


@pytest.mark.slow
def test_home_and_timeline_pages_in_headless_chromium(built: Path) -> None:
    from .browser import chromium, chromium_binary

    binary = chromium_binary()
    if binary is None:
        pytest.fail("chromium is not installed: apt-get install -y chromium (.ci/run does)")
    with chromium(binary) as page:
        for name in ("index.html", "memberships.html"):
            page.load(url=(built / name).as_uri())
            loaded = page.evaluate(
                "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
            )
            assert loaded, f"{name}: a picture did not load"
            shot = page.screenshot()
            assert pixels_vary(shot), f"{name}: the screenshot is blank"
        assert page.errors() == []
