"""Run Lighthouse (the pinned npm package in ``benchmarks/node_modules``) on one page
of the locally served site and keep what the benchmark prints.

Lighthouse's default settings are the mobile preset: a mid-range phone screen, a slow
4G connection and a 4x slower CPU, all simulated. It drives Debian's Chromium with the
same flags as the course's browser harness (software WebGL, and no host name resolves
except loopback), and its own error reporting is switched off, so the run requests
nothing from outside this machine; a page that did would stop the benchmark.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from painmood.browser import CHROMIUM_ARGS, chromium_path, is_outside

LIGHTHOUSE = Path(__file__).resolve().parent / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Categories whose target is 100 on every page (issue 9): their lost points are listed.
FULL_SCORE_CATEGORIES = ("accessibility", "best-practices", "seo")
#: One run of a heavy page takes about a minute on 2 cores; past this, something hangs.
RUN_TIMEOUT_S = 300


@dataclass
class LighthouseResult:
    """Scores (0-100) by category id, total blocking time, the audits that cost points
    in the full-score categories ("category: audit-id"), and Lighthouse's CPU benchmark
    index of the machine during the run (lower is slower: a busy machine scores worse)."""

    scores: dict[str, int]
    total_blocking_ms: float
    failing_audits: list[str]
    benchmark_index: float


def chrome_flags() -> str:
    """The harness's Chromium flags plus headless mode, as one ``--chrome-flags`` value
    (Lighthouse splits it like a shell would, so values with spaces are quoted)."""
    return " ".join(quoted(flag) for flag in ["--headless=new", *CHROMIUM_ARGS])


def quoted(flag: str) -> str:
    """``--name=a b`` as ``--name="a b"``; a flag without spaces unchanged."""
    name, _, value = flag.partition("=")
    return f'{name}="{value}"' if " " in value else flag


def lighthouse_command(url: str) -> list[str]:
    """The command line of one Lighthouse run that writes its JSON report to stdout."""
    return [
        str(LIGHTHOUSE), url,
        "--output=json", "--output-path=stdout", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={chrome_flags()}",
        "--no-enable-error-reporting",
    ]


def run_lighthouse(url: str) -> LighthouseResult:
    """Audit ``url`` once; stop with a message naming the page if Lighthouse is missing,
    fails, or the page requested anything outside loopback."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make bench` (it runs npm ci --prefix benchmarks)")
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    try:
        run = subprocess.run(lighthouse_command(url), env=env, capture_output=True, text=True,
                             timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"Lighthouse on {url} took over {RUN_TIMEOUT_S} s") from None
    if run.returncode != 0:
        raise SystemExit(f"Lighthouse on {url} failed (exit {run.returncode}):\n{run.stderr[-2000:]}")
    return read_report(url, json.loads(run.stdout))


def read_report(url: str, report: dict) -> LighthouseResult:
    """The benchmark's figures from a Lighthouse JSON report (``url`` names the page in errors)."""
    if report.get("runtimeError"):
        raise SystemExit(f"Lighthouse on {url}: {report['runtimeError'].get('message')}")
    audits = report["audits"]
    outside = [item["url"] for item in audits["network-requests"]["details"]["items"]
               if is_outside(item["url"])]
    if outside:
        raise SystemExit(f"{url} requested outside loopback under Lighthouse: {outside}")
    categories = report["categories"]
    missing = [name for name in CATEGORIES if categories[name]["score"] is None]
    if missing:
        raise SystemExit(f"Lighthouse on {url} gave no score for {missing}")
    return LighthouseResult(
        scores={name: round(categories[name]["score"] * 100) for name in CATEGORIES},
        total_blocking_ms=audits["total-blocking-time"]["numericValue"],
        failing_audits=[f"{name}: {ref['id']}" for name in FULL_SCORE_CATEGORIES
                        for ref in categories[name]["auditRefs"]
                        if ref["weight"] > 0 and costs_points(audits[ref["id"]])],
        benchmark_index=report["environment"]["benchmarkIndex"],
    )


def costs_points(audit: dict) -> bool:
    """True for a scored audit below full marks (not for manual, informative or
    not-applicable ones, which carry no score)."""
    return audit["scoreDisplayMode"] in ("binary", "numeric") and audit["score"] < 1
