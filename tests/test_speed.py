"""Fast pages by design (issue 11): heavy data is shipped once and cacheably, nothing
heavy loads before it is needed, and no page needs MathJax. Timings and weights are
measured by `make bench`, not asserted here."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES
from painmood.browser import open_page
from painmood.reader_checks import figures_drawn_before_reached
from painmood.serve import start_server
from test_site import ALL_PAGES

FIGURE_DATA = re.compile(r'<script type="application/json" class="pm-plotly-data">(.*?)</script>', re.DOTALL)
HEAVY_FILES = ("/_static/shared/", "/_static/vendor/")
FIGURE_PAGES = ["book/ch01-why-together.html", "book/ch02-shared-hubs.html", "book/atlas.html", "book/model-card.html"]


def inlined_meshes(page_html: str) -> list[str]:
    """Mesh traces whose vertices are written into the page instead of shared files."""
    found = []
    for number, data in enumerate(FIGURE_DATA.findall(page_html), start=1):
        for trace in json.loads(data).get("data", []):
            if trace.get("type") == "mesh3d" and "x" in trace:
                found.append(f"figure {number}: mesh '{trace.get('name')}' inlined")
    return found


def test_no_page_inlines_a_mesh(built_site: Path) -> None:
    for path in ALL_PAGES:
        assert inlined_meshes((built_site / path).read_text(encoding="utf-8")) == [], path


def test_the_mesh_check_catches_an_inlined_mesh() -> None:
    figure = {"data": [{"type": "mesh3d", "name": "cortex", "x": [0, 1, 2]}]}
    page = f'<script type="application/json" class="pm-plotly-data">{json.dumps(figure)}</script>'
    assert inlined_meshes(page) == ["figure 1: mesh 'cortex' inlined"]


def test_every_page_links_plotly_and_the_shared_meshes_at_one_address(built_site: Path) -> None:
    addresses = set()
    for path in ALL_PAGES:
        page = built_site / path
        for src in re.findall(r'<script[^>]+src="([^"?]*plotly[^"?]*)', page.read_text(encoding="utf-8")):
            addresses.add((page.parent / src).resolve())
    assert len(addresses) == 1  # the course's drawing script, which loads plotly.js from one place
    assert (built_site / "_static" / "vendor" / "plotly" / "plotly-gl3d.min.js").is_file()
    assert {p.name for p in (built_site / "_static" / "shared").iterdir()} >= {
        "glass-brain-left.js", "glass-brain-right.js"}


def test_no_page_loads_mathjax_and_equations_are_svg(built_site: Path) -> None:
    for path in ALL_PAGES:
        page = (built_site / path).read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]+src="[^"]*mathjax|window\.MathJax', page, re.IGNORECASE), path
    assert not (built_site / "_static" / "vendor" / "mathjax").exists()
    card = (built_site / "book" / "model-card.html").read_text(encoding="utf-8")
    assert card.count('<mjx-container class="MathJax" jax="SVG"') > 10 and "<mjx-assistive-mml" in card


@pytest.mark.browser
@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_each_heavy_file_is_requested_once(open_site_page, path: str) -> None:
    report = open_site_page(path)
    heavy = Counter(r.url.split("?")[0] for r in report.requests if any(h in r.url for h in HEAVY_FILES))
    assert heavy and max(heavy.values()) == 1, heavy


@pytest.mark.browser
def test_figures_below_the_fold_wait_until_they_are_reached(open_site_page) -> None:
    page = open_site_page("book/ch02-shared-hubs.html", draw=False).page
    assert figures_drawn_before_reached(page) == []
    below = page.evaluate("() => Array.from(document.querySelectorAll('figure.pm-plotly'))"
                          ".filter(f => f.getBoundingClientRect().top > window.innerHeight + 700).length")
    assert below >= 2


@pytest.mark.browser
def test_the_lazy_drawing_check_catches_an_eager_figure(browser) -> None:
    server, url = start_server(FIXTURES / "pages")
    try:
        page = open_page(browser, url + "reader_broken.html", draw=False).page
        assert figures_drawn_before_reached(page) == ["figure eager was drawn before the reader reached it"]
        page.context.close()
    finally:
        server.shutdown()
