"""Quizzes, progress and exercises in the built site, used with the keyboard only."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from painmood.browser import AXE_SCRIPT, AXE_TAGS
from painmood.quiz import load_quiz

pytestmark = pytest.mark.browser
MAX_TABS = 400  # enough to cross the theme's navigation on any page


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has focus (proves it is reachable)."""
    target = page.locator(selector)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def axe_violations_in(page: Page, selector: str) -> list[str]:
    """axe-core WCAG 2.1 A/AA violations inside the elements matching ``selector``."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async ([selector, tags]) => {
             const r = await axe.run({include: [[selector]]},
                                     {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
             return r.violations.map(v => `${v.id}: ${v.help} -> ` + v.nodes.map(n => n.target.join(' ')).join(' | '));
           }""",
        [selector, AXE_TAGS],
    )


def stored_progress(page: Page) -> dict:
    return json.loads(page.evaluate("() => localStorage.getItem('painmood-progress') || '{}'"))


def test_quiz_with_keyboard_only_then_progress_page(open_site_page) -> None:
    quiz = load_quiz("ch01")
    report = open_site_page(f"{quiz.page}.html")
    page = report.page
    assert report.problems() == []
    first, numeric = quiz.items[0], next(i for i in quiz.items if i.type == "numeric")
    assert first.type == "single"

    # Item 1, answered right: Tab to the radio group, Space and arrow keys to the correct option, Tab to Check.
    form = f'.pm-quiz-item[data-item="{first.id}"]'
    tab_to(page, f"{form} input >> nth=0")
    correct_index = next(i for i, o in enumerate(first.options) if o.correct)
    page.keyboard.press("Space")  # Tab focuses the group; Space picks the focused option
    for _ in range(correct_index):
        page.keyboard.press("ArrowDown")
    assert page.locator(f"{form} input >> nth={correct_index}").is_checked()
    tab_to(page, f"{form} .pm-quiz-check")
    page.keyboard.press("Enter")
    feedback = page.locator(f"{form} .pm-quiz-feedback")
    expect(feedback).to_contain_text("Correct.")
    expect(feedback).to_contain_text(first.options[correct_index].feedback)
    expect(feedback).to_contain_text("Sources:")
    assert feedback.get_attribute("aria-live") == "polite"
    assert feedback.get_attribute("role") == "status"
    assert "\u2713" in feedback.inner_text()  # icon as well as words, not colour alone

    # The numeric item, answered wrong (too high): type a number and press Enter.
    form = f'.pm-quiz-item[data-item="{numeric.id}"]'
    tab_to(page, f"{form} input")
    page.keyboard.type(str(numeric.answer + numeric.tolerance + 1000))
    page.keyboard.press("Enter")
    feedback = page.locator(f"{form} .pm-quiz-feedback")
    expect(feedback).to_contain_text("Not quite.")
    expect(feedback).to_contain_text(dict(numeric.feedback)["too_high"])
    assert "Explanation:" not in feedback.inner_text()  # only after a second wrong try

    # Try again clears the item and puts focus back in it.
    tab_to(page, f"{form} .pm-quiz-retry")
    page.keyboard.press("Enter")
    expect(feedback).to_be_empty()
    assert page.locator(f"{form} input").evaluate("el => el === document.activeElement && el.value === ''")

    total = len(quiz.items)
    expect(page.locator(".pm-quiz-score")).to_have_text(f"Score: 1 of {total} correct. 得分：{total}题中答对1题。")
    assert stored_progress(page) == {"ch01": {"correct": 1, "total": total}}
    assert axe_violations_in(page, ".pm-quiz") == []

    # The progress page (same browser, same storage) shows the best score.
    page.goto(report.page.url.replace(f"{quiz.page}.html", "book/progress.html"))
    row = page.locator('.pm-progress tr[data-chapter="ch01"] .pm-progress-score')
    expect(row).to_have_text(f"1 of {total} correct")
    expect(page.locator('.pm-progress tr[data-chapter="ch02"] .pm-progress-score')).to_have_text("Not taken yet")
    assert axe_violations_in(page, ".pm-progress") == []

    # Erase with the keyboard, hear it in the live region, then undo.
    status = page.locator(".pm-progress-status")
    assert status.get_attribute("aria-live") == "polite"
    tab_to(page, ".pm-progress-reset")
    page.keyboard.press("Enter")
    expect(row).to_have_text("Not taken yet")
    expect(status).to_contain_text("erased")
    assert stored_progress(page) == {}
    assert page.locator(".pm-progress-undo").evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    expect(row).to_have_text(f"1 of {total} correct")
    expect(status).to_contain_text("restored")
    assert stored_progress(page) == {"ch01": {"correct": 1, "total": total}}


def test_multiple_choice_needs_every_correct_option(open_site_page) -> None:
    quiz = load_quiz("ch02")
    item = next(i for i in quiz.items if i.type == "multiple")
    page = open_site_page(f"{quiz.page}.html").page
    form = f'.pm-quiz-item[data-item="{item.id}"]'
    correct = [n for n, o in enumerate(item.options) if o.correct]
    tab_to(page, f"{form} input >> nth={correct[0]}")
    page.keyboard.press("Space")
    page.locator(f"{form} .pm-quiz-check").focus()
    page.keyboard.press("Enter")
    feedback = page.locator(f"{form} .pm-quiz-feedback")
    if len(correct) > 1:
        expect(feedback).to_contain_text("Not quite.")
        expect(feedback).to_contain_text("At least one correct answer is not selected yet.")
    for n in correct[1:]:
        page.locator(f"{form} input >> nth={n}").focus()
        page.keyboard.press("Space")
    page.locator(f"{form} .pm-quiz-check").focus()
    page.keyboard.press("Enter")
    expect(feedback).to_contain_text("Correct.")


def test_exercise_solution_opens_with_the_keyboard(open_site_page) -> None:
    page = open_site_page("book/progress.html").page
    solution = page.locator("div.solution").first
    body = solution.locator("section")
    toggle = solution.locator("button.toggle-button")
    expect(body).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    tab_to(page, "div.solution button.toggle-button")
    page.keyboard.press("Enter")
    expect(body).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Space")  # and it folds again
    expect(body).to_be_hidden()
    assert axe_violations_in(page, "div.exercise") == []
    assert axe_violations_in(page, "div.solution") == []
