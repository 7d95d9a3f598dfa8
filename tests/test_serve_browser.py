"""The pages in headless Chromium (Debian's), driven through the DevTools protocol: the home
page renders, the search finds the Hybrid CoE, a query form submits and shows a result table,
and no page logs an error. Fails, not skips, when Chromium is missing: .ci/run installs it."""

from __future__ import annotations

from typing import Any

import pytest

from .browser import chromium, chromium_binary
from .servers import Served

pytestmark = pytest.mark.slow


def test_pages_in_headless_chromium(served: Served, cgraph: Any) -> None:
    binary = chromium_binary()
    if binary is None:
        pytest.fail("chromium is not installed: apt-get install -y chromium (.ci/run does)")
    with chromium(binary) as page:
        page.load(url=served.url("/"))
        assert page.evaluate("document.querySelector('h1').textContent").startswith("EU-NATO")
        assert page.evaluate("document.getElementById('triples').textContent") == str(len(cgraph))
        assert page.evaluate("document.querySelectorAll('table.classes tbody tr').length") > 10

        page.evaluate("document.getElementById('q').value = 'hybrid coe'")
        page.load("document.querySelector('#search button').click()")
        assert page.evaluate("location.pathname + location.search") == "/search?q=hybrid+coe"
        first = page.evaluate("document.querySelector('ol.matches li a').getAttribute('href')")
        assert first == "/id/hybrid-coe"

        page.load("document.querySelector('ol.matches li a').click()")
        heading = page.evaluate("document.querySelector('h1').textContent")
        assert heading == "European Centre of Excellence for Countering Hybrid Threats"

        page.load(url=served.url("/queries/office-holders-on-date"))
        assert page.evaluate("document.querySelector('table.results')") is None
        page.evaluate("document.getElementById('param-date').value = '2016-07-08'")
        page.load("document.querySelector('form.query-form button').click()")
        cells = page.evaluate(
            "[...document.querySelectorAll('table.results tbody tr')]"
            ".map(row => row.cells[3].textContent.trim())"
        )
        assert "Federica Mogherini" in cells and len(cells) == 4

        assert page.errors() == []
