"""Chapter notebooks for plain Jupyter, JupyterLab, Colab and VS Code, generated from
the MyST chapters ``book/chNN-*.md`` (never edited by hand).

Two notebooks per chapter:

* the **student** notebook: citations as "(Author Year)" text with the chapter's
  reference list at the end, glossary terms in bold with a glossary cell, admonitions
  and exercises as quoted blocks with a bold title, solutions removed;
* the **instructor** notebook: the same with the solutions, plus an "Instructor notes"
  cell made from the chapter's quiz file (objectives, answer key with explanations,
  misconceptions named by the distractors' feedback).

The first code cell makes the package importable: if ``painmood`` is missing it runs
``%pip install`` from the address set in ``_config.yml`` (``painmood_package_url``), or,
when none is set, prints how to install it. Notebooks are saved without outputs.

The book build writes them into the site (``painmood.notebook_downloads``); by hand::

    python -m painmood.notebooks --output DIR
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat

from painmood.bibliography import full_citation, short_citation
from painmood.glossary import GlossaryEntry, load_glossary
from painmood.paths import BOOK
from painmood.quiz import Quiz, answer_text, load_all_quizzes, misconceptions

AUDIENCES = ("student", "instructor")
ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "warning", "caution",
               "attention", "danger", "error", "seealso"}
#: An opening fence of a MyST directive: ```{name} arguments  or  :::{name} arguments
DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<args>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
MYST_ONLY_LINE = re.compile(r"^\s*(\(\S+\)=|%.*)$")  # targets "(label)=" and comments "% ..."


class NotebookError(ValueError):
    """A chapter uses MyST the notebook generator cannot turn into plain Markdown."""


def chapter_sources(book: Path = BOOK) -> list[Path]:
    """The chapters that get notebooks: ``book/chNN-*.md``, in order."""
    return sorted(book.glob("ch[0-9][0-9]-*.md"))


def notebook_name(source: Path, audience: str) -> str:
    """``ch01-x.ipynb`` for students, ``ch01-x-instructor.ipynb`` for instructors."""
    return f"{source.stem}.ipynb" if audience == "student" else f"{source.stem}-{audience}.ipynb"


@dataclass
class _Chapter:
    """What one conversion collects while it rewrites the chapter's Markdown."""

    source: Path
    audience: str
    citations: list[str] = field(default_factory=list)  # bib keys, first use first
    terms: list[GlossaryEntry] = field(default_factory=list)
    exercises: dict[str, str] = field(default_factory=dict)  # label -> title
    solutions: list[str] = field(default_factory=list)  # labels of the solutions met

    def fail(self, problem: str) -> NotebookError:
        return NotebookError(f"{self.source}: {problem}")


# --- inline roles ------------------------------------------------------------------

def _cite(chapter: _Chapter, keys: str, narrative: bool) -> str:
    texts = []
    for key in (k.strip() for k in keys.split(",")):
        try:
            who, year = short_citation(key).rsplit(" ", 1)
        except KeyError as error:
            raise chapter.fail(f"citation '{key}' is not a key of references.bib") from error
        if key not in chapter.citations:
            chapter.citations.append(key)
        texts.append(f"{who} ({year})" if narrative else f"{who} {year}")
    return ", ".join(texts) if narrative else f"({'; '.join(texts)})"


def _glossary_entry(chapter: _Chapter, name: str) -> GlossaryEntry:
    for entry in load_glossary():
        if name.lower() in (n.lower() for n in entry.names):
            return entry
    raise chapter.fail(f"glossary term '{name}' is not in glossary.yaml")


def _page_title(chapter: _Chapter, docname: str) -> str:
    page = chapter.source.parent / f"{docname}.md"
    headings = re.findall(r"^# (.+)$", page.read_text(encoding="utf-8"), re.M) if page.exists() else []
    if not headings:
        raise chapter.fail(f"{{doc}} target '{docname}' has no page with a title")
    return headings[0].strip()


def _role(chapter: _Chapter, match: re.Match[str]) -> str:
    role, content = match["role"], match["content"]
    explicit = EXPLICIT_TARGET.match(content)
    text, target = (explicit["text"], explicit["target"]) if explicit else (content, content)
    if role in ("cite", "cite:p", "cite:t"):
        return _cite(chapter, content, narrative=role == "cite:t")
    if role == "term":
        entry = _glossary_entry(chapter, target)
        if entry not in chapter.terms:
            chapter.terms.append(entry)
        return f"**{text}**"
    if role == "doc":
        return text if explicit else _page_title(chapter, target)
    if role in ("ref", "numref"):
        return text
    if role == "math":
        return f"${content}$"
    raise chapter.fail(f"the role {{{role}}} has no notebook form (known: cite, term, doc, ref, math)")


def _inline(chapter: _Chapter, text: str) -> str:
    return ROLE.sub(lambda match: _role(chapter, match), text)


# --- block directives --------------------------------------------------------------

def _quoted(title: str, body: str) -> str:
    lines = [f"**{title}**", "", *body.strip("\n").splitlines()]
    return "\n".join(f"> {line}".rstrip() for line in lines)


def _directive(chapter: _Chapter, name: str, args: str, options: dict[str, str], body: str) -> str:
    if name in ADMONITIONS:
        title = args or name.capitalize()
        return _quoted(_inline(chapter, title), body)
    if name == "exercise":
        label = options.get("label", "")
        chapter.exercises[label] = args
        return _quoted(f"Exercise: {_inline(chapter, args)}", body)
    if name == "solution":
        chapter.solutions.append(args)
        if args not in chapter.exercises:
            raise chapter.fail(f"solution '{args}' comes before or without its exercise")
        if chapter.audience == "student":
            return ""
        return _quoted(f"Solution: {_inline(chapter, chapter.exercises[args])}", body)
    raise chapter.fail(f"the directive {{{name}}} has no notebook form")


def _closing_fence(lines: list[str], start: int, fence: str) -> int:
    closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for index in range(start, len(lines)):
        if closing.match(lines[index]):
            return index
    raise ValueError(f"the fence {fence} opened before line {start} is never closed")


def convert_markdown(chapter: _Chapter, text: str) -> str:
    """One Markdown cell's MyST turned into plain Markdown (roles and directives)."""
    lines, out, index = text.splitlines(), [], 0
    plain: list[str] = []  # lines between directives, converted together: a role may wrap a line

    def flush() -> None:
        if plain:
            out.append(_inline(chapter, "\n".join(plain)))
            plain.clear()

    while index < len(lines):
        opening = DIRECTIVE.match(lines[index])
        if not opening:
            if not MYST_ONLY_LINE.match(lines[index]):
                plain.append(lines[index])
            index += 1
            continue
        flush()
        try:
            end = _closing_fence(lines, index + 1, opening["fence"])
        except ValueError as error:
            raise chapter.fail(str(error)) from error
        body, options = lines[index + 1:end], {}
        while body and (option := OPTION.match(body[0])):
            options[option["key"]] = option["value"]
            body = body[1:]
        converted = convert_markdown(chapter, "\n".join(body))
        out.append(_directive(chapter, opening["name"], opening["args"].strip(), options, converted))
        index = end + 1
    flush()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


# --- generated cells ---------------------------------------------------------------

def setup_cell(package_url: str) -> str:
    """The first code cell: install the package if it is missing, then set up plotting."""
    if package_url:
        install = (f'    print("Installing the course package painmood from {package_url} (once, about a minute) ...")\n'
                   f'    %pip install --quiet "{package_url}"\n')
    else:
        install = ('    print("This notebook needs the course package painmood. Download the notebooks archive "\n'
                   '          "from the course site, run  pip install painmood-*.whl  in this environment "\n'
                   '          "(in Colab: upload the wheel, then  %pip install painmood-*.whl), and run this cell again.")\n')
    return ("# Make the course package importable: install it if this environment lacks it.\n"
            "import importlib.util\n\n"
            'if importlib.util.find_spec("painmood") is None:\n'
            f"{install}\n"
            "import painmood\n\n"
            "painmood.setup_notebook()")


def glossary_cell(terms: list[GlossaryEntry]) -> str:
    lines = ["## Glossary", "", "The terms in bold in this notebook:", ""]
    lines += [f"- **{entry.term}** ({entry.zh}): {' '.join(entry.definition.split())}" for entry in terms]
    return "\n".join(lines)


def references_cell(keys: list[str]) -> str:
    lines = ["## References", ""]
    lines += [f"- {full_citation(key)}" for key in sorted(keys, key=short_citation)]
    return "\n".join(lines)


def instructor_notes_cell(quiz: Quiz) -> str:
    """Objectives, the quiz's answer key with explanations, and the misconceptions its
    distractors' feedback names."""
    lines = ["## Instructor notes", "", "*Only in the instructor notebook.*", "", "### Learning objectives", ""]
    lines += [f"{number}. {text}" for number, (_, text) in enumerate(quiz.objectives, 1)]
    lines += ["", "### Quiz answer key", ""]
    for number, item in enumerate(quiz.items, 1):
        lines += [f"{number}. {' '.join(item.prompt.split())}",
                  f"   - **Answer:** {answer_text(item)}",
                  f"   - **Why:** {' '.join(item.explanation.split())}"]
    lines += ["", "### Misconceptions to expect", "",
              "What a wrong choice in the quiz suggests, from the quiz's own feedback:", "",
              *(f"- Question {m.question}, \"{m.option}\": {m.feedback}" for m in misconceptions(quiz))]
    return "\n".join(lines)


def chapter_quiz(source: Path, quizzes: tuple[Quiz, ...]) -> Quiz:
    for quiz in quizzes:
        if quiz.page == f"{source.parent.name}/{source.stem}":
            return quiz
    raise NotebookError(f"{source}: no quiz file in assets/quizzes names this page (chapter.page)")


def convert_chapter(source: Path, audience: str, package_url: str = "",
                    quizzes: tuple[Quiz, ...] | None = None) -> nbformat.NotebookNode:
    """The student or instructor notebook of one MyST chapter, without outputs."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience is '{audience}', must be one of {AUDIENCES}")
    chapter = _Chapter(source, audience)
    myst = jupytext.read(source, fmt="md:myst")
    cells = [nbformat.v4.new_code_cell(setup_cell(package_url))]
    for cell in myst.cells:
        if cell.cell_type == "markdown":
            text = convert_markdown(chapter, cell.source)
            if text:
                cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            cells.append(nbformat.v4.new_code_cell(cell.source, metadata={"tags": cell.metadata.get("tags", [])}))
    if audience == "instructor":
        notes = instructor_notes_cell(chapter_quiz(source, quizzes or load_all_quizzes()))
        cells.insert(2, nbformat.v4.new_markdown_cell(notes))  # after the setup cell and the title
    if chapter.terms:
        cells.append(nbformat.v4.new_markdown_cell(glossary_cell(chapter.terms)))
    if chapter.citations:
        cells.append(nbformat.v4.new_markdown_cell(references_cell(chapter.citations)))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    for number, cell in enumerate(notebook.cells):
        cell.id = f"{source.stem[:4]}-{number:03d}"  # stable ids: reproducible files
    return notebook


def write_notebooks(output: Path, package_url: str = "", book: Path = BOOK) -> list[Path]:
    """Write the student and instructor notebook of every chapter into ``output``."""
    output.mkdir(parents=True, exist_ok=True)
    quizzes = load_all_quizzes()
    written = []
    for source in chapter_sources(book):
        for audience in AUDIENCES:
            path = output / notebook_name(source, audience)
            nbformat.write(convert_chapter(source, audience, package_url, quizzes), path)
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="folder for the .ipynb files")
    parser.add_argument("--package-url", default="", help="what the first cell installs when painmood is missing")
    args = parser.parse_args()
    for path in write_notebooks(args.output, args.package_url):
        print(path)


if __name__ == "__main__":
    main()
