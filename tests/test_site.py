"""The whole site, as a reader meets it: built without warnings, every page clean in
Chromium (no outside request, no error, figures drawn, iframes filled, axe-clean),
within its weight budget. Fixture pages prove each check can fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from painmood.browser import axe_violations, open_page, transferred_bytes
from conftest import FIXTURES
from painmood.build import site_pages
from painmood.serve import start_server


ALL_PAGES = site_pages()
#: Budgets in bytes as transferred (gzip), page and everything it loads.
TEXT_PAGE_BUDGET = 700_000
TEXT_PAGES = ["book/about.html", "book/bibliography.html", "search.html"]
#: The atlas page shows three brain views (issue: at most 2 MB gzip in total).
BRAIN_PAGE_BUDGET = 2_000_000


#: A Sphinx or myst-nb warning line ("path:line: WARNING: ..."), colour codes removed.
#: Kernels' own log lines ("[IPKernelApp] WARNING | ...") are not build warnings.
SPHINX_WARNING = re.compile(r"(^|: )(WARNING|ERROR|CRITICAL): ")
ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")


def test_book_builds_without_warnings(book_build) -> None:
    assert book_build.returncode == 0, book_build.log[-4000:]
    lines = ANSI_CODE.sub("", book_build.log).splitlines()
    assert [line for line in lines if SPHINX_WARNING.search(line)] == []


def test_every_built_page_is_checked(built_site: Path) -> None:
    """No page escapes the browser checks: the built pages are exactly those tested."""
    built = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
             if "_static" not in p.parts and "_sources" not in p.parts}
    built.discard("index.html")  # a redirect to book/index.html written by Jupyter Book
    assert built == set(ALL_PAGES)


@pytest.mark.browser
@pytest.mark.parametrize("path", ALL_PAGES)
def test_page_is_clean_for_readers(open_site_page, path: str) -> None:
    report = open_site_page(path)
    assert report.problems() == []
    assert axe_violations(report.page) == []


@pytest.mark.browser
@pytest.mark.parametrize("path", TEXT_PAGES)
def test_text_page_weight(open_site_page, path: str) -> None:
    report = open_site_page(path)
    assert transferred_bytes(report) <= TEXT_PAGE_BUDGET


@pytest.mark.browser
def test_atlas_page_weight(open_site_page) -> None:
    report = open_site_page("book/atlas.html")
    assert transferred_bytes(report) <= BRAIN_PAGE_BUDGET


@pytest.mark.browser
def test_redirect_index_reaches_the_landing_page(open_site_page) -> None:
    report = open_site_page("", draw=False)
    report.page.wait_for_url("**/book/index.html")
    assert report.page.locator("h1").first.inner_text().strip() != ""


# --- the checks themselves can fail -------------------------------------------------

@pytest.fixture(scope="module")
def fixture_url():
    server, url = start_server(FIXTURES / "pages")
    yield url
    server.shutdown()


@pytest.mark.browser
def test_cdn_script_is_caught(browser, fixture_url) -> None:
    report = open_page(browser, fixture_url + "cdn_script.html")
    try:
        assert report.outside_requests == ["https://cdn.jsdelivr.net/npm/plotly.js-dist-min@2.0.0/plotly.min.js"]
        assert any(line.startswith("outside request:") for line in report.problems())
    finally:
        report.page.context.close()


@pytest.mark.browser
def test_unlabelled_input_is_caught(browser, fixture_url) -> None:
    report = open_page(browser, fixture_url + "unlabelled_input.html")
    try:
        violations = axe_violations(report.page)
        assert any(v.startswith("page: label:") for v in violations), violations
    finally:
        report.page.context.close()


@pytest.mark.browser
def test_errors_missing_files_undrawn_figures_empty_iframes_and_fonts_are_caught(browser, fixture_url) -> None:
    report = open_page(browser, fixture_url + "broken.html", draw_timeout_ms=2000)
    try:
        assert "deliberate console error" in report.console_errors
        assert any("missing.png (404)" in r for r in report.failed_requests)
        assert report.undrawn_figures == 1
        assert report.empty_iframes == ["an empty frame"]
        assert [url.rsplit("/", 1)[-1] for url in report.web_fonts] == ["fancy.woff2"]
    finally:
        report.page.context.close()
