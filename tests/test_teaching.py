"""The teaching kit: teaching files (one per chapter, each rule failing on a fixture), the
chapters' stated study times, the two schedules, and the built instructor pages, whose
answer keys must equal the quiz files and whose totals must equal the chapters' times."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES
from painmood.datafiles import DataFileError
from painmood.quiz import answer_text, load_quiz
from painmood.teaching import (DAYS, SESSION_MINUTES, TEACHING_DIR, WEEKS, balanced_groups, chapter_guides,
                               fill_placeholders, intensive_schedule, load_teaching, md, study_time,
                               toc_chapters, weekly_schedule)

CHAPTERS = toc_chapters()
BAD = FIXTURES / "teaching_bad"


# --- teaching files -----------------------------------------------------------------------

@pytest.mark.parametrize("docname", CHAPTERS)
def test_every_chapter_has_a_valid_teaching_file(docname: str) -> None:
    chapter = re.search(r"ch\d\d", docname).group(0)
    path = TEACHING_DIR / f"{chapter}.yaml"
    assert path.exists(), (f"{path} is missing: every chapter in _toc.yml needs a teaching file "
                           f"(format: assets/teaching/README.md)")
    plan = load_teaching(chapter)
    assert sum(step.minutes for step in plan.session_plan) == SESSION_MINUTES


def test_a_missing_teaching_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"ch99\.yaml.*does not exist"):
        load_teaching("ch99", tmp_path)


@pytest.mark.parametrize(("name", "field", "fragment"), [
    ("minutes_sum", "session_plan", "add up to 45; they must add up to 50"),
    ("too_few_steps", "session_plan", "has 2 steps"),
    ("too_many_steps", "session_plan", "has 7 steps"),
    ("fractional_minutes", "minutes", "whole number"),
    ("one_prompt", "discussion_prompts", "has 1 prompts"),
    ("four_prompts", "discussion_prompts", "has 4 prompts"),
    ("wrong_chapter", "chapter", "is 'ch03' but the file is named 'wrong_chapter.yaml'"),
    ("unknown_field", "prompts", "is not a field"),
    ("empty_activity", "activity", "must not be empty"),
])
def test_bad_teaching_file_names_file_and_field(name: str, field: str, fragment: str) -> None:
    with pytest.raises(DataFileError) as error:
        load_teaching(name, BAD)
    assert error.value.field == field and fragment in str(error.value)
    assert f"{name}.yaml" in str(error.value)


@pytest.mark.parametrize("guide", chapter_guides(), ids=lambda g: g.chapter)
def test_session_plan_names_every_exercise_of_its_chapter(guide) -> None:  # type: ignore[no-untyped-def]
    plan = " ".join(step.activity for step in guide.plan.session_plan)
    assert guide.exercises, f"{guide.docname} has no exercise"
    missing = [title for title in guide.exercises if f'"{title}"' not in plan]
    assert missing == [], f"assets/teaching/{guide.chapter}.yaml: the session plan does not name exercise(s) {missing}"


# --- study times ----------------------------------------------------------------------------

GOOD_LINE = ("# Title\n\n**Chapter 7 · 标题 · about 30 minutes**\n(12 minutes of reading at about 200 words a "
             "minute. Allow about 18 more for the\nfigure and the quiz.)\n")


def test_study_time_is_parsed(tmp_path: Path) -> None:
    source = tmp_path / "ch07-example.md"
    source.write_text(GOOD_LINE, encoding="utf-8")
    time = study_time(source)
    assert (time.number, time.title_zh, time.total, time.reading, time.activities) == (7, "标题", 30, 12, 18)
    assert time.activity_list == "the figure and the quiz"


@pytest.mark.parametrize(("text", "fragment"), [
    ("# Title\n\nNo bold line here.\n", "is missing or not in the form"),
    (GOOD_LINE.replace("about 18 more", "about 20 more"), "but 12 of reading and 20 more make 32"),
    (GOOD_LINE.replace("Chapter 7", "Chapter 8"), "is 8 but the file is chapter 7"),
])
def test_bad_study_time_names_the_chapter_file(tmp_path: Path, text: str, fragment: str) -> None:
    source = tmp_path / "ch07-example.md"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        study_time(source)
    assert str(source) in str(error.value) and fragment in str(error.value)


# --- schedules ---------------------------------------------------------------------------------

def test_balanced_groups_are_consecutive_cover_everything_and_minimise_the_largest() -> None:
    assert balanced_groups([75, 75, 80, 80], 3) == [[0, 1], [2], [3]]
    assert balanced_groups([10, 10], 3) == [[0], [1]]
    loads = [25, 30, 25, 30, 35, 20, 25, 30, 30, 25, 40, 25, 30, 20]
    groups = balanced_groups(loads, 12)
    assert len(groups) == 12 and [i for g in groups for i in g] == list(range(len(loads)))
    assert max(sum(loads[i] for i in g) for g in groups) == 50  # 20+25 and 30+20 share a week; 40 alone


def test_schedules_add_up_to_the_chapters_stated_times() -> None:
    guides = chapter_guides()
    stated = sum(guide.time.total for guide in guides)
    weeks = weekly_schedule(guides)
    assert len(weeks) == WEEKS and sum(w.before_class for w in weeks) == stated
    assert [g.chapter for w in weeks for g in w.chapters] == [g.chapter for g in guides]
    days = intensive_schedule(guides)
    assert len(days) == min(DAYS, len(guides))
    assert sum(day.minutes("study") for day in days) == stated
    assert sum(day.minutes("session") for day in days) == SESSION_MINUTES * len(guides)


def test_text_is_escaped_for_markdown_and_unknown_placeholders_fail() -> None:
    assert md("a *b* $x$ | {cite}`k` 50 %") == r"a \*b\* \$x\$ \| \{cite\}\`k\` 50 \%"
    with pytest.raises(ValueError, match="unknown teaching-kit part 'gide'"):
        fill_placeholders("```{teaching-kit} gide\n```\n", "book/instructors")


# --- the built pages ----------------------------------------------------------------------------

def _main(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("main")


TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})


def _text(element) -> str:  # type: ignore[no-untyped-def]
    """Visible text, whitespace collapsed, Sphinx's smart quotes and ellipses undone."""
    text = " ".join(element.get_text(" ").split()).translate(TYPOGRAPHY)
    return re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\(\s+", "(", text))


def _plain(text: str) -> str:
    return _text(BeautifulSoup(f"<p>{text}</p>", "html.parser"))


def test_instructor_pages_cover_every_chapter_in_the_toc(built_site: Path) -> None:
    guide, schedule = _main(built_site / "book/instructors.html"), _main(built_site / "book/schedule.html")
    for docname in CHAPTERS:
        chapter = re.search(r"ch\d\d", docname).group(0)
        page = docname.removeprefix("book/") + ".html"
        assert guide.find(id=f"instructors-{chapter}") is not None, f"no section for {docname} in the guide"
        assert guide.select_one(f"div.pm-answer-key-{chapter}") is not None
        assert guide.select(f'a[href="{page}"]'), f"the guide does not link {page}"
        assert schedule.select(f'a[href="{page}"]'), f"the schedule does not link {page}"
    assert len(guide.select("div.pm-answer-key")) == len(CHAPTERS)


def test_instructor_guide_links_notebooks_that_exist(built_site: Path) -> None:
    links = _main(built_site / "book/instructors.html").select("a.pm-notebook-link")
    assert len(links) == 1 + 2 * 2 * len(CHAPTERS)  # archive; both notebooks in the list and per chapter
    for link in links:
        assert (built_site / "book" / link["href"]).resolve().is_file(), link["href"]


@pytest.mark.parametrize("docname", CHAPTERS)
def test_answer_key_on_the_page_equals_the_quiz_file(built_site: Path, docname: str) -> None:
    chapter = re.search(r"ch\d\d", docname).group(0)
    quiz = load_quiz(chapter)
    items = _main(built_site / "book/instructors.html").select(f"div.pm-answer-key-{chapter} > ol > li")
    assert len(items) == len(quiz.items)
    for li, item in zip(items, quiz.items):
        paragraphs = [_text(p) for p in li.find_all("p", recursive=False)]
        assert paragraphs == [_plain(item.prompt), "Answer: " + _plain(answer_text(item)),
                              "Why: " + _plain(item.explanation)]


def _table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[_text(cell) for cell in row.find_all(["td", "th"])] for row in table.select("tbody tr")]


def test_built_schedule_totals_equal_the_chapters_stated_times(built_site: Path) -> None:
    guides = chapter_guides()
    stated = {f"{g.time.number}. {_plain(g.title)}": g.time.total for g in guides}
    tables = _main(built_site / "book/schedule.html").find_all("table")
    weekly = _table_rows(tables[0])
    assert len(weekly) == WEEKS + 1
    chapter_rows = [row for row in weekly[:-1] if row[2] != "–"]
    assert {row[1].split(" (plan)")[0]: int(row[2]) for row in chapter_rows} == stated
    assert weekly[-1][2] == str(sum(stated.values()))
    study = [row for table in tables[1:-1] for row in _table_rows(table) if row[2].startswith("Read the chapter")]
    assert {row[2].split(": ", 1)[1]: int(row[1]) for row in study} == stated
    sources = _table_rows(tables[-1])
    assert sources[-1][3] == str(sum(stated.values()))
