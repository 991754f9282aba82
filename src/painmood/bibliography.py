"""The course bibliography (``assets/references.bib``): its keys and short citations.

Chapters cite with ``{cite}`` roles that Sphinx resolves; data files (regions, quizzes,
the glossary, evidence) name bib keys, which are checked with :func:`bib_keys` and
shown to readers as "Author Year" text with :func:`short_citation`.
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec used by _plain)
from pybtex.database import BibliographyData, parse_file

from painmood.paths import BIBLIOGRAPHY


@lru_cache(maxsize=None)
def _database(path: Path = BIBLIOGRAPHY) -> BibliographyData:
    return parse_file(str(path), bib_format="bibtex")


def bib_keys(path: Path = BIBLIOGRAPHY) -> frozenset[str]:
    """Every citation key defined in the bibliography file."""
    return frozenset(_database(path).entries.keys())


def citable_keys(path: Path = BIBLIOGRAPHY) -> frozenset[str]:
    """The keys whose entry has a ``doi`` (or, for a guideline without one, a ``url``):
    the only entries the course may cite."""
    entries = _database(path).entries
    return frozenset(k for k, e in entries.items() if e.fields.get("doi") or e.fields.get("url"))


def _plain(latex: str) -> str:
    """BibTeX text as readers should see it: accents decoded, braces dropped."""
    return codecs.decode(latex, "ulatex").replace("{", "").replace("}", "")


def _last_name(person: object) -> str:
    return _plain(" ".join(person.last_names))  # type: ignore[attr-defined]


def short_citation(key: str, path: Path = BIBLIOGRAPHY) -> str:
    """An author-year citation as text, e.g. "Tracey & Mantyh 2007" or "Fox et al. 2012".

    For places where a ``{cite}`` role cannot be used (HTML made by code cells, quiz
    feedback). One author: "Han 2004"; two: "Wang & Shu 2025"; more, or "and others":
    "et al.". Entries without authors use the start of the title. Accents written in
    LaTeX are decoded. Raises KeyError for an unknown key.
    """
    entries = _database(path).entries
    if key not in entries:
        raise KeyError(f"'{key}' is not a key in {path}")
    entry = entries[key]
    people = entry.persons.get("author", [])
    names = [_last_name(p) for p in people if str(p) != "others"]
    has_others = len(names) < len(people)
    if not names:
        who = _plain(entry.fields.get("title", key)).split(":")[0]
    elif len(names) == 1 and not has_others:
        who = names[0]
    elif len(names) == 2 and not has_others:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {entry.fields.get('year', 'n.d.')}"


def sources_text(source: str, via: str | None = None, path: Path = BIBLIOGRAPHY) -> str:
    """Where a number comes from, as readers see it in a table: "Bair et al. 2003", or
    "Bair et al. 2003, as summarised by Rayner et al. 2016" when it was read in ``via``."""
    text = short_citation(source, path)
    return f"{text}, as summarised by {short_citation(via, path)}" if via else text


def full_citation(key: str, path: Path = BIBLIOGRAPHY) -> str:
    """A reference-list entry as text: authors, title, journal, year and DOI (pybtex's
    "plain" style). Raises KeyError for an unknown key."""
    from pybtex.plugin import find_plugin

    entries = _database(path).entries
    if key not in entries:
        raise KeyError(f"'{key}' is not a key in {path}")
    style = find_plugin("pybtex.style.formatting", "plain")()
    return _plain(style.format_entry(key, entries[key]).text.render_as("text"))
