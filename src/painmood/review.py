"""The course summary of ``book/course-review.md``: each mechanism with the treatments
that act on it, generated from the data files (never written by hand).

Three tables, one per data file:

* brain regions (``assets/regions.yaml``): each region that lists treatments, with those
  treatments, their notes and the references of each link;
* chemical systems (``assets/neurochemistry.yaml``): each system with what current
  treatments (or guidance) do with it, and the references of each note;
* treatments (``assets/treatments.yaml``): each treatment with its brain targets (derived
  from the region table, as everywhere in the course) or the reason it has none.

Which chapter teaches what is read from the chapters themselves, in ``_toc.yml`` order:

* a region: every chapter whose brain view highlights it (``show_regions(highlight=[...])``),
  in book order, else the first whose view shows it (``ids=[...]``). A region is often
  introduced in one chapter and taught in depth in others (the dlPFC: chapters 2, 5, 8
  and 9), so the summary links them all rather than only the first;
* a chemical system: the chapter that shows the neurochemistry map (``show_neurochemistry_map``);
* a treatment: the chapter that shows its evidence-map rows
  (``show_evidence_map(families=[...])`` or ``(treatments=[...])``); else the first chapter
  whose prose cites one of the treatment's own references; else the neurochemistry chapter
  when its map lists the treatment; else none ("no chapter of its own").

Cells are HTML (``painmood.tables.html_table``); links are relative to the review page.
"""

from __future__ import annotations

import ast
import html
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from IPython.display import HTML

from painmood.bibliography import short_citation
from painmood.brain import no_target_note, treatment_targets
from painmood.build import site_pages
from painmood.chinese import LANG
from painmood.neurochemistry import load_neurochemistry
from painmood.paths import REPO_ROOT
from painmood.regions import load_regions
from painmood.tables import html_table
from painmood.treatments import load_treatments

REVIEW_PAGE = "book/course-review"
CHAPTER_DOC = re.compile(r"book/ch(?P<number>\d\d)-[^/]+")
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)


# --- which chapter teaches what -----------------------------------------------------------

@dataclass(frozen=True)
class Chapter:
    docname: str  # "book/ch07-medicines"
    number: int
    title: str  # the page's "# " heading


@dataclass(frozen=True)
class Call:
    """A call of a package helper in a chapter's code cells, with its literal arguments."""

    function: str
    args: tuple[object, ...]
    kwargs: tuple[tuple[str, object], ...]

    def keyword(self, name: str, position: int | None = None) -> object:
        found = dict(self.kwargs).get(name)
        if found is None and position is not None and len(self.args) > position:
            return self.args[position]
        return found


def _literal(node: ast.AST) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None  # not a literal, e.g. ids=map_regions()


def chapter_calls(text: str) -> list[Call]:
    """Every call of a named function in the code cells of a MyST chapter, in order."""
    calls = []
    for cell in CODE_CELL.finditer(text):
        body = "\n".join(line for line in cell["body"].splitlines() if not line.startswith(":"))
        for node in ast.walk(ast.parse(body)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                calls.append(Call(node.func.id, tuple(_literal(a) for a in node.args),
                                  tuple((k.arg, _literal(k.value)) for k in node.keywords if k.arg)))
    return calls


@lru_cache(maxsize=None)
def chapters(root: Path = REPO_ROOT) -> tuple[Chapter, ...]:
    """The chapters of ``_toc.yml`` (``book/chNN-*``), in book order."""
    found = []
    for page in site_pages():
        docname = page.removesuffix(".html")
        match = CHAPTER_DOC.fullmatch(docname)
        if match:
            text = (root / f"{docname}.md").read_text(encoding="utf-8")
            title = re.search(r"^# (.+)$", text, re.M)
            found.append(Chapter(docname, int(match["number"]), title[1].strip() if title else docname))
    return tuple(found)


@lru_cache(maxsize=None)
def _calls(root: Path = REPO_ROOT) -> tuple[tuple[Chapter, tuple[Call, ...]], ...]:
    return tuple((chapter, tuple(chapter_calls((root / f"{chapter.docname}.md").read_text(encoding="utf-8"))))
                 for chapter in chapters(root))


def _listed(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple)) else []


def _shows_region(calls: Iterable[Call], region_id: str, name: str) -> bool:
    return any(call.function == "show_regions" and region_id in _listed(call.keyword(name, 0 if name == "ids" else 1))
               for call in calls)


def region_chapters(region_id: str, root: Path = REPO_ROOT) -> tuple[Chapter, ...]:
    """Every chapter whose brain view highlights the region, in book order; else the first
    chapter whose view shows it; else none."""
    highlighted = tuple(chapter for chapter, calls in _calls(root) if _shows_region(calls, region_id, "highlight"))
    if highlighted:
        return highlighted
    shown = [chapter for chapter, calls in _calls(root) if _shows_region(calls, region_id, "ids")]
    return tuple(shown[:1])


def region_chapter(region_id: str, root: Path = REPO_ROOT) -> Chapter | None:
    """The first chapter whose brain view highlights the region (else shows it)."""
    found = region_chapters(region_id, root)
    return found[0] if found else None


def system_chapter(root: Path = REPO_ROOT) -> Chapter | None:
    """The chapter that shows the neurochemistry map (every system is taught there)."""
    for chapter, calls in _calls(root):
        if any(call.function == "show_neurochemistry_map" for call in calls):
            return chapter
    return None


CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")


def treatment_chapter(treatment_id: str, root: Path = REPO_ROOT) -> Chapter | None:
    """The chapter that shows the treatment's evidence-map rows (by family or by id); else
    the first chapter citing one of the treatment's own references; else the neurochemistry
    chapter when its map lists the treatment."""
    treatment = load_treatments()[treatment_id]
    for chapter, calls in _calls(root):
        for call in calls:
            if call.function == "show_evidence_map" and (
                    treatment_id in _listed(call.keyword("treatments"))
                    or treatment.family in _listed(call.keyword("families"))):
                return chapter
    own = set(treatment.references)
    for chapter in chapters(root):
        text = (root / f"{chapter.docname}.md").read_text(encoding="utf-8")
        if any(own & {k.strip() for k in keys.split(",")} for keys in CITE_ROLE.findall(text)):
            return chapter
    if any(t.treatment == treatment_id for s in load_neurochemistry() for t in s.treatments):
        return system_chapter(root)
    return None


# --- the rows -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One treatment (or piece of guidance) listed against a mechanism."""

    label: str  # the treatment's English name, or the data file's label when it is no treatment id
    treatment: str | None  # id of assets/treatments.yaml, when it is one
    note: str  # the data file's note or text ("" when it has none)
    references: tuple[str, ...]


@dataclass(frozen=True)
class MechanismRow:
    kind: str  # "region" | "system"
    id: str
    name_en: str
    name_zh: str
    chapters: tuple[Chapter, ...]  # the chapters that teach it, in book order
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class TreatmentRow:
    id: str
    name_en: str
    name_zh: str
    chapter: Chapter | None
    regions: tuple[tuple[str, tuple[str, ...]], ...]  # (region id, references of the link), regions.yaml order
    no_target: str  # why it has no brain target ("" when it has one)
    no_target_references: tuple[str, ...]


def region_rows(root: Path = REPO_ROOT) -> tuple[MechanismRow, ...]:
    """Every region of assets/regions.yaml that lists treatments, in file order."""
    names = load_treatments()
    return tuple(
        MechanismRow("region", r.id, f"{r.name_en} ({r.abbreviation})", r.name_zh, region_chapters(r.id, root),
                     tuple(Target(names[t.id].name_en, t.id, t.note, t.references) for t in r.treatments))
        for r in load_regions().regions.values() if r.treatments)


def system_rows(root: Path = REPO_ROOT) -> tuple[MechanismRow, ...]:
    """Every chemical system of assets/neurochemistry.yaml, in file order."""
    names = load_treatments()
    chapter = system_chapter(root)
    return tuple(
        MechanismRow("system", s.id, s.name_en, s.name_zh, (chapter,) if chapter else (),
                     tuple(Target(names[t.treatment].name_en if t.treatment else t.label, t.treatment, t.text,
                                  t.references) for t in s.treatments))
        for s in load_neurochemistry())


def treatment_rows(root: Path = REPO_ROOT) -> tuple[TreatmentRow, ...]:
    """Every treatment of assets/treatments.yaml, in file order, with the regions it acts
    on (a combined treatment: those of its components), as painmood.brain derives them."""
    table = load_regions()
    rows = []
    for t in load_treatments().values():
        wanted = {t.id, *t.components}
        regions = []
        for region_id in treatment_targets(t.id):
            keys: list[str] = []
            for link in table.regions[region_id].treatments:
                if link.id in wanted:
                    keys.extend(k for k in link.references if k not in keys)
            regions.append((region_id, tuple(keys)))
        missing = table.no_brain_target.get(t.id)
        rows.append(TreatmentRow(t.id, t.name_en, t.name_zh, treatment_chapter(t.id, root), tuple(regions),
                                 no_target_note(t.id) or "", missing.references if missing else ()))
    return tuple(rows)


# --- HTML ---------------------------------------------------------------------------------

def _href(docname: str, page: str = REVIEW_PAGE) -> str:
    return posixpath.relpath(docname, posixpath.dirname(page)) + ".html"


def _chapter_link(chapter: Chapter | tuple[Chapter, ...] | None, page: str = REVIEW_PAGE) -> str:
    found = chapter if isinstance(chapter, tuple) else ((chapter,) if chapter else ())
    if not found:
        return "No chapter of its own"
    links = [f'<a href="{html.escape(_href(c.docname, page))}">{c.number}</a>' for c in found]
    if len(links) == 1:
        return f'<a href="{html.escape(_href(found[0].docname, page))}">Chapter {found[0].number}</a>'
    return "Chapters " + ", ".join(links[:-1]) + " and " + links[-1]


def _cite(keys: Iterable[str]) -> str:
    return f'<span class="pm-review-sources">({html.escape("; ".join(short_citation(k) for k in keys))})</span>'


def _name(english: str, chinese: str) -> str:
    return f'{html.escape(english)}<br><span lang="{LANG}">{html.escape(chinese)}</span>'


def _target_html(target: Target, page: str, root: Path) -> str:
    label = html.escape(target.label)
    if target.treatment:
        chapter = treatment_chapter(target.treatment, root)
        if chapter:
            label = f'<a href="{html.escape(_href(chapter.docname, page))}">{label}</a>'
    note = f" {html.escape(target.note)}" if target.note else ""
    return f"<li><strong>{label}.</strong>{note} {_cite(target.references)}</li>"


def _mechanism_table(rows: Iterable[MechanismRow], caption: str, first: str, page: str, root: Path) -> str:
    cells = [(_name(row.name_en, row.name_zh), _chapter_link(row.chapters, page),
              '<ul class="pm-review-targets">' + "".join(_target_html(t, page, root) for t in row.targets) + "</ul>")
             for row in rows]
    return html_table(caption, (first, "Taught in", "Treatments that act on it, with sources"), cells,
                      css_class="pm-table pm-review-table")


def _treatment_table(rows: Iterable[TreatmentRow], page: str) -> str:
    regions = load_regions().regions
    cells = []
    for row in rows:
        if row.regions:
            where = "".join(f"<li>{html.escape(regions[r].name_en)} ({html.escape(regions[r].abbreviation)}) "
                            f"{_cite(keys)}</li>" for r, keys in row.regions)
            where = f'<ul class="pm-review-targets">{where}</ul>'
        else:
            where = f"No brain target shown: {html.escape(row.no_target)} {_cite(row.no_target_references)}"
        cells.append((_name(row.name_en, row.name_zh), _chapter_link(row.chapter, page), where))
    return html_table("Treatments and the brain regions they act on", ("Treatment", "Taught in",
                      "Brain regions it acts on (from the region table), with sources"), cells,
                      css_class="pm-table pm-review-table")


def summary_html(page: str = REVIEW_PAGE, root: Path = REPO_ROOT) -> str:
    """The three summary tables as one HTML block."""
    return ('<div class="pm-review-summary">'
            + _mechanism_table(region_rows(root), "Brain regions and the treatments that act on them",
                               "Brain region", page, root)
            + _mechanism_table(system_rows(root), "Chemical systems and what current treatments do with them",
                               "Chemical system", page, root)
            + _treatment_table(treatment_rows(root), page)
            + "</div>")


def show_course_summary() -> HTML:
    """The displayable course summary (``book/course-review.md``)."""
    return HTML(summary_html())
