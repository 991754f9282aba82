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
from IPython.display import HTML

from painmood.chinese import bilingual_html, tag_chinese
from painmood.figures import PALETTE, element_id, figure_html
from painmood.model import (UNBLINDED_COMPARATORS, Effect, Model, Trajectory, load_model, run,
                            settings, treatment_rates)
from painmood.tables import html_table, symbol_html
from painmood.treatments import load_treatments

#: The reader's controls: model parameter ids, in display order (the treatment comes first).
CONTROLS = ("strength", "coupling_affect_to_pain", "coupling_pain_to_affect", "duration")
REGIONS_TRACE = "regions"
#: The one treatment family whose targets are sites it stimulates; the others' targets
#: are mechanism models (the atlas page's caveat, repeated where targets are shown).
STIMULATED_DIRECTLY = "neuromodulation"


# ---- shared pieces -------------------------------------------------------------------

def targets_text(treatment: str) -> str:
    """One sentence listing the target regions (the brain view's text alternative)."""
    from painmood.brain import no_target_note, select_regions, treatment_targets

    names = [f"{r.name_en} ({r.name_zh})" for r in select_regions(treatment_targets(treatment))]
    if names:
        text = "Highlighted target regions: " + "; ".join(names) + "."
        if load_treatments()[treatment].family != STIMULATED_DIRECTLY:
            text += (" These are mechanism models drawn mostly from animal work and reviews,"
                     " not measured human targets.")
        return text
    return f"No brain region is highlighted: {no_target_note(treatment)}"


def brain_figure(treatment: str) -> go.Figure:
    """The glass brain with the treatment's target regions highlighted."""
    from painmood.brain import glass_brain_figure, treatment_targets

    return glass_brain_figure(highlight=treatment_targets(treatment))


def region_markers(treatment: str) -> dict[str, list[Any]]:
    """Marker sizes and colours of the brain's "regions" trace for one treatment."""
    trace = next(t for t in brain_figure(treatment).data if t.name == REGIONS_TRACE)
    return {"size": list(trace.marker.size), "color": list(trace.marker.color)}


def _effect_phrase(symptom: str, effect: Effect) -> str:
    if effect.comparator == "not measured":
        return f"{symptom} {effect.size:.2f} (assumed: no published comparison)"
    return f"{symptom} {effect.size:.2f} against {effect.comparator}"


def comparison_text(treatment: str, model: Model | None = None) -> str:
    """What the preset's effect sizes were compared with, in words, with its scope.

    Shown next to the treatment choice, so that a size against usual care is never
    read as if it were against placebo or sham.
    """
    preset = (model or load_model()).presets[treatment]
    name = load_treatments()[treatment]
    sentences = [f"{name.name_en} ({name.name_zh}).",
                 "Effect sizes used: " + _effect_phrase("pain", preset.pain) + "; "
                 + _effect_phrase("negative affect", preset.emotion) + "."]
    for symptom, effect in (("pain", preset.pain), ("negative affect", preset.emotion)):
        if effect.other:
            sentences.append(f"Against {effect.other.comparator} the published {symptom} effect "
                             f"is larger, {effect.other.size:.2f}: the comparator decides the size.")
        if effect.comparator in UNBLINDED_COMPARATORS:
            sentences.append(f"For {symptom}, the size is against {effect.comparator}, as no placebo- "
                             "or sham-controlled size exists; such sizes include expectation and "
                             "attention effects and run larger than placebo- or sham-controlled ones.")
    if preset.scope:
        sentences.append(preset.scope)
    return " ".join(dict.fromkeys(sentences))


def comparison_html(treatment: str, model: Model | None = None) -> str:
    """:func:`comparison_text` as HTML, the Chinese name tagged for screen readers."""
    return tag_chinese(html.escape(comparison_text(treatment, model)))


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
                          "markers": region_markers(tid), "targets": tag_chinese(targets_text(tid)),
                          "comparison": comparison_html(tid, model)}
                    for tid, p in model.presets.items()},
    }


def _control_html(sim_id: str, pid: str, value: float, model: Model) -> str:
    p = model.parameters[pid]
    cid = f"{sim_id}-{pid}"
    return (f'<div class="pm-sim-control"><label for="{cid}">{bilingual_html(p.label, p.label_zh)}</label>'
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
        # English only: an option cannot hold a Chinese-tagged span; the Chinese name
        # is in the comparison line under the controls.
        f"{html.escape(t.name_en)}</option>"
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
        f'<label for="{sim_id}-treatment">{bilingual_html("Treatment", "治疗")}</label>'
        f'<select id="{sim_id}-treatment" data-param="treatment">{options}</select></div>'
        f"{controls}</div>"
        f'<p class="pm-sim-comparison" aria-live="polite">{comparison_html(treatment, model)}</p>'
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
                                   description=f"{p.label} {p.label_zh}", style={"description_width": "initial"})
    comparison = widgets.HTML(comparison_html(treatment, model))
    summary = widgets.Label(summary_text(trajectory))
    targets = widgets.Label(targets_text(treatment))

    def update(_change: object = None) -> None:
        chosen = {pid: float(s.value) for pid, s in sliders.items()}
        result, vals = compute(choose.value, model, **chosen)
        with figure.batch_update():
            figure.data[0].y = result.pain
            figure.data[1].y = result.affect
            figure.layout.shapes[0].x1 = vals["onset"] + vals["duration"]
        comparison.value = comparison_html(choose.value, model)
        summary.value = summary_text(result)
        targets.value = targets_text(choose.value)

    for control in (choose, *sliders.values()):
        control.observe(update, names="value")
    box = widgets.VBox([choose, comparison, *sliders.values(), summary, targets, figure])
    box.update = update  # exposed for the benchmark and tests
    return box


# ---- model card helpers --------------------------------------------------------------

def parameter_table(model: Model | None = None) -> HTML:
    """Every parameter: symbol, meaning, value, range, source, basis (an HTML table)."""
    model = model or load_model()
    rows = [(symbol_html(p.symbol), html.escape(p.label), f"{p.value:g}", f"{p.minimum:g} to {p.maximum:g}",
             html.escape(sources_text(p.sources)), html.escape(p.basis)) for p in model.parameters.values()]
    rows.append((symbol_html("b"), "Blunting of mood treatment by pain", f"{model.blunting:.3f}", "0 to 1",
                 html.escape(sources_text(model.blunting_sources)), html.escape(model.blunting_basis)))
    return HTML(html_table("Model parameters (from assets/model.yaml)",
                           ("Symbol", "Meaning", "Value", "Allowed range", "Source", "Basis"), rows))


def _effect_cells(effect: Effect) -> tuple[str, str, str]:
    basis = effect.basis
    if effect.other:
        basis += f" Against {effect.other.comparator}: {effect.other.size:.2f}. {effect.other.basis}"
    sources = effect.sources + (effect.other.sources if effect.other else ())
    return (f"{effect.size:.2f}", html.escape(effect.comparator),
            f"{html.escape(basis)} ({html.escape(sources_text(tuple(dict.fromkeys(sources))))})")


def preset_table(model: Model | None = None) -> HTML:
    """The presets' effect sizes on pain and on negative affect, each with its comparator."""
    model = model or load_model()
    names = load_treatments()
    rows = [(html.escape(names[tid].name_en), *_effect_cells(p.pain), *_effect_cells(p.emotion))
            for tid, p in model.presets.items()]
    return HTML(html_table(
        "Treatment presets: effect sizes (standardised mean differences) and what they were compared with",
        ("Treatment", "Effect on pain", "Compared with", "Basis (sources)",
         "Effect on negative affect", "Compared with", "Basis (sources)"), rows))


def pain_drop_at_end(treatment: str, model: Model | None = None, **overrides: float) -> float:
    """Pain below its untreated level in the last week, with the treatment given from
    its onset to the end: the same time point as a trial's end-of-follow-up difference
    (IMPACT's was at 12 months)."""
    model = model or load_model()
    values = model.defaults() | overrides
    duration = min(values["weeks"] - values["onset"], model.parameters["duration"].maximum)
    result, _ = compute(treatment, model, **overrides, duration=duration)
    return result.pain[0] - result.pain[-1]


def sensitivity_figure(treatment: str = "rtms_dlpfc", steps: int = 10) -> go.Figure:
    """Pain drop after a year of a treatment, against both couplings (one line per c_PE).

    Plotted as lines because the site's plotly bundle has no heatmap.
    """
    model = load_model()
    to_pain = model.parameters["coupling_affect_to_pain"]
    to_affect = model.parameters["coupling_pain_to_affect"]
    xs = [to_pain.minimum + i * (to_pain.maximum - to_pain.minimum) / steps for i in range(steps + 1)]
    fig = go.Figure()
    for i, c_pe in enumerate((0.0, 0.03, 0.06, to_affect.maximum)):
        drops = [pain_drop_at_end(treatment, model, coupling_affect_to_pain=c_ep, coupling_pain_to_affect=c_pe)
                 for c_ep in xs]
        fig.add_trace(go.Scatter(x=xs, y=drops, mode="lines+markers", name=f"c_PE = {c_pe:g}",
                                 line={"width": 2 + i, "color": PALETTE["pain"] if i % 2 else PALETTE["emotion"],
                                       "dash": ("solid", "dash", "dot", "dashdot")[i]}))
    fig.update_layout(
        title=f"Pain relief after a year of a mood-only treatment ({load_treatments()[treatment].name_en})",
        xaxis={"title": "Carry-over from negative affect to pain, c_EP", "automargin": True},
        yaxis={"title": "Pain drop at week 52 (points, 0-10)", "rangemode": "tozero", "automargin": True},
        height=400, template="plotly_white", legend={"title": {"text": "Pain to affect"}},
    )
    return fig
