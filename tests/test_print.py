"""Printing a page (painmood-print.css), in Chromium with print emulation: no navigation,
every 3-D view replaced by its region table, the simulator's and explorer's summaries
instead of their controls, and solutions left out or printed expanded by the switch. A
fixture page makes every check fail."""

from __future__ import annotations

import pytest

from painmood.browser import open_page
from painmood.print_checks import print_problems, set_print_solutions
from painmood.teaching import toc_chapters
from test_site import fixture_url  # noqa: F401  (the fixture pages, served)

#: Every chapter, plus the pages with the most 3-D views and the simulator.
PRINTED_PAGES = [f"{docname}.html" for docname in toc_chapters()] + ["book/atlas.html", "book/model-card.html"]


@pytest.mark.browser
@pytest.mark.parametrize("path", PRINTED_PAGES)
def test_page_prints_cleanly_with_and_without_solutions(open_site_page, path: str) -> None:
    page = open_site_page(path).page
    has_solutions = page.locator("div.admonition.solution").count() > 0
    assert print_problems(page, solutions=False) == []
    if has_solutions:
        assert set_print_solutions(page, True), f"{path} has solutions but no print switch"
        assert print_problems(page, solutions=True) == []
    if path.startswith("book/ch"):
        assert has_solutions, f"{path}: a chapter should have exercises with solutions"


@pytest.mark.browser
def test_a_3d_view_is_marked_and_has_its_table(open_site_page) -> None:
    page = open_site_page("book/ch02-shared-hubs.html", draw=False).page
    assert page.locator('figure.pm-plotly[data-view="3d"]').count() == 4
    assert page.locator("table.pm-region-table").count() == 4


@pytest.mark.browser
def test_every_print_check_fails_on_the_broken_fixture(browser, fixture_url: str) -> None:
    page = open_page(browser, fixture_url + "print_broken.html", draw=False).page
    try:
        problems = print_problems(page, solutions=False)
        assert problems == [
            "navigation printed: .bd-header",
            "navigation printed: .bd-sidebar-primary",
            "3-D view printed: A 3-D brain",
            "region table not printed: Regions shown in the views above",
            "interactive controls printed",
            "interactive summary not printed",
            "solution printed although the switch is off: Solution to a question",
        ], problems
        assert set_print_solutions(page, True)
        assert "solution not printed expanded: Solution to a question" in print_problems(page, solutions=True)
    finally:
        page.context.close()
