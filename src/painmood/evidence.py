"""Published numbers that chapters plot, read from ``assets/evidence/*.yaml``.

Each file is one small table of estimates (a range, a point, or a point with a
range), every row tied to a bibliography key. Chapters show the same rows as a
figure (:func:`range_figure`) and as a text table (:func:`evidence_table_html`), so a
number is typed once, in the data file.

File format (see ``assets/evidence/README.md``)::

    title: Depression among people with chronic pain, by care setting
    row_label: Care setting           # heading of the label column
    quantity: Share with depression   # axis title
    unit: "%"
    minimum: 0                        # allowed range of every number
    maximum: 100
    items:
      - id: population
        label: General population samples
        low: 4.7
        high: 22
        source: bair2003depression    # bib key of the original study
        via: rayner2016depression     # optional: where the number was read
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
from IPython.display import HTML, display

from painmood.bibliography import bib_keys, sources_text
from painmood.datafiles import DataFileError, load_yaml, require, require_number
from painmood.figures import PALETTE, show
from painmood.paths import ASSETS
from painmood.tables import html_table

EVIDENCE_DIR = ASSETS / "evidence"


@dataclass(frozen=True)
class Estimate:
    """One published number: a point (``value``), a range (``low``–``high``), or both."""

    id: str
    label: str
    source: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    via: str | None = None

    def as_text(self, unit: str) -> str:
        """The number as a reader sees it, e.g. "60.8 % (58.0–63.6)" or "4.7–22 %"."""
        spread = f"{_fmt(self.low)}–{_fmt(self.high)}" if self.low is not None else ""
        if self.value is None:
            return f"{spread} {unit}".strip()
        point = f"{_fmt(self.value)} {unit}".strip()
        return f"{point} ({spread})" if spread else point

    def sources_text(self) -> str:
        """Reader-facing citation text for the row, e.g. "Bair et al. 2003 via Rayner et al. 2016"."""
        return sources_text(self.source, self.via)


@dataclass(frozen=True)
class EvidenceTable:
    """A titled list of estimates on one scale."""

    title: str
    row_label: str
    quantity: str
    unit: str
    items: tuple[Estimate, ...]

    def keys(self) -> frozenset[str]:
        """Every bibliography key the table relies on (to cite in the chapter's text)."""
        return frozenset(k for item in self.items for k in (item.source, item.via) if k)


def _fmt(number: float | None) -> str:
    """Print a number as the data file wrote it: 22 stays 22, 58.0 stays 58.0."""
    return "" if number is None else str(number)


def _number(raw: dict, field: str, source: Path, item: str, lowest: float, highest: float) -> float | None:
    """An optional number (int or float) within [lowest, highest]."""
    value = raw.get(field)
    if value is None:
        return None
    return require_number(value, source, f"{item}.{field}", lowest, highest)  # as written, so it prints as published


def _bib_key(raw: dict, field: str, source: Path, item: str, known: frozenset[str]) -> str | None:
    key = raw.get(field)
    if key is None and field == "via":
        return None
    key = require(key, str, source, f"{item}.{field}")
    if key not in known:
        raise DataFileError(source, item, field, f"names {key!r}, which is not in assets/references.bib")
    return key


def parse_evidence(data: object, source: Path, known_keys: frozenset[str] | None = None) -> EvidenceTable:
    """Check and convert the parsed YAML of one evidence file.

    Raises DataFileError naming the file, the item and the field for any problem:
    missing fields, wrong types, numbers outside [minimum, maximum], ``low > high``,
    a point outside its own range, duplicate ids, or an unknown bibliography key.
    """
    known = bib_keys() if known_keys is None else known_keys
    top = require(data, dict, source, "the file")
    title = require(top.get("title"), str, source, "the file.title")
    row_label = require(top.get("row_label"), str, source, "the file.row_label")
    quantity = require(top.get("quantity"), str, source, "the file.quantity")
    unit = require(top.get("unit", ""), str, source, "the file.unit")
    lowest = _number(top, "minimum", source, "the file", -math.inf, math.inf)
    highest = _number(top, "maximum", source, "the file", -math.inf, math.inf)
    if lowest is None or highest is None or lowest >= highest:
        raise DataFileError(source, "the file", "minimum/maximum", "must both be numbers with minimum < maximum")
    rows = require(top.get("items"), list, source, "the file.items")
    if not rows:
        raise DataFileError(source, "the file", "items", "must list at least one estimate")

    items: list[Estimate] = []
    for index, raw_row in enumerate(rows):
        raw = require(raw_row, dict, source, f"items[{index}]")
        item = require(raw.get("id"), str, source, f"items[{index}].id")
        if any(seen.id == item for seen in items):
            raise DataFileError(source, item, "id", "is used twice")
        value, low, high = (_number(raw, f, source, item, lowest, highest) for f in ("value", "low", "high"))
        if (low is None) != (high is None):
            raise DataFileError(source, item, "low/high", "must be given together")
        if value is None and low is None:
            raise DataFileError(source, item, "value", "is missing (give value, or low and high)")
        if low is not None and low > high:
            raise DataFileError(source, item, "low", f"must not exceed high ({low:g} > {high:g})")
        if value is not None and low is not None and not low <= value <= high:
            raise DataFileError(source, item, "value", f"must lie within low–high ({low:g}–{high:g}), got {value:g}")
        items.append(Estimate(
            id=item,
            label=require(raw.get("label"), str, source, f"{item}.label"),
            source=_bib_key(raw, "source", source, item, known),
            via=_bib_key(raw, "via", source, item, known),
            value=value, low=low, high=high,
        ))
    return EvidenceTable(title=title, row_label=row_label, quantity=quantity, unit=unit, items=tuple(items))


def load_evidence(name: str, directory: Path = EVIDENCE_DIR) -> EvidenceTable:
    """Load ``assets/evidence/<name>.yaml`` (validated; see :func:`parse_evidence`)."""
    path = directory / f"{name}.yaml"
    return parse_evidence(load_yaml(path), path)


def range_figure(table: EvidenceTable, color: str = PALETTE["emotion"]) -> go.Figure:
    """A horizontal dot-and-range chart of the table, one row per estimate.

    Uses scatter traces only (the site's plotly bundle has no bar traces). Ranges
    are drawn as lines, points as markers; rows keep the file's order, top to bottom.
    """
    labels = [item.label for item in table.items]
    fig = go.Figure()
    for item in table.items:
        if item.low is not None:
            fig.add_trace(go.Scatter(
                x=[item.low, item.high], y=[item.label, item.label], mode="lines+markers",
                line={"color": color, "width": 6}, marker={"symbol": "line-ns-open", "size": 14, "color": color},
                showlegend=False, hovertemplate=f"{item.label}: {item.as_text(table.unit)}<extra></extra>",
            ))
    points = [item for item in table.items if item.value is not None]
    if points:
        fig.add_trace(go.Scatter(
            x=[item.value for item in points], y=[item.label for item in points], mode="markers+text",
            marker={"color": PALETTE["highlight"], "size": 14, "line": {"color": "#000000", "width": 1}},
            text=[f"{_fmt(item.value)}" for item in points], textposition="top center",
            showlegend=False, hovertemplate="%{y}: %{x}<extra></extra>",
        ))
    fig.update_layout(
        title=table.title,
        xaxis_title=f"{table.quantity} ({table.unit})" if table.unit else table.quantity,
        yaxis={"categoryorder": "array", "categoryarray": labels[::-1], "automargin": True},
        height=120 + 60 * len(labels), margin={"l": 10, "r": 20, "t": 60, "b": 50},
        plot_bgcolor="#FFFFFF",
    )
    # Start the axis at zero so that lengths and gaps are read honestly.
    fig.update_xaxes(showgrid=True, gridcolor="#DDDDDD", zeroline=False, rangemode="tozero")
    return fig


def description(table: EvidenceTable) -> str:
    """Text alternative of the figure: every number and its source, in one sentence per row."""
    rows = "; ".join(f"{item.label}: {item.as_text(table.unit)} ({item.sources_text()})" for item in table.items)
    return f"{table.title}. {rows}."


def evidence_table_html(table: EvidenceTable) -> str:
    """The table as HTML (label, number, source), shown under the figure."""
    number_heading = f"{table.quantity} ({table.unit})" if table.unit else table.quantity
    rows = [(html.escape(item.label), html.escape(item.as_text(table.unit)), html.escape(item.sources_text()))
            for item in table.items]
    return html_table(table.title, (table.row_label, number_heading, "Source"), rows,
                      css_class="pm-evidence-table")


def show_evidence(name: str, color: str = PALETTE["emotion"]) -> None:
    """Display a chapter's evidence figure (with its text alternative) and its table."""
    table = load_evidence(name)
    display(show(range_figure(table, color), description(table)))
    display(HTML(evidence_table_html(table)))
