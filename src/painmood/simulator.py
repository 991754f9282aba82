"""The carry-over simulator: a live notebook version and a static page version.

* :func:`live_simulator` - ipywidgets controls updating a plotly FigureWidget in
  place (needs a running kernel).
* :func:`static_simulator_html` - the book's version: native, labelled HTML controls,
  the model's numbers as JSON, and ``painmood-simulator.js``, which repeats
  :func:`painmood.model.run` in the browser and redraws the graphs without a kernel.
* :func:`show_simulator` - what chapters call: both of the above in one display.

Both show the treatment's target regions on the course's glass brain
(:mod:`painmood.brain`), in the graph and as text.
"""

from __future__ import annotations

import html
import json
from typing import Any

import plotly.graph_objects as go

from painmood.figures import PALETTE, element_id, figure_html
from painmood.model import Model, Trajectory, load_model, run, settings, treatment_rates
from painmood.treatments import load_treatments

#: The reader's controls: model parameter ids, in display order (the treatment comes first).
CONTROLS = ("strength", "coupling_affect_to_pain", "coupling_pain_to_affect", "duration")
REGIONS_TRACE = "regions"


# ---- shared pieces -------------------------------------------------------------------

def targets_text(treatment: str) -> str:
    """One sentence listing the target regions (the brain view's text alternative)."""
    from painmood.brain import no_target_note, select_regions, treatment_targets

    names = [f"{r.name_en} ({r.name_zh})" for r in select_regions(treatment_targets(treatment))]
    if names:
        return "Highlighted target regions: " + "; ".join(names) + "."
    return f"No brain region is highlighted: {no_target_note(treatment)}"


def brain_figure(treatment: str) -> go.Figure:
    """The glass brain with the treatment's target regions highlighted."""
    from painmood.brain import glass_brain_figure, treatment_targets

    return glass_brain_figure(highlight=treatment_targets(treatment))


def region_markers(treatment: str) -> dict[str, list[Any]]:
    """Marker sizes and colours of the brain's "regions" trace for one treatment."""
    trace = next(t for t in brain_figure(treatment).data if t.name == REGIONS_TRACE)
    return {"size": list(trace.marker.size), "color": list(trace.marker.color)}


def summary_text(trajectory: Trajectory) -> str:
    """The result in words: final levels against the starting levels."""
    weeks = trajectory.weeks[-1]
    return (f"After {weeks} weeks: pain {trajectory.pain[-1]:.1f} (from {trajectory.pain[0]:.1f}), "
            f"negative affect {trajectory.affect[-1]:.1f} (from {trajectory.affect[0]:.1f}).")


def compute(treatment: str, model: Model | None = None,
            **overrides: float) -> tuple[Trajectory, dict[str, float]]:
    """Checked parameter values and the trajectory for them."""
    model = model or load_model()
    values = settings(treatment, model, **overrides)
    return run(values, *treatment_rates(treatment, values, model), model.blunting), values


def timecourse_figure(trajectory: Trajectory, values: dict[str, float]) -> go.Figure:
    """Pain and negative affect over the weeks, with the treatment period shaded."""
    fig = go.Figure()
    for name, y, colour, dash in (("Pain 疼痛", trajectory.pain, PALETTE["pain"], "solid"),
                                  ("Negative affect 负性情绪", trajectory.affect, PALETTE["emotion"], "dash")):
        fig.add_trace(go.Scatter(x=list(trajectory.weeks), y=list(y), name=name, mode="lines",
                                 line={"color": colour, "width": 3, "dash": dash}))
    fig.add_shape(type="rect", xref="x", yref="paper", y0=0, y1=1, x0=values["onset"],
                  x1=values["onset"] + values["duration"], fillcolor=PALETTE["highlight"],
                  opacity=0.15, line={"width": 0}, layer="below")
    fig.update_layout(
        title="Illustrative model: pain and negative affect over a year",
        xaxis={"title": "Week", "range": [0, values["weeks"]]},
        yaxis={"title": "Level (0-10)", "range": [0, 10]},
        height=380, margin={"l": 60, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": -0.2}, template="plotly_white",
    )
    return fig


def sources_text(keys: tuple[str, ...]) -> str:
    """Sources as shown in the model card's tables: bib keys and/or "teaching assumption"."""
    return "; ".join(keys)


# ---- static version (the book) -------------------------------------------------------

def _payload(model: Model) -> dict[str, Any]:
    """Everything painmood-simulator.js needs: defaults, b, effects, region highlights."""
    return {
        "values": model.defaults(),
        "blunting": model.blunting,
        "presets": {tid: {"pain": p.pain.size, "emotion": p.emotion.size,
                          "markers": region_markers(tid), "targets": targets_text(tid)}
                    for tid, p in model.presets.items()},
    }


def _control_html(sim_id: str, pid: str, value: float, model: Model) -> str:
    p = model.parameters[pid]
    cid = f"{sim_id}-{pid}"
    return (f'<div class="pm-sim-control"><label for="{cid}">{html.escape(p.label)}</label>'
            f'<input type="range" id="{cid}" data-param="{pid}" min="{p.minimum:g}" '
            f'max="{p.maximum:g}" step="{p.step:g}" value="{value:g}">'
            f'<output for="{cid}">{value:g}</output></div>')


def static_simulator_html(treatment: str = "antidepressant") -> str:
    """The book's simulator: labelled controls, the two graphs, a live text summary."""
    model = load_model()
    trajectory, values = compute(treatment, model)
    payload = json.dumps(_payload(model), separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    sim_id = element_id("pm-sim", payload + treatment)
    options = "".join(
        f'<option value="{tid}"{" selected" if tid == treatment else ""}>'
        f"{html.escape(t.name_en)} / {html.escape(t.name_zh)}</option>"
        for tid, t in load_treatments().items())
    controls = "".join(_control_html(sim_id, pid, values[pid], model) for pid in CONTROLS)
    timecourse = figure_html(timecourse_figure(trajectory, values),
                             "Pain (solid) and negative affect (dashed) per week; the shaded band is "
                             "the treatment period. The text above the graphs gives the numbers.")
    brain = figure_html(brain_figure(treatment),
                        "Glass brain: the chosen treatment's target regions are enlarged and coloured. "
                        "They are also listed in the text below this view.")
    return (
        f'<section class="pm-simulator" id="{sim_id}" aria-label="Carry-over simulator">'
        f'<script type="application/json" class="pm-simulator-data">{payload}</script>'
        f'<div class="pm-sim-controls"><div class="pm-sim-control">'
        f'<label for="{sim_id}-treatment">Treatment 治疗</label>'
        f'<select id="{sim_id}-treatment" data-param="treatment">{options}</select></div>'
        f"{controls}</div>"
        f'<p class="pm-sim-summary" aria-live="polite">{html.escape(summary_text(trajectory))}</p>'
        f'<div class="pm-sim-timecourse">{timecourse}</div>'
        f'<div class="pm-sim-brain">{brain}'
        f'<p class="pm-sim-targets" aria-live="polite">{html.escape(targets_text(treatment))}</p></div>'
        "</section>"
    )


class Simulator:
    """One displayable simulator for both audiences.

    Its MIME bundle holds the live ipywidgets view, which Jupyter shows when a kernel
    runs, and the static HTML (``text/html``), which the book shows: the book's
    configuration ranks the widget view below HTML, because the site serves no widget
    manager.
    """

    def __init__(self, treatment: str = "antidepressant") -> None:
        self.treatment = treatment

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(live_simulator(self.treatment)._repr_mimebundle_())
        bundle["text/html"] = static_simulator_html(self.treatment)
        bundle["text/plain"] = summary_text(compute(self.treatment)[0])
        return bundle


def show_simulator(treatment: str = "antidepressant") -> Simulator:
    """The simulator for a chapter: end a cell with it. Live in Jupyter, static in the book."""
    return Simulator(treatment)


# ---- live version (notebooks with a kernel) -----------------------------------------

def live_simulator(treatment: str = "antidepressant") -> Any:
    """ipywidgets controls that redraw a plotly FigureWidget in place (one batch per change)."""
    import ipywidgets as widgets

    model = load_model()
    trajectory, values = compute(treatment, model)
    figure = go.FigureWidget(timecourse_figure(trajectory, values))
    choose = widgets.Dropdown(options=[(t.name_en, tid) for tid, t in load_treatments().items()],
                              value=treatment, description="Treatment")
    sliders = {}
    for pid in CONTROLS:
        p = model.parameters[pid]
        slider_type = widgets.IntSlider if p.step == int(p.step) else widgets.FloatSlider
        sliders[pid] = slider_type(value=values[pid], min=p.minimum, max=p.maximum, step=p.step,
                                   description=p.label, style={"description_width": "initial"})
    summary = widgets.Label(summary_text(trajectory))
    targets = widgets.Label(targets_text(treatment))

    def update(_change: object = None) -> None:
        chosen = {pid: float(s.value) for pid, s in sliders.items()}
        result, vals = compute(choose.value, model, **chosen)
        with figure.batch_update():
            figure.data[0].y = result.pain
            figure.data[1].y = result.affect
            figure.layout.shapes[0].x1 = vals["onset"] + vals["duration"]
        summary.value = summary_text(result)
        targets.value = targets_text(choose.value)

    for control in (choose, *sliders.values()):
        control.observe(update, names="value")
    box = widgets.VBox([choose, *sliders.values(), summary, targets, figure])
    box.update = update  # exposed for the benchmark and tests
    return box


# ---- model card helpers --------------------------------------------------------------

def parameter_table(model: Model | None = None) -> str:
    """Markdown table of every parameter: symbol, meaning, value, range, source, basis."""
    model = model or load_model()
    lines = ["| Symbol | Meaning | Value | Allowed range | Source | Basis |", "|---|---|---|---|---|---|"]
    lines += [f"| ${p.symbol}$ | {p.label} | {p.value:g} | {p.minimum:g} to {p.maximum:g} | "
              f"{sources_text(p.sources)} | {p.basis} |" for p in model.parameters.values()]
    lines.append(f"| $b$ | Blunting of mood treatment by pain | {model.blunting:.3f} | 0 to 1 | "
                 f"{sources_text(model.blunting_sources)} | {model.blunting_basis} |")
    return "\n".join(lines)


def preset_table(model: Model | None = None) -> str:
    """Markdown table of the presets' effect sizes on pain and on negative affect."""
    model = model or load_model()
    names = load_treatments()
    lines = ["| Treatment | Effect on pain | Basis | Effect on negative affect | Basis |",
             "|---|---|---|---|---|"]
    for tid, p in model.presets.items():
        lines.append(
            f"| {names[tid].name_en} | {p.pain.size:.2f} | {p.pain.basis} ({sources_text(p.pain.sources)}) "
            f"| {p.emotion.size:.2f} | {p.emotion.basis} ({sources_text(p.emotion.sources)}) |")
    return "\n".join(lines)


def sensitivity_figure(treatment: str = "rtms_dlpfc", steps: int = 10) -> go.Figure:
    """Largest pain drop under a treatment, against both couplings (one line per c_PE).

    Plotted as lines because the site's plotly bundle has no heatmap.
    """
    model = load_model()
    to_pain = model.parameters["coupling_affect_to_pain"]
    to_affect = model.parameters["coupling_pain_to_affect"]
    xs = [to_pain.minimum + i * (to_pain.maximum - to_pain.minimum) / steps for i in range(steps + 1)]
    fig = go.Figure()
    for i, c_pe in enumerate((0.0, 0.03, 0.06, to_affect.maximum)):
        drops = []
        for c_ep in xs:
            result, _ = compute(treatment, model, coupling_affect_to_pain=c_ep,
                                coupling_pain_to_affect=c_pe)
            drops.append(result.pain[0] - min(result.pain))
        fig.add_trace(go.Scatter(x=xs, y=drops, mode="lines+markers", name=f"c_PE = {c_pe:g}",
                                 line={"width": 2 + i, "color": PALETTE["pain"] if i % 2 else PALETTE["emotion"],
                                       "dash": ("solid", "dash", "dot", "dashdot")[i]}))
    fig.update_layout(
        title=f"Pain relief carried over from a mood-only treatment ({load_treatments()[treatment].name_en})",
        xaxis={"title": "Carry-over from negative affect to pain, c_EP"},
        yaxis={"title": "Largest pain drop (points, 0-10)", "rangemode": "tozero"},
        height=400, template="plotly_white", legend={"title": {"text": "Pain to affect"}},
    )
    return fig
