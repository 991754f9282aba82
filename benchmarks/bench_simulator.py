"""Benchmark of the carry-over simulator (not a test): prints timings and sizes.

Run from the repository root:

    .venv/bin/python benchmarks/bench_simulator.py [path/to/_build/html]

* time of one model run (Python);
* time of one live-widget update (model run + FigureWidget batch update);
* bytes of the static simulator's HTML (payload, controls and both figures);
* with a built site: time of one static update in headless Chromium (the page's own
  update function: JavaScript model run + Plotly.update + Plotly.restyle).
Budgets: live update <= 100 ms, static update <= 50 ms.
"""

from __future__ import annotations

import gzip
import sys
import timeit
from pathlib import Path

from painmood.model import simulate
from painmood.simulator import live_simulator, static_simulator_html

LIVE_BUDGET_MS = 100
STATIC_BUDGET_MS = 50


def per_call_ms(function, number: int) -> float:
    """Best of three timings of ``number`` calls, in milliseconds per call."""
    return min(timeit.repeat(function, number=number, repeat=3)) / number * 1000


def browser_update_ms(html_dir: Path, updates: int = 20) -> tuple[float, float]:
    """Mean time of one static update on the built model card, in Chromium:
    (a slider move, a treatment change, which also redraws the 3-D brain)."""
    from playwright.sync_api import sync_playwright

    from painmood.browser import launch, open_page
    from painmood.serve import start_server

    server, url = start_server(html_dir)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = open_page(browser, url + "book/model-card.html").page
            return tuple(page.evaluate(
                """n => { const root = document.querySelector('section.pm-simulator');
                          const select = root.querySelector('select');
                          let t0 = performance.now();
                          for (let i = 0; i < n; i++) root.pmUpdate();
                          const slider = (performance.now() - t0) / n;
                          t0 = performance.now();
                          for (let i = 0; i < n; i++) {
                            select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
                            root.pmUpdate();
                          }
                          return [slider, (performance.now() - t0) / n]; }""", updates))
    finally:
        server.shutdown()


def main() -> None:
    print(f"model run (Python):       {per_call_ms(lambda: simulate('combined_care'), 200):.3f} ms")
    box = live_simulator()
    live = per_call_ms(box.update, 20)
    print(f"live widget update:       {live:.2f} ms (budget {LIVE_BUDGET_MS} ms)")
    page = static_simulator_html().encode()
    print(f"static simulator HTML:    {len(page):,} bytes ({len(gzip.compress(page)):,} gzip)")
    if len(sys.argv) > 1:
        slider, treatment = browser_update_ms(Path(sys.argv[1]))
        print(f"static slider update (Chromium):    {slider:.2f} ms (budget {STATIC_BUDGET_MS} ms)")
        print(f"static treatment change (Chromium): {treatment:.2f} ms (includes the 3-D brain redraw)")


if __name__ == "__main__":
    main()
