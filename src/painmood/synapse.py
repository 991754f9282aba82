"""The synapse explorer of chapter 5 (an illustrative teaching model of long-term potentiation).

Repeated strong input strengthens a synapse; afterwards the same weak test stimulus
drives a bigger response::

    drive  = max(0, strength - induction_threshold)
    x      = rate * repetitions * drive
    gain   = 1 + (max_gain - 1) * x / (1 + x)
    before = test            (the starting gain is 1)
    after  = gain * test     (painful when >= pain_threshold)

Every number comes from ``assets/synapse.yaml``; the sizes are teaching assumptions.
The formula uses only +, -, *, / and max, so ``painmood-synapse.js`` (the static
book's version, which repeats :func:`response_for` operation for operation) shows the
same floats. :func:`live_explorer` is the notebook version (ipywidgets).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from IPython.display import HTML

from painmood.bibliography import bib_keys
from painmood.controls import Control, control_html, parse_control
from painmood.datafiles import DataFileError, load_yaml, require, require_number, require_text
from painmood.figures import PALETTE, element_id, figure_html
from painmood.model import _sources as checked_sources
from painmood.model import with_checked_overrides
from painmood.paths import ASSETS
from painmood.tables import html_table

SYNAPSE_FILE = ASSETS / "synapse.yaml"
#: The parameters every explorer file must define, with the open/closed range each allows.
PARAMETER_IDS = ("max_gain", "rate", "induction_threshold", "pain_threshold")
#: The controls every explorer file must define, in display order.
CONTROL_IDS = ("repetitions", "strength", "test")
#: Float slack in the painful test: 10 x 0.5 strength gives 0.49999999999999994, which must
#: count as the 0.50 it is shown as (painmood-synapse.js uses the same slack).
PAIN_TOLERANCE = 1e-9
ILLUSTRATIVE = ("Illustrative model: repeated strong input strengthens the synapse (long-term "
                "potentiation). Every size is a teaching assumption, in arbitrary units.")


def is_painful(value: float, threshold: float) -> bool:
    """Whether a response counts as painful: at or above the threshold, allowing for float
    rounding (the same test as painmood-synapse.js)."""
    return value >= threshold - PAIN_TOLERANCE


@dataclass(frozen=True)
class Parameter:
    """A fixed number of the model, with its sources and basis."""

    id: str
    value: float
    sources: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class SynapseModel:
    """The parsed explorer file."""

    parameters: dict[str, Parameter]
    controls: dict[str, Control]

    def value(self, pid: str) -> float:
        """The value of parameter ``pid``."""
        return self.parameters[pid].value

    def defaults(self) -> dict[str, float]:
        """Every control at its starting value."""
        return {cid: c.value for cid, c in self.controls.items()}


@dataclass(frozen=True)
class Response:
    """The synapse's gain and its response to the test stimulus before and after."""

    repetitions: float
    strength: float
    test: float
    gain: float
    before: float
    after: float
    pain_threshold: float

    @property
    def painful_before(self) -> bool:
        """Whether the test stimulus counted as painful with the starting gain."""
        return is_painful(self.before, self.pain_threshold)

    @property
    def painful_after(self) -> bool:
        """Whether the test stimulus counts as painful after the repeated input."""
        return is_painful(self.after, self.pain_threshold)


# ---- the data file ---------------------------------------------------------------------

def _number(value: object, source: Path, where: str, minimum: float, maximum: float) -> float:
    return float(require_number(value, source, where, minimum, maximum))


#: Allowed (minimum, maximum) of each parameter; max_gain must be above 1 and the
#: induction threshold below 1 (checked separately because the ends are open).
_PARAMETER_RANGES = {"max_gain": (1.0, 100.0), "rate": (1e-9, 100.0),
                     "induction_threshold": (0.0, 1.0), "pain_threshold": (1e-9, 100.0)}


def _parameter(pid: str, raw: object, source: Path, known: frozenset[str]) -> Parameter:
    where = f"parameter '{pid}'"
    raw = require(raw, dict, source, where)
    low, high = _PARAMETER_RANGES[pid]
    value = _number(raw.get("value"), source, f"{where}.value", low, high)
    if (pid == "max_gain" and value <= 1) or (pid == "induction_threshold" and value >= 1):
        bound = "above 1" if pid == "max_gain" else "below 1"
        raise DataFileError(source, where, "value", f"must be {bound}, got {value:g}")
    return Parameter(id=pid, value=value,
                     sources=checked_sources(raw.get("source"), source, where, known),
                     basis=require_text(raw.get("basis"), source, f"{where}.basis"))


def _control(cid: str, raw: object, source: Path) -> Control:
    control = parse_control(cid, raw, source, 0.0, 1000.0)
    if cid == "repetitions" and control.step != int(control.step):
        raise DataFileError(source, f"control '{cid}'", "step",
                            f"must be a whole number (repetitions are counted), got {control.step:g}")
    return control


def parse_synapse(data: object, source: Path, known_keys: frozenset[str]) -> SynapseModel:
    """Validate the parsed YAML of an explorer file.

    Raises DataFileError naming the file, the item (``parameter 'rate'``,
    ``control 'test'``) and the field for anything missing, unknown or out of range.
    """
    root = require(data, dict, source, "the file")
    raw_parameters = require(root.get("parameters"), dict, source, "parameters")
    raw_controls = require(root.get("controls"), dict, source, "controls")
    for kind, ids, raw in (("parameter", PARAMETER_IDS, raw_parameters), ("control", CONTROL_IDS, raw_controls)):
        for name in ids:
            if name not in raw:
                raise DataFileError(source, f"{kind} '{name}'", "(entry)", "is missing")
        for name in raw:
            if name not in ids:
                raise DataFileError(source, f"{kind} '{name}'", "(entry)", f"is unknown; allowed: {list(ids)}")
    parameters = {pid: _parameter(pid, raw_parameters[pid], source, known_keys) for pid in PARAMETER_IDS}
    controls = {cid: _control(cid, raw_controls[cid], source) for cid in CONTROL_IDS}
    return SynapseModel(parameters, controls)


@lru_cache(maxsize=None)
def load_synapse(path: Path = SYNAPSE_FILE) -> SynapseModel:
    """The explorer model of ``assets/synapse.yaml`` (validated)."""
    return parse_synapse(load_yaml(path), path, bib_keys())


# ---- the model -------------------------------------------------------------------------

def settings(model: SynapseModel | None = None, **overrides: float) -> dict[str, float]:
    """Every control's value: defaults, then ``overrides``, each checked.

    Raises ValueError naming the control and its allowed range for an unknown control,
    a value that is not a number, a value outside the range, or a repetition count that
    is not a whole number.
    """
    model = model or load_synapse()
    values = with_checked_overrides(model.defaults(), model.controls, "control", overrides)
    if values["repetitions"] != int(values["repetitions"]):
        raise ValueError(f"repetitions = {values['repetitions']!r} must be a whole number")
    return values


def gain_for(repetitions: float, strength: float, model: SynapseModel) -> float:
    """The synapse's gain after ``repetitions`` of input of ``strength`` (1 = unchanged);
    the same operations, in the same order, as painmood-synapse.js."""
    drive = max(0.0, strength - model.value("induction_threshold"))
    x = model.value("rate") * repetitions * drive
    return 1 + (model.value("max_gain") - 1) * x / (1 + x)


def response_for(values: dict[str, float], model: SynapseModel) -> Response:
    """The result for already-checked values."""
    gain = gain_for(values["repetitions"], values["strength"], model)
    return Response(repetitions=values["repetitions"], strength=values["strength"], test=values["test"],
                    gain=gain, before=values["test"], after=gain * values["test"],
                    pain_threshold=model.value("pain_threshold"))


def synapse_response(model: SynapseModel | None = None, **overrides: float) -> Response:
    """The explorer's result; keyword arguments set controls.

    Example: ``synapse_response(repetitions=10, strength=0.8, test=0.3)``.
    """
    model = model or load_synapse()
    return response_for(settings(model, **overrides), model)


def response_curve(values: dict[str, float], model: SynapseModel) -> list[float]:
    """The response to the test stimulus after 0, 1, ... up to the maximum repetitions
    of the chosen input (the figure's line)."""
    top = int(model.controls["repetitions"].maximum)
    return [gain_for(float(n), values["strength"], model) * values["test"] for n in range(top + 1)]


def summary_text(result: Response) -> str:
    """The result in words (the explorer's live text; painmood-synapse.js writes the same)."""
    def felt(value: float) -> str:
        return "painful" if is_painful(value, result.pain_threshold) else "not painful"
    return (f"After {result.repetitions:.0f} repetitions of input of strength {result.strength:.1f}, "
            f"the synapse is {result.gain:.2f} times as strong as at the start. "
            f"The test stimulus of {result.test:.1f} drove a response of {result.before:.2f} before "
            f"({felt(result.before)}) and {result.after:.2f} now ({felt(result.after)}; "
            f"the model calls {result.pain_threshold:.2f} or more painful).")


# ---- figure ----------------------------------------------------------------------------

def synapse_figure(values: dict[str, float], model: SynapseModel | None = None) -> go.Figure:
    """Response to the test stimulus against repetitions (a line), the current setting (a
    marker) and the model's pain threshold (a dotted line). Scatter traces only."""
    model = model or load_synapse()
    curve = response_curve(values, model)
    result = response_for(values, model)
    top = int(model.controls["repetitions"].maximum)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=list(range(top + 1)), y=curve, mode="lines", name="Response 反应",
                             line={"color": PALETTE["pain"], "width": 3}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[result.repetitions], y=[result.after], mode="markers", name="Now 当前",
                             marker={"color": PALETTE["emotion"], "size": 16, "symbol": "diamond"},
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[0, top], y=[result.pain_threshold] * 2, mode="lines",
                             name="Painful from here 疼痛阈值",
                             line={"color": PALETTE["neutral"], "dash": "dot", "width": 2}, hoverinfo="skip"))
    maximum = model.value("max_gain") * model.controls["test"].maximum
    fig.update_layout(
        title="Illustrative model: response to the same test stimulus after repeated strong input",
        xaxis={"title": "Repetitions of the strong input", "range": [0, top], "automargin": True},
        yaxis={"title": "Response (arbitrary units)", "range": [0, maximum], "automargin": True},
        height=340, margin={"l": 60, "r": 20, "t": 50, "b": 50}, template="plotly_white",
        legend={"orientation": "h", "y": -0.3},
    )
    return fig


FIGURE_DESCRIPTION = ("A line shows the response to the chosen test stimulus after 0 to 20 repetitions "
                      "of the chosen input; a diamond marks the current number of repetitions, and a "
                      "dotted line marks the level the model calls painful. The text above the figure "
                      "gives the numbers.")


# ---- static version (the book) ---------------------------------------------------------

def _payload(model: SynapseModel) -> dict[str, Any]:
    """Everything painmood-synapse.js needs: the parameters and the repetition range."""
    return {"parameters": {pid: p.value for pid, p in model.parameters.items()},
            "maxRepetitions": int(model.controls["repetitions"].maximum)}


def static_explorer_html(**overrides: float) -> str:
    """The book's explorer: labelled range inputs, a live text summary and one figure."""
    model = load_synapse()
    values = settings(model, **overrides)
    result = response_for(values, model)
    payload = json.dumps(_payload(model), separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    root_id = element_id("pm-syn", payload + json.dumps(values, sort_keys=True))
    controls = "".join(control_html(root_id, model.controls[cid], values[cid]) for cid in CONTROL_IDS)
    figure = figure_html(synapse_figure(values, model), FIGURE_DESCRIPTION)
    return (
        f'<section class="pm-synapse" id="{root_id}" aria-label="Synapse explorer">'
        f'<script type="application/json" class="pm-synapse-data">{payload}</script>'
        f'<p class="pm-syn-note"><strong>{html.escape(ILLUSTRATIVE)}</strong></p>'
        f'<div class="pm-sim-controls">{controls}</div>'
        f'<p class="pm-syn-summary pm-sim-summary" aria-live="polite">{html.escape(summary_text(result))}</p>'
        f'<div class="pm-syn-figure">{figure}</div>'
        "</section>"
    )


# ---- live version (notebooks with a kernel) --------------------------------------------

def live_explorer(**overrides: float) -> Any:
    """ipywidgets sliders that redraw a plotly FigureWidget in place (needs a kernel)."""
    import ipywidgets as widgets

    model = load_synapse()
    values = settings(model, **overrides)
    figure = go.FigureWidget(synapse_figure(values, model))
    sliders = {}
    for cid in CONTROL_IDS:
        c = model.controls[cid]
        slider_type = widgets.IntSlider if cid == "repetitions" else widgets.FloatSlider
        sliders[cid] = slider_type(value=values[cid], min=c.minimum, max=c.maximum, step=c.step,
                                   description=f"{c.label} {c.label_zh}", style={"description_width": "initial"})
    summary = widgets.Label(summary_text(response_for(values, model)))

    def update(_change: object = None) -> None:
        chosen = settings(model, **{cid: float(s.value) for cid, s in sliders.items()})
        result = response_for(chosen, model)
        with figure.batch_update():
            figure.data[0].y = response_curve(chosen, model)
            figure.data[1].x = [result.repetitions]
            figure.data[1].y = [result.after]
        summary.value = summary_text(result)

    for slider in sliders.values():
        slider.observe(update, names="value")
    box = widgets.VBox([widgets.HTML(f"<strong>{html.escape(ILLUSTRATIVE)}</strong>"),
                        *sliders.values(), summary, figure])
    box.update = update  # exposed for tests
    return box


class SynapseExplorer:
    """The explorer as one display: the live ipywidgets view (Jupyter with a kernel), the
    static HTML (the book: its configuration ranks the widget view below HTML) and the
    summary as plain text."""

    def __init__(self, **overrides: float) -> None:
        settings(**overrides)  # fail early, naming the control
        self.overrides = overrides

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(live_explorer(**self.overrides)._repr_mimebundle_())
        bundle["text/html"] = static_explorer_html(**self.overrides)
        bundle["text/plain"] = summary_text(synapse_response(**self.overrides))
        return bundle


def show_synapse(**overrides: float) -> SynapseExplorer:
    """The explorer for a chapter: end a cell with it. Live in Jupyter, static in the book."""
    return SynapseExplorer(**overrides)


def parameters_table() -> HTML:
    """Every fixed number of the model: name, value, source, basis (an HTML table)."""
    model = load_synapse()
    rows = [(pid, f"{p.value:g}", html.escape("; ".join(p.sources)), html.escape(p.basis))
            for pid, p in model.parameters.items()]
    return HTML(html_table("Synapse explorer parameters (from assets/synapse.yaml)",
                           ("Parameter", "Value", "Source", "Basis"), rows))
