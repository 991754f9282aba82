"""The bilingual glossary (``assets/glossary.yaml``): loading, the glossary page, and a
check that chapters link every glossary term they use.

* :func:`load_glossary` validates the YAML (errors name file, entry and field).
* The Sphinx directive ``course-glossary`` (registered by :func:`setup`; enable the
  extension ``painmood.glossary``) emits Sphinx's own glossary, so ``{term}`Amygdala```
  links resolve under ``-n``, and shows each term with its Chinese name.
* :func:`unlinked_terms` lists the glossary terms a chapter uses in its prose without
  linking any of them once with ``{term}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.domains.std import Glossary

from painmood.bibliography import bib_keys
from painmood.datafiles import DataFileError, load_yaml, require
from painmood.paths import ASSETS

GLOSSARY_FILE = ASSETS / "glossary.yaml"
ENTRY_FIELDS = {"term", "zh", "definition", "aliases", "references"}


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    zh: str
    definition: str
    aliases: tuple[str, ...] = ()
    references: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The term and its aliases: every name that links to (and counts as) this entry."""
        return (self.term, *self.aliases)


def _string_list(value: Any, source: Path, where: str) -> tuple[str, ...]:
    items = require(value, list, source, where)
    return tuple(require(v, str, source, f"{where}[{i}]") for i, v in enumerate(items))


def parse_glossary(data: Any, source: Path) -> tuple[GlossaryEntry, ...]:
    """Validate the parsed YAML of a glossary file and return its entries in file order."""
    root = require(data, dict, source, "the file")
    raw_entries = require(root.get("terms"), list, source, "the file.terms")
    known_refs = bib_keys()
    entries: list[GlossaryEntry] = []
    seen: dict[str, str] = {}  # lower-cased name -> term that owns it
    for index, raw in enumerate(raw_entries):
        where = f"terms[{index}]"
        raw = require(raw, dict, source, where)
        term = require(raw.get("term"), str, source, f"{where}.term")
        where = f"term '{term}'"
        unknown = set(raw) - ENTRY_FIELDS
        if unknown:
            raise DataFileError(source, where, sorted(unknown)[0], f"is not a known field {sorted(ENTRY_FIELDS)}")
        entry = GlossaryEntry(
            term=term,
            zh=require(raw.get("zh"), str, source, f"{where}.zh"),
            definition=require(raw.get("definition"), str, source, f"{where}.definition").strip(),
            aliases=_string_list(raw.get("aliases", []), source, f"{where}.aliases"),
            references=_string_list(raw.get("references", []), source, f"{where}.references"),
        )
        if not entry.definition:
            raise DataFileError(source, where, "definition", "is empty")
        for key in entry.references:
            if key not in known_refs:
                raise DataFileError(source, where, "references", f"'{key}' is not a key of references.bib")
        for name in entry.names:
            # Sphinx matches {term} targets case-insensitively, so names must differ in more than case.
            if name.lower() in seen:
                raise DataFileError(source, where, "term/aliases", f"'{name}' is already used by '{seen[name.lower()]}'")
            seen[name.lower()] = term
        entries.append(entry)
    return tuple(entries)


@lru_cache(maxsize=None)
def load_glossary(path: Path = GLOSSARY_FILE) -> tuple[GlossaryEntry, ...]:
    """The glossary entries from ``assets/glossary.yaml`` (validated)."""
    return parse_glossary(load_yaml(path), path)


# --- Which glossary terms does a chapter use without linking them? -----------------

#: Fenced blocks whose content is code or data, not prose.
NON_PROSE_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "math", "raw", "bibliography"}
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\S*)")
TERM_ROLE = re.compile(r"\{term\}`([^`]*)`")
NOT_PROSE_INLINE = [
    re.compile(r"<!--.*?-->", re.S),  # HTML comments
    re.compile(r"\{[\w:-]+\}`[^`]*`"),  # every role: {term}, {cite}, {ref}, {math}...
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"\]\([^)]*\)"),  # link targets (URLs, paths)
    re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S),  # math
]


def prose_of(markdown_text: str) -> str:
    """The reader-facing prose of a MyST page, as matched by :func:`unlinked_terms`.

    Dropped: the front matter, headings, code cells and other code/math fences,
    directive option lines (``:label: ...``), target lines ``(name)=``, roles
    (including the text inside ``{term}`` and ``{cite}``), inline code, link URLs,
    HTML comments and math. Text inside directives such as ``{note}`` is kept.
    """
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown_text, flags=re.S)
    kept: list[str] = []
    stack: list[tuple[str, bool]] = []  # open fences: (fence, holds non-prose)
    for line in text.splitlines():
        fence = FENCE.match(line)
        if fence:
            marks, info = fence.groups()
            closes = stack and not info and marks[0] == stack[-1][0][0] and len(marks) >= len(stack[-1][0])
            if closes:
                stack.pop()
            else:
                name = info.strip("{}")
                stack.append((marks, not info.startswith("{") or name in NON_PROSE_DIRECTIVES))
            continue
        if any(non_prose for _, non_prose in stack):
            continue
        stripped = line.strip()
        if stripped.startswith("#") or re.match(r"^:[\w-]+:", stripped) or re.match(r"^\([\w-]+\)=$", stripped):
            continue
        kept.append(line)
    prose = "\n".join(kept)
    for pattern in NOT_PROSE_INLINE:
        prose = pattern.sub(" ", prose)
    return prose


def _name_pattern(name: str) -> re.Pattern[str]:
    # Whole words (letters and digits around the name end it); names in capitals
    # are abbreviations and must match exactly ("ACT" is not "act").
    flags = 0 if name.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", flags)


def linked_targets(markdown_text: str) -> set[str]:
    """Lower-cased targets of every ``{term}`` role (``{term}`text <Target>``` too)."""
    targets = set()
    for content in TERM_ROLE.findall(markdown_text):
        explicit = re.search(r"<([^>]+)>\s*$", content)
        targets.add((explicit.group(1) if explicit else content).strip().lower())
    return targets


def unlinked_terms(markdown_text: str, entries: tuple[GlossaryEntry, ...] | None = None) -> list[str]:
    """Glossary terms used in the page's prose although none of their names is linked.

    A term is *used* when its name or an alias occurs in :func:`prose_of` the page as a
    whole word (case-insensitive, except names in capitals). Longer names are matched
    first and consumed, so "chronic pain" counts for "Chronic pain", not for "Pain".
    A term is *linked* when some ``{term}`` role anywhere on the page targets any of its
    names. Returns the unlinked terms in glossary order.
    """
    entries = load_glossary() if entries is None else entries
    prose = prose_of(markdown_text)
    linked = linked_targets(markdown_text)
    owner_by_name = {name: entry for entry in entries for name in entry.names}
    used: set[str] = set()
    for name in sorted(owner_by_name, key=len, reverse=True):
        prose, count = _name_pattern(name).subn(" ", prose)
        if count:
            used.add(owner_by_name[name].term)
    return [
        entry.term for entry in entries
        if entry.term in used and not any(name.lower() in linked for name in entry.names)
    ]


# --- The glossary page --------------------------------------------------------------

class CourseGlossary(Glossary):
    """``course-glossary``: Sphinx's glossary, filled from ``assets/glossary.yaml``.

    Each entry lists its term and aliases (all valid ``{term}`` targets), shows the
    Chinese name after the term and ends the definition with its citations.
    """

    has_content = False
    option_spec: dict[str, Any] = {}

    def run(self) -> list[nodes.Node]:
        entries = load_glossary()
        self.env.note_dependency(str(GLOSSARY_FILE))
        lines: list[str] = []
        for entry in entries:
            cites = f" {{cite}}`{','.join(entry.references)}`" if entry.references else ""
            lines += [*entry.names, f"   {entry.definition}{cites}", ""]
        self.content = StringList(lines, source=str(GLOSSARY_FILE))
        self.options = {"sorted": True}
        result = super().run()
        zh_by_term = {entry.term: entry.zh for entry in entries}
        for term_node in result[0].findall(nodes.term):
            zh = zh_by_term.get(term_node.astext())
            if zh:
                # lang lets screen readers switch to Chinese pronunciation.
                term_node += nodes.raw("", f' <span class="pm-zh" lang="zh-Hans">({zh})</span>', format="html")
        return result


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx extension ``painmood.glossary`` (listed in ``_config.yml``): registers
    the ``course-glossary`` directive."""
    app.add_directive("course-glossary", CourseGlossary)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
