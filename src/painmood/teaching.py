"""The instructor guide and the course schedule, generated from the course's own data so
they cannot drift from the chapters.

Sources, each read once:

* the chapters in ``_toc.yml`` (``book/chNN-*``, through :func:`painmood.build.site_pages`):
  a chapter added to the table of contents appears in the guide and the schedule, and a
  planned chapter that is not written yet is simply absent;
* each chapter's title and the bold line under it, with its study time and how it splits
  (``**Chapter 3 · 中文 · about 30 minutes**`` then ``(13 minutes of reading ... Allow about
  17 more for ...)``), parsed by :func:`study_time`;
* the chapter's quiz file (:mod:`painmood.quiz`): objectives, answer key with
  explanations, and the misconceptions its distractors' feedback names;
* ``assets/teaching/chNN.yaml``: a 50-minute session plan and 2-3 discussion prompts
  (format below; a missing or malformed file is a :class:`DataFileError` naming it).

File format (fixed by the lead; one file per chapter)::

    chapter: ch05              # equals the file name and a book/chNN-*.md
    session_plan:              # 3 to 6 steps; minutes add up to exactly 50
      - minutes: 10
        activity: Open with exercise "..." in pairs ...
    discussion_prompts:        # 2 or 3 open questions answerable from the chapter
      - ...

The pages ``book/instructors.md`` and ``book/schedule.md`` hold their own prose and one
placeholder each, ```` ```{teaching-kit} guide ```` or ```` ```{teaching-kit} schedule ````
(also ``notebooks``); this module, enabled as the Sphinx extension ``painmood.teaching``,
replaces the placeholder with MyST Markdown when Sphinx reads the page (``source-read``),
so headings, links and cross-references are checked like any page's.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from painmood.datafiles import DataFileError, load_yaml, require, require_number, require_text
from painmood.paths import ASSETS, REPO_ROOT
from painmood.quiz import Quiz, answer_text, load_quiz, misconceptions

TEACHING_DIR = ASSETS / "teaching"
SESSION_MINUTES = 50
STEPS = (3, 6)  # fewest and most steps of a session plan
PROMPTS = (2, 3)  # fewest and most discussion prompts
FIELDS = ("chapter", "session_plan", "discussion_prompts")
STEP_FIELDS = ("minutes", "activity")
CHAPTER_DOC = re.compile(r"book/(?P<id>ch(?P<number>\d\d))-[^/]+")
#: The bold line under a chapter's title and the sentence after it (AUTHORING.md, section 2).
STUDY_TIME = re.compile(
    r"^\*\*Chapter (?P<number>\d+) · (?P<zh>[^·*\n]+?) · about (?P<total>\d+) minutes\*\*[ \t]*\n"
    r"\((?P<reading>\d+) minutes of reading\b[^.]*\.\s+Allow about (?P<activities>\d+) more for\s+(?P<what>[^)]+?)\.?\)",
    re.M,
)
STUDY_TIME_FORMAT = ("'**Chapter N · 中文标题 · about T minutes**' followed by "
                     "'(R minutes of reading at about 200 words a minute. Allow about A more for ...)', with R + A = T")
WEEKS = 12
DAYS = 3
DAY_START = 9 * 60  # 09:00
BREAK_MINUTES = 15  # between two chapters on an intensive day
LUNCH_MINUTES = 60  # taken after the first chapter that ends at or after noon
NOON = 12 * 60
GUIDE_PAGE = "book/instructors"
SCHEDULE_PAGE = "book/schedule"


# --- the teaching files ----------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    minutes: int
    activity: str


@dataclass(frozen=True)
class TeachingPlan:
    chapter: str
    session_plan: tuple[Step, ...]
    discussion_prompts: tuple[str, ...]


def parse_teaching(data: Any, source: Path) -> TeachingPlan:
    """Validate the parsed YAML of one chapter's teaching file.

    Raises :class:`DataFileError` naming the file, the item and the field: unknown or
    missing fields, a ``chapter`` that differs from the file name, fewer than 3 or more
    than 6 steps, minutes that are not whole numbers or do not add up to 50, fewer than
    2 or more than 3 prompts, empty texts.
    """
    root = require(data, dict, source, "the file")
    unknown = sorted(set(root) - set(FIELDS))
    if unknown:
        raise DataFileError(source, "the file", unknown[0], f"is not a field of a teaching file {list(FIELDS)}")
    chapter = require_text(root.get("chapter"), source, "the file.chapter")
    if chapter != source.stem:
        raise DataFileError(source, "the file", "chapter", f"is '{chapter}' but the file is named '{source.name}'")
    raw_steps = require(root.get("session_plan"), list, source, "the file.session_plan")
    if not STEPS[0] <= len(raw_steps) <= STEPS[1]:
        raise DataFileError(source, "the file", "session_plan",
                            f"has {len(raw_steps)} steps; a session plan has {STEPS[0]} to {STEPS[1]}")
    steps = []
    for index, raw in enumerate(raw_steps):
        where = f"session_plan[{index}]"
        raw = require(raw, dict, source, where)
        unknown = sorted(set(raw) - set(STEP_FIELDS))
        if unknown:
            raise DataFileError(source, where, unknown[0], f"is not a field of a step {list(STEP_FIELDS)}")
        minutes = require_number(raw.get("minutes"), source, f"{where}.minutes", minimum=1, maximum=SESSION_MINUTES)
        if not isinstance(minutes, int):
            raise DataFileError(source, where, "minutes", f"must be a whole number of minutes, got {minutes!r}")
        steps.append(Step(minutes, " ".join(require_text(raw.get("activity"), source, f"{where}.activity").split())))
    total = sum(step.minutes for step in steps)
    if total != SESSION_MINUTES:
        raise DataFileError(source, "the file", "session_plan",
                            f"minutes add up to {total}; they must add up to {SESSION_MINUTES}")
    raw_prompts = require(root.get("discussion_prompts"), list, source, "the file.discussion_prompts")
    if not PROMPTS[0] <= len(raw_prompts) <= PROMPTS[1]:
        raise DataFileError(source, "the file", "discussion_prompts",
                            f"has {len(raw_prompts)} prompts; give {PROMPTS[0]} or {PROMPTS[1]}")
    prompts = tuple(" ".join(require_text(p, source, f"discussion_prompts[{i}].(text)").split())
                    for i, p in enumerate(raw_prompts))
    return TeachingPlan(chapter, tuple(steps), prompts)


@lru_cache(maxsize=None)
def load_teaching(chapter: str, directory: Path = TEACHING_DIR) -> TeachingPlan:
    """The validated teaching file ``<directory>/<chapter>.yaml`` (a missing file is a
    DataFileError naming it)."""
    path = directory / f"{chapter}.yaml"
    return parse_teaching(load_yaml(path), path)


def load_all_teaching(directory: Path = TEACHING_DIR) -> tuple[TeachingPlan, ...]:
    """Every teaching file of the folder, in file-name order."""
    return tuple(load_teaching(path.stem, directory) for path in sorted(directory.glob("*.yaml")))


# --- the chapters ------------------------------------------------------------------------

@dataclass(frozen=True)
class StudyTime:
    """What the bold line under a chapter's title states."""

    number: int
    title_zh: str
    total: int  # minutes: reading + activities
    reading: int
    activities: int
    activity_list: str  # "the two figures, the simulator, two exercises and the quiz"


def study_time(source: Path) -> StudyTime:
    """Parse the chapter's stated study time; a DataFileError names the chapter file
    when the line is missing, its parts do not add up, or its number is not the file's."""
    text = Path(source).read_text(encoding="utf-8")
    found = STUDY_TIME.search(text)
    if found is None:
        raise DataFileError(source, "the line under the title", "study time",
                            f"is missing or not in the form {STUDY_TIME_FORMAT}")
    time = StudyTime(int(found["number"]), found["zh"].strip(), int(found["total"]), int(found["reading"]),
                     int(found["activities"]), " ".join(found["what"].split()))
    if time.reading + time.activities != time.total:
        raise DataFileError(source, "the line under the title", "study time",
                            f"says about {time.total} minutes, but {time.reading} of reading and "
                            f"{time.activities} more make {time.reading + time.activities}")
    file_number = CHAPTER_DOC.fullmatch(f"book/{Path(source).stem}")
    if file_number and int(file_number["number"]) != time.number:
        raise DataFileError(source, "the line under the title", "chapter number",
                            f"is {time.number} but the file is chapter {int(file_number['number'])}")
    return time


def toc_chapters() -> list[str]:
    """Docnames of the chapters in ``_toc.yml`` (``book/chNN-*``), in book order."""
    from painmood.build import site_pages

    pages = [page.removesuffix(".html") for page in site_pages()]
    return [page for page in pages if CHAPTER_DOC.fullmatch(page)]


@dataclass(frozen=True)
class ChapterGuide:
    """Everything the guide and the schedule say about one chapter."""

    docname: str  # "book/ch01-why-together"
    chapter: str  # "ch01"
    title: str  # the chapter's "# " heading
    time: StudyTime
    quiz: Quiz
    plan: TeachingPlan
    exercises: tuple[str, ...]  # exercise titles, in order

    @property
    def label(self) -> str:
        """The target of the chapter's section in the instructor guide."""
        return f"instructors-{self.chapter}"


EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}\s*(?P<title>.*)$", re.M)


def chapter_guide(docname: str, root: Path = REPO_ROOT, teaching_dir: Path = TEACHING_DIR) -> ChapterGuide:
    """The guide data of one chapter (its page, quiz file and teaching file)."""
    match = CHAPTER_DOC.fullmatch(docname)
    if match is None:
        raise ValueError(f"'{docname}' is not a chapter page (book/chNN-name)")
    source = root / f"{docname}.md"
    text = source.read_text(encoding="utf-8")
    headings = re.findall(r"^# (.+)$", text, re.M)
    if not headings:
        raise DataFileError(source, "the page", "title", "is missing: the chapter needs a '# Title' line")
    quiz = load_quiz(match["id"])
    if quiz.page != docname:
        raise DataFileError(f"assets/quizzes/{match['id']}.yaml", "chapter", "page",
                            f"is '{quiz.page}' but the chapter in _toc.yml is '{docname}'")
    return ChapterGuide(docname, match["id"], headings[0].strip(), study_time(source), quiz,
                        load_teaching(match["id"], teaching_dir),
                        tuple(t["title"].strip() for t in EXERCISE.finditer(text)))


def chapter_guides(root: Path = REPO_ROOT) -> list[ChapterGuide]:
    """The guide data of every chapter in ``_toc.yml``, in book order."""
    return [chapter_guide(docname, root) for docname in toc_chapters()]


# --- the two schedules ---------------------------------------------------------------------

def balanced_groups(loads: list[int], groups: int) -> list[list[int]]:
    """Split the indices of ``loads`` into ``groups`` consecutive, non-empty runs whose
    largest total is as small as possible (ties: the earliest cut points). With fewer
    loads than groups, each load gets its own run."""
    count = len(loads)
    groups = min(groups, count)
    if groups <= 0:
        return []
    best: tuple[int, tuple[int, ...]] | None = None
    for cuts in itertools.combinations(range(1, count), groups - 1):
        edges = (0, *cuts, count)
        largest = max(sum(loads[a:b]) for a, b in itertools.pairwise(edges))
        if best is None or largest < best[0]:
            best = (largest, edges)
    assert best is not None
    return [list(range(a, b)) for a, b in itertools.pairwise(best[1])]


@dataclass(frozen=True)
class Week:
    number: int
    chapters: tuple[ChapterGuide, ...]  # empty: a week left free

    @property
    def before_class(self) -> int:
        """Minutes of reading and activities the students do before the session."""
        return sum(guide.time.total for guide in self.chapters)

    @property
    def in_class(self) -> int:
        return SESSION_MINUTES * len(self.chapters)


def weekly_schedule(guides: list[ChapterGuide], weeks: int = WEEKS) -> list[Week]:
    """Twelve weekly sessions: chapters in order, one per week while there are no more
    chapters than weeks (otherwise consecutive chapters share a week, balanced by their
    stated time); the weeks after the last chapter are left free."""
    runs = balanced_groups([guide.time.total for guide in guides], weeks)
    filled = [Week(n, tuple(guides[i] for i in run)) for n, run in enumerate(runs, 1)]
    return filled + [Week(n, ()) for n in range(len(filled) + 1, weeks + 1)]


@dataclass(frozen=True)
class Block:
    """One block of an intensive day, with its clock times in minutes after midnight."""

    start: int
    end: int
    kind: str  # "study" (the chapter, read and tried in class), "session", "break", "lunch"
    guide: ChapterGuide | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Day:
    number: int
    blocks: tuple[Block, ...]

    def minutes(self, kind: str) -> int:
        return sum(block.minutes for block in self.blocks if block.kind == kind)

    @property
    def chapters(self) -> tuple[ChapterGuide, ...]:
        return tuple(block.guide for block in self.blocks if block.kind == "session" and block.guide)


def intensive_schedule(guides: list[ChapterGuide], days: int = DAYS) -> list[Day]:
    """A three-day intensive: each day takes consecutive chapters (balanced by study time
    plus the 50-minute session); each chapter is read and tried in class for its stated
    time, then taught with its session plan; a break separates chapters, and lunch
    follows the first chapter that ends at or after noon."""
    loads = [guide.time.total + SESSION_MINUTES for guide in guides]
    schedule = []
    for number, run in enumerate(balanced_groups(loads, days), 1):
        clock, blocks, lunched = DAY_START, [], False
        for position, index in enumerate(run):
            guide = guides[index]
            blocks.append(Block(clock, clock + guide.time.total, "study", guide))
            clock += guide.time.total
            blocks.append(Block(clock, clock + SESSION_MINUTES, "session", guide))
            clock += SESSION_MINUTES
            if position < len(run) - 1:
                pause = LUNCH_MINUTES if clock >= NOON and not lunched else BREAK_MINUTES
                lunched = lunched or pause == LUNCH_MINUTES
                blocks.append(Block(clock, clock + pause, "lunch" if pause == LUNCH_MINUTES else "break"))
                clock += pause
        schedule.append(Day(number, tuple(blocks)))
    return schedule


# --- Markdown for the pages ------------------------------------------------------------------

#: ASCII punctuation that Markdown or MyST could read as markup (CommonMark lets a
#: backslash escape any of it).
MARKUP = re.compile(r"([\\`*_{}\[\]<>$|~#%&!+=^-])")


def md(text: str) -> str:
    """Plain text (quiz and teaching files hold no markup) made safe inside Markdown."""
    return MARKUP.sub(r"\\\1", " ".join(text.split()))


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _link_from(page: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page))


def _doc(guide: ChapterGuide, page: str, text: str | None = None) -> str:
    """A {doc} link to the chapter (role content is literal text: no escaping)."""
    text = " ".join((text or guide.title).split())
    if any(c in text for c in "`<>"):
        raise ValueError(f"{guide.docname}: the title '{text}' holds ` < or >, which a {{doc}} link cannot show")
    return f"{{doc}}`{text} <{_link_from(page, guide.docname)}>`"


def notebook_links(guide: ChapterGuide, page: str) -> str:
    """Inline links to the chapter's student and instructor notebooks on the site."""
    from painmood.notebook_downloads import NOTEBOOK_DIR
    from painmood.notebooks import notebook_name

    links = []
    for audience, text in (("student", "student notebook"), ("instructor", "instructor notebook")):
        href = _link_from(page, f"{NOTEBOOK_DIR}/{notebook_name(Path(guide.docname), audience)}")
        links.append(f'<a href="{href}" class="pm-notebook-link" data-audience="{audience}">{text}</a>')
    return " · ".join(links)


def _time_line(guide: ChapterGuide) -> str:
    t = guide.time
    return (f"about {t.total} minutes of study ({t.reading} of reading and {t.activities} for "
            f"{md(t.activity_list)}), plus the {SESSION_MINUTES}-minute session below")


def table(headers: list[str], rows: list[list[object]]) -> list[str]:
    """A Markdown table (cells already Markdown) in a container the course styles."""
    lines = [":::{container} pm-teaching-table", "| " + " | ".join(headers) + " |",
             "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ":::"]


def _session_table(plan: TeachingPlan) -> list[str]:
    rows, elapsed = [], 0
    for step in plan.session_plan:
        rows.append([f"{elapsed}–{elapsed + step.minutes}", md(step.activity)])
        elapsed += step.minutes
    return table(["Minutes", "Activity"], rows)


def chapter_markdown(guide: ChapterGuide, page: str = GUIDE_PAGE) -> str:
    """One chapter's section of the instructor guide."""
    quiz = guide.quiz
    lines = [f"({guide.label})=", f"## Chapter {guide.time.number} · {md(guide.title)}", "",
             f"{_doc(guide, page, 'Read the chapter')} ({guide.time.title_zh}): {_time_line(guide)}. "
             f"Notebooks: {notebook_links(guide, page)}.", "",
             "### Learning objectives 学习目标", ""]
    lines += [f"{n}. {md(text)}" for n, (_, text) in enumerate(quiz.objectives, 1)]
    lines += ["", f"### Session plan ({SESSION_MINUTES} minutes) 课堂计划", "", *_session_table(guide.plan), "",
              "### Discussion prompts 讨论题", ""]
    lines += [f"- {md(prompt)}" for prompt in guide.plan.discussion_prompts]
    lines += ["", "### Misconceptions to expect 常见误解", "",
              "What a wrong choice in the chapter's quiz suggests, from the quiz's own feedback:", "",
              ":::{container} pm-misconceptions"]
    lines += [f"- **Question {m.question}**, “{md(m.option)}”: {md(m.feedback)}" for m in misconceptions(quiz)]
    lines += [":::", "", "### Quiz answer key 测验答案", "",
              f"The {len(quiz.items)} questions of the chapter's quiz, in order, with the explanation "
              "readers see after answering.", "", f":::{{container}} pm-answer-key pm-answer-key-{guide.chapter}"]
    for n, item in enumerate(quiz.items, 1):
        indent = " " * len(f"{n}. ")  # continuation paragraphs line up with the item's text
        lines += [f"{n}. {md(item.prompt)}", "",
                  f"{indent}**Answer:** {md(answer_text(item))}", "",
                  f"{indent}**Why:** {md(item.explanation)}", ""]
    lines += [":::", ""]
    return "\n".join(lines)


def guide_markdown(guides: list[ChapterGuide], page: str = GUIDE_PAGE) -> str:
    """Every chapter's section of the instructor guide, in book order."""
    return "\n".join(chapter_markdown(guide, page) for guide in guides)


def schedule_markdown(guides: list[ChapterGuide], page: str = SCHEDULE_PAGE) -> str:
    """The weekly and the intensive schedule, with the totals they are computed from."""
    weeks = weekly_schedule(guides)
    study = sum(g.time.total for g in guides)
    lines = [f"## {WEEKS} weekly sessions 每周一次课", "",
             f"One {SESSION_MINUTES}-minute class a week. Before each class, students read the chapter "
             "and try its interactives, exercises and quiz (the chapter's stated time); the class follows "
             f"the chapter's session plan in the {{doc}}`instructor guide <{_link_from(page, GUIDE_PAGE)}>`.", ""]
    rows: list[list[object]] = []
    for week in weeks:
        if week.chapters:
            names = "; ".join(f"{g.time.number}. {_doc(g, page)} ({{ref}}`plan <{g.label}>`)" for g in week.chapters)
            rows.append([week.number, names, week.before_class, week.in_class])
        else:
            rows.append([week.number, "Free: review, a project, or a chapter added later", "–", "–"])
    rows.append(["**Total**", f"{len(guides)} chapters", f"**{sum(w.before_class for w in weeks)}**",
                 f"**{sum(w.in_class for w in weeks)}**"])
    lines += [*table(["Week", "Chapter", "Before class (minutes)", "In class (minutes)"], rows), ""]
    days = intensive_schedule(guides)
    lines += [f"## A {DAYS}-day intensive 三天集中授课", "",
              "Students read each chapter and try its activities in class, for the chapter's stated time, "
              f"then the group runs its {SESSION_MINUTES}-minute session. Days start at {clock(DAY_START)}; "
              f"chapters are separated by a {BREAK_MINUTES}-minute break, and lunch ({LUNCH_MINUTES} minutes) "
              "follows the first chapter that ends at or after noon.", ""]
    labels = {"study": "Read the chapter and try its activities", "session": "Class session (see the plan)",
              "break": "Break", "lunch": "Lunch"}
    for day in days:
        rows = []
        for block in day.blocks:
            what = labels[block.kind]
            if block.guide is not None and block.kind == "study":
                what = f"{what}: {block.guide.time.number}. {_doc(block.guide, page)}"
            elif block.guide is not None:
                what = f"Class session: {{ref}}`chapter {block.guide.time.number} plan <{block.guide.label}>`"
            rows.append([f"{clock(block.start)}–{clock(block.end)}", block.minutes, what])
        lines += [f"### Day {day.number}", "", *table(["Time", "Minutes", "What"], rows)]
        lines += ["", f"Day {day.number}: {day.minutes('study')} minutes of study and {day.minutes('session')} "
                  f"of class sessions, {clock(day.blocks[0].start)}–{clock(day.blocks[-1].end)}.", ""]
    lines += ["## Where the times come from", "",
              "Each chapter states its study time in the bold line under its title. The schedules add "
              "those times, and nothing else:", ""]
    rows = [[f"{g.time.number}. {_doc(g, page)}", g.time.reading, g.time.activities, g.time.total, SESSION_MINUTES]
            for g in guides]
    rows.append(["**Total**", f"**{sum(g.time.reading for g in guides)}**",
                 f"**{sum(g.time.activities for g in guides)}**", f"**{study}**", f"**{SESSION_MINUTES * len(guides)}**"])
    lines += [*table(["Chapter", "Reading", "Activities", "Study time", "Session"], rows), ""]
    return "\n".join(lines)


def notebooks_markdown(page: str = GUIDE_PAGE) -> str:
    """The site's notebook downloads: the archive and, per chapter, both notebooks."""
    from painmood.notebook_downloads import ARCHIVE, NOTEBOOK_DIR

    archive = _link_from(page, f"{NOTEBOOK_DIR}/{ARCHIVE}")
    lines = [f'- <a href="{archive}" class="pm-notebook-link" data-audience="archive">The notebooks archive</a> '
             "(every student and instructor notebook, and the course package as a wheel)."]
    lines += [f"- Chapter {g.time.number}, {_doc(g, page)}: {notebook_links(g, page)}" for g in chapter_guides()]
    return "\n".join(lines)


# --- Sphinx: fill the placeholders ------------------------------------------------------------

PLACEHOLDER = re.compile(r"^(`{3,}|:{3,})\{teaching-kit\}[ \t]+(?P<part>\w+)[ \t]*\n\1[ \t]*$", re.M)


def fill_placeholders(text: str, page: str) -> str:
    """``text`` with each ``{teaching-kit} guide|schedule|notebooks`` placeholder replaced
    by its generated Markdown (an unknown part is a ValueError naming it)."""
    makers = {
        "guide": lambda: guide_markdown(chapter_guides(), page),
        "schedule": lambda: schedule_markdown(chapter_guides(), page),
        "notebooks": lambda: notebooks_markdown(page),
    }

    def replace(match: re.Match[str]) -> str:
        part = match["part"]
        if part not in makers:
            raise ValueError(f"{page}.md: unknown teaching-kit part '{part}' (known: {sorted(makers)})")
        return makers[part]()

    return PLACEHOLDER.sub(replace, text)


def _source_read(app: Any, docname: str, source: list[str]) -> None:
    if not PLACEHOLDER.search(source[0]):
        return
    source[0] = fill_placeholders(source[0], docname)
    # Rebuild the page when a chapter, quiz or teaching file, or this generator, changes.
    root = Path(app.srcdir)
    app.env.note_dependency(__file__)
    for guide in chapter_guides(root):
        for path in (root / f"{guide.docname}.md", ASSETS / "quizzes" / f"{guide.chapter}.yaml",
                     TEACHING_DIR / f"{guide.chapter}.yaml"):
            app.env.note_dependency(str(path))


def setup(app: Any) -> dict[str, Any]:
    """Sphinx extension ``painmood.teaching`` (listed in ``_config.yml``)."""
    app.connect("source-read", _source_read)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
