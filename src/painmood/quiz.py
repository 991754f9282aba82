"""Self-study quizzes: items as data in ``assets/quizzes/<chapter>.yaml``, rendered as
plain HTML forms that work in the static book and in Jupyter without a kernel.

A chapter includes its quiz with one hidden-input cell::

    from painmood.quiz import show_quiz
    show_quiz("ch01")

The output is the quiz markup (native radio / checkbox / number inputs in fieldsets),
the answers and feedback as JSON, the course style, and ``painmood-quiz.js`` inlined
once per output behind ``if (!window.PainMoodQuiz)``. Inlining keeps the output
working in JupyterLab, where the site's ``_static`` folder does not exist, and needs
no page-script plumbing in the book (the script is about 9 KB, the style 2 KB). The progress page
uses :func:`show_progress`, which carries the same script.

We do not use jupyterquiz: it loads MathJax from a CDN when MathJax is not ready
quickly, and its default colours fail WCAG contrast. Answers sit in the page source
(as with any static quiz); the quiz is for self-study, not assessment.

The file format is described in ``assets/quizzes/README.md``.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from IPython.display import HTML

from painmood.bibliography import bib_keys, short_citation
from painmood.chinese import bilingual_html
from painmood.datafiles import DataFileError, load_yaml, require, require_number, require_text
from painmood.figures import element_id
from painmood.paths import ASSETS

QUIZ_DIR = ASSETS / "quizzes"
STATIC_DIR = Path(__file__).resolve().parent / "static"
PROGRESS_PAGE = "book/progress"  # where show_progress() is displayed (for relative links)
ITEM_TYPES = ("single", "multiple", "numeric")
ITEM_FIELDS = {
    "single": {"id", "type", "objective", "prompt", "options", "explanation", "references"},
    "multiple": {"id", "type", "objective", "prompt", "options", "explanation", "references"},
    "numeric": {"id", "type", "objective", "prompt", "answer", "tolerance", "unit", "feedback",
                "explanation", "references"},
}
NUMERIC_FEEDBACK = ("correct", "too_low", "too_high")
#: Fields of an item that reuses an item of another quiz file (see README, "Reusing items").
REFERENCE_FIELDS = frozenset({"from", "item", "objective"})


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Item:
    id: str
    type: str  # one of ITEM_TYPES
    objective: str
    prompt: str
    explanation: str
    references: tuple[str, ...]
    options: tuple[Option, ...] = ()  # single / multiple
    answer: float = 0.0  # numeric
    tolerance: float = 0.0  # numeric: |reply - answer| <= tolerance is correct
    unit: str = ""  # numeric
    feedback: tuple[tuple[str, str], ...] = ()  # numeric: (correct | too_low | too_high, text)
    reused_from: str = ""  # the chapter whose quiz file writes this item, when reused from there


@dataclass(frozen=True)
class Quiz:
    chapter: str
    title: str
    page: str  # docname of the chapter page, e.g. "book/ch01-why-together"
    objectives: tuple[tuple[str, str], ...]  # (objective id, text)
    items: tuple[Item, ...]


def _parse_options(raw: dict[str, Any], kind: str, source: Path, where: str) -> tuple[Option, ...]:
    options = []
    for index, option in enumerate(require(raw.get("options"), list, source, f"{where}.options")):
        at = f"{where}.options[{index}]"
        option = require(option, dict, source, at)
        options.append(Option(
            text=require_text(option.get("text"), source, f"{at}.text"),
            correct=require(option.get("correct"), bool, source, f"{at}.correct"),
            feedback=require_text(option.get("feedback"), source, f"{at}.feedback"),
        ))
    n_correct = sum(option.correct for option in options)
    if len(options) < 2:
        raise DataFileError(source, where, "options", f"needs at least 2 options, has {len(options)}")
    if kind == "single" and n_correct != 1:
        raise DataFileError(source, where, "options", f"a single-choice item needs exactly 1 correct option, has {n_correct}")
    if kind == "multiple" and n_correct < 1:
        raise DataFileError(source, where, "options", "a multiple-choice item needs at least 1 correct option")
    return tuple(options)


def _parse_item(raw: Any, index: int, objectives: set[str], source: Path) -> Item:
    raw = require(raw, dict, source, f"items[{index}]")
    item_id = require(raw.get("id"), str, source, f"items[{index}].id")
    where = f"item '{item_id}'"
    kind = require(raw.get("type"), str, source, f"{where}.type")
    if kind not in ITEM_TYPES:
        raise DataFileError(source, where, "type", f"is '{kind}', must be one of {list(ITEM_TYPES)}")
    unknown = sorted(set(raw) - ITEM_FIELDS[kind])
    if unknown:
        raise DataFileError(source, where, unknown[0], f"is not a field of a {kind} item {sorted(ITEM_FIELDS[kind])}")
    objective = require(raw.get("objective"), str, source, f"{where}.objective")
    if objective not in objectives:
        raise DataFileError(source, where, "objective", f"'{objective}' is not an objective id of this file {sorted(objectives)}")
    references = tuple(require(raw.get("references"), list, source, f"{where}.references"))
    if not references:
        raise DataFileError(source, where, "references", "is empty: cite at least one bib key")
    known = bib_keys()
    for key in references:
        if key not in known:
            raise DataFileError(source, where, "references", f"'{key}' is not a key of references.bib")
    common = {
        "id": item_id, "type": kind, "objective": objective,
        "prompt": require_text(raw.get("prompt"), source, f"{where}.prompt"),
        "explanation": require_text(raw.get("explanation"), source, f"{where}.explanation"),
        "references": references,
    }
    if kind != "numeric":
        return Item(**common, options=_parse_options(raw, kind, source, where))
    tolerance = float(require_number(raw.get("tolerance", 0), source, f"{where}.tolerance"))
    if tolerance < 0:
        raise DataFileError(source, where, "tolerance", f"must be zero or more, got {tolerance}")
    feedback = require(raw.get("feedback"), dict, source, f"{where}.feedback")
    unknown = sorted(set(feedback) - set(NUMERIC_FEEDBACK))
    if unknown:
        raise DataFileError(source, where, f"feedback.{unknown[0]}", f"is not one of {list(NUMERIC_FEEDBACK)}")
    return Item(
        **common,
        answer=float(require_number(raw.get("answer"), source, f"{where}.answer")),
        tolerance=tolerance,
        unit=require(raw.get("unit", ""), str, source, f"{where}.unit"),
        feedback=tuple((k, require_text(feedback.get(k), source, f"{where}.feedback.{k}")) for k in NUMERIC_FEEDBACK),
    )


def _reuses_items(path: Path) -> bool:
    """Whether a quiz file reuses items of other files (reuse is one level deep only,
    so files cannot refer to each other in a circle)."""
    data = load_yaml(path)
    items = data.get("items") if isinstance(data, dict) else None
    return isinstance(items, list) and any(isinstance(raw, dict) and "from" in raw for raw in items)


def _reference_item(raw: dict[str, Any], index: int, objectives: set[str], source: Path) -> Item:
    """An item reused from another quiz file of the same folder: ``from`` names the
    chapter (its file name without .yaml), ``item`` the item id there, ``objective`` an
    objective of *this* file. The text, options, answer and references stay in the
    chapter's file (one source of truth); the referenced file is validated as usual."""
    item_id = require(raw.get("item"), str, source, f"items[{index}].item")
    where = f"item '{item_id}'"
    unknown = sorted(set(raw) - REFERENCE_FIELDS)
    if unknown:
        raise DataFileError(source, where, unknown[0], f"is not a field of a reused item {sorted(REFERENCE_FIELDS)}")
    chapter = require(raw.get("from"), str, source, f"{where}.from")
    known = sorted(path.stem for path in source.parent.glob("*.yaml") if path.stem != source.stem)
    if chapter == source.stem:
        raise DataFileError(source, where, "from", "names this file itself: reuse items of other quiz files")
    if chapter not in known:
        raise DataFileError(source, where, "from", f"'{chapter}' is not a quiz file of {source.parent.name}/ {known}")
    if _reuses_items(source.parent / f"{chapter}.yaml"):
        raise DataFileError(source, where, "from", f"'{chapter}' reuses items itself: name the chapter file that writes the item")
    referenced = load_quiz(chapter, source.parent)
    found = next((item for item in referenced.items if item.id == item_id), None)
    if found is None:
        raise DataFileError(source, where, "item", f"'{item_id}' is not an item id of {chapter}.yaml "
                            f"{[item.id for item in referenced.items]}")
    objective = require(raw.get("objective"), str, source, f"{where}.objective")
    if objective not in objectives:
        raise DataFileError(source, where, "objective", f"'{objective}' is not an objective id of this file {sorted(objectives)}")
    return replace(found, objective=objective, reused_from=chapter)


def parse_quiz(data: Any, source: Path) -> Quiz:
    """Validate the parsed YAML of one chapter's quiz file and return the quiz.

    Raises :class:`~painmood.datafiles.DataFileError` naming the file, the item and
    the field of the first problem found.
    """
    root = require(data, dict, source, "the file")
    chapter = require(root.get("chapter"), dict, source, "the file.chapter")
    chapter_id = require_text(chapter.get("id"), source, "chapter.id")
    if chapter_id != source.stem:
        raise DataFileError(source, "chapter", "id", f"is '{chapter_id}' but the file is named '{source.name}'")
    objectives: dict[str, str] = {}
    for index, objective in enumerate(require(root.get("objectives"), list, source, "the file.objectives")):
        objective = require(objective, dict, source, f"objectives[{index}]")
        objective_id = require_text(objective.get("id"), source, f"objectives[{index}].id")
        if objective_id in objectives:
            raise DataFileError(source, f"objective '{objective_id}'", "id", "is used twice")
        objectives[objective_id] = require_text(objective.get("text"), source, f"objective '{objective_id}'.text")
    items: list[Item] = []
    for index, raw in enumerate(require(root.get("items"), list, source, "the file.items")):
        if isinstance(raw, dict) and "from" in raw:
            item = _reference_item(raw, index, set(objectives), source)
        else:
            item = _parse_item(raw, index, set(objectives), source)
        if any(item.id == seen.id for seen in items):
            raise DataFileError(source, f"item '{item.id}'", "id", "is used twice")
        items.append(item)
    if not items:
        raise DataFileError(source, "the file", "items", "is empty")
    return Quiz(
        chapter=chapter_id,
        title=require_text(chapter.get("title"), source, "chapter.title"),
        page=require_text(chapter.get("page"), source, "chapter.page"),
        objectives=tuple(objectives.items()),
        items=tuple(items),
    )


@lru_cache(maxsize=None)
def load_quiz(chapter: str, directory: Path = QUIZ_DIR) -> Quiz:
    """The validated quiz of a chapter, from ``<directory>/<chapter>.yaml``."""
    path = directory / f"{chapter}.yaml"
    return parse_quiz(load_yaml(path), path)


def load_all_quizzes(directory: Path = QUIZ_DIR) -> tuple[Quiz, ...]:
    """Every chapter's quiz, in file-name order (ch01, ch02, ...)."""
    return tuple(load_quiz(path.stem, directory) for path in sorted(directory.glob("*.yaml")))


def items_per_objective(quiz: Quiz) -> dict[str, int]:
    """How many items assess each learning objective of the quiz (0 if none)."""
    counts = {objective_id: 0 for objective_id, _ in quiz.objectives}
    for item in quiz.items:
        counts[item.objective] += 1
    return counts


def answer_text(item: Item) -> str:
    """The correct answer of an item as one line of plain text: the correct option(s),
    or the number with its unit and accepted range (the instructor notebooks and the
    instructor guide both print it)."""
    if item.type == "numeric":
        unit = f" {item.unit}" if item.unit else ""
        text = f"{item.answer:g}{unit} (accepted within ±{item.tolerance:g})"
    else:
        text = "; ".join(option.text for option in item.options if option.correct)
    return " ".join(text.split())


@dataclass(frozen=True)
class Misconception:
    """A wrong option of a quiz item and what its feedback says about choosing it."""

    question: int  # 1-based number of the item in its quiz
    option: str
    feedback: str


def misconceptions(quiz: Quiz) -> tuple[Misconception, ...]:
    """The misconceptions a quiz's distractors name: every wrong option with its
    feedback, in question order (numeric items have no distractors)."""
    return tuple(
        Misconception(number, " ".join(option.text.split()), " ".join(option.feedback.split()))
        for number, item in enumerate(quiz.items, 1)
        for option in item.options if not option.correct
    )


# --- Rendering ----------------------------------------------------------------------

def _script_json(payload: Any) -> str:
    # "</" would end the <script> element early; \u003c is the same character in JSON.
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


#: Interface words of a quiz, in English and Chinese: the one place for both languages
#: (the script receives them with the quiz data). ``{correct}`` and ``{total}`` are filled in.
UI_TEXT: dict[str, tuple[str, str]] = {
    "check": ("Check", "检查答案"),
    "retry": ("Try again", "重试"),
    "reset": ("Reset quiz", "重置测验"),
    "correct": ("Correct.", "正确。"),
    "wrong": ("Not quite.", "不太对。"),
    "score": ("Score: {correct} of {total} correct.", "得分：{total}题中答对{correct}题。"),
}


def ui_html(key: str, **values: int) -> str:
    """An interface string of :data:`UI_TEXT` as bilingual HTML."""
    english, chinese = UI_TEXT[key]
    return bilingual_html(english.format(**values), chinese.format(**values))


def _client_data(quiz: Quiz) -> dict[str, Any]:
    """What the browser needs to check answers and give feedback (no markup)."""
    items = []
    for item in quiz.items:
        data: dict[str, Any] = {
            "id": item.id, "type": item.type, "explanation": item.explanation,
            "sources": [short_citation(key) for key in item.references],
        }
        if item.type == "numeric":
            data.update(answer=item.answer, tolerance=item.tolerance, feedback=dict(item.feedback))
        else:
            data["options"] = [{"correct": o.correct, "feedback": o.feedback} for o in item.options]
        items.append(data)
    return {"chapter": quiz.chapter, "items": items, "text": UI_TEXT}


def _item_html(quiz_id: str, number: int, total: int, item: Item) -> str:
    base = f"{quiz_id}-{item.id}"
    esc = html.escape
    hint = " Select all that apply." if item.type == "multiple" else ""
    origin = ""
    if item.reused_from:  # a review quiz says which chapter taught the item
        chapter = re.fullmatch(r"ch(\d\d)", item.reused_from)
        origin = f" (Chapter {int(chapter[1])})" if chapter else f" ({esc(item.reused_from)})"
    legend = (f'<legend><span class="pm-quiz-number">Question {number} of {total}{origin}.</span> '
              f"{esc(item.prompt)}{hint}</legend>")
    if item.type == "numeric":
        unit = f" ({esc(item.unit)})" if item.unit else ""
        inputs = (f'<div class="pm-quiz-numeric"><label for="{base}-answer">Your answer{unit}</label> '
                  f'<input type="number" step="any" inputmode="decimal" id="{base}-answer" name="{base}"></div>')
    else:
        kind = "radio" if item.type == "single" else "checkbox"
        inputs = "".join(
            f'<div class="pm-quiz-option"><input type="{kind}" id="{base}-{i}" name="{base}" value="{i}">'
            f'<label for="{base}-{i}">{esc(option.text)}</label></div>'
            for i, option in enumerate(item.options)
        )
    return (
        f'<form class="pm-quiz-item" data-item="{esc(item.id)}" novalidate>'
        f"<fieldset>{legend}{inputs}</fieldset>"
        f'<div class="pm-quiz-actions"><button type="submit" class="pm-quiz-check">{ui_html("check")}</button> '
        f'<button type="button" class="pm-quiz-retry">{ui_html("retry")}</button></div>'
        '<div class="pm-quiz-feedback" role="status" aria-live="polite" aria-atomic="true"></div>'
        "</form>"
    )


@lru_cache(maxsize=None)
def _static_text(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def _assets_html() -> str:
    """Style and behaviour, inlined; the script defines itself only once per page."""
    return (f"<style>{_static_text('painmood-quiz.css')}</style>"
            f"<script>{_static_text('painmood-quiz.js')}</script>")


def quiz_html(quiz: Quiz) -> str:
    """The complete HTML of a chapter's quiz (markup, data, style, script)."""
    data = _script_json(_client_data(quiz))
    quiz_id = element_id("pm-quiz", quiz.chapter + data)
    total = len(quiz.items)
    items = "".join(_item_html(quiz_id, n, total, item) for n, item in enumerate(quiz.items, start=1))
    return (
        f'<section class="pm-quiz" id="{quiz_id}" data-chapter="{html.escape(quiz.chapter)}" '
        f'aria-label="Self-check quiz: {html.escape(quiz.title)}">'
        f'<p class="pm-quiz-intro">{total} questions. Answers are checked in your browser; '
        "your best score is kept only on this device (see My progress).</p>"
        f"{items}"
        '<div class="pm-quiz-summary"><p class="pm-quiz-score" role="status" aria-live="polite">'
        f'{ui_html("score", correct=0, total=total)}</p>'
        f'<button type="button" class="pm-quiz-reset">{ui_html("reset")}</button></div>'
        f'<script type="application/json" class="pm-quiz-data">{data}</script>'
        "</section>" + _assets_html()
    )


def progress_html(quizzes: tuple[Quiz, ...], from_page: str = PROGRESS_PAGE) -> str:
    """The "My progress" table: one row per chapter quiz; scores filled in by the script."""
    rows = []
    for quiz in quizzes:
        href = posixpath.relpath(quiz.page, posixpath.dirname(from_page)) + ".html"
        rows.append(
            f'<tr data-chapter="{html.escape(quiz.chapter)}" data-total="{len(quiz.items)}">'
            f'<th scope="row"><a href="{html.escape(href)}">{html.escape(quiz.title)}</a></th>'
            f'<td class="pm-progress-score">Not taken yet</td></tr>'
        )
    return (
        '<section class="pm-progress" aria-label="My progress">'
        '<table class="pm-progress-table"><caption>Best quiz score per chapter, saved only in this browser</caption>'
        '<thead><tr><th scope="col">Chapter</th><th scope="col">Best score</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<div class="pm-progress-actions"><button type="button" class="pm-progress-reset">Erase my progress</button> '
        '<button type="button" class="pm-progress-undo" hidden>Undo erase</button></div>'
        '<p class="pm-progress-status" role="status" aria-live="polite"></p>'
        "</section>" + _assets_html()
    )


def show_quiz(chapter: str) -> HTML:
    """The displayable quiz of a chapter (e.g. ``show_quiz("ch01")``)."""
    return HTML(quiz_html(load_quiz(chapter)))


def show_progress() -> HTML:
    """The displayable "My progress" table over every chapter that has a quiz."""
    return HTML(progress_html(load_all_quizzes()))
