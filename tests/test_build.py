"""The build itself: a failing notebook cell stops it, naming the notebook and the cell;
the built pages are reproducible (no timestamps, random ids or absolute paths)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_build
from painmood.paths import ASSETS, REPO_ROOT


def test_failing_cell_fails_the_build_naming_notebook_and_cell(tmp_path: Path) -> None:
    """The course's own configuration, on a fixture book whose notebook fails."""
    book = tmp_path / "book"
    shutil.copytree(FIXTURES / "failing_book", book)
    shutil.copy(REPO_ROOT / "_config.yml", book / "_config.yml")
    (book / "assets").symlink_to(ASSETS)
    result = run_build(book, tmp_path / "out")
    assert result.returncode != 0
    assert "broken_notebook" in result.log
    assert "deliberately_failing_cell = 1 / 0" in result.log
    assert "ZeroDivisionError" in result.log


def test_built_pages_hold_no_absolute_paths_or_build_times(built_site: Path) -> None:
    offenders = []
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if str(built_site.parent) in text or str(REPO_ROOT) in text or re.search(r"Last updated on", text):
            offenders.append(page.name)
    assert offenders == []


def test_two_fresh_builds_give_identical_pages(book_build, tmp_path: Path) -> None:
    """Seeded, no random ids, no timestamps: a second fresh build changes no page."""
    if not book_build.log:
        pytest.skip("PAINMOOD_SITE reuses a build; reproducibility needs two fresh builds")
    again = run_build(REPO_ROOT, tmp_path)
    assert again.returncode == 0, again.log[-3000:]
    first = {p.relative_to(book_build.html): p for p in book_build.html.rglob("*.html")}
    second = {p.relative_to(again.html): p for p in again.html.rglob("*.html")}
    assert first.keys() == second.keys()
    changed = sorted(str(name) for name in first if first[name].read_bytes() != second[name].read_bytes())
    assert changed == []
