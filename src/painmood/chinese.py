"""Chinese in an English course: tagged for screen readers, findable by search.

* :func:`tag_chinese` wraps every run of Han characters in the HTML a reader sees in
  ``<span lang="zh-Hans">``, so a screen reader switches to a Chinese voice for it. The
  book runs it over every built page (``painmood.sphinxext``); Python that writes HTML
  text for the browser to insert later (the simulator's target list) runs it too.
* :func:`han_substrings` lists every short Han substring of a text; the book's search
  index adds them (``painmood.sphinxext``), so searching the site for 焦虑 finds a page
  that writes 焦虑障碍 or 负性情绪与焦虑 (Chinese has no spaces to split words at).
"""

from __future__ import annotations

import html
import re


LANG = "zh-Hans"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Chinese punctuation that belongs with the Han run before it (、，。：；（）《》 etc.).
CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
HAN_RUN = re.compile(f"[{HAN}][{HAN}{CJK_PUNCTUATION}]*")
HAN_CHAR = re.compile(f"[{HAN}]")
OPEN_TAG = f'<span lang="{LANG}">'
#: Elements whose text is not shown as text (or cannot hold a span).
RAW_TEXT_ELEMENTS = ("script", "style", "title", "textarea", "option")
TAG_OR_TEXT = re.compile(r"(<!--.*?-->|<[^>]+>)", re.DOTALL)
#: Longest Han substring put in the search index (terms in the course are shorter).
LONGEST_INDEXED = 8


def _tag_text(text: str) -> str:
    return HAN_RUN.sub(lambda m: f"{OPEN_TAG}{m.group(0)}</span>", text)


def tag_chinese(page: str) -> str:
    """Wrap Han runs of ``page``'s visible text in ``lang="zh-Hans"`` spans.

    Text inside ``script``, ``style``, ``title``, ``textarea`` and ``option`` elements,
    inside attributes, and inside an element already marked ``lang="zh…"`` is left
    alone (an option cannot hold a span: the select's label carries the language
    instead). Running it twice changes nothing.
    """
    parts = TAG_OR_TEXT.split(page)
    raw_until: str | None = None
    chinese_tag: str | None = None  # name of the open element marked lang="zh…"
    chinese_depth = 0  # how many elements of that name are open inside it
    for i, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9-]+)", part)
            tag = name.group(1).lower() if name else ""
            closing = part.startswith("</")
            if raw_until is None and not closing and tag in RAW_TEXT_ELEMENTS:
                raw_until = tag
            elif raw_until == tag and closing:
                raw_until = None
            if chinese_tag is None and not closing and re.search(r'\slang="zh', part):
                chinese_tag, chinese_depth = tag, 1
            elif chinese_tag == tag and not part.endswith("/>"):
                chinese_depth += -1 if closing else 1
                if chinese_depth == 0:
                    chinese_tag = None
            continue
        if raw_until is not None or chinese_tag is not None or not HAN_CHAR.search(part):
            continue
        parts[i] = _tag_text(part)
    return "".join(parts)


def bilingual_html(english: str, chinese: str) -> str:
    """Interface words in both languages, the Chinese tagged for screen readers."""
    return f'{html.escape(english)} <span lang="{LANG}">{html.escape(chinese)}</span>'


def han_substrings(text: str, longest: int = LONGEST_INDEXED) -> list[str]:
    """Every substring of up to ``longest`` Han characters of every Han run in ``text``."""
    found = []
    for run in re.findall(f"[{HAN}]+", text):
        for size in range(1, min(len(run), longest) + 1):
            found += [run[i:i + size] for i in range(len(run) - size + 1)]
    return found
