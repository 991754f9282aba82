"""Benchmark the site as a first-time reader on a modest connection receives it.

Prints, for every page of the table of contents: raw bytes, bytes transferred (gzip),
number of requests, and load time for a first visit (empty cache) at 4 Mbit/s with
150 ms round trips (Chromium network emulation). Then the cold build time (fresh
folder, every notebook executed) and the warm build time (nothing changed).

Run: ``make bench`` (or ``.venv/bin/python benchmarks/bench_site.py [--skip-build]``).
This is a measurement, not a test: it never fails on a number.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from painmood.browser import launch
from painmood.build import build_command
from painmood.paths import REPO_ROOT
from painmood.serve import start_server

BANDWIDTH_BYTES_PER_S = 4_000_000 / 8
ROUND_TRIP_MS = 150


def toc_pages() -> list[str]:
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [ch["file"] for part in toc["parts"] for ch in part["chapters"]]
    return [f"{name}.html" for name in files]


def timed_build(output: Path) -> float:
    start = time.perf_counter()
    subprocess.run(build_command(output), check=True, capture_output=True)
    return time.perf_counter() - start


def measure_page(browser, url: str) -> tuple[int, int, int, float]:
    """(raw bytes, transferred bytes, requests, seconds to the load event + figures drawn)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": ROUND_TRIP_MS,
        "downloadThroughput": BANDWIDTH_BYTES_PER_S, "uploadThroughput": BANDWIDTH_BYTES_PER_S,
    })
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    start = time.perf_counter()
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('figure.pm-plotly'))"
        ".every(f => f.getAttribute('data-drawn') === 'true')", timeout=120_000)
    seconds = time.perf_counter() - start
    raw = transferred = 0
    for request in responses:
        sizes = request.sizes()
        transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        response = request.response()
        raw += len(response.body()) if response else 0
    context.close()
    return raw, transferred, len(responses), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="measure the existing _build/html only")
    args = parser.parse_args()
    site = REPO_ROOT / "_build" / "html"
    if not args.skip_build:
        with tempfile.TemporaryDirectory() as tmp:
            cold = timed_build(Path(tmp))
            warm = timed_build(Path(tmp))
        print(f"build: cold {cold:.1f} s (fresh folder, all notebooks executed); warm {warm:.1f} s (no change)")
    server, base = start_server(site)
    print(f"first visit at {BANDWIDTH_BYTES_PER_S * 8 / 1e6:.0f} Mbit/s, {ROUND_TRIP_MS} ms round trip:")
    print(f"{'page':40} {'bytes':>10} {'gzip':>10} {'requests':>9} {'load s':>7}")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for path in toc_pages() + ["search.html"]:
            raw, transferred, count, seconds = measure_page(browser, base + path)
            print(f"{path:40} {raw:>10,} {transferred:>10,} {count:>9} {seconds:>7.1f}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
