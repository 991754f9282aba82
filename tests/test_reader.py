"""The site as a reader meets it on a phone (375 x 812, touch), at 200 % zoom (640 x 400)
and with a keyboard or a screen reader, on every page. A fixture page in which every
check must fail proves that the checks can fail."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from sphinx.search.en import SearchEnglish

from conftest import FIXTURES
from painmood.browser import open_page
from painmood.chinese import tag_chinese
from painmood.reader_checks import (figures_with_too_many_tab_stops, focus_without_ring, navigation_problems,
                                    overflowing_elements, raw_markup, swipe_trapping_figures, untagged_chinese)
from painmood.serve import start_server
from painmood.sphinxext import SearchEnglishWithChinese, page_description
from test_site import ALL_PAGES

#: Chinese terms a reader may search for (issue: search for 焦虑, 杏仁核, 负性情绪).
SEARCH_TERMS = ("焦虑", "杏仁核", "负性情绪")


# --- every page ---------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("path", ALL_PAGES)
def test_phone_reader_can_scroll_navigate_and_see_everything(open_site_page, path: str) -> None:
    page = open_site_page(path, device="phone", draw=False).page
    problems = swipe_trapping_figures(page)  # draws each figure as it scrolls to it
    problems += overflowing_elements(page)
    problems += navigation_problems(page)
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ALL_PAGES)
def test_reader_at_200_percent_zoom_sees_everything_and_can_navigate(open_site_page, path: str) -> None:
    page = open_site_page(path, device="zoom200").page
    assert overflowing_elements(page) + navigation_problems(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ALL_PAGES)
def test_text_keyboard_and_screen_reader_view(open_site_page, path: str) -> None:
    page = open_site_page(path).page
    problems = raw_markup(page) + untagged_chinese(page) + figures_with_too_many_tab_stops(page)
    problems += focus_without_ring(page)
    problems += navigation_problems(page)  # on a wide screen: hides and shows the chapter list
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_searching_for_a_chinese_term_lists_every_page_that_uses_it(open_site_page, built_site: Path, term: str) -> None:
    expected = {path for path in ALL_PAGES if path not in ("search.html", "genindex.html")
                and term in _main_text(built_site / path)}
    assert expected, f"no page uses {term}: choose another search term for the test"
    page = open_site_page(f"search.html?q={quote(term)}", draw=False).page
    page.wait_for_function("() => /Search finished|搜索完成|found/i.test("
                           "document.querySelector('#search-results')?.innerText || '')", timeout=20_000)
    links = page.eval_on_selector_all("#search-results ul.search li a",
                                      "as => as.map(a => new URL(a.href).pathname.replace(/^\\//, ''))")
    assert expected <= set(links)


def _main_text(page: Path) -> str:
    markup = page.read_text(encoding="utf-8")
    main = re.search(r"<main.*?</main>", markup, re.DOTALL)
    return re.sub(r"<[^>]+>", "", main.group(0) if main else "")


def test_every_page_has_a_description_and_the_site_a_favicon(built_site: Path) -> None:
    for path in ALL_PAGES:
        head = (built_site / path).read_text(encoding="utf-8").split("</head>")[0]
        found = re.search(r'<meta name="description" content="([^"]{40,})"', head)
        assert found, f"{path} has no meta description"
    assert (built_site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file


# --- the pieces, on their own ---------------------------------------------------------------

def test_chinese_runs_are_tagged_once_and_only_in_visible_text() -> None:
    page = ('<title>痛</title><p title="焦虑">Anxiety 焦虑障碍、抑郁 and more</p>'
            '<script>var a = "疼痛";</script><select><option>Duloxetine 度洛西汀</option></select>')
    tagged = tag_chinese(page)
    assert '<p title="焦虑">Anxiety <span lang="zh-Hans">焦虑障碍、抑郁</span> and more</p>' in tagged
    assert "<title>痛</title>" in tagged and 'var a = "疼痛";' in tagged and "<option>Duloxetine 度洛西汀</option>" in tagged
    assert tag_chinese(tagged) == tagged
    marked = '<dd lang="zh-Hans"><span>(疼痛)</span></dd><p>抑郁</p>'
    assert tag_chinese(marked) == '<dd lang="zh-Hans"><span>(疼痛)</span></dd><p><span lang="zh-Hans">抑郁</span></p>'


def test_search_index_holds_chinese_terms_inside_longer_runs() -> None:
    text = "Chronic pain 慢性疼痛与焦虑障碍 and the amygdala 杏仁核"
    words = SearchEnglishWithChinese({}).split(text)
    assert {"焦虑", "慢性疼痛", "杏仁核"} <= set(words)
    # Sphinx's own English splitter keeps each Han run whole, so 焦虑 alone is never found.
    assert "焦虑" not in SearchEnglish({}).split(text)


def test_description_is_the_first_real_paragraph_shortened_at_a_word() -> None:
    body = "<p>Short.</p><p>" + "Pain and mood drive each other in the brain. " * 6 + "</p>"
    description = page_description(body, "Title")
    assert description.startswith("Pain and mood") and description.endswith("…") and len(description) <= 156
    assert page_description("", "Search") == "Search: part of an open course on chronic pain and negative emotion."


@pytest.fixture(scope="module")
def broken_page_url():  # type: ignore[no-untyped-def]
    server, url = start_server(FIXTURES / "pages")
    yield url + "reader_broken.html"
    server.shutdown()


@pytest.mark.browser
def test_every_reader_check_fails_on_the_broken_fixture(browser, broken_page_url: str) -> None:
    wide = open_page(browser, broken_page_url.replace("reader_broken", "reader_overflow"), device="phone",
                     draw=False).page
    assert any("sideways" in p for p in overflowing_elements(wide))
    assert any("input#wide" in p for p in overflowing_elements(wide))
    phone = open_page(browser, broken_page_url, device="phone", draw=False).page
    assert navigation_problems(phone) == ["the chapter-list button did not open the chapter list"]
    assert swipe_trapping_figures(phone) == ["a vertical swipe on figure 1 (trap) did not scroll the page"]
    desktop = open_page(browser, broken_page_url, draw=False).page
    kinds = {p.split(" shown as text")[0] for p in raw_markup(desktop)}
    assert kinds == {"Markdown table row", "MyST role", "unrendered LaTeX"}
    assert untagged_chinese(desktop) == ["untagged Chinese in <p>: Anxiety 焦虑"]
    assert figures_with_too_many_tab_stops(desktop) == ["figure 1 adds 3 Tab stops (at most 2)"]
    assert any("A link without a focus ring" in p for p in focus_without_ring(desktop))
    for page in (wide, phone, desktop):
        page.context.close()
