"""The descending-control explorer of chapter 4 (an illustrative teaching model).

The brainstem's output to the spinal cord is summed as two numbers, inhibition and
facilitation; the reader's settings (lasting negative mood or stress, distraction,
expectation of relief, a noradrenaline and serotonin reuptake blocker, persistent
pain) add to one or the other, and the gain on incoming pain signals is
facilitation / inhibition::

    inhibition   = I0 + sum(weight * control) over effects on inhibition
    facilitation = F0 + sum(weight * control) over effects on facilitation
    gain         = facilitation / inhibition

Every number comes from ``assets/descending.yaml``: the directions from sources, the
sizes teaching assumptions. :func:`static_explorer_html` is the book's version:
native labelled range inputs, the model as JSON and ``painmood-descending.js``, which
repeats :func:`descending_balance` in the same order of operations.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from IPython.display import HTML

from painmood.bibliography import bib_keys
from painmood.controls import Control, control_html, parse_control
from painmood.datafiles import DataFileError, load_yaml, require, require_number, require_one_of, require_text
from painmood.figures import PALETTE, element_id, figure_html
from painmood.model import TEACHING, with_checked_overrides
from painmood.model import _sources as checked_sources
from painmood.paths import ASSETS
from painmood.tables import html_table

DESCENDING_FILE = ASSETS / "descending.yaml"
TARGETS = ("inhibition", "facilitation")
#: The controls every explorer file must define, in display order.
CONTROL_IDS = ("mood_stress", "distraction", "expectation", "reuptake_blocker", "persistent_pain")
ILLUSTRATIVE = ("Illustrative model: the directions come from the sources cited in the chapter; "
                "every size is a teaching assumption, in arbitrary units.")


@dataclass(frozen=True)
class Effect:
    """One control pushing one outflow up: ``weight * control`` is added to ``target``."""

    control: str
    target: str
    weight: float
    direction_sources: tuple[str, ...]
    size_sources: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class DescendingModel:
    """The parsed explorer file."""

    baselines: dict[str, float]
    controls: dict[str, Control]
    effects: tuple[Effect, ...]

    def defaults(self) -> dict[str, float]:
        """Every control at its starting value."""
        return {cid: c.value for cid, c in self.controls.items()}


@dataclass(frozen=True)
class Balance:
    """The two outflows and the gain they set on incoming pain signals."""

    inhibition: float
    facilitation: float
    gain: float


def _number(value: object, source: Path, where: str, minimum: float = -math.inf,
            maximum: float = math.inf) -> float:
    return float(require_number(value, source, where, minimum, maximum))


def _effect(index: int, raw: object, source: Path, controls: dict[str, Control],
            known: frozenset[str]) -> Effect:
    where = f"effect {index + 1}"
    raw = require(raw, dict, source, where)
    control = require_one_of(raw.get("control"), controls, source, f"{where}.control")
    direction = checked_sources(raw.get("direction_source"), source, f"{where}.direction_source", known)
    if TEACHING in direction:
        raise DataFileError(source, where, "direction_source",
                            "must name published sources: the direction of every effect is sourced")
    sizes = checked_sources(raw.get("size_source"), source, f"{where}.size_source", known)
    return Effect(control=control,
                  target=require_one_of(raw.get("target"), TARGETS, source, f"{where}.target"),
                  weight=_number(raw.get("weight"), source, f"{where}.weight", 0.0),
                  direction_sources=direction, size_sources=sizes,
                  basis=require_text(raw.get("basis"), source, f"{where}.basis"))


def parse_descending(data: object, source: Path, known_keys: frozenset[str]) -> DescendingModel:
    """Validate the parsed YAML of an explorer file; errors name file, item and field."""
    root = require(data, dict, source, "the file")
    raw_base = require(root.get("baselines"), dict, source, "baselines")
    baselines = {}
    for target in TARGETS:
        raw = require(raw_base.get(target), dict, source, f"baselines.{target}")
        where = f"baseline '{target}'"
        baselines[target] = _number(raw.get("value"), source, f"{where}.value", 1e-9)
        checked_sources(raw.get("source"), source, where, known_keys)
        require_text(raw.get("basis"), source, f"{where}.basis")
    raw_controls = require(root.get("controls"), dict, source, "controls")
    for cid in CONTROL_IDS:
        if cid not in raw_controls:
            raise DataFileError(source, f"control '{cid}'", "(entry)", "is missing")
    controls = {cid: parse_control(cid, raw_controls[cid], source) for cid in raw_controls}
    raw_effects = require(root.get("effects"), list, source, "effects")
    effects = tuple(_effect(i, raw, source, controls, known_keys) for i, raw in enumerate(raw_effects))
    return DescendingModel(baselines, controls, effects)


@lru_cache(maxsize=None)
def load_descending(path: Path = DESCENDING_FILE) -> DescendingModel:
    """The explorer model of ``assets/descending.yaml`` (validated)."""
    return parse_descending(load_yaml(path), path, bib_keys())


def settings(model: DescendingModel | None = None, **overrides: float) -> dict[str, float]:
    """Every control's value: defaults, then ``overrides``, each checked.

    Raises ValueError naming the control and its allowed range for an unknown control,
    a value that is not a number, or a value outside the range.
    """
    model = model or load_descending()
    return with_checked_overrides(model.defaults(), model.controls, "control", overrides)


def balance_for(values: dict[str, float], model: DescendingModel) -> Balance:
    """The outflows and gain for already-checked values, summed in the file's order
    (the same order of operations as painmood-descending.js)."""
    totals = dict(model.baselines)
    for effect in model.effects:
        totals[effect.target] = totals[effect.target] + effect.weight * values[effect.control]
    return Balance(totals["inhibition"], totals["facilitation"],
                   totals["facilitation"] / totals["inhibition"])


def descending_balance(model: DescendingModel | None = None, **overrides: float) -> Balance:
    """The explorer's result; keyword arguments set controls.

    Example: ``descending_balance(mood_stress=0.8, reuptake_blocker=1.0)``.
    """
    model = model or load_descending()
    return balance_for(settings(model, **overrides), model)


def summary_text(result: Balance) -> str:
    """The result in words (the explorer's live text)."""
    if result.gain > 1:
        lean = "towards facilitation: incoming pain signals are turned up"
    elif result.gain < 1:
        lean = "towards inhibition: incoming pain signals are turned down"
    else:
        lean = "evenly: incoming pain signals pass on unchanged"
    return (f"Inhibition {result.inhibition:.2f}, facilitation {result.facilitation:.2f}. "
            f"The balance leans {lean}. Gain on incoming signals: {result.gain:.2f} "
            "(1 = unchanged).")


def balance_figure(result: Balance) -> go.Figure:
    """Inhibition, facilitation and gain as thick horizontal lines (scatter only: the
    site's plotly bundle has no bar traces), with a dotted line at 1 (no change)."""
    fig = go.Figure()
    rows = (("Inhibition 抑制", result.inhibition, PALETTE["emotion"]),
            ("Facilitation 易化", result.facilitation, PALETTE["pain"]),
            ("Gain 增益", result.gain, PALETTE["neutral"]))
    for name, value, colour in rows:
        fig.add_trace(go.Scatter(x=[0, value], y=[name, name], name=name, mode="lines",
                                 line={"color": colour, "width": 28}, showlegend=False,
                                 hoverinfo="skip"))
    fig.add_vline(x=1, line={"dash": "dot", "color": PALETTE["neutral"]})
    fig.update_layout(
        title="Illustrative model: descending inhibition, facilitation and gain",
        xaxis={"title": "Arbitrary units (1 = resting level; gain 1 = unchanged)", "range": [0, 3]},
        yaxis={"categoryorder": "array", "categoryarray": [r[0] for r in reversed(rows)]},
        height=300, margin={"l": 120, "r": 20, "t": 50, "b": 50}, template="plotly_white",
    )
    return fig


# ---- static version (the book) -------------------------------------------------------

def _payload(model: DescendingModel) -> dict[str, Any]:
    """Everything painmood-descending.js needs: baselines and effects in file order."""
    return {"baselines": model.baselines,
            "effects": [{"control": e.control, "target": e.target, "weight": e.weight}
                        for e in model.effects]}


def static_explorer_html(**overrides: float) -> str:
    """The book's explorer: labelled range inputs, a live text summary and one figure."""
    model = load_descending()
    values = settings(model, **overrides)
    result = balance_for(values, model)
    payload = json.dumps(_payload(model), separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    root_id = element_id("pm-desc", payload + json.dumps(values, sort_keys=True))
    controls = "".join(control_html(root_id, model.controls[cid], values[cid]) for cid in model.controls)
    figure = figure_html(balance_figure(result),
                         "Three horizontal bars: descending inhibition, descending facilitation and the "
                         "gain (facilitation divided by inhibition); the dotted line marks 1. The text "
                         "above the figure gives the numbers.")
    return (
        f'<section class="pm-descending" id="{root_id}" aria-label="Descending control explorer">'
        f'<script type="application/json" class="pm-descending-data">{payload}</script>'
        f'<p class="pm-desc-note"><strong>{html.escape(ILLUSTRATIVE)}</strong></p>'
        f'<div class="pm-sim-controls">{controls}</div>'
        f'<p class="pm-desc-summary pm-sim-summary" aria-live="polite">{html.escape(summary_text(result))}</p>'
        f'<div class="pm-desc-figure">{figure}</div>'
        "</section>"
    )


class DescendingExplorer:
    """The explorer as one display: the static HTML (the book; in Jupyter, a still
    view) and its summary as plain text."""

    def __init__(self, **overrides: float) -> None:
        self.overrides = overrides

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/html": static_explorer_html(**self.overrides),
                "text/plain": summary_text(descending_balance(**self.overrides))}


def show_descending(**overrides: float) -> DescendingExplorer:
    """The explorer for a chapter: end a cell with it."""
    return DescendingExplorer(**overrides)


def effects_table() -> HTML:
    """Every effect: control, what it pushes, weight, direction source, basis (HTML table)."""
    model = load_descending()
    rows = [(html.escape(model.controls[e.control].label), e.target, f"{e.weight:g}",
             html.escape("; ".join(e.direction_sources)), html.escape("; ".join(e.size_sources)),
             html.escape(e.basis)) for e in model.effects]
    return HTML(html_table("Explorer effects (from assets/descending.yaml)",
                           ("Control", "Pushes up", "Weight", "Direction from", "Size from", "Basis"), rows))
