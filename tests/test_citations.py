"""Citations: every key a page cites exists in assets/references.bib and leads a reader
to the source (a DOI; or, where no DOI could be seen when the entry was checked, a URL
of the public record it was checked on). Provenance notes stay out of the built pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from painmood.paths import BIBLIOGRAPHY, BOOK

CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def cited_keys(page: Path) -> set[str]:
    return {key.strip() for group in CITE_ROLE.findall(page.read_text(encoding="utf-8")) for key in group.split(",")}


PAGES = sorted(BOOK.glob("*.md"))
ENTRIES = parse_file(str(BIBLIOGRAPHY)).entries


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_cited_keys_exist_and_lead_to_the_source(page: Path) -> None:
    problems = []
    for key in sorted(cited_keys(page)):
        entry = ENTRIES.get(key)
        if entry is None:
            problems.append(f"{key}: not in {BIBLIOGRAPHY.name}")
        elif "doi" not in entry.fields and "url" not in entry.fields:
            problems.append(f"{key}: has neither a DOI nor a URL")
        elif "doi" not in entry.fields and "DOI not seen" not in entry.fields.get("verified", ""):
            problems.append(f"{key}: a URL instead of a DOI must say 'DOI not seen' in its verified note")
    assert problems == []


def test_chapters_cite_the_source_reviews() -> None:
    chapters = [p for p in PAGES if p.name.startswith("ch")]
    assert chapters, "no chapter pages found"
    for chapter in chapters:
        assert cited_keys(chapter) & {"wang2025chronic", "sheng2017link"}, chapter.name


def test_every_entry_records_where_it_was_checked() -> None:
    unchecked = [key for key, entry in ENTRIES.items() if not entry.fields.get("verified", "").startswith("VERIFIED")]
    assert unchecked == []


def test_provenance_notes_are_not_shown_to_readers(built_site: Path) -> None:
    page = (built_site / "book" / "bibliography.html").read_text(encoding="utf-8")
    assert "Raja" in page and "10.1097/j.pain.0000000000001939" in page
    assert "VERIFIED" not in page
