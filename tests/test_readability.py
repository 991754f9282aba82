"""Readability of chapter prose: short sentences and plain words (painmood.readability)."""

from __future__ import annotations

from pathlib import Path

import pytest

from painmood.paths import BOOK
from painmood.readability import LONGEST_SENTENCE, LOWEST_FLESCH, measure, prose_sentences, syllables

CHAPTERS = sorted(BOOK.glob("ch*.md"))
FIXTURES = Path(__file__).parent / "fixtures" / "readability"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_no_chapter_sentence_is_too_long(chapter: Path) -> None:
    long = measure(chapter).sentences_over(LONGEST_SENTENCE)
    assert not long, f"{chapter.name}: sentences over {LONGEST_SENTENCE} words: " + "; ".join(
        f"'{sentence[:60]}...'" for sentence in long)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_chapter_prose_is_plain(chapter: Path) -> None:
    flesch = measure(chapter).flesch
    assert flesch >= LOWEST_FLESCH, f"{chapter.name}: Flesch reading ease {flesch:.1f} < {LOWEST_FLESCH}"


def test_a_run_on_sentence_is_caught() -> None:
    report = measure(FIXTURES / "long_sentence.md")
    assert [s[:25] for s in report.sentences_over(LONGEST_SENTENCE)] == ["This one is not, because "]


def test_a_hard_paragraph_scores_low() -> None:
    assert measure(FIXTURES / "hard_paragraph.md").flesch < LOWEST_FLESCH


def test_markup_is_not_counted_as_prose() -> None:
    text = (FIXTURES / "markup.md").read_text(encoding="utf-8")
    assert prose_sentences(text) == ["The amygdala weighs threats .", "Options are not prose.", "Tags go."]


def test_syllable_counter_approximates_english() -> None:
    assert [syllables(w) for w in ("pain", "brain's", "amygdala", "made", "simple", "a")] == [1, 1, 4, 1, 2, 1]
