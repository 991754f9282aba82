"""The glossary: data file, the "link every term once per chapter" rule, the built page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from painmood.datafiles import DataFileError
from painmood.glossary import GlossaryEntry, load_glossary, parse_glossary, prose_of, unlinked_terms
from painmood.paths import BOOK

CHAPTERS = sorted(BOOK.glob("ch*.md"))
CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCE = Path("glossary.yaml")

AMYGDALA = GlossaryEntry("Amygdala", "杏仁核", "A threat detector.")
PAIN = GlossaryEntry("Pain", "疼痛", "Unpleasant.")
CHRONIC = GlossaryEntry("Chronic pain", "慢性疼痛", "Lasting pain.")
ACT = GlossaryEntry("ACT", "接纳与承诺疗法", "A therapy.", aliases=("acceptance and commitment therapy",))
CEA = GlossaryEntry("Central nucleus of the amygdala", "杏仁核中央核", "Output.", aliases=("CeA",))
SAMPLE = (AMYGDALA, PAIN, CHRONIC, ACT, CEA)


def test_glossary_has_the_course_terms_in_both_languages() -> None:
    entries = load_glossary()
    assert len(entries) >= 60
    for entry in entries:
        assert CJK.search(entry.zh), f"{entry.term}: zh '{entry.zh}' has no Chinese characters"
        assert len(entry.definition.split()) >= 5, f"{entry.term}: definition too short"
    terms = {entry.term for entry in entries}
    assert {"Amygdala", "Chronic pain", "Periaqueductal grey", "CBT", "Number needed to treat"} <= terms


@pytest.mark.parametrize(("data", "item", "field"), [
    ({"terms": [{"term": "Amygdala", "definition": "x y"}]}, "term 'Amygdala'", "zh"),
    ({"terms": [{"term": "Amygdala", "zh": "杏仁核", "definition": " "}]}, "term 'Amygdala'", "definition"),
    ({"terms": [{"term": "A", "zh": "甲", "definition": "d", "references": ["nobody2099"]}]}, "term 'A'", "references"),
    ({"terms": [{"term": "A", "zh": "甲", "definition": "d", "aliasses": ["x"]}]}, "term 'A'", "aliasses"),
    ({"terms": [{"term": "A", "zh": "甲", "definition": "d"},
                {"term": "B", "zh": "乙", "definition": "d", "aliases": ["a"]}]}, "term 'B'", "term/aliases"),
    ({"terms": [{"zh": "甲", "definition": "d"}]}, "terms[0]", "term"),
    ({"entries": []}, "the file", "terms"),
])
def test_bad_glossary_names_file_entry_and_field(data: dict, item: str, field: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_glossary(data, SOURCE)
    assert (caught.value.source, caught.value.item, caught.value.field) == ("glossary.yaml", item, field)


def test_unlinked_term_is_reported_and_a_link_anywhere_clears_it() -> None:
    assert unlinked_terms("The amygdala tags threats.", SAMPLE) == ["Amygdala"]
    assert unlinked_terms("The {term}`amygdala <Amygdala>` tags threats. The amygdala again.", SAMPLE) == []
    assert unlinked_terms("The {term}`Amygdala` tags threats.", SAMPLE) == []


def test_matching_is_case_insensitive_whole_words_but_capitals_are_exact() -> None:
    assert unlinked_terms("AMYGDALA and Amygdala", SAMPLE) == ["Amygdala"]
    assert unlinked_terms("amygdaloid nuclei", SAMPLE) == []  # not a whole word
    assert unlinked_terms("We act on values.", SAMPLE) == []  # "act" is not the abbreviation ACT
    assert unlinked_terms("ACT helps.", SAMPLE) == ["ACT"]
    assert unlinked_terms("Acceptance and commitment therapy helps.", SAMPLE) == ["ACT"]


def test_a_link_to_an_alias_counts_for_its_term() -> None:
    assert unlinked_terms("The CeA and the central nucleus of the amygdala. {term}`CeA`", SAMPLE) == []


def test_longer_terms_are_matched_before_the_words_inside_them() -> None:
    assert unlinked_terms("Chronic pain is common.", SAMPLE) == ["Chronic pain"]
    assert unlinked_terms("{term}`Chronic pain` hurts; pain is personal.", SAMPLE) == ["Pain"]


def test_code_headings_roles_and_options_are_not_prose() -> None:
    page = "\n".join([
        "---", "title: Amygdala", "---",
        "# The amygdala",
        "```{code-cell} ipython3", "amygdala = 1", "```",
        "```python", "pain = 2", "```",
        "```{note}", ":class: amygdala", "Inside a note the insula counts.", "```",
        "See {cite}`amygdala2020` and `pain` and [a link](amygdala.html).",
        "<!-- pain -->",
    ])
    prose = prose_of(page)
    assert "amygdala" not in prose.lower() and "pain" not in prose.lower()
    assert "Inside a note the insula counts." in prose
    assert unlinked_terms(page, SAMPLE) == []


def test_nested_directive_fences_keep_their_prose() -> None:
    page = "````{exercise}\n:label: ex1\nWhere is the amygdala?\n```python\npain = 1\n```\n````\nAfter."
    assert unlinked_terms(page, SAMPLE) == ["Amygdala"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_chapter_links_every_glossary_term_it_uses(chapter: Path) -> None:
    missing = unlinked_terms(chapter.read_text(encoding="utf-8"))
    assert missing == [], (
        f"{chapter.name} uses these glossary terms without linking any of their names once "
        f"with {{term}}: {missing}")


@pytest.mark.build
def test_built_glossary_page_lists_every_term_with_chinese(built_site: Path) -> None:
    page = (built_site / "book" / "glossary.html").read_text(encoding="utf-8")
    for entry in load_glossary():
        anchor = "term-" + re.sub(r"[^\w]+", "-", entry.term).strip("-")
        assert f'id="{anchor}"' in page, f"{entry.term} has no glossary anchor"
        assert f'lang="zh-Hans">({html.escape(entry.zh)})</span>' in page, f"{entry.term}: Chinese not shown"
