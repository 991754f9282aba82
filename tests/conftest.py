"""Fixtures shared by the tests: a fresh build of the book, a gzip server over it,
and headless Chromium. Network access outside loopback is refused in this process
and, through ``tests/offline/sitecustomize.py``, in the build and its kernels."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

OFFLINE_DIR = Path(__file__).parent / "offline"
sys.path.insert(0, str(OFFLINE_DIR))
import sitecustomize  # noqa: E402,F401  (installs the offline guard in this process)

from painmood.build import build_command  # noqa: E402
from painmood.paths import REPO_ROOT  # noqa: E402
from painmood.serve import start_server  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class BuildResult:
    html: Path
    log: str
    returncode: int


def offline_env() -> dict[str, str]:
    """The environment for subprocesses: offline guard first on the path, Agg backend."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE_DIR), env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"
    return env


def run_build(root: Path, output: Path) -> BuildResult:
    """Build the book at ``root`` into ``output`` offline; never raises on failure."""
    proc = subprocess.run(
        build_command(output, root), cwd=root, env=offline_env(),
        capture_output=True, text=True, timeout=1800,
    )
    return BuildResult(output / "_build" / "html", proc.stdout + proc.stderr, proc.returncode)


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """A fresh build of the book (every notebook executed from scratch).

    For quick iteration only, PAINMOOD_SITE=path/to/_build/html reuses a build;
    `make test` never sets it.
    """
    reuse = os.environ.get("PAINMOOD_SITE")
    if reuse:
        return BuildResult(Path(reuse), "", 0)
    return run_build(REPO_ROOT, tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def built_site(book_build: BuildResult) -> Path:
    """The built site's html folder; fails (with the log's tail) if the build failed."""
    if book_build.returncode != 0:
        pytest.fail("the book did not build:\n" + book_build.log[-4000:])
    return book_build.html


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    server, url = start_server(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from painmood.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def open_site_page(browser, site_url):  # type: ignore[no-untyped-def]
    """open_site_page("book/atlas.html") -> PageReport; closes its context afterwards."""
    from painmood.browser import open_page

    opened = []

    def _open(path: str, **kwargs):  # type: ignore[no-untyped-def]
        report = open_page(browser, site_url + path, **kwargs)
        opened.append(report)
        return report

    yield _open
    for report in opened:
        report.page.context.close()
