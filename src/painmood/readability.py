"""How easy a chapter's prose is to read: sentence lengths and Flesch reading ease.

* :func:`prose_sentences` extracts the sentences a reader sees in a MyST chapter. It
  drops the front matter, code cells, directive fences and their option lines,
  headings, tables, HTML tags and citations, and keeps the visible text of roles
  such as ``{term}`depression <Major depressive disorder>``` ("depression").
* :func:`measure` gives a chapter's word count, sentence lengths and Flesch reading
  ease; ``python -m painmood.readability`` prints them as a table for every chapter.

The Flesch score uses a simple syllable counter (groups of vowels, less a silent
final "e"), so it is an approximation of what tools such as textstat report: good
for comparing chapters and catching hard passages, not an exact grade.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from painmood.glossary import prose_of
from painmood.paths import BOOK

#: A chapter passes when no sentence is longer than this many words ...
LONGEST_SENTENCE = 40
#: ... and its Flesch reading ease is at least this (60-70 is "plain English").
LOWEST_FLESCH = 55.0

CITATION = re.compile(r"\{cite(?::\w+)?\}`[^`]*`")
VISIBLE_ROLE = re.compile(r"\{(?:term|doc|ref)\}`([^`<]*?)\s*(?:<[^>]*>)?`")
HTML_TAG = re.compile(r"<[^>\n]+>")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
EMPHASIS = re.compile(r"\*\*|\*|__")
# Abbreviations whose full stop does not end a sentence.
ABBREVIATION = re.compile(r"\b(e\.g|i\.e|et al|vs|cf|approx|Dr|Fig)\.", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')\]]*\s+")
WORD = re.compile(r"[A-Za-z0-9]")
VOWEL_GROUP = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    """Reading figures of one chapter's prose."""

    chapter: str
    sentences: tuple[str, ...]
    sentence_lengths: tuple[int, ...]
    syllables: int

    @property
    def words(self) -> int:
        return sum(self.sentence_lengths)

    @property
    def mean_length(self) -> float:
        return self.words / len(self.sentence_lengths)

    @property
    def longest(self) -> int:
        return max(self.sentence_lengths)

    @property
    def flesch(self) -> float:
        """Flesch reading ease: 206.835 - 1.015 words/sentence - 84.6 syllables/word."""
        return 206.835 - 1.015 * self.mean_length - 84.6 * self.syllables / self.words

    def sentences_over(self, limit: int) -> list[str]:
        """The sentences with more than ``limit`` words, in reading order."""
        return [s for s, n in zip(self.sentences, self.sentence_lengths) if n > limit]


def _visible_text(markdown_text: str) -> str:
    """The page with citations removed and other roles replaced by their visible text."""
    return VISIBLE_ROLE.sub(r"\1", CITATION.sub("", markdown_text))


def _blocks(prose: str) -> list[str]:
    """Paragraphs and list items of the prose, each joined onto one line."""
    blocks: list[list[str]] = [[]]
    for line in prose.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("|"):  # blank line or table row
            blocks.append([])
            continue
        if LIST_MARKER.match(line):
            blocks.append([])
        blocks[-1].append(LIST_MARKER.sub("", stripped))
    return [" ".join(lines) for lines in blocks if lines]


def prose_sentences(markdown_text: str) -> list[str]:
    """The sentences of a MyST page's reader-facing prose, in reading order."""
    prose = HTML_TAG.sub(" ", prose_of(_visible_text(markdown_text)))
    sentences = []
    for block in _blocks(EMPHASIS.sub("", prose)):
        guarded = ABBREVIATION.sub(lambda m: m.group(0).replace(".", "\0"), block)
        for piece in SENTENCE_END.split(guarded):
            sentence = re.sub(r"\s+", " ", piece.replace("\0", ".")).strip()
            if any(WORD.search(token) for token in sentence.split()):
                sentences.append(sentence)
    return sentences


def words_of(sentence: str) -> list[str]:
    """The words of a sentence: tokens holding a Latin letter or a digit (Chinese names are not counted)."""
    return [token for token in sentence.split() if WORD.search(token)]


def syllables(word: str) -> int:
    """Approximate syllables of an English word: vowel groups, less a silent final "e", at least 1."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    count = len(VOWEL_GROUP.findall(letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def measure_text(markdown_text: str, chapter: str) -> Readability:
    """Reading figures of a MyST page given as text; ``chapter`` names it in messages."""
    sentences = prose_sentences(markdown_text)
    if not sentences:
        raise ValueError(f"{chapter}: no prose sentences found")
    words = [words_of(sentence) for sentence in sentences]
    return Readability(
        chapter=chapter,
        sentences=tuple(sentences),
        sentence_lengths=tuple(len(w) for w in words),
        syllables=sum(syllables(word) for sentence_words in words for word in sentence_words),
    )


def measure(path: Path) -> Readability:
    """Reading figures of the MyST chapter at ``path``."""
    return measure_text(path.read_text(encoding="utf-8"), path.name)


def table(reports: list[Readability]) -> str:
    """A plain-text table: chapter, words, sentences, mean and longest sentence, Flesch."""
    rows = [f"{'chapter':<28} {'words':>6} {'sentences':>9} {'mean':>5} {'longest':>7} {'Flesch':>6}"]
    rows += [
        f"{r.chapter:<28} {r.words:>6} {len(r.sentence_lengths):>9} {r.mean_length:>5.1f} {r.longest:>7} {r.flesch:>6.1f}"
        for r in reports
    ]
    return "\n".join(rows)


def main(chapters: list[Path] | None = None) -> None:
    """Print the readability table of every ``book/ch*.md`` (or of the given files)."""
    print(table([measure(path) for path in chapters or sorted(BOOK.glob("ch*.md"))]))


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]])
