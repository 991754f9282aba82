"""What makes up the improvement? The arms of one randomised trial, stacked.

A trial with three arms (for example conventional care, sham acupuncture and verum
acupuncture) splits the improvement seen with the treatment into parts: what happened in
the lowest arm (natural course, regression to the mean, and any care that arm got), how
far the next arm got beyond it (for a sham: its ritual, attention and expectation, minus
whatever the lowest arm's own care did), and what the top arm added (the specific effect).
Each part is one arm's published result minus the arm below. Arms need not be nested (a
sham arm may not get the lowest arm's care), so each layer's ``part`` must say what the
difference mixes; the chart is a way to think about the parts, not a decomposition that
adds up causally.

Data: ``assets/evidence/improvement/<name>.yaml`` (format: ``assets/evidence/README.md``,
"What makes up the improvement"). Every published difference between neighbouring arms is
checked against the arms' own numbers, so a typo in either breaks the build with a
:class:`DataFileError` naming the file, the layer and the field.

Shown by :func:`show_improvement` as a stacked chart drawn with scatter traces only (the
site's plotly bundle has no bar traces), a caption that states every number (the text
alternative), and a table of the parts.
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
from IPython.display import HTML, display

from painmood.bibliography import citable_keys, sources_text
from painmood.datafiles import DataFileError, load_yaml, require, require_number, require_text
from painmood.figures import PALETTE, show
from painmood.paths import ASSETS
from painmood.tables import html_table

IMPROVEMENT_DIR = ASSETS / "evidence" / "improvement"
#: A published difference may differ from the difference of the published arm values by
#: this much (both are rounded to one decimal).
ROUNDING = 0.15
#: Colours of the layers, bottom to top (Okabe-Ito): grey, blue, vermillion, then more.
LAYER_COLOURS = (PALETTE["neutral"], PALETTE["emotion"], PALETTE["pain"], PALETTE["both"], PALETTE["highlight"])
FILE_FIELDS = frozenset({"title", "quantity", "unit", "minimum", "maximum", "population", "outcome",
                         "time_point", "source", "via", "layers"})
LAYER_FIELDS = frozenset({"id", "arm", "part", "value", "low", "high", "difference"})
DIFFERENCE_FIELDS = frozenset({"value", "low", "high"})
BAR_HALF_HEIGHT = 0.3
#: Longest line of the plot's title and legend entries, in characters: they are wrapped
#: so that they fit a phone (plotly does not wrap text itself).
LINE_LENGTH = 34


@dataclass(frozen=True)
class Layer:
    """One arm of the trial and the part of the improvement it adds to the arm below."""

    id: str
    arm: str
    part: str
    value: float
    low: float | None = None
    high: float | None = None
    difference: float | None = None  # published difference from the arm below
    difference_low: float | None = None
    difference_high: float | None = None


@dataclass(frozen=True)
class Improvement:
    """A trial's arms, bottom (least treatment) to top (full treatment)."""

    title: str
    quantity: str
    unit: str
    population: str
    outcome: str
    time_point: str
    source: str
    layers: tuple[Layer, ...]
    via: str | None = None

    def keys(self) -> frozenset[str]:
        """The bibliography keys behind the numbers (cite them in the surrounding text)."""
        return frozenset(k for k in (self.source, self.via) if k)

    def parts(self) -> list[tuple[Layer, float]]:
        """Each layer with the size of its part: the bottom arm's value, then each arm
        minus the arm below it (computed from the arms, so the stack adds up exactly)."""
        sizes, below = [], 0.0
        for layer in self.layers:
            sizes.append((layer, round(layer.value - below, 10)))
            below = layer.value
        return sizes


def _fmt(number: float | None) -> str:
    """A number as the data file wrote it (27.4 stays 27.4, -3.7 stays -3.7)."""
    return "" if number is None else str(number)


def _points(number: float) -> str:
    """A computed size to one decimal, without a negative zero."""
    return f"{number:.1f}".replace("-0.0", "0.0")


def _reject_unknown(raw: dict, allowed: frozenset[str], source: Path, item: str, prefix: str = "") -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise DataFileError(source, item, prefix + str(unknown[0]), f"is not a known field (known: {sorted(allowed)})")


def _interval(raw: dict, source: Path, item: str, prefix: str, lowest: float, highest: float
              ) -> tuple[float, float | None, float | None]:
    """value, low, high of ``raw`` (low and high both or neither; low <= value <= high)."""
    numbers = {}
    for field in ("value", "low", "high"):
        if field in raw or field == "value":
            numbers[field] = require_number(raw.get(field), source, f"{item}.{prefix}{field}", lowest, highest)
    value, low, high = numbers["value"], numbers.get("low"), numbers.get("high")
    if (low is None) != (high is None):
        raise DataFileError(source, item, prefix + ("high" if high is None else "low"),
                            "is missing: give low and high together (the 95 % interval) or neither")
    if low is not None and not low <= value <= high:
        raise DataFileError(source, item, prefix + "value", f"must lie within low-high ({low!r} to {high!r}), got {value!r}")
    return value, low, high


def _bib_key(raw: dict, field: str, source: Path, known: frozenset[str]) -> str | None:
    if field == "via" and raw.get(field) is None:
        return None
    key = require(raw.get(field), str, source, f"the file.{field}")
    if key not in known:
        raise DataFileError(source, "the file", field,
                            f"names {key!r}, which is not an entry with a DOI or URL in assets/references.bib")
    return key


def parse_improvement(data: object, source: Path, known_keys: frozenset[str] | None = None) -> Improvement:
    """Check and convert the parsed YAML of one improvement file.

    Raises DataFileError naming the file, the layer and the field for: unknown or missing
    fields, numbers outside [minimum, maximum], half an interval, a value outside its
    interval, a duplicate layer id, fewer than two layers, a ``difference`` on the bottom
    layer or missing above it, a published difference that does not match the arms'
    values (beyond rounding), and an unknown bibliography key.
    """
    known = citable_keys() if known_keys is None else known_keys
    root = require(data, dict, source, "the file")
    _reject_unknown(root, FILE_FIELDS, source, "the file")

    def text(field: str) -> str:
        return require_text(root.get(field), source, f"the file.{field}")

    lowest = require_number(root.get("minimum"), source, "the file.minimum")
    highest = require_number(root.get("maximum"), source, "the file.maximum")
    if lowest >= highest:
        raise DataFileError(source, "the file", "minimum/maximum", "must satisfy minimum < maximum")
    unit = require(root.get("unit", ""), str, source, "the file.unit")
    rows = require(root.get("layers"), list, source, "the file.layers")
    if len(rows) < 2:
        raise DataFileError(source, "the file", "layers", "must list at least two arms (bottom to top)")
    layers: list[Layer] = []
    for index, raw_row in enumerate(rows):
        raw = require(raw_row, dict, source, f"layers[{index}]")
        layer_id = require_text(raw.get("id"), source, f"layers[{index}].id")
        item = f"layer '{layer_id}'"
        _reject_unknown(raw, LAYER_FIELDS, source, item)
        if any(seen.id == layer_id for seen in layers):
            raise DataFileError(source, item, "id", "is used twice")
        value, low, high = _interval(raw, source, item, "", lowest, highest)
        difference = raw.get("difference")
        if index == 0 and difference is not None:
            raise DataFileError(source, item, "difference", "is not allowed on the bottom layer (nothing lies below it)")
        if index > 0 and difference is None:
            raise DataFileError(source, item, "difference",
                                "is missing: give the published difference from the arm below (value, low, high)")
        d_value = d_low = d_high = None
        if difference is not None:
            difference = require(difference, dict, source, f"{item}.difference")
            _reject_unknown(difference, DIFFERENCE_FIELDS, source, item, "difference.")
            d_value, d_low, d_high = _interval(difference, source, item, "difference.", -math.inf, math.inf)
            computed = value - layers[-1].value
            if abs(computed - d_value) > ROUNDING:
                raise DataFileError(source, item, "difference.value",
                                    f"is {d_value!r}, but the arms give {value!r} - {layers[-1].value!r} = "
                                    f"{_points(computed)}: check both against the source")
        layers.append(Layer(
            id=layer_id,
            arm=require_text(raw.get("arm"), source, f"{item}.arm"),
            part=require_text(raw.get("part"), source, f"{item}.part"),
            value=value, low=low, high=high,
            difference=d_value, difference_low=d_low, difference_high=d_high,
        ))
    return Improvement(
        title=text("title"), quantity=text("quantity"), unit=unit, population=text("population"),
        outcome=text("outcome"), time_point=text("time_point"),
        source=_bib_key(root, "source", source, known), via=_bib_key(root, "via", source, known),
        layers=tuple(layers),
    )


def load_improvement(name: str, directory: Path = IMPROVEMENT_DIR) -> Improvement:
    """Load ``assets/evidence/improvement/<name>.yaml`` (validated; see :func:`parse_improvement`)."""
    path = Path(directory) / f"{name}.yaml"
    return parse_improvement(load_yaml(path), path)


def load_all(directory: Path = IMPROVEMENT_DIR) -> dict[str, Improvement]:
    """Every improvement file of ``directory`` (validated), by name."""
    return {path.stem: parse_improvement(load_yaml(path), path) for path in sorted(Path(directory).glob("*.yaml"))}


# ---- figure, caption and table --------------------------------------------------------

def _with_unit(number: str, unit: str) -> str:
    return f"{number} {unit}".strip() if unit != "%" else f"{number} %"


def _interval_text(low: float | None, high: float | None) -> str:
    return "" if low is None else f" (95 % CI {_fmt(low)} to {_fmt(high)})"


def _difference_unit(unit: str) -> str:
    """The unit of a difference between arms: percentages differ by percentage points."""
    return "percentage points" if unit == "%" else unit


def improvement_figure(data: Improvement) -> go.Figure:
    """The stacked chart: one row per arm (bottom arm at the bottom), each row split into
    the parts up to that arm. Parts are filled rectangles (scatter traces with
    ``fill: toself``); each arm's total has a marker with its 95 % interval. Traces carry
    ``meta`` (``pm_part`` or ``pm_arm``) so tests can read the numbers back."""
    fig = go.Figure()
    parts = data.parts()
    for row, layer in enumerate(data.layers):
        below = 0.0
        for index, (part, size) in enumerate(parts[: row + 1]):
            start, end = below, below + size
            below = end
            colour = LAYER_COLOURS[index % len(LAYER_COLOURS)]
            fig.add_trace(go.Scatter(
                x=[start, end, end, start, start],
                y=[row - BAR_HALF_HEIGHT, row - BAR_HALF_HEIGHT, row + BAR_HALF_HEIGHT, row + BAR_HALF_HEIGHT,
                   row - BAR_HALF_HEIGHT],
                mode="lines", fill="toself", fillcolor=colour, line={"color": "#000000", "width": 1},
                name=_wrap(part.part), legendgroup=part.id, showlegend=row == index,
                meta={"pm_part": part.id, "pm_row": layer.id, "pm_size": size},
                hoveron="fills", hovertemplate=f"{html.escape(part.part)}: {_points(size)}<extra></extra>",
            ))
        error = ({"type": "data", "symmetric": False, "array": [layer.high - layer.value],
                  "arrayminus": [layer.value - layer.low], "color": "#000000", "thickness": 2, "width": 8}
                 if layer.low is not None else {"visible": False})
        fig.add_trace(go.Scatter(
            x=[layer.value], y=[row], mode="markers+text", text=[_with_unit(_fmt(layer.value), data.unit)],
            textposition="top right", marker={"color": "#FFFFFF", "size": 12, "line": {"color": "#000000", "width": 2}},
            error_x=error, showlegend=False, meta={"pm_arm": layer.id, "pm_value": layer.value},
            hovertemplate=f"{html.escape(layer.arm)}: {_with_unit(_fmt(layer.value), data.unit)}"
                          f"{html.escape(_interval_text(layer.low, layer.high))}<extra></extra>",
        ))
    ends = [0.0] + [x for layer in data.layers for x in (layer.value, layer.high or layer.value)]
    fig.update_layout(
        title={"text": _wrap(data.title), "x": 0, "xanchor": "left"},
        xaxis={"title": {"text": f"{data.quantity} ({data.unit})" if data.unit else data.quantity},
               "range": [0, max(ends) * 1.15], "showgrid": True, "gridcolor": "#DDDDDD", "zeroline": True,
               "zerolinecolor": "#444444"},
        yaxis={"tickmode": "array", "tickvals": list(range(len(data.layers))),
               "ticktext": [_short_arm(layer.arm) for layer in data.layers], "automargin": True,
               "range": [-0.6, len(data.layers) - 0.4]},
        legend={"orientation": "v", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0,
                "traceorder": "normal", "tracegroupgap": 6},
        height=330 + 110 * len(data.layers), margin={"l": 10, "r": 20, "t": 90, "b": 40},
        plot_bgcolor="#FFFFFF", template="plotly_white",
    )
    return fig


def _wrap(text: str) -> str:
    """Text broken into lines of at most LINE_LENGTH characters (plotly's <br>)."""
    return "<br>".join(textwrap.wrap(html.escape(text), LINE_LENGTH))


def _short_arm(arm: str) -> str:
    """An arm's name without its bracketed detail, for the axis (the table has it all)."""
    return arm.split(" (", 1)[0]


def description(data: Improvement) -> str:
    """The text alternative: what the chart shows, every arm and every part with its source."""
    unit = data.unit
    arms = "; ".join(f"{layer.arm}: {_with_unit(_fmt(layer.value), unit)}{_interval_text(layer.low, layer.high)}"
                     for layer in data.layers)
    parts = []
    for layer, size in data.parts():
        if layer.difference is None:
            parts.append(f"{layer.part}: {_with_unit(_points(size), unit)} (the bottom arm itself)")
        else:
            spread = ("" if layer.difference_low is None
                      else f", 95 % CI {_fmt(layer.difference_low)} to {_fmt(layer.difference_high)}")
            parts.append(f"{layer.part}: {_points(size)} {_difference_unit(unit)} (published difference "
                         f"{_fmt(layer.difference)}{spread})".replace("  ", " "))
    return (f"{data.title}. Stacked bars, one per trial arm; each bar is split into the parts of the "
            f"improvement up to that arm. {data.quantity}, {data.time_point}. Who: {data.population}. "
            f"Outcome: {data.outcome}. Arms: {arms}. "
            f"Parts: {'; '.join(parts)}. Source: {sources_text(data.source, data.via)}.")


TABLE_HEADERS = ("Part of the improvement", "Estimated by", "Size", "95 % interval", "Source")


def improvement_table_html(data: Improvement) -> str:
    """The table of the parts: what each part is, which comparison estimates it, its size."""
    rows = []
    below: Layer | None = None
    for layer, size in data.parts():
        if below is None:
            how = f"{layer.arm}: the whole result of this arm"
            interval = _interval_text(layer.low, layer.high).strip(" ()").replace("95 % CI ", "")
            shown = _with_unit(_points(size), data.unit)
        else:
            how = f"{_short_arm(layer.arm)} minus {_short_arm(below.arm).lower()}"
            interval = _interval_text(layer.difference_low, layer.difference_high).strip(" ()").replace("95 % CI ", "")
            shown = f"{_points(size)} {_difference_unit(data.unit)}".strip()
        rows.append((html.escape(layer.part), html.escape(how), html.escape(shown), html.escape(interval or "not given"),
                     html.escape(sources_text(data.source, data.via))))
        below = layer
    return html_table(f"{data.title}: the parts of the improvement", TABLE_HEADERS, rows,
                      css_class="pm-evidence-table pm-improvement-table")


def show_improvement(name: str) -> None:
    """Display the stacked chart (with its caption) and the table of parts."""
    data = load_improvement(name)
    display(show(improvement_figure(data), description(data)))
    display(HTML(improvement_table_html(data)))
