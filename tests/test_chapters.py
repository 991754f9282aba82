"""Every chapter follows the course skeleton (AUTHORING.md) and cites only checkable sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from painmood.bibliography import bib_keys
from painmood.evidence import load_evidence
from painmood.paths import BIBLIOGRAPHY, BOOK
from painmood.quiz import load_quiz

CHAPTERS = sorted(BOOK.glob("ch[0-9][0-9]-*.md"))
CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")
SECTIONS = ("## Key takeaways", "## Check your understanding", "## Quiz", "## Further reading")


def cited_keys(text: str) -> set[str]:
    """Bib keys in every {cite}, {cite:p} and {cite:t} role of a page."""
    return {key.strip() for group in CITE.findall(text) for key in group.split(",")}


def objectives(text: str) -> list[str]:
    """The numbered lines of the chapter's learning-objectives admonition."""
    block = text.split("```{admonition} Learning objectives", 1)[1].split("```", 1)[0]
    return re.findall(r"^\d+\. ", block, flags=re.MULTILINE)


def test_chapters_exist() -> None:
    assert len(CHAPTERS) >= 2


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_skeleton(chapter: Path) -> None:
    text = chapter.read_text(encoding="utf-8")
    assert text.startswith("---\njupytext:"), "MyST notebook header missing"
    assert "import painmood; painmood.setup_notebook()" in text.split("```", 3)[1] + text.split("```", 3)[2]
    assert re.search(r"about \d+ minutes", text), "estimated reading time missing"
    assert objectives(text), "learning objectives missing"
    for heading in SECTIONS:
        assert heading in text, f"section {heading!r} missing"
    assert "```{exercise}" in text and "```{solution}" in text and ":class: dropdown" in text
    assert "education, not medical advice" in text.lower()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_quiz_covers_every_objective_twice(chapter: Path) -> None:
    text = chapter.read_text(encoding="utf-8")
    chapter_id = chapter.stem.split("-")[0]
    assert f'show_quiz("{chapter_id}")' in text
    quiz = load_quiz(chapter_id)
    assert len(quiz.items) >= 8
    assert len(quiz.objectives) == len(objectives(text)), "quiz objectives must match the chapter's"
    for objective_id, _ in quiz.objectives:
        assert sum(item.objective == objective_id for item in quiz.items) >= 2, objective_id


def _checkable(key: str) -> bool:
    """An entry readers can find: a DOI, or (for guidelines without one) a URL."""
    fields = parse_file(str(BIBLIOGRAPHY), bib_format="bibtex").entries[key].fields
    return bool(fields.get("doi")) or bool(fields.get("url"))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_citations_are_known_and_checkable(chapter: Path) -> None:
    text = chapter.read_text(encoding="utf-8")
    keys = cited_keys(text)
    assert keys, "a chapter must cite its sources"
    assert keys <= bib_keys(), f"unknown keys: {sorted(keys - bib_keys())}"
    assert not [k for k in sorted(keys) if not _checkable(k)], "cited entries need a DOI (or a URL)"
    for name in re.findall(r'show_evidence\("([^"]+)"', text):
        missing = load_evidence(name).keys() - keys
        assert not missing, f"{name}: cite {sorted(missing)} in the text too"


def test_cited_keys_parser() -> None:
    text = "a {cite:p}`x2020,y2021` b {cite:t}`z` c {cite}`w`"
    assert cited_keys(text) == {"x2020", "y2021", "z", "w"}
