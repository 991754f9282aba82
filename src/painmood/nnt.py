"""The NNT icon array of chapter 7: what a number needed to treat means for 100 people.

The reader picks one row of a published-numbers file (``assets/evidence/<name>.yaml``,
read with :func:`painmood.evidence.load_evidence`); each row is a number needed to treat
(NNT) against placebo. Out of ``people`` icons::

    because of the drug   = round(people / NNT)
    on placebo anyway     = round(people * placebo share / 100)
    no such relief        = people - the two above

rounded half up (the same in Python and in ``painmood-nnt.js``). The placebo share and
the evidence file named come from ``assets/nnt.yaml``. :func:`static_nnt_html` is the
book's version: a native ``<select>``, 100 icons drawn with HTML and CSS, and a live text
summary (the text alternative) that ``painmood-nnt.js`` rewrites with the same numbers.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from painmood.bibliography import bib_keys, sources_text
from painmood.chinese import bilingual_html
from painmood.datafiles import DataFileError, load_yaml, require, require_number, require_text
from painmood.evidence import EVIDENCE_DIR, Estimate, EvidenceTable, load_evidence
from painmood.figures import PALETTE, element_id
from painmood.paths import ASSETS

NNT_FILE = ASSETS / "nnt.yaml"
FIELDS = frozenset({"evidence", "people", "default", "placebo"})
PLACEBO_FIELDS = frozenset({"share", "low", "high", "outcome", "population", "source", "basis"})
#: The three groups of icons, in drawing order: (id, English, Chinese, CSS shape).
GROUPS = (
    ("placebo", "Would have improved on placebo anyway", "安慰剂也会改善", "square"),
    ("drug", "Improved because of the drug", "因药物而改善", "circle"),
    ("none", "Did not get this much relief", "未达到这种缓解", "ring"),
)
ILLUSTRATIVE = ("Each icon is one person out of 100 taking the drug. The NNTs are published "
                "numbers; the placebo share comes from a different set of trials, so putting the "
                "two together is a teaching assumption.")


@dataclass(frozen=True)
class PlaceboRate:
    """The share (%) of people on placebo who reach the outcome, with its source."""

    share: float
    low: float | None
    high: float | None
    outcome: str
    population: str
    source: str
    basis: str


@dataclass(frozen=True)
class IconSettings:
    """The parsed ``assets/nnt.yaml`` with the evidence table it names."""

    evidence: str
    table: EvidenceTable
    people: int
    default: str
    placebo: PlaceboRate

    def rows(self) -> dict[str, Estimate]:
        """The choosable rows (every row of the evidence file), by id, in file order."""
        return {item.id: item for item in self.table.items}


@dataclass(frozen=True)
class IconCounts:
    """How many of ``people`` icons fall in each group."""

    placebo: int
    drug: int
    none: int

    @property
    def improved(self) -> int:
        """Everyone on the drug who reached the outcome (placebo anyway + because of the drug)."""
        return self.placebo + self.drug


def round_half_up(x: float) -> int:
    """Round as JavaScript's Math.round does for positive numbers (2.5 -> 3, not 2)."""
    return math.floor(x + 0.5)


def icon_counts(nnt: float, people: int = 100, placebo_share: float = 23.0) -> IconCounts:
    """The three groups for one NNT; raises ValueError when they do not fit in ``people``."""
    if isinstance(nnt, bool) or not isinstance(nnt, (int, float)) or not nnt >= 1:
        raise ValueError(f"NNT = {nnt!r} must be a number of at least 1")
    drug = round_half_up(people / nnt)
    placebo = round_half_up(people * placebo_share / 100)
    none = people - drug - placebo
    if none < 0:
        raise ValueError(f"NNT {nnt:g} and a placebo share of {placebo_share:g} % add up to more "
                         f"than {people} people")
    return IconCounts(placebo=placebo, drug=drug, none=none)


def _placebo(raw: object, source: Path, known: frozenset[str]) -> PlaceboRate:
    raw = require(raw, dict, source, "placebo")
    unknown = set(raw) - PLACEBO_FIELDS
    if unknown:
        raise DataFileError(source, "placebo", sorted(unknown)[0], "is not a field of placebo")
    share = require_number(raw.get("share"), source, "placebo.share", 0, 100)
    low, high = raw.get("low"), raw.get("high")
    if (low is None) != (high is None):
        raise DataFileError(source, "placebo", "low/high", "must be given together")
    if low is not None:
        low = require_number(low, source, "placebo.low", 0, 100)
        high = require_number(high, source, "placebo.high", 0, 100)
        if not low <= share <= high:
            raise DataFileError(source, "placebo", "share", f"must lie within low-high ({low:g}-{high:g}), got {share:g}")
    key = require_text(raw.get("source"), source, "placebo.source")
    if key not in known:
        raise DataFileError(source, "placebo", "source", f"names {key!r}, which is not in assets/references.bib")
    return PlaceboRate(share=share, low=low, high=high,
                       outcome=require_text(raw.get("outcome"), source, "placebo.outcome"),
                       population=require_text(raw.get("population"), source, "placebo.population"),
                       source=key, basis=require_text(raw.get("basis"), source, "placebo.basis"))


def parse_nnt(data: object, source: Path, known_keys: frozenset[str] | None = None,
              evidence_dir: Path = EVIDENCE_DIR) -> IconSettings:
    """Check the parsed YAML of the icon-array file; errors name the file, item and field.

    Checks: no unknown fields; the evidence file exists and is valid (its own errors name
    it); every row has a point value (the NNT) of at least 1; ``people`` a whole number
    from 10 to 1000; ``default`` a row id; the placebo share within 0-100 and its interval;
    a known bib key; and for every row, the icons fit in ``people``.
    """
    known = bib_keys() if known_keys is None else known_keys
    root = require(data, dict, source, "the file")
    unknown = set(root) - FIELDS
    if unknown:
        raise DataFileError(source, "the file", sorted(unknown)[0], "is not a field of the icon-array file")
    name = require_text(root.get("evidence"), source, "the file.evidence")
    if not (evidence_dir / f"{name}.yaml").exists():
        raise DataFileError(source, "the file", "evidence", f"names {name!r}, which is not a file of {evidence_dir}")
    table = load_evidence(name, evidence_dir)
    for item in table.items:
        if item.value is None or item.value < 1:
            raise DataFileError(source, f"row '{item.id}' of {name}", "value",
                                "must be an NNT of at least 1 (a point value)")
    people = require(root.get("people"), int, source, "the file.people")
    if not 10 <= people <= 1000:
        raise DataFileError(source, "the file", "people", f"must be between 10 and 1000, got {people}")
    default = require_text(root.get("default"), source, "the file.default")
    ids = [item.id for item in table.items]
    if default not in ids:
        raise DataFileError(source, "the file", "default", f"{default!r} is not one of the rows {ids}")
    placebo = _placebo(root.get("placebo"), source, known)
    for item in table.items:
        try:
            icon_counts(item.value, people, placebo.share)
        except ValueError as exc:
            raise DataFileError(source, f"row '{item.id}' of {name}", "value", str(exc)) from exc
    return IconSettings(evidence=name, table=table, people=people, default=default, placebo=placebo)


@lru_cache(maxsize=None)
def load_nnt(path: Path = NNT_FILE) -> IconSettings:
    """The icon array's settings from ``assets/nnt.yaml`` (validated; see :func:`parse_nnt`)."""
    return parse_nnt(load_yaml(path), path)


def short_label(item: Estimate) -> str:
    """The row's label without its bracketed note: "SNRIs (NNT, 95 % CI)" -> "SNRIs"."""
    return item.label.split(" (", 1)[0]


def counts_for(choice: str | None = None, settings: IconSettings | None = None) -> IconCounts:
    """The icon counts for a row id of the evidence file (default: the file's default)."""
    settings = settings or load_nnt()
    rows = settings.rows()
    choice = choice or settings.default
    if choice not in rows:
        raise ValueError(f"row '{choice}' is unknown; allowed: {list(rows)}")
    return icon_counts(rows[choice].value, settings.people, settings.placebo.share)


def _range_text(item: Estimate, settings: IconSettings) -> str:
    if item.low is None:
        return ""
    fewest = round_half_up(settings.people / item.high)
    most = round_half_up(settings.people / item.low)
    return f" The 95 % interval of the NNT ({item.low:g} to {item.high:g}) puts that number anywhere from {fewest} to {most}."


def summary_text(choice: str | None = None, settings: IconSettings | None = None) -> str:
    """The icon array in words (its text alternative; painmood-nnt.js writes the same)."""
    settings = settings or load_nnt()
    choice = choice or settings.default
    item = settings.rows()[choice]
    counts = counts_for(choice, settings)
    outcome = settings.placebo.outcome
    return (f"{short_label(item)}, NNT {item.value:g}. Out of {settings.people} people taking the drug, "
            f"about {counts.improved} got {outcome}. About {counts.placebo} of them would have got it "
            f"on placebo anyway, so about {counts.drug} got it because of the drug."
            f"{_range_text(item, settings)} The other {counts.none} did not get this much relief.")


# ---- static version (the book) -------------------------------------------------------

STYLE = (
    "<style>"
    ".pm-nnt-grid{display:grid;grid-template-columns:repeat(10,1.25rem);gap:.3rem;margin:.5rem 0}"
    ".pm-nnt-icon,.pm-nnt-key{display:inline-block;width:1.1rem;height:1.1rem;box-sizing:border-box}"
    f".pm-nnt-placebo{{background:{PALETTE['emotion']};border-radius:2px}}"
    f".pm-nnt-drug{{background:{PALETTE['both']};border-radius:50%}}"
    f".pm-nnt-none{{border:2px solid {PALETTE['neutral']};border-radius:50%}}"
    ".pm-nnt-legend{list-style:none;padding-left:0}"
    ".pm-nnt-legend li{margin:.2rem 0}.pm-nnt-legend .pm-nnt-key{vertical-align:middle;margin-right:.4rem}"
    "</style>"
)


def _payload(settings: IconSettings) -> dict[str, Any]:
    """What painmood-nnt.js needs: people, placebo share, outcome and each row's NNT."""
    return {"people": settings.people, "placebo_share": settings.placebo.share,
            "outcome": settings.placebo.outcome,
            "rows": {item.id: {"label": short_label(item), "nnt": item.value,
                               "low": item.low, "high": item.high}
                     for item in settings.table.items}}


def _option_text(item: Estimate) -> str:
    spread = f" ({item.low}–{item.high})" if item.low is not None else ""  # as published
    return f"{short_label(item)}: NNT {item.value}{spread}"


def _icons(counts: IconCounts) -> str:
    groups = [("placebo", counts.placebo), ("drug", counts.drug), ("none", counts.none)]
    return "".join(f'<span class="pm-nnt-icon pm-nnt-{group}"></span>' for group, n in groups for _ in range(n))


def sources_line(settings: IconSettings) -> str:
    """Where the numbers come from, as "Author Year" text."""
    nnt_sources = sorted({item.sources_text() for item in settings.table.items})
    p = settings.placebo
    spread = f" (95 % CI {p.low:g}–{p.high:g} %)" if p.low is not None else ""
    return (f"NNTs: {'; '.join(nnt_sources)}. Placebo share {p.share:g} %{spread}, {p.population}: "
            f"{sources_text(p.source)}. {p.basis}")


def static_nnt_html(choice: str | None = None) -> str:
    """The book's icon array: a labelled select, 100 icons, a legend with counts and a live summary."""
    settings = load_nnt()
    choice = choice or settings.default
    counts = counts_for(choice, settings)
    payload = json.dumps(_payload(settings), separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    root = element_id("pm-nnt", payload + choice)
    options = "".join(
        f'<option value="{item.id}"{" selected" if item.id == choice else ""}>{html.escape(_option_text(item))}</option>'
        for item in settings.table.items)
    legend = "".join(
        f'<li><span class="pm-nnt-key pm-nnt-{gid}" aria-hidden="true"></span>'
        f'<span class="pm-nnt-count" data-group="{gid}">{getattr(counts, gid)}</span> · '
        f"{bilingual_html(en, zh)}</li>" for gid, en, zh, _ in GROUPS)
    return (
        f'<section class="pm-nnt" id="{root}" aria-label="Number needed to treat, shown as 100 people">'
        f"{STYLE}"
        f'<script type="application/json" class="pm-nnt-data">{payload}</script>'
        f'<p class="pm-nnt-note"><strong>{html.escape(ILLUSTRATIVE)}</strong></p>'
        f'<div class="pm-nnt-control"><label for="{root}-choice">{bilingual_html("Drug class", "药物类别")}</label> '
        f'<select id="{root}-choice" class="pm-nnt-choice">{options}</select></div>'
        f'<figure class="pm-nnt-figure" aria-labelledby="{root}-summary">'
        f'<div class="pm-nnt-grid" aria-hidden="true">{_icons(counts)}</div>'
        f'<figcaption id="{root}-summary" class="pm-nnt-summary" aria-live="polite">'
        f"{html.escape(summary_text(choice, settings))}</figcaption></figure>"
        f'<ul class="pm-nnt-legend">{legend}</ul>'
        f'<p class="pm-nnt-sources">{html.escape(sources_line(settings))}</p>'
        "</section>"
    )


class NNTIcons:
    """The icon array as one display: static HTML (book and Jupyter) and its summary as text."""

    def __init__(self, choice: str | None = None) -> None:
        self.choice = choice

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/html": static_nnt_html(self.choice), "text/plain": summary_text(self.choice)}


def show_nnt(choice: str | None = None) -> NNTIcons:
    """The icon array for a chapter: end a cell with it. ``choice`` is a row id, e.g. "tca"."""
    counts_for(choice)  # an unknown row fails here, in the cell that asked for it
    return NNTIcons(choice)
