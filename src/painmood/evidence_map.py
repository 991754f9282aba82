"""The evidence map: for each treatment, its published effect on pain and on mood or
distress, each with its comparator, outcome, time point, certainty and source.

Data: ``assets/evidence/map/<family>.yaml``, one file per treatment family of
``assets/treatments.yaml`` (format: ``assets/evidence/README.md``). Every row is checked
on loading (:func:`load_evidence_map`); a bad row raises a :class:`DataFileError`
naming the file, the item and the field.

Shown by :func:`show_evidence_map` as one display:

* a paired forest plot (pain panel | mood panel, rows shared, 95 % intervals) on one
  standardised "benefit" scale, positive = favours the treatment: a standardised mean
  difference (SMD) is flipped when lower scores are better; an odds ratio becomes
  ln(OR)/1.81 (Chinn 2000), flipped the same way;
* a comparator filter: rows compared with placebo or sham (blinded) are never mixed
  with rows compared with another active treatment (active control) or with usual care,
  a waitlist or no treatment (unblinded, so their sizes include expectation and
  attention effects) unless the reader asks for all, and
  the line above the plot always says which comparators are shown;
* a caption that is the figure's text alternative (every plotted number with its
  comparator), and an HTML table with the published numbers.

In the book the filter is native radio buttons and ``painmood-evidence-map.js`` (no
kernel); in a running notebook it is an ipywidgets toggle that redraws the figure.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import plotly.graph_objects as go

from painmood.bibliography import citable_keys, sources_text
from painmood.chinese import bilingual_html, tag_chinese
from painmood.datafiles import (DataFileError, load_yaml, named_check, reject_unknown, require, require_number,
                                require_one_of, require_text)
from painmood.figures import PALETTE, element_id, figure_html
from painmood.model import COMPARATORS
from painmood.paths import ASSETS
from painmood.tables import html_table
from painmood.treatments import Treatment, load_treatments

MAP_DIR = ASSETS / "evidence" / "map"
#: Divisor that turns ln(odds ratio) into an approximate SMD (Chinn 2000: pi / sqrt(3) = 1.81).
CHINN_FACTOR = 1.81
CERTAINTIES = ("high", "moderate", "low", "very low", "not graded")
BETTER = ("higher", "lower")
SYMPTOMS = ("pain", "mood")
ITEM_FIELDS = frozenset({"id", "treatment", "label", "label_zh", "population", "comparator", "time_point",
                         "source", "via", "pain", "mood", "note"})
RESULT_FIELDS = frozenset({"outcome", "smd", "odds_ratio", "finding", "low", "high", "better", "certainty",
                           "trials", "participants"})
KINDS = ("smd", "odds_ratio", "finding")
#: Comparators a map row may name ("not measured" is for model presets only).
MAP_COMPARATORS = tuple(c for c in COMPARATORS if c != "not measured")


@dataclass(frozen=True)
class Group:
    """A comparator group: results inside one group may be set side by side."""

    id: str
    label: str
    label_zh: str
    comparators: tuple[str, ...]
    symbol: str
    color: str
    shown: str  # what the line above the plot says when this group is shown


#: The comparator groups, in the order the filter offers them. The first group present
#: in a selection is its default view.
GROUPS: tuple[Group, ...] = (
    Group("blinded", "Placebo or sham (blinded)", "安慰剂或假治疗（盲法）", ("placebo", "sham"),
          "circle", PALETTE["emotion"],
          "Shown: comparisons with placebo or sham only. Both groups were blinded, so these sizes "
          "leave out expectation and attention effects."),
    Group("unblinded", "Usual care, waitlist or no treatment (unblinded)", "常规治疗、等待名单或无治疗（非盲）",
          ("usual care", "waitlist", "usual care or waitlist", "no treatment"),
          "diamond", PALETTE["pain"],
          "Shown: comparisons with usual care, a waitlist or no treatment only. Nobody was blinded, so "
          "these sizes include expectation and attention effects and run larger than blinded ones."),
    Group("active", "Active control (another treatment)", "积极对照（另一种治疗）", ("active control",),
          "triangle-up", PALETTE["both"],
          "Shown: comparisons with an active control only, such as exercise or education. Both "
          "groups got time and attention, so these sizes usually run smaller than against usual "
          "care or a waitlist."),
    Group("mixed", "Mixed controls", "混合对照", ("mixed controls",),
          "square", PALETTE["neutral"],
          "Shown: comparisons pooled over several kinds of control only; blinded and unblinded "
          "controls are mixed inside each of these numbers."),
)
ALL = "all"
ALL_LABEL = ("All comparators together", "全部对照")
ALL_SHOWN = ("Shown: every comparator together (blinded rows as circles, active controls as triangles, "
             "unblinded rows as diamonds, mixed controls as squares). Compare sizes only within one "
             "comparator group: unblinded comparisons run larger.")
GROUP_OF = {c: g.id for g in GROUPS for c in g.comparators}
GROUP_BY_ID = {g.id: g for g in GROUPS}
#: Plot height: fixed part plus one band per plotted row (painmood-evidence-map.js uses the same).
BASE_HEIGHT = 200
ROW_HEIGHT = 52
PANELS = (("pain", "x", "Pain 疼痛"), ("mood", "x2", "Mood 情绪"))


@dataclass(frozen=True)
class Result:
    """One published effect on one symptom (pain, or mood or distress)."""

    outcome: str
    kind: str  # "smd", "odds_ratio" or "finding"
    certainty: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    better: str | None = None
    finding: str | None = None
    trials: int | None = None
    participants: int | None = None

    @property
    def plotted(self) -> bool:
        return self.kind != "finding"

    @property
    def converted(self) -> bool:
        """True when the plotted value is a conversion (an odds ratio), not the published number."""
        return self.kind == "odds_ratio"

    def published_text(self) -> str:
        """The number as published, e.g. "OR 1.79 (1.67 to 1.91)" or "SMD -0.16 (-0.22 to -0.1)"."""
        if self.kind == "finding":
            return str(self.finding)
        name = "OR" if self.kind == "odds_ratio" else "SMD"
        spread = f" ({_fmt(self.low)} to {_fmt(self.high)})" if self.low is not None else ""
        return f"{name} {_fmt(self.value)}{spread}"


@dataclass(frozen=True)
class MapItem:
    """One row of the evidence map: a treatment against one comparator."""

    id: str
    family: str
    treatment: str
    label: str
    label_zh: str
    population: str
    comparator: str
    time_point: str
    source: str
    file: str
    pain: Result | None = None
    mood: Result | None = None
    via: str | None = None
    note: str | None = None

    @property
    def group(self) -> str:
        """The comparator group id ("blinded", "unblinded" or "mixed")."""
        return GROUP_OF[self.comparator]

    @property
    def row_label(self) -> str:
        """The row's name in the plot (unique across the map), e.g. "Duloxetine vs placebo"."""
        return f"{self.label} vs {self.comparator}"

    def results(self) -> Iterable[tuple[str, Result | None]]:
        return ((s, getattr(self, s)) for s in SYMPTOMS)

    def keys(self) -> frozenset[str]:
        """The bibliography keys behind the row (cite them in the surrounding text)."""
        return frozenset(k for k in (self.source, self.via) if k)

    def sources_text(self) -> str:
        """The row's source as readers see it (with "as summarised by" for ``via``)."""
        return sources_text(self.source, self.via)


def _fmt(number: float | None) -> str:
    """A number as the data file wrote it (1.79 stays 1.79, -0.1 stays -0.1)."""
    return "" if number is None else str(number)


# ---- loading and checking -------------------------------------------------------------

def _count(raw: dict, field: str, source: Path, item: str, prefix: str) -> int | None:
    value = raw.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DataFileError(source, item, prefix + field, f"must be a whole number of at least 1, got {value!r}")
    return value


def _result(raw_value: object, symptom: str, source: Path, item: str) -> Result:
    raw = named_check(source, item, symptom, lambda w: require(raw_value, dict, source, w))
    p = f"{symptom}."
    reject_unknown(raw, RESULT_FIELDS, source, item, p)
    kinds = [k for k in KINDS if k in raw]
    if len(kinds) != 1:
        raise DataFileError(source, item, p + "smd/odds_ratio/finding",
                            f"must give exactly one of smd, odds_ratio or finding, got {kinds or 'none'}")
    kind = kinds[0]
    outcome = named_check(source, item, p + "outcome", lambda w: require_text(raw.get("outcome"), source, w))
    certainty = named_check(source, item, p + "certainty",
                       lambda w: require_one_of(raw.get("certainty"), CERTAINTIES, source, w))
    trials = _count(raw, "trials", source, item, p)
    participants = _count(raw, "participants", source, item, p)
    if kind == "finding":
        for field in ("low", "high", "better"):
            if field in raw:
                raise DataFileError(source, item, p + field, "is only allowed with smd or odds_ratio")
        finding = named_check(source, item, p + "finding", lambda w: require_text(raw["finding"], source, w))
        return Result(outcome, kind, certainty, finding=finding, trials=trials, participants=participants)
    numbers = {}
    for field in (kind, "low", "high"):
        if field in raw:
            numbers[field] = named_check(source, item, p + field, lambda w: require_number(raw[field], source, w))
            if kind == "odds_ratio" and numbers[field] <= 0:
                raise DataFileError(source, item, p + field, f"must be above 0 (an odds ratio), got {raw[field]!r}")
    value, low, high = numbers[kind], numbers.get("low"), numbers.get("high")
    if (low is None) != (high is None):
        raise DataFileError(source, item, p + ("high" if high is None else "low"),
                            "is missing: give low and high together (the 95 % interval) or neither")
    if low is not None and not low <= value <= high:
        raise DataFileError(source, item, p + kind, f"must lie within low-high ({low!r} to {high!r}), got {value!r}")
    better = named_check(source, item, p + "better", lambda w: require_one_of(raw.get("better"), BETTER, source, w))
    return Result(outcome, kind, certainty, value=value, low=low, high=high, better=better,
                  trials=trials, participants=participants)


def _bib_key(raw: dict, field: str, source: Path, item: str, known: frozenset[str]) -> str | None:
    if field == "via" and raw.get(field) is None:
        return None
    key = named_check(source, item, field, lambda w: require(raw.get(field), str, source, w))
    if key not in known:
        raise DataFileError(source, item, field,
                            f"names {key!r}, which is not an entry with a DOI or URL in assets/references.bib")
    return key


def _item(raw_value: object, index: int, family: str, source: Path, known: frozenset[str],
          treatments: dict[str, Treatment]) -> MapItem:
    raw = named_check(source, f"items[{index}]", "(entry)", lambda w: require(raw_value, dict, source, w))
    item_id = named_check(source, f"items[{index}]", "id", lambda w: require_text(raw.get("id"), source, w))
    item = f"item '{item_id}'"
    reject_unknown(raw, ITEM_FIELDS, source, item)
    treatment = named_check(source, item, "treatment", lambda w: require_one_of(raw.get("treatment"), treatments, source, w))
    if treatments[treatment].family != family:
        raise DataFileError(source, item, "treatment",
                            f"'{treatment}' belongs to the family '{treatments[treatment].family}', "
                            f"not to this file's family '{family}'")
    results = {s: _result(raw[s], s, source, item) for s in SYMPTOMS if raw.get(s) is not None}
    if not results:
        raise DataFileError(source, item, "pain/mood", "is missing: give at least one of pain or mood")
    def text(field: str) -> str:
        return named_check(source, item, field, lambda w: require_text(raw.get(field), source, w))

    return MapItem(
        id=item_id, family=family, treatment=treatment,
        label=text("label"), label_zh=text("label_zh"), population=text("population"),
        comparator=named_check(source, item, "comparator",
                          lambda w: require_one_of(raw.get("comparator"), MAP_COMPARATORS, source, w)),
        time_point=text("time_point"),
        source=_bib_key(raw, "source", source, item, known), via=_bib_key(raw, "via", source, item, known),
        file=str(source), pain=results.get("pain"), mood=results.get("mood"),
        note=None if raw.get("note") is None else text("note"),
    )


def parse_map_file(data: object, source: Path, known_keys: frozenset[str] | None = None,
                   treatments: dict[str, Treatment] | None = None) -> list[MapItem]:
    """Check and convert the parsed YAML of one map file (``<family>.yaml``).

    Raises DataFileError naming the file, the item and the field for any problem (the
    rules are listed in ``assets/evidence/README.md``).
    """
    known = citable_keys() if known_keys is None else known_keys
    treatments = load_treatments() if treatments is None else treatments
    families = sorted({t.family for t in treatments.values()})
    root = require(data, dict, source, "the file")
    reject_unknown(root, frozenset({"family", "items"}), source, "the file")
    family = require_one_of(root.get("family"), families, source, "the file.family")
    if family != Path(source).stem:
        raise DataFileError(source, "the file", "family",
                            f"'{family}' must equal the file name ('{Path(source).stem}.yaml' holds that family)")
    rows = require(root.get("items"), list, source, "the file.items")
    if not rows:
        raise DataFileError(source, "the file", "items", "must list at least one row")
    items: list[MapItem] = []
    for index, raw in enumerate(rows):
        items.append(_item(raw, index, family, source, known, treatments))
    _check_unique(items)
    return items


def _check_unique(items: Sequence[MapItem]) -> None:
    """Ids, and row labels (label + comparator: the plot's rows), are unique."""
    ids: dict[str, MapItem] = {}
    rows: dict[str, MapItem] = {}
    for item in items:
        if item.id in ids:
            raise DataFileError(item.file, f"item '{item.id}'", "id", f"is used twice (also in {ids[item.id].file})")
        if item.row_label in rows:
            raise DataFileError(item.file, f"item '{item.id}'", "label",
                                f"'{item.label}' against {item.comparator} is already the row of item "
                                f"'{rows[item.row_label].id}': make the label say what differs")
        ids[item.id], rows[item.row_label] = item, item


def load_map_files(directory: Path = MAP_DIR) -> list[MapItem]:
    """Every ``*.yaml`` file of ``directory`` (validated), in file-name order; ids and
    row labels unique across the files."""
    items: list[MapItem] = []
    for path in sorted(Path(directory).glob("*.yaml")):
        items += parse_map_file(load_yaml(path), path)
    _check_unique(items)
    return items


@lru_cache(maxsize=None)
def _cached_map() -> tuple[MapItem, ...]:
    return tuple(load_map_files())


def load_evidence_map() -> list[MapItem]:
    """All rows of ``assets/evidence/map/*.yaml`` (validated; ids unique across files)."""
    return list(_cached_map())


def select_items(families: list[str] | None = None, treatments: list[str] | None = None,
                 items: Sequence[MapItem] | None = None) -> list[MapItem]:
    """The rows of the given families and/or treatments (all rows when both are None).

    Raises ValueError for an unknown family or treatment, and when nothing is selected.
    """
    items = load_evidence_map() if items is None else list(items)
    known = load_treatments()
    for name, asked, allowed in (("family", families, {t.family for t in known.values()}),
                                 ("treatment", treatments, set(known))):
        for value in asked or ():
            if value not in allowed:
                raise ValueError(f"{name} {value!r} is unknown (known: {sorted(allowed)})")
    chosen = [i for i in items if (families is None or i.family in families)
              and (treatments is None or i.treatment in treatments)]
    if not chosen:
        raise ValueError(f"the evidence map has no row for families={families} treatments={treatments}")
    return chosen


# ---- the common scale -----------------------------------------------------------------

def benefit(result: Result) -> tuple[float, float | None, float | None] | None:
    """The result on the map's scale (value, low, high), positive = favours the treatment.

    An SMD is kept and flipped when ``better: lower``; an odds ratio becomes
    ln(OR) / 1.81 (Chinn 2000), flipped the same way. A finding in words has no value
    (None). Flipping swaps low and high, so low <= value <= high still holds.
    """
    if not result.plotted:
        return None
    sign = -1.0 if result.better == "lower" else 1.0

    def scale(x: float) -> float:
        return sign * (math.log(x) / CHINN_FACTOR if result.kind == "odds_ratio" else x)

    value = scale(result.value)
    if result.low is None:
        return value, None, None
    ends = sorted((scale(result.low), scale(result.high)))
    return value, ends[0], ends[1]


def groups_present(items: Sequence[MapItem]) -> list[str]:
    """The comparator groups of the rows, in the filter's order."""
    present = {i.group for i in items}
    return [g.id for g in GROUPS if g.id in present]


def default_group(items: Sequence[MapItem]) -> str:
    """What the map shows first: placebo- or sham-controlled rows when there are any,
    otherwise the first group present. Never all groups mixed."""
    return groups_present(items)[0]


def filter_options(items: Sequence[MapItem]) -> list[str]:
    """The filter's choices: each group present, then "all" when there is more than one."""
    present = groups_present(items)
    return present + [ALL] if len(present) > 1 else present


def in_view(item: MapItem, group: str) -> bool:
    return group == ALL or item.group == group


def shown_text(group: str) -> str:
    return ALL_SHOWN if group == ALL else GROUP_BY_ID[group].shown


def figure_height(rows: int) -> int:
    return BASE_HEIGHT + ROW_HEIGHT * max(rows, 1)


# ---- figure, caption and table --------------------------------------------------------

def _number(x: float) -> str:
    return f"{x:.2f}".replace("-0.00", "0.00")


def _plotted_text(result: Result) -> str:
    value, low, high = benefit(result)
    spread = f" ({_number(low)} to {_number(high)})" if low is not None else ""
    return f"{_number(value)}{spread}"


def _result_sentence(symptom: str, result: Result | None) -> str:
    name = "pain" if symptom == "pain" else "mood or distress"
    if result is None:
        return f"{name}: not reported"
    if not result.plotted:
        return f"{name}: not plotted, reported in words ({result.finding})"
    how = f"converted from {result.published_text()}" if result.converted else f"from {result.published_text()}"
    return f"{name} {_plotted_text(result)} ({how}, {result.certainty} certainty)"


def caption_sentence(item: MapItem) -> str:
    """One row of the text alternative: every plotted number of the row and its comparator."""
    parts = "; ".join(_result_sentence(s, r) for s, r in item.results())
    return f"{item.label} ({item.label_zh}) against {item.comparator}, {item.time_point}: {parts}."


CAPTION_LEAD = ("Paired forest plot. Each row is a treatment against one comparator; the left panel "
                "shows the effect on pain, the right panel the effect on mood or distress, both on one "
                "standardised scale where positive values favour the treatment and 0 means no difference. "
                "Lines are 95 % intervals; odds ratios are converted with ln(OR)/1.81. ")


def evidence_map_caption_html(items: Sequence[MapItem], group: str) -> str:
    """The caption (the figure's text alternative): a lead, then one sentence per row.

    Each row's sentence carries ``data-pm-group`` so the page's filter can show only the
    rows that are plotted; rows outside ``group`` start hidden.
    """
    sentences = "".join(
        f'<span class="pm-evmap-row" data-pm-group="{i.group}"{"" if in_view(i, group) else " hidden"}> '
        f"{tag_chinese(html.escape(caption_sentence(i)))}</span>" for i in items)
    return f"{html.escape(CAPTION_LEAD.strip())}{sentences}"


def caption_text(items: Sequence[MapItem], group: str) -> str:
    """The caption as plain text, for the rows in view."""
    return CAPTION_LEAD + " ".join(caption_sentence(i) for i in items if in_view(i, group))


def evidence_map_figure(items: Sequence[MapItem], group: str | None = None) -> go.Figure:
    """The paired forest plot of ``items``: rows outside ``group`` are in the figure but
    hidden (``visible: False``), so the page's filter can show them without Python.

    One scatter trace per row and panel (the site's plotly bundle has no bar traces),
    with ``meta`` naming its row, panel and group; ``customdata`` holds the plotted
    [value, low, high]. Both panels share the rows and one x range.
    """
    group = group or default_group(items)
    fig = go.Figure()
    ends = [0.0]
    for item in items:
        style = GROUP_BY_ID[item.group]
        for symptom, axis, _ in PANELS:
            result = getattr(item, symptom)
            if result is None or not result.plotted:
                continue
            value, low, high = benefit(result)
            ends += [value] + ([low, high] if low is not None else [])
            error = ({"type": "data", "symmetric": False, "array": [high - value], "arrayminus": [value - low],
                      "color": style.color, "thickness": 2.5, "width": 6} if low is not None else {"visible": False})
            fig.add_trace(go.Scatter(
                x=[value], y=[item.row_label], xaxis=axis, yaxis="y", mode="markers", error_x=error,
                marker={"symbol": style.symbol, "size": 13, "color": style.color,
                        "line": {"color": "#000000", "width": 1}},
                customdata=[[value, low, high]], visible=in_view(item, group), showlegend=False,
                meta={"pm_item": item.id, "pm_panel": symptom, "pm_group": item.group},
                hovertemplate=f"{html.escape(item.row_label)}, {symptom}: {html.escape(result.published_text())}"
                              f" ({result.certainty} certainty)<extra></extra>",
            ))
    pad = 0.1 * (max(ends) - min(ends)) or 0.1
    x_range = [min(ends) - pad, max(ends) + pad]
    rows = [i.row_label for i in items if in_view(i, group) and any(r and r.plotted for _, r in i.results())]
    axis = {"range": x_range, "zeroline": True, "zerolinecolor": "#444444", "zerolinewidth": 2,
            "showgrid": True, "gridcolor": "#DDDDDD", "nticks": 4, "tickangle": 0, "title": {"text": "Benefit (SMD)"}}
    fig.update_layout(
        title="Benefit on pain and mood (right of 0 favours treatment)",
        xaxis={**axis, "domain": [0, 0.48], "anchor": "y"},
        xaxis2={**axis, "domain": [0.52, 1], "anchor": "y"},
        yaxis={"categoryorder": "array", "categoryarray": rows[::-1], "automargin": True, "type": "category"},
        annotations=[{"text": title, "xref": f"{axis_name} domain", "yref": "paper", "x": 0.5, "y": 1.0,
                      "yanchor": "bottom", "showarrow": False, "font": {"size": 14}}
                     for _, axis_name, title in PANELS],
        height=figure_height(len(rows)), margin={"l": 10, "r": 20, "t": 110, "b": 60},
        plot_bgcolor="#FFFFFF", template="plotly_white",
    )
    return fig


def _result_cell(result: Result | None) -> str:
    if result is None:
        return "Not reported"
    parts = [f"{result.outcome}: {result.published_text()}"]
    if result.plotted:
        parts.append(f"{result.better} is better")
        if result.converted:
            parts.append(f"plotted as SMD {_plotted_text(result)} (converted: ln(OR)/1.81)")
        elif result.better == "lower":
            parts.append(f"plotted as {_plotted_text(result)} (sign flipped)")
    else:
        parts.append("not plotted")
    counts = ", ".join(f"{n} {word}" for n, word in ((result.trials, "trials"), (result.participants, "participants"))
                       if n is not None)
    if counts:
        parts.append(counts)
    return html.escape("; ".join(parts))


def _certainty_cell(item: MapItem) -> str:
    return html.escape("; ".join(f"{'pain' if s == 'pain' else 'mood'}: {r.certainty}"
                                 for s, r in item.results() if r is not None))


TABLE_HEADERS = ("Treatment", "Compared with", "Population", "Time point", "Effect on pain",
                 "Effect on mood or distress", "Certainty", "Source")


def evidence_map_table_html(items: Sequence[MapItem], group: str) -> str:
    """The table (published numbers, what was plotted, certainty, source); rows outside
    ``group`` carry ``hidden`` and ``data-pm-group``, which the page's filter toggles."""
    rows = []
    for i in items:
        treatment = bilingual_html(i.label, i.label_zh)
        if i.note:
            treatment += f'<br><span class="pm-evmap-note">{html.escape(i.note)}</span>'
        rows.append((treatment, html.escape(i.comparator), html.escape(i.population), html.escape(i.time_point),
                     _result_cell(i.pain), _result_cell(i.mood), _certainty_cell(i), html.escape(i.sources_text())))
    attributes = [f'data-pm-group="{i.group}" data-pm-item="{html.escape(i.id)}"' + ("" if in_view(i, group) else " hidden")
                  for i in items]
    return html_table("Evidence map: published effects on pain and on mood or distress", TABLE_HEADERS, rows,
                      css_class="pm-evidence-table pm-evmap-table", row_attributes=attributes)


# ---- the book's version (no kernel) ---------------------------------------------------

def _payload(items: Sequence[MapItem]) -> dict[str, Any]:
    return {"shown": {g: tag_chinese(html.escape(shown_text(g))) for g in filter_options(items)},
            "base_height": BASE_HEIGHT, "row_height": ROW_HEIGHT}


def _option_label(group: str) -> str:
    english, chinese = ALL_LABEL if group == ALL else (GROUP_BY_ID[group].label, GROUP_BY_ID[group].label_zh)
    return bilingual_html(english, chinese)


def static_evidence_map_html(items: Sequence[MapItem]) -> str:
    """The book's evidence map: a comparator filter (radio buttons), the line saying what
    is shown, the plot with its caption, and the table. Without JavaScript the default
    view (placebo- or sham-controlled rows) is already correct."""
    group = default_group(items)
    payload = json.dumps(_payload(items), separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    root = element_id("pm-evmap", payload + ",".join(i.id for i in items))
    options = "".join(
        f'<div class="pm-evmap-option"><input type="radio" name="{root}-group" id="{root}-{g}" value="{g}"'
        f'{" checked" if g == group else ""}><label for="{root}-{g}">{_option_label(g)}</label></div>'
        for g in filter_options(items))
    figure = figure_html(evidence_map_figure(items, group), caption_html=evidence_map_caption_html(items, group))
    return (
        f'<section class="pm-evidence-map" id="{root}" aria-label="Evidence map">'
        f'<script type="application/json" class="pm-evmap-data">{payload}</script>'
        f'<fieldset class="pm-evmap-filter"><legend>{bilingual_html("Compared with", "对照")}</legend>{options}</fieldset>'
        f'<p class="pm-evmap-shown" aria-live="polite">{tag_chinese(html.escape(shown_text(group)))}</p>'
        f'<div class="pm-evmap-figure">{figure}</div>'
        f"{evidence_map_table_html(items, group)}"
        "</section>"
    )


# ---- the live version (a notebook with a kernel) ------------------------------------

def live_evidence_map(items: Sequence[MapItem]) -> Any:
    """An ipywidgets toggle (comparator group) that redraws the figure, caption and table."""
    import ipywidgets as widgets

    group = default_group(items)
    figure = go.FigureWidget(evidence_map_figure(items, group))
    toggle = widgets.ToggleButtons(
        options=[(f"{ALL_LABEL[0]} {ALL_LABEL[1]}" if g == ALL else f"{GROUP_BY_ID[g].label} {GROUP_BY_ID[g].label_zh}", g)
                 for g in filter_options(items)],
        value=group, description="Compared with 对照", style={"description_width": "initial"})
    shown = widgets.HTML(f"<p><strong>{html.escape(shown_text(group))}</strong></p>")
    caption = widgets.HTML(f"<p>{html.escape(caption_text(items, group))}</p>")
    table = widgets.HTML(evidence_map_table_html(items, group))

    def update(_change: object = None) -> None:
        chosen = toggle.value
        fresh = evidence_map_figure(items, chosen)
        with figure.batch_update():
            for trace, new in zip(figure.data, fresh.data):
                trace.visible = new.visible
            figure.layout.yaxis.categoryarray = fresh.layout.yaxis.categoryarray
            figure.layout.height = fresh.layout.height
        shown.value = f"<p><strong>{html.escape(shown_text(chosen))}</strong></p>"
        caption.value = f"<p>{html.escape(caption_text(items, chosen))}</p>"
        table.value = evidence_map_table_html(items, chosen)

    toggle.observe(update, names="value")
    box = widgets.VBox([toggle, shown, figure, caption, table])
    box.update = update  # exposed for tests
    return box


class EvidenceMap:
    """One display for both audiences, like the simulator: live widgets in Jupyter,
    the static page version (``text/html``) in the book, the caption as plain text."""

    def __init__(self, items: Sequence[MapItem]) -> None:
        self.items = list(items)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(live_evidence_map(self.items)._repr_mimebundle_())
        bundle["text/html"] = static_evidence_map_html(self.items)
        bundle["text/plain"] = caption_text(self.items, default_group(self.items))
        return bundle


def show_evidence_map(families: list[str] | None = None, treatments: list[str] | None = None) -> EvidenceMap:
    """The evidence map for the selected families and/or treatments (all rows by default):
    end a cell with it. Cite the rows' sources in the text around it
    (:func:`map_keys`)."""
    return EvidenceMap(select_items(families, treatments))


def map_keys(families: list[str] | None = None, treatments: list[str] | None = None) -> frozenset[str]:
    """Every bibliography key behind the selected rows."""
    return frozenset(k for i in select_items(families, treatments) for k in i.keys())


__all__ = ["CHINN_FACTOR", "GROUPS", "MapItem", "Result", "benefit", "default_group", "evidence_map_figure",
           "load_evidence_map", "map_keys", "parse_map_file", "select_items", "show_evidence_map"]
