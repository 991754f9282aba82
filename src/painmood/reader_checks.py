"""Checks of what a reader meets on a phone, at 200 % zoom, with the keyboard and with a
screen reader, run on an opened page (:func:`painmood.browser.open_page`).

Each check returns a list of problems, one readable line each, empty when the page is
fine; the browser tests assert on them and fixture pages prove that each can fail.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page

#: Elements that must fit the viewport's width (tables may scroll inside a region).
MUST_FIT = "input, select, button, textarea, figure, iframe, img, svg, canvas, mjx-container, table, pre"
#: What counts as a keyboard stop.
FOCUSABLE = ("a[href], button, input, select, textarea, summary, iframe, "
             "[tabindex]:not([tabindex='-1'])")
#: A figure may add this many Tab stops of its own (its toolbar included).
TAB_STOPS_PER_FIGURE = 2

#: Markup that a reader should never see as text.
RAW_MARKUP = {
    "Markdown table row": re.compile(r"^\s*\|.*\|\s*$|\|\s*:?-{3,}:?\s*\|", re.MULTILINE),
    "MyST role": re.compile(r"\{(cite|cite:p|cite:t|term|ref|doc|numref|eq|math|zh)\}`"),
    "directive fence": re.compile(r"^\s*(```|:::)\s*\{?[a-z-]*\}?", re.MULTILINE),
    "unrendered LaTeX": re.compile(r"\$[^$\n]{1,80}\$|\\(frac|begin|mathrm|alpha|beta|left|right|dots)\b"),
}


def overflowing_elements(page: Page) -> list[str]:
    """Controls, figures, frames, tables and equations that stick out of the viewport
    sideways, and a page that scrolls sideways. An element inside a region that scrolls
    sideways is judged by that region's box instead."""
    return page.evaluate("""(selector) => {
        const width = document.documentElement.clientWidth;
        const problems = [];
        const wide = document.documentElement.scrollWidth;
        if (wide > width + 1) problems.push(`the page scrolls sideways: ${wide}px wide in ${width}px`);
        const visible = el => {
            const s = getComputedStyle(el);
            const r = el.getBoundingClientRect();
            return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0
                && !el.closest('dialog:not([open]), [hidden], .d-none');
        };
        const scroller = el => {
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                const o = getComputedStyle(a).overflowX;
                if (o === 'auto' || o === 'scroll') return a;
            }
            return null;
        };
        const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
        const seen = new Set();
        for (const el of document.querySelectorAll(selector)) {
            if (!visible(el) || el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
            if (el.closest('.bd-sidebar-primary, .bd-sidebar-secondary, #pst-primary-sidebar-modal, #pst-secondary-sidebar-modal')
                && !el.closest('dialog[open]')) continue;
            const box = scroller(el) || el;
            if (seen.has(box)) continue;
            seen.add(box);
            const r = box.getBoundingClientRect();
            if (r.right <= 0) continue;  // parked off-screen on purpose (plotly's text measurer)
            if (r.right > width + 1 || r.left < -1)
                problems.push(`${name(box)} spans ${Math.round(r.left)}..${Math.round(r.right)}px in a ${width}px viewport`);
        }
        return problems;
    }""", MUST_FIT)


def navigation_problems(page: Page) -> list[str]:
    """The visible chapter-list button must work. On a narrow screen it opens the chapter
    list, and a chapter link in it must be clickable (checked with a trial click that
    does not navigate); on a wide screen, where the list is already shown, it hides the
    list and a second press shows it again."""
    toggles = page.locator(".primary-toggle:visible")
    if toggles.count() == 0:
        return ["no visible chapter-list button"]
    sidebar = page.locator("#pst-primary-sidebar")
    shown_beside = sidebar.count() == 1 and sidebar.is_visible()
    toggles.first.click()
    if shown_beside:
        page.wait_for_timeout(400)
        hidden = not sidebar.is_visible() or sidebar.evaluate("el => el.getBoundingClientRect().width < 5")
        toggles.first.click()
        page.wait_for_timeout(400)
        if not hidden or not sidebar.is_visible():
            return ["the chapter-list button does not hide and show the chapter list"]
        return []
    links = page.locator("dialog[open] nav.bd-docs-nav a.reference")
    try:
        links.first.wait_for(state="visible", timeout=3000)
    except Exception:  # noqa: BLE001 - reported below
        return ["the chapter-list button did not open the chapter list"]
    try:
        links.last.click(trial=True, timeout=3000)
    except Exception as error:  # noqa: BLE001
        return [f"a chapter link in the opened list cannot be clicked: {str(error).splitlines()[0]}"]
    page.keyboard.press("Escape")
    return []


def _touch_swipe_up(page: Page, cdp: object, x: float, y: float, distance: float = 250) -> None:
    """A finger put down at (x, y) and moved up by ``distance`` pixels, as real touch
    input (the compositor decides whether the page scrolls)."""
    steps = 10
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent",
                 {"type": "touchMove", "touchPoints": [{"x": x, "y": y - distance * step / steps}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(250)


def swipe_trapping_figures(page: Page) -> list[str]:
    """Figures (course figures and framed views) on which a vertical touch swipe does not
    scroll the page. Needs a touch context (the "phone" device)."""
    problems = []
    cdp = page.context.new_cdp_session(page)
    figures = page.locator("figure.pm-plotly, iframe")
    for index in range(figures.count()):
        figure = figures.nth(index)
        handle = figure.element_handle()
        page.evaluate("(el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 60)", handle)
        if figure.evaluate("el => el.matches('figure.pm-plotly')"):
            page.wait_for_function("(el) => el.getAttribute('data-drawn') === 'true'", arg=handle, timeout=30_000)
        box = figure.bounding_box()
        # Touch points are in screen pixels: a phone that zoomed out to fit a wide page
        # (visual viewport scale < 1) shows more CSS pixels than it has screen pixels.
        scale, viewport_height = page.evaluate("() => [visualViewport.scale, window.innerHeight]")
        # The finger lands on the drawing: below any toolbar, inside the visible part.
        y = min(box["y"] + min(box["height"] / 2, 200), viewport_height - 10)
        before = page.evaluate("() => window.scrollY")
        _touch_swipe_up(page, cdp, (box["x"] + box["width"] / 2) * scale, y * scale)
        if page.evaluate("() => window.scrollY") <= before:
            label = figure.evaluate("el => el.getAttribute('title') || el.id || el.getAttribute('aria-labelledby') || el.tagName")
            problems.append(f"a vertical swipe on figure {index + 1} ({label}) did not scroll the page")
    cdp.detach()
    return problems


def raw_markup(page: Page) -> list[str]:
    """Source markup shown as text: Markdown table pipes, MyST roles, directive fences,
    unrendered LaTeX (code blocks are left out: they may show markup on purpose)."""
    text = page.evaluate("""() => {
        const main = document.querySelector('main') || document.body;
        const copy = main.cloneNode(true);
        copy.querySelectorAll('pre, code, script, style, mjx-container, .highlight, [aria-hidden="true"]')
            .forEach(el => el.remove());
        return copy.innerText;
    }""")
    problems = []
    for kind, pattern in RAW_MARKUP.items():
        for match in pattern.finditer(text):
            problems.append(f"{kind} shown as text: {match.group(0).strip()[:60]!r}")
    return problems


def untagged_chinese(page: Page) -> list[str]:
    """Visible text with Han characters whose nearest ``lang`` is not Chinese: a screen
    reader would read it with the page's English voice."""
    return page.evaluate("""() => {
        const han = /[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]/;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const problems = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!han.test(node.textContent)) continue;
            const parent = node.parentElement;
            if (parent.closest('script, style, template, [aria-hidden="true"], noscript')) continue;
            const lang = (parent.closest('[lang]') || document.documentElement).getAttribute('lang') || '';
            if (!lang.toLowerCase().startsWith('zh'))
                problems.push(`untagged Chinese in <${parent.tagName.toLowerCase()}>: ${node.textContent.trim().slice(0, 40)}`);
        }
        return problems;
    }""")


def figures_with_too_many_tab_stops(page: Page) -> list[str]:
    """Figures (and framed views) that add more than two Tab stops of their own."""
    return page.evaluate("""([selector, limit]) => {
        const stops = root => Array.from(root.querySelectorAll(selector)).filter(el => {
            const r = el.getBoundingClientRect();
            return el.tabIndex >= 0 && !el.disabled && r.width > 0 && r.height > 0;
        });
        const problems = [];
        document.querySelectorAll('figure').forEach((figure, i) => {
            let count = stops(figure).length;
            figure.querySelectorAll('iframe').forEach(frame => {
                try { count += stops(frame.contentDocument).length - 1; } catch (e) { /* other origin */ }
            });
            if (count > limit) problems.push(`figure ${i + 1} adds ${count} Tab stops (at most ${limit})`);
        });
        return problems;
    }""", [FOCUSABLE, TAB_STOPS_PER_FIGURE])


def focus_without_ring(page: Page, max_stops: int = 400) -> list[str]:
    """Walk the page with the Tab key; every element that takes the focus must show a
    ring (an outline or a box shadow)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    problems, seen = [], set()
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        found = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            if (el.tagName === 'IFRAME') return {key: 'iframe:' + (el.title || el.src), ring: true};
            const s = getComputedStyle(el);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
            const shadow = s.boxShadow && s.boxShadow !== 'none';
            const key = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ':' +
                (el.getAttribute('aria-label') || el.textContent || el.getAttribute('href') || '').trim().slice(0, 40);
            return {key, ring: outline || shadow};
        }""")
        if found is None or found["key"] in seen:
            break
        seen.add(found["key"])
        if not found["ring"]:
            problems.append(f"no visible focus ring on {found['key']}")
    return problems


def figures_drawn_before_reached(page: Page, margin_px: int = 700) -> list[str]:
    """Course figures already drawn although they sit far below the first screen: a
    phone would spend its first seconds drawing what the reader has not reached. Call
    right after loading, without scrolling."""
    page.wait_for_timeout(1000)
    return page.evaluate("""(margin) => Array.from(document.querySelectorAll('figure.pm-plotly'))
        .filter(f => f.getAttribute('data-drawn') === 'true'
                     && f.getBoundingClientRect().top > window.innerHeight + margin)
        .map(f => `figure ${f.id || f.getAttribute('aria-labelledby')} was drawn before the reader reached it`)""",
        margin_px)
