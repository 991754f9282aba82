"""Quiz files: schema (good and bad files), objective coverage, and the rendered HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES
from painmood.datafiles import DataFileError
from painmood.paths import REPO_ROOT
from painmood.quiz import (
    QUIZ_DIR, items_per_objective, load_all_quizzes, load_quiz, progress_html, quiz_html, show_quiz,
)

GOOD = FIXTURES / "quizzes_good"
BAD = FIXTURES / "quizzes_bad"
MIN_ITEMS_PER_OBJECTIVE = 2

#: bad fixture -> (item, field) the error must name
BAD_CASES = {
    "missing_explanation": ("item 'q1'", "explanation"),
    "unknown_reference": ("item 'q1'", "references"),
    "no_references": ("item 'q1'", "references"),
    "unknown_objective": ("item 'q1'", "objective"),
    "two_correct_single": ("item 'q1'", "options"),
    "option_without_feedback": ("item 'q1'.options[1]", "feedback"),
    "correct_not_boolean": ("item 'q1'.options[0]", "correct"),
    "unknown_type": ("item 'q1'", "type"),
    "misspelt_field": ("item 'q1'", "explaination"),
    "numeric_answer_text": ("item 'q2'", "answer"),
    "negative_tolerance": ("item 'q2'", "tolerance"),
    "numeric_missing_feedback": ("item 'q2'.feedback", "too_high"),
    "duplicate_item": ("item 'q1'", "id"),
    "wrong_chapter_id": ("chapter", "id"),
}


def test_every_bad_fixture_has_an_expected_error() -> None:
    assert {p.stem for p in BAD.glob("*.yaml")} == set(BAD_CASES)


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_quiz_file_names_file_item_and_field(name: str) -> None:
    item, field = BAD_CASES[name]
    with pytest.raises(DataFileError) as caught:
        load_quiz(name, BAD)
    error = caught.value
    assert (Path(error.source).name, error.item, error.field) == (f"{name}.yaml", item, field)
    assert f"{name}.yaml" in str(error) and item in str(error) and field in str(error)


def test_good_example_loads_every_item_type() -> None:
    quiz = load_quiz("example", GOOD)
    assert [item.type for item in quiz.items] == ["single", "multiple", "numeric", "single"]
    numeric = quiz.items[2]
    assert (numeric.answer, numeric.tolerance, numeric.unit) == (3.0, 0.0, "months")
    assert dict(numeric.feedback).keys() == {"correct", "too_low", "too_high"}
    assert [o.correct for o in quiz.items[1].options] == [True, True, False]


def test_chapter_quizzes_are_valid_and_point_to_existing_pages() -> None:
    quizzes = load_all_quizzes()
    assert quizzes, f"no quiz files in {QUIZ_DIR}"
    for quiz in quizzes:
        assert (REPO_ROOT / f"{quiz.page}.md").exists(), f"{quiz.chapter}: page {quiz.page} does not exist"


@pytest.mark.parametrize("chapter", sorted(p.stem for p in QUIZ_DIR.glob("*.yaml")))
def test_every_objective_is_assessed_by_two_items(chapter: str) -> None:
    counts = items_per_objective(load_quiz(chapter))
    too_few = {objective: n for objective, n in counts.items() if n < MIN_ITEMS_PER_OBJECTIVE}
    assert too_few == {}, f"{chapter}: objectives with fewer than {MIN_ITEMS_PER_OBJECTIVE} items: {too_few}"


def test_objective_coverage_counts_items() -> None:
    assert items_per_objective(load_quiz("example", GOOD)) == {"ex-o1": 2, "ex-o2": 2}


def quiz_data(markup: str) -> dict:
    found = re.search(r'<script type="application/json" class="pm-quiz-data">(.*?)</script>', markup, re.S)
    assert found, "the quiz carries no JSON data"
    return json.loads(found.group(1))


def test_quiz_html_has_accessible_native_controls() -> None:
    markup = quiz_html(load_quiz("example", GOOD))
    assert markup.count("<fieldset>") == 4 and markup.count("<legend>") == 4
    assert markup.count('type="radio"') == 4 and markup.count('type="checkbox"') == 3
    assert markup.count('type="number"') == 1
    for input_id in re.findall(r'<input [^>]*id="([^"]+)"', markup):
        assert f'<label for="{input_id}">' in markup, f"input {input_id} has no label"
    # one live feedback region per item, and the running score
    assert markup.count('aria-live="polite"') == 4 + 1
    assert '<p class="pm-quiz-score" role="status" aria-live="polite">' in markup
    assert "Select all that apply." in markup


def test_quiz_html_carries_feedback_and_citations_as_text() -> None:
    data = quiz_data(quiz_html(load_quiz("example", GOOD)))
    first = data["items"][0]
    assert data["chapter"] == "example"
    assert first["options"][1] == {"correct": False, "feedback": (
        "That describes nociception, which the definition keeps apart from pain.")}
    assert first["sources"] == ["Raja et al. 2020"]
    assert data["items"][2]["answer"] == 3.0 and data["items"][2]["tolerance"] == 0.0


def test_quiz_html_is_self_contained_and_deterministic() -> None:
    quiz = load_quiz("example", GOOD)
    markup = quiz_html(quiz)
    assert markup == quiz_html(quiz)
    assert "if (!window.PainMoodQuiz)" in markup and markup.count("<script>") == 1
    assert not re.search(r"(src|href)=\"(https?:)?//", markup), "the quiz must not load anything"
    assert "</script" not in quiz_data(markup).__repr__()


def test_prompt_text_is_escaped() -> None:
    quiz = load_quiz("example", GOOD)
    markup = quiz_html(quiz)
    assert "<b>" not in markup
    from dataclasses import replace
    tricky = replace(quiz, items=(replace(quiz.items[0], prompt="Is 2 < 3 & <b>bold</b>?"),))
    assert "Is 2 &lt; 3 &amp; &lt;b&gt;bold&lt;/b&gt;?" in quiz_html(tricky)


def test_show_quiz_displays_html_in_jupyter() -> None:
    display = show_quiz("ch01")
    assert 'class="pm-quiz"' in display._repr_html_()


def test_progress_lists_each_chapter_with_a_link_to_its_page() -> None:
    quizzes = load_all_quizzes()
    markup = progress_html(quizzes)
    for quiz in quizzes:
        page = quiz.page.split("/")[-1]
        assert f'data-chapter="{quiz.chapter}"' in markup
        assert f'href="{page}.html"' in markup
    assert 'class="pm-progress-reset"' in markup and 'aria-live="polite"' in markup
