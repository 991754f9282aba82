"""Benchmark every page of the site as a phone and a first-time reader meet it.

Prints one Markdown table (to paste in the README's "Latest benchmark"): for every
page the tests check (the table of contents, search and the index),

* Lighthouse mobile scores (performance, accessibility, best practices, SEO) and total
  blocking time, one Lighthouse run per page (``lighthouse_audit.py``);
* from the course's own harness: raw bytes, bytes transferred (gzip), requests, and
  the load time of a first visit (empty cache) at 4 Mbit/s with 150 ms round trips
  (Chromium network emulation), up to the load event with the figures of the first
  screen drawn (figures further down are drawn when the reader reaches them); bytes and
  requests count the whole page, every figure scrolled to;

then the cold build time (fresh folder, every notebook executed), the ``make test``
time when ``BENCH_TEST_TIME=1``, and the Lighthouse audits that cost points in
accessibility, best practices or SEO, with their pages. Progress goes to stderr.

Run: ``make bench`` (or ``make bench BENCH_SITE=path/_build/html`` to measure an
existing build), or directly ``.venv/bin/python benchmarks/bench_site.py
--build-dir DIR`` (cold build into the new folder DIR, then measure it) or
``--site DIR/_build/html``. This is a measurement, not a test: it never fails on a number.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from painmood.browser import launch, scroll_to_every_figure
from painmood.build import build_command, site_pages
from painmood.paths import REPO_ROOT
from painmood.serve import start_server

from lighthouse_audit import LighthouseResult, run_lighthouse

BANDWIDTH_BYTES_PER_S = 4_000_000 / 8
ROUND_TRIP_MS = 150
#: Past this a first visit counts as failed (the row says "timeout").
PAGE_TIMEOUT_MS = 120_000


#: Every course figure of the first screen is drawn (the others wait to be reached).
FIRST_SCREEN_DRAWN = ("() => Array.from(document.querySelectorAll('figure.pm-plotly'))"
                      ".filter(f => f.getBoundingClientRect().top < innerHeight)"
                      ".every(f => f.getAttribute('data-drawn') === 'true')")


def progress(message: str) -> None:
    """One progress line on stderr (stdout keeps only the table and its notes)."""
    print(message, file=sys.stderr, flush=True)


def timed_run(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    """Seconds ``command`` took, run from the repository root, and how it ended."""
    start = time.perf_counter()
    run = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    return time.perf_counter() - start, run


def cold_build_seconds(build_dir: Path) -> float:
    """Time a build into the new folder ``build_dir``; stop with the build's log if it fails."""
    if build_dir.exists() and any(build_dir.iterdir()):
        raise SystemExit(f"--build-dir {build_dir} is not empty: a cold build needs a fresh folder")
    progress(f"cold build into {build_dir} ...")
    seconds, run = timed_run(build_command(build_dir.resolve()))
    if run.returncode != 0:
        raise SystemExit(f"the build failed (exit {run.returncode}):\n{(run.stdout + run.stderr)[-3000:]}")
    return seconds


def make_test_line() -> str:
    """How long ``make test`` takes, and whether it passed."""
    progress("make test ...")
    seconds, run = timed_run(["make", "test"])
    outcome = "passed" if run.returncode == 0 else f"failed, exit {run.returncode}"
    return f"`make test`: {seconds:.0f} s ({outcome})."


def measure_page(browser: Browser, url: str) -> tuple[int, int, int, float] | None:
    """(raw bytes, transferred bytes, requests, seconds to the load event + figures drawn),
    or None when the page took over ``PAGE_TIMEOUT_MS`` (the table says so)."""
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
    try:
        page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function(FIRST_SCREEN_DRAWN, timeout=PAGE_TIMEOUT_MS)
        seconds = time.perf_counter() - start
        scroll_to_every_figure(page)
        page.wait_for_function(FIRST_SCREEN_DRAWN.replace("f.getBoundingClientRect().top < innerHeight", "true"),
                               timeout=PAGE_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        progress(f"{url}: not loaded with every figure drawn after {PAGE_TIMEOUT_MS / 1000:.0f} s")
        context.close()
        return None
    raw = transferred = 0
    for request in responses:
        sizes = request.sizes()
        transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        response = request.response()
        raw += len(response.body()) if response else 0
    context.close()
    return raw, transferred, len(responses), seconds


def harness_rows(base: str, pages: list[str]) -> dict[str, tuple[int, int, int, float] | None]:
    """The harness's figures for every page, one page after the other in one browser."""
    rows = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for number, path in enumerate(pages, 1):
            progress(f"[harness {number}/{len(pages)}] {path}")
            rows[path] = measure_page(browser, base + path)
        browser.close()
    return rows


def lighthouse_rows(base: str, pages: list[str]) -> dict[str, LighthouseResult]:
    """One Lighthouse run per page, one after the other (each run is CPU-bound)."""
    rows = {}
    for number, path in enumerate(pages, 1):
        start = time.perf_counter()
        rows[path] = run_lighthouse(base + path)
        progress(f"[lighthouse {number}/{len(pages)}] {path}: {time.perf_counter() - start:.0f} s")
    return rows


def markdown_table(harness: dict[str, tuple[int, int, int, float] | None],
                   lighthouse: dict[str, LighthouseResult]) -> list[str]:
    """The table's lines: one row per page, Lighthouse columns first."""
    lines = [
        "| page | performance | accessibility | best practices | SEO | total blocking (ms) "
        "| bytes | gzip | requests | first visit (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path, row in harness.items():
        result = lighthouse[path]
        scores = " | ".join(str(score) for score in result.scores.values())
        measured = (f"| timeout | | | > {PAGE_TIMEOUT_MS // 1000} |" if row is None else
                    "| {:,} | {:,} | {} | {:.1f} |".format(*row))
        lines.append(f"| {path} | {scores} | {result.total_blocking_ms:,.0f} {measured}")
    return lines


def lost_points(lighthouse: dict[str, LighthouseResult]) -> list[str]:
    """One line per audit below full marks: "category: audit-id (pages)"."""
    pages_by_audit = defaultdict(list)
    for path, result in lighthouse.items():
        for audit in result.failing_audits:
            pages_by_audit[audit].append(path)
    return [f"- {audit} ({', '.join(pages)})" for audit, pages in sorted(pages_by_audit.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--build-dir", type=Path, help="new folder: time a cold build into it, then measure it")
    where.add_argument("--site", type=Path, help="an existing built site (a _build/html folder): no build is timed")
    args = parser.parse_args()
    site = args.site
    if args.build_dir:
        cold = cold_build_seconds(args.build_dir)
        site = args.build_dir / "_build" / "html"
    pages = site_pages()
    server, base = start_server(site)
    try:
        harness = harness_rows(base, pages)
        lighthouse = lighthouse_rows(base, pages)
    finally:
        server.shutdown()
    print("\n".join(markdown_table(harness, lighthouse)) + "\n", flush=True)
    if args.build_dir:
        print(f"Cold build: {cold:.0f} s (fresh folder, every notebook executed).")
    indexes = [result.benchmark_index for result in lighthouse.values()]
    print(f"Lighthouse CPU benchmark index {min(indexes):.0f}-{max(indexes):.0f} during the runs.")
    if os.environ.get("BENCH_TEST_TIME") == "1":
        print(make_test_line())
    print("\nLighthouse audits below full marks (accessibility, best practices, SEO):")
    print("\n".join(lost_points(lighthouse)) or "- none")


if __name__ == "__main__":
    main()
