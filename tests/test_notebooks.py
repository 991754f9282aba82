"""Generated chapter notebooks: plain Markdown only, solutions only for instructors,
instructor notes from the quiz, the first cell's install step, and the site's links."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import jupytext
import nbformat
import pytest
from sphinx.util.matching import Matcher

from painmood.notebooks import (
    AUDIENCES, NotebookError, chapter_sources, convert_chapter, notebook_name, setup_cell,
)
from painmood.paths import CONFIG_FILE
from painmood.quiz import load_all_quizzes

CHAPTERS = chapter_sources()
MYST_LEFT = re.compile(r"\{[\w:-]+\}`|^\s*(```|:::)\{", re.M)


def markdown_text(notebook: nbformat.NotebookNode) -> str:
    """All Markdown cells as one line: quote markers dropped, whitespace collapsed."""
    lines = [line.lstrip("> ") for c in notebook.cells if c.cell_type == "markdown" for line in c.source.splitlines()]
    return " ".join(" ".join(lines).split())


def solution_fragments(source: Path) -> list[str]:
    """Plain-text runs (30+ characters, between roles) of every {solution} block."""
    blocks = re.findall(r"^```\{solution\}[^\n]*\n(.*?)^```\s*$", source.read_text(encoding="utf-8"), re.M | re.S)
    fragments = []
    for block in blocks:
        body = "\n".join(line for line in block.splitlines() if not line.startswith(":"))
        runs = [" ".join(run.split()) for run in re.split(r"\{[\w:-]+\}`[^`]*`", body)]
        fragments.append(max(runs, key=len))
    return fragments


def leaked(notebook: nbformat.NotebookNode, source: Path) -> list[str]:
    text = markdown_text(notebook)
    return [fragment for fragment in solution_fragments(source) if fragment in text]


@pytest.fixture(scope="module")
def notebooks() -> dict[tuple[str, str], nbformat.NotebookNode]:
    quizzes = load_all_quizzes()
    return {(source.stem, audience): convert_chapter(source, audience, quizzes=quizzes)
            for source in CHAPTERS for audience in AUDIENCES}


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebook_has_no_solution_and_instructor_has_all(notebooks, source: Path) -> None:
    fragments = solution_fragments(source)
    assert fragments, f"{source.name} has no {{solution}} block to compare with"
    assert leaked(notebooks[source.stem, "student"], source) == []
    assert leaked(notebooks[source.stem, "instructor"], source) == fragments


def test_the_solution_check_fails_on_a_notebook_with_solutions(notebooks) -> None:
    """Fixture: an instructor notebook handed out as the student one is caught."""
    source = CHAPTERS[0]
    assert leaked(notebooks[source.stem, "instructor"], source)


@pytest.mark.parametrize("key", [(s.stem, a) for s in CHAPTERS for a in AUDIENCES], ids="-".join)
def test_notebook_is_plain_jupyter_without_outputs(notebooks, key: tuple[str, str]) -> None:
    notebook = notebooks[key]
    nbformat.validate(notebook)
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert [m for m in markdown if MYST_LEFT.search(m)] == []
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")
    assert len(nbformat.writes(notebook)) < 200_000
    text = markdown_text(notebook)
    assert "## References" in text and "## Glossary" in text
    assert re.search(r"\([A-Z][\w-]+( et al\.| & [A-Z][\w-]+)? \d{4}[;)]", text), "no (Author Year) citation"
    assert "> **Exercise: " in "\n".join(markdown)


def test_myst_check_fails_on_the_chapter_source() -> None:
    """Fixture: the chapter as MyST (jupytext's reading) still holds roles and directives."""
    myst = jupytext.read(CHAPTERS[0], fmt="md:myst")
    assert any(MYST_LEFT.search(c.source) for c in myst.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_instructor_notes_hold_objectives_answer_key_and_misconceptions(notebooks, source: Path) -> None:
    quiz = next(q for q in load_all_quizzes() if q.page == f"book/{source.stem}")
    student, instructor = markdown_text(notebooks[source.stem, "student"]), markdown_text(notebooks[source.stem, "instructor"])
    assert "Instructor notes" not in student and "Instructor notes" in instructor
    for item in quiz.items:
        assert " ".join(item.explanation.split()) in instructor, item.id
        for option in item.options:
            if not option.correct:
                assert " ".join(option.feedback.split()) in instructor, item.id


def test_first_cell_installs_from_the_configured_address_or_says_how() -> None:
    assert '%pip install --quiet "git+https://example.org/course"' in setup_cell("git+https://example.org/course")
    empty = setup_cell("")
    assert "%pip install" not in empty.replace("%pip install painmood-*.whl", "") and "pip install painmood-" in empty
    nb = convert_chapter(CHAPTERS[0], "student", "https://example.org/painmood.whl")
    assert nb.cells[0].cell_type == "code" and "https://example.org/painmood.whl" in nb.cells[0].source


@pytest.mark.parametrize("text, problem", [
    ("```{figure} x.png\nA figure.\n```\n", "directive {figure}"),
    ("See {numeref}`fig`.\n", "role {numeref}"),
    ("Cited {cite:p}`no_such_key_2099`.\n", "'no_such_key_2099'"),
    ("A {term}`No such term` here.\n", "'No such term'"),
    ("```{note}\nnever closed\n", "never closed"),
])
def test_myst_without_a_notebook_form_stops_naming_file_and_construct(tmp_path: Path, text: str, problem: str) -> None:
    source = tmp_path / "book" / "ch99-fixture.md"
    source.parent.mkdir()
    source.write_text("# Fixture\n\n" + text)
    with pytest.raises(NotebookError, match=re.escape(str(source)) + ".*" + re.escape(problem)):
        convert_chapter(source, "student")


def test_notebooks_beside_chapters_are_left_out_of_the_build() -> None:
    import yaml

    excluded = Matcher(yaml.safe_load(CONFIG_FILE.read_text())["exclude_patterns"])
    assert excluded("book/ch01-why-together.ipynb")
    assert not excluded("book/ch01-why-together.md")  # fixture: a chapter is still built


# --- on the built site --------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.endswith(".ipynb"):
            self.hrefs.append(href)


def offered_notebooks(page: Path) -> list[Path]:
    """The .ipynb files a built page links to, resolved inside the site."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [(page.parent / href).resolve() for href in parser.hrefs]


def test_the_offer_check_fails_on_a_page_without_a_notebook(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<a href="x.md">source</a>')
    assert offered_notebooks(page) == []


@pytest.mark.build
@pytest.mark.parametrize("source", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_page_offers_its_notebook_and_the_site_has_it(built_site: Path, source: Path) -> None:
    offered = offered_notebooks(built_site / "book" / f"{source.stem}.html")
    expected = (built_site / "notebooks" / notebook_name(source, "student")).resolve()
    assert expected in offered and expected.is_file()
    nbformat.validate(nbformat.read(expected, as_version=4))


@pytest.mark.build
def test_site_serves_the_notebooks_archive_with_every_notebook_and_the_wheel(built_site: Path) -> None:
    with zipfile.ZipFile(built_site / "notebooks" / "painmood-notebooks.zip") as archive:
        names = {Path(name).name for name in archive.namelist()}
    expected = {notebook_name(s, a) for s in CHAPTERS for a in AUDIENCES}
    assert expected <= names
    assert any(re.fullmatch(r"painmood-[\d.]+-py3-none-any\.whl", name) for name in names)
