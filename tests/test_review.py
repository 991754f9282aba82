"""The course review page: the quiz that reuses chapter items, and the generated summary."""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from painmood.bibliography import short_citation
from painmood.datafiles import DataFileError
from painmood.paths import ASSETS, BOOK, REPO_ROOT
from painmood.quiz import QUIZ_DIR, load_all_quizzes, load_quiz, progress_html, quiz_html, show_quiz
from painmood.review import (
    region_chapter, region_chapters, region_rows, summary_html, system_chapter, system_rows, treatment_chapter, treatment_rows,
)
from painmood.teaching import toc_chapters

CHAPTERS = [f"ch{n:02d}" for n in range(1, 11)]
REVIEW_HEAD = """chapter: {id: review, title: "Review", page: book/course-review}
objectives:
  - {id: r-o1, text: First objective.}
items:
"""


# --- reusing items of other quiz files --------------------------------------------------

def _folder(tmp_path: Path, items: str, extra: dict[str, str] | None = None) -> Path:
    shutil.copy(FIXTURES / "quizzes_good" / "example.yaml", tmp_path / "example.yaml")
    (tmp_path / "review.yaml").write_text(REVIEW_HEAD + items, encoding="utf-8")
    for name, text in (extra or {}).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_reused_items_are_the_chapter_items_with_this_files_objective(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "  - {from: example, item: ex-q1, objective: r-o1}\n"
                               "  - {from: example, item: ex-q3, objective: r-o1}\n")
    review, example = load_quiz("review", folder), load_quiz("example", folder)
    assert [item.id for item in review.items] == ["ex-q1", "ex-q3"]
    for reused, original in zip(review.items, (example.items[0], example.items[2])):
        assert reused == replace(original, objective="r-o1", reused_from="example")


BAD_REUSES = {
    "unknown chapter": ("  - {from: ch99, item: ex-q1, objective: r-o1}\n", "item 'ex-q1'", "from"),
    "unknown item": ("  - {from: example, item: ex-q9, objective: r-o1}\n", "item 'ex-q9'", "item"),
    "unknown objective": ("  - {from: example, item: ex-q1, objective: ex-o1}\n", "item 'ex-q1'", "objective"),
    "missing objective": ("  - {from: example, item: ex-q1}\n", "item 'ex-q1'", "objective"),
    "missing item id": ("  - {from: example, objective: r-o1}\n", "items[0]", "item"),
    "extra field": ("  - {from: example, item: ex-q1, objective: r-o1, prompt: New text}\n", "item 'ex-q1'", "prompt"),
    "itself": ("  - {from: review, item: ex-q1, objective: r-o1}\n", "item 'ex-q1'", "from"),
    "twice": ("  - {from: example, item: ex-q1, objective: r-o1}\n" * 2, "item 'ex-q1'", "id"),
    "chained reuse": ("  - {from: other, item: ex-q1, objective: r-o1}\n", "item 'ex-q1'", "from"),
}


@pytest.mark.parametrize("case", sorted(BAD_REUSES))
def test_bad_reuse_names_file_item_and_field(tmp_path: Path, case: str) -> None:
    items, item, field = BAD_REUSES[case]
    other = REVIEW_HEAD.replace("review", "other") + "  - {from: example, item: ex-q1, objective: r-o1}\n"
    folder = _folder(tmp_path, items, {"other.yaml": other})
    with pytest.raises(DataFileError) as caught:
        load_quiz("review", folder)
    error = caught.value
    assert (Path(error.source).name, error.item, error.field) == ("review.yaml", item, field)
    assert "review.yaml" in str(error) and item in str(error) and field in str(error)


# --- the course's review quiz -----------------------------------------------------------

def test_review_quiz_takes_at_least_two_items_from_every_chapter() -> None:
    review = load_quiz("review")
    assert review.page == "book/course-review"
    per_chapter = {chapter: 0 for chapter in CHAPTERS}
    for item in review.items:
        per_chapter[item.reused_from] += 1
        original = next(i for i in load_quiz(item.reused_from).items if i.id == item.id)
        assert item == replace(original, objective=item.objective, reused_from=item.reused_from)
    assert min(per_chapter.values()) >= 2, per_chapter


def test_review_file_writes_no_item_text() -> None:
    raw = yaml.safe_load((QUIZ_DIR / "review.yaml").read_text(encoding="utf-8"))
    assert all(set(item) == {"from", "item", "objective"} for item in raw["items"])


def test_review_objectives_match_the_page() -> None:
    text = (BOOK / "course-review.md").read_text(encoding="utf-8")
    block = text.split("```{admonition} Learning objectives", 1)[1].split("```", 1)[0]
    listed = [" ".join(re.sub(r"\*\*", "", m).split()) for m in re.findall(r"^\d\. (.+?)(?=^\d\. |\Z)", block, re.M | re.S)]
    assert listed == [text for _, text in load_quiz("review").objectives]


def test_review_quiz_renders_and_is_tracked_like_a_chapter() -> None:
    markup = show_quiz("review")._repr_html_()
    assert 'data-chapter="review"' in markup and "(Chapter 10)." in markup
    assert markup.count('class="pm-quiz-item"') == len(load_quiz("review").items)
    progress = progress_html(load_all_quizzes())
    assert 'data-chapter="review"' in progress and 'href="course-review.html"' in progress
    assert quiz_html(load_quiz("ch01")).count("(Chapter") == 0  # chapter quizzes are unchanged


def test_review_page_is_not_a_chapter_for_the_teaching_kit() -> None:
    chapters = toc_chapters()
    assert "book/course-review" not in chapters and len(chapters) >= 10


# --- the course summary equals the data files ------------------------------------------------

def _raw(name: str) -> dict:
    return yaml.safe_load((ASSETS / name).read_text(encoding="utf-8"))


def test_region_rows_are_the_region_table() -> None:
    names = {t["id"]: t["name_en"] for t in _raw("treatments.yaml")["treatments"]}
    expected = [(r["id"], [(names[t["id"]], t["id"], t.get("note", ""), tuple(t["references"])) for t in r["treatments"]])
                for r in _raw("regions.yaml")["regions"] if r["treatments"]]
    got = [(row.id, [(t.label, t.treatment, t.note, t.references) for t in row.targets]) for row in region_rows()]
    assert got == expected


def test_system_rows_are_the_neurochemistry_file() -> None:
    names = {t["id"]: t["name_en"] for t in _raw("treatments.yaml")["treatments"]}
    expected = [(s["id"], [(names[t["treatment"]] if t.get("treatment") else t["label"], t.get("treatment"), t["text"],
                            tuple(t["references"])) for t in s["treatments"]])
                for s in _raw("neurochemistry.yaml")["systems"]]
    got = [(row.id, [(t.label, t.treatment, t.note, t.references) for t in row.targets]) for row in system_rows()]
    assert got == expected


def test_treatment_rows_are_derived_from_the_region_table() -> None:
    treatments = _raw("treatments.yaml")["treatments"]
    regions = _raw("regions.yaml")
    no_target = {n["id"]: n for n in regions["no_brain_target"]}
    expected = []
    for t in treatments:
        wanted = {t["id"], *t.get("components", [])}
        targets = []
        for r in regions["regions"]:
            keys: list[str] = []
            for link in r["treatments"]:
                if link["id"] in wanted:
                    keys += [k for k in link["references"] if k not in keys]
            if keys:
                targets.append((r["id"], tuple(keys)))
        missing = no_target.get(t["id"], {})
        expected.append((t["id"], targets, missing.get("note", ""), tuple(missing.get("references", ()))))
    got = [(row.id, list(row.regions), row.no_target, row.no_target_references) for row in treatment_rows()]
    assert got == expected
    assert all(targets or note for _, targets, note, _ in expected)


def test_chapters_are_read_from_the_chapters() -> None:
    assert region_chapter("locus_coeruleus").docname == "book/ch04-descending-control"
    assert region_chapter("m1").docname == "book/ch08-brain-stimulation"
    assert system_chapter().docname == "book/ch06-neurochemistry"
    assert treatment_chapter("antidepressant").docname == "book/ch07-medicines"
    assert treatment_chapter("act_mindfulness").docname == "book/ch09-psychological-therapies"
    assert treatment_chapter("acupuncture").docname == "book/ch10-acupuncture"
    # a region links every chapter that highlights it, not only the first
    dlpfc = [c.docname for c in region_chapters("dlpfc")]
    assert dlpfc[0] == "book/ch02-shared-hubs" and "book/ch08-brain-stimulation" in dlpfc
    # a treatment with no evidence-map chapter falls back to the chapter citing its sources
    assert treatment_chapter("combined_care").docname == "book/ch01-why-together"
    assert "not yet taught" not in summary_html()


def test_summary_cells_cite_their_sources_and_link_existing_chapters() -> None:
    markup = summary_html()
    for row in region_rows() + system_rows():
        for target in row.targets:
            assert f"({'; '.join(short_citation(k) for k in target.references)})" in html.unescape(markup)
    for href in set(re.findall(r'href="([^"]+)"', markup)):
        assert (BOOK / href.replace(".html", ".md")).exists(), href
    assert markup.count("<tr>") >= len(region_rows()) + len(system_rows()) + len(treatment_rows())


def test_summary_page_and_landing_page_link() -> None:
    assert "{doc}`course-review`" in (BOOK / "index.md").read_text(encoding="utf-8")
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [part["caption"] for part in toc["parts"]]
    review = toc["parts"][captions.index("Review")]
    assert captions.index("Review") == captions.index("Part III: Treatments") + 1
    assert review["chapters"] == [{"file": "book/course-review"}]


@pytest.mark.browser
def test_review_quiz_score_reaches_the_progress_page(open_site_page) -> None:
    from playwright.sync_api import expect

    quiz = load_quiz("review")
    report = open_site_page(f"{quiz.page}.html")
    page = report.page
    assert report.problems() == []
    item = next(i for i in quiz.items if i.type == "single")
    form = f'.pm-quiz-item[data-item="{item.id}"]'
    correct = next(n for n, option in enumerate(item.options) if option.correct)
    page.check(f"{form} input >> nth={correct}")
    page.click(f"{form} .pm-quiz-check")
    expect(page.locator(f"{form} .pm-quiz-feedback")).to_contain_text("Correct.")
    total = len(quiz.items)
    assert page.evaluate("() => JSON.parse(localStorage.getItem('painmood-progress'))") == {
        "review": {"correct": 1, "total": total}}
    page.goto(page.url.replace(f"{quiz.page}.html", "book/progress.html"))
    expect(page.locator('.pm-progress tr[data-chapter="review"] .pm-progress-score')).to_have_text(
        f"1 of {total} correct")
    assert page.locator(".pm-review-table").count() == 0  # the summary stays on its own page
