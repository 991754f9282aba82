"""What a page looks like when printed (``painmood-print.css``), checked in Chromium with
print emulation. Used by ``tests/test_print.py``; ``tests/fixtures/pages/print_broken.html``
makes every check fail.

:func:`print_problems` lists, one line each: navigation that would print, 3-D views that
would print, region tables that would not, interactive controls that would print or
summaries that would not, and solutions printed against the switch (or missing, or
folded, when it is on).
"""

from __future__ import annotations

from playwright.sync_api import Page

#: Navigation a printout must leave out (pydata-sphinx-theme / sphinx-book-theme).
NAVIGATION = (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary", ".bd-header-article",
              ".prev-next-area", "#pst-back-to-top", "#jb-print-toc")
THREE_D_VIEWS = 'figure.pm-plotly[data-view="3d"], figure.pm-brain-slices'
REGION_TABLES = "table.pm-region-table"
CONTROLS = ".pm-simulator .pm-sim-controls, .pm-descending .pm-sim-controls, .pm-synapse .pm-sim-controls"
SUMMARIES = ".pm-simulator .pm-sim-summary, .pm-simulator .pm-sim-targets, .pm-descending .pm-sim-summary, .pm-synapse .pm-sim-summary"
SOLUTIONS = "div.admonition.solution"
SWITCH = "#pm-print-solutions"

_CHECK = """([navigation, views, tables, controls, summaries, solutions, wanted]) => {
  const shown = el => {
    if (!el || el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && Number(style.opacity) > 0;
  };
  const name = el => (el.querySelector('figcaption, caption, .admonition-title')?.textContent
                      || el.className || el.tagName).trim().replace(/\\s+/g, ' ').slice(0, 60);
  const problems = [];
  for (const selector of navigation)
    for (const el of document.querySelectorAll(selector))
      if (shown(el)) problems.push(`navigation printed: ${selector}`);
  // The simulator's brain has its own text alternative (the targets sentence, a summary).
  const viewCount = Array.from(document.querySelectorAll(views)).filter(v => !v.closest('.pm-simulator')).length;
  for (const el of document.querySelectorAll(views))
    if (shown(el)) problems.push(`3-D view printed: ${name(el)}`);
  const tableList = document.querySelectorAll(tables);
  if (viewCount && !tableList.length) problems.push('3-D views without a region table');
  for (const el of tableList)
    if (!shown(el)) problems.push(`region table not printed: ${name(el)}`);
  for (const el of document.querySelectorAll(controls))
    if (shown(el)) problems.push('interactive controls printed');
  for (const el of document.querySelectorAll(summaries))
    if (!shown(el)) problems.push('interactive summary not printed');
  for (const el of document.querySelectorAll(solutions)) {
    const body = el.querySelector('.admonition-title ~ :not(.toggle-button)');
    const open = shown(el) && shown(body) && body.getBoundingClientRect().height > 0;
    if (wanted && !open) problems.push(`solution not printed expanded: ${name(el)}`);
    if (!wanted && shown(el)) problems.push(`solution printed although the switch is off: ${name(el)}`);
  }
  return problems;
}"""


def set_print_solutions(page: Page, on: bool) -> bool:
    """Tick or clear the page's "Include solutions when printing" box; False if the page
    has none."""
    box = page.locator(SWITCH)
    if box.count() == 0:
        return False
    box.set_checked(on)
    return True


def print_problems(page: Page, solutions: bool = False) -> list[str]:
    """Problems of the page as printed, with solutions expected (``solutions``) or not.
    The page is back on screen media afterwards."""
    page.emulate_media(media="print")
    try:
        return page.evaluate(_CHECK, [list(NAVIGATION), THREE_D_VIEWS, REGION_TABLES, CONTROLS,
                                      SUMMARIES, SOLUTIONS, solutions])
    finally:
        page.emulate_media(media="screen")
