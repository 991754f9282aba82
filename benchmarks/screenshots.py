"""Full-page screenshots of the chapter pages as a phone reader sees them (375 x 812).

Run: ``.venv/bin/python benchmarks/screenshots.py [SITE_DIR] [OUT_DIR]`` (defaults:
``_build/html`` and ``_build/screenshots``). Screenshots are for looking at, not committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from painmood.browser import launch, open_page
from painmood.paths import REPO_ROOT
from painmood.serve import start_server

PAGES = ("book/ch01-why-together.html", "book/ch02-shared-hubs.html", "book/atlas.html", "book/model-card.html")


def main() -> None:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "_build" / "html"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO_ROOT / "_build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    server, url = start_server(site)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for path in PAGES:
                for device in ("phone", "zoom200"):
                    report = open_page(browser, url + path, device=device)
                    target = out / f"{Path(path).stem}-{device}.png"
                    report.page.screenshot(path=str(target), full_page=True)
                    report.page.context.close()
                    print(target)
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
