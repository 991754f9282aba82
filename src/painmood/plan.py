"""The plan builder (illustrative): two treatment plans side by side, on the carry-over model.

A plan is a list of steps (treatment preset, onset week, duration in weeks) run by
:func:`painmood.model.simulate_plan`; rates of overlapping steps add up (a teaching
assumption). The view draws both plans' weekly pain and negative affect, and sets each
plan's simulated pain difference at week 52 beside published 12-month differences of
care-model trials (``assets/evidence/integrated-care-pain-differences.yaml``).

* :func:`static_plan_html` - the book's version: native labelled controls, the model as
  JSON, and ``painmood-plan.js``, which repeats :func:`painmood.model.run_plan`.
* :func:`live_plan_builder` - ipywidgets for a running kernel.
* :func:`show_plan_builder` - what the chapter calls: both in one display.
"""

from __future__ import annotations

import html
import json
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from painmood.chinese import bilingual_html
from painmood.evidence import EvidenceTable, load_evidence
from painmood.figures import PALETTE, element_id, figure_html
from painmood.model import (PLAN_MAX_STEPS, Model, Step, Trajectory, check_plan, load_model,
                            plan_periods, run_plan, settings)
from painmood.treatments import load_treatments

EVIDENCE = "integrated-care-pain-differences"
#: The two plans the page starts with: (name, steps). Step 2 of plan A uses CBT as a
#: stand-in for SCAMP's pain self-management programme (no preset exists for it).
DEFAULT_PLANS: tuple[tuple[str, tuple[Step, ...]], ...] = (
    ("Plan A (starts as a SCAMP-like sequence)",
     (Step("antidepressant", 0, 52), Step("cbt", 12, 12), Step("exercise", 24, 0))),
    ("Plan B (starts as antidepressant alone)",
     (Step("antidepressant", 0, 52), Step("cbt", 12, 0), Step("exercise", 24, 0))),
)
SHORT_NAMES = ("Plan A", "Plan B")
SIMULATED_TRACE = "simulated"


def compute_plan(steps: Any, model: Model | None = None) -> tuple[Trajectory, tuple[Step, ...]]:
    """The trajectory of a plan at the default parameters, and its checked steps.

    Steps of zero weeks are kept (they add nothing), so that a page's three slots map
    one to one onto the plan.
    """
    model = model or load_model()
    values = settings(next(iter(model.presets)), model, onset=0)
    checked = check_plan(steps, values, model)
    return run_plan(values, plan_periods(checked, values, model), model.blunting), checked


def pain_difference(trajectory: Trajectory) -> float:
    """Pain in the last week minus the untreated level (the model's untreated run stays
    at its baseline): the model's counterpart of a trial's care-minus-usual-care difference."""
    return trajectory.pain[-1] - trajectory.pain[0]


def steps_text(steps: tuple[Step, ...]) -> str:
    """The steps in words, e.g. "Duloxetine ... weeks 0-52; CBT weeks 12-24"."""
    names = load_treatments()
    active = [f"{names[s.treatment].name_en}, weeks {s.onset}-{s.onset + s.duration}"
              for s in steps if s.duration > 0]
    return "; ".join(active) if active else "no treatment"


def plan_summary(name: str, trajectory: Trajectory) -> str:
    """One plan's result in words: levels at the last week and the pain difference."""
    weeks = trajectory.weeks[-1]
    return (f"{name}: at week {weeks}, pain {trajectory.pain[-1]:.2f} and negative affect "
            f"{trajectory.affect[-1]:.2f} (untreated {trajectory.pain[0]:.1f} and "
            f"{trajectory.affect[0]:.1f}); simulated pain difference {pain_difference(trajectory):+.2f} points.")


def timecourse_figure(results: list[Trajectory]) -> go.Figure:
    """Both plans' weekly pain (solid) and negative affect (dashed), side by side."""
    fig = make_subplots(rows=1, cols=len(results), shared_yaxes=True, subplot_titles=SHORT_NAMES,
                        horizontal_spacing=0.06)
    for col, result in enumerate(results, start=1):
        for label, y, colour, dash in (("Pain 疼痛", result.pain, PALETTE["pain"], "solid"),
                                       ("Negative affect 负性情绪", result.affect, PALETTE["emotion"], "dash")):
            fig.add_trace(go.Scatter(x=list(result.weeks), y=list(y), name=label, mode="lines",
                                     showlegend=col == 1, legendgroup=label,
                                     line={"color": colour, "width": 3, "dash": dash}), row=1, col=col)
    fig.update_xaxes(title_text="Week", range=[0, results[0].weeks[-1]])
    fig.update_yaxes(range=[0, 10])
    fig.update_yaxes(title_text="Level (0-10)", row=1, col=1)
    fig.update_layout(title="Illustrative model: two plans over a year", height=380,
                      margin={"l": 60, "r": 20, "t": 70, "b": 50}, template="plotly_white",
                      legend={"orientation": "h", "y": -0.25})
    return fig


def comparison_figure(results: list[Trajectory], table: EvidenceTable) -> go.Figure:
    """Published 12-month pain differences (points with 95 % CI) beside each plan's
    simulated difference at week 52 (the trace named ``simulated``)."""
    fig = go.Figure()
    for item in table.items:
        fig.add_trace(go.Scatter(x=[item.low, item.high], y=[item.label, item.label], mode="lines",
                                 line={"color": PALETTE["neutral"], "width": 6}, showlegend=False,
                                 name="95 % CI", hovertemplate=f"{item.label}: {item.as_text(table.unit)}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[item.value for item in table.items], y=[item.label for item in table.items],
                             mode="markers", name="published (trial vs usual care)",
                             marker={"color": PALETTE["highlight"], "size": 14, "symbol": "diamond",
                                     "line": {"color": "#000000", "width": 1}}))
    labels = [f"{name}, simulated (model vs untreated)" for name in SHORT_NAMES]
    fig.add_trace(go.Scatter(x=[pain_difference(r) for r in results], y=labels, mode="markers",
                             name=SIMULATED_TRACE, marker={"color": PALETTE["pain"], "size": 14,
                                                           "line": {"color": "#000000", "width": 1}}))
    rows = [item.label for item in table.items] + labels
    fig.update_layout(title="Pain difference at 12 months: trials and the model's plans",
                      xaxis={"title": "Difference in pain (points on 0-10; below 0 = less pain)",
                             "range": [-3, 0.5], "zeroline": True},
                      yaxis={"categoryorder": "array", "categoryarray": rows[::-1], "automargin": True},
                      height=120 + 55 * len(rows), margin={"l": 10, "r": 20, "t": 60, "b": 50},
                      template="plotly_white", legend={"orientation": "h", "y": -0.35})
    return fig


def comparison_text(table: EvidenceTable) -> str:
    """The published points in words, with their sources and what they compared."""
    rows = "; ".join(f"{item.label}: {item.as_text(table.unit)} ({item.sources_text()})" for item in table.items)
    return (f"Published, against usual care at 12 months: {rows}. The model's plans are compared "
            "with no treatment at week 52, and its effect sizes mostly come from placebo-controlled "
            "trials, so the two kinds of points are not like for like.")


# ---- static version (the book) -------------------------------------------------------

def _payload(model: Model) -> dict[str, Any]:
    values = settings(next(iter(model.presets)), model, onset=0)
    return {"values": values, "blunting": model.blunting,
            "presets": {tid: {"pain": p.pain.size, "emotion": p.emotion.size} for tid, p in model.presets.items()},
            "names": {tid: t.name_en for tid, t in load_treatments().items()},
            "short": list(SHORT_NAMES)}


def _step_html(root: str, plan: int, index: int, step: Step, model: Model, weeks: int) -> str:
    names = load_treatments()
    base = f"{root}-p{plan}-s{index}"
    options = "".join(f'<option value="{tid}"{" selected" if tid == step.treatment else ""}>'
                      f"{html.escape(names[tid].name_en)}</option>" for tid in model.presets)
    duration = model.parameters["duration"]

    def slider(field: str, label: str, label_zh: str, low: float, high: float, value: int) -> str:
        cid = f"{base}-{field}"
        return (f'<div class="pm-sim-control"><label for="{cid}">{bilingual_html(label, label_zh)}</label>'
                f'<input type="range" id="{cid}" data-plan="{plan}" data-step="{index}" data-field="{field}" '
                f'min="{low:g}" max="{high:g}" step="1" value="{value}">'
                f'<output for="{cid}">{value}</output></div>')

    return (f'<fieldset class="pm-plan-step"><legend>{bilingual_html(f"Step {index + 1}", f"第{index + 1}步")}</legend>'
            f'<div class="pm-sim-control"><label for="{base}-treatment">{bilingual_html("Treatment", "治疗")}</label>'
            f'<select id="{base}-treatment" data-plan="{plan}" data-step="{index}" data-field="treatment">{options}</select></div>'
            + slider("onset", "Start week", "开始周", 0, weeks - 1, step.onset)
            + slider("duration", "Weeks (0 = step off)", "持续周数（0 = 不用此步）", duration.minimum,
                     duration.maximum, step.duration)
            + "</fieldset>")


def static_plan_html(plans: tuple[tuple[str, tuple[Step, ...]], ...] = DEFAULT_PLANS) -> str:
    """The book's plan builder: for each plan, three steps (treatment, start week, weeks);
    both plans' curves; the simulated and published pain differences; live text."""
    model = load_model()
    table = load_evidence(EVIDENCE)
    computed = [compute_plan(steps, model) for _, steps in plans]
    if any(len(steps) != PLAN_MAX_STEPS for _, steps in computed):
        raise ValueError(f"the page shows {PLAN_MAX_STEPS} steps per plan; give each plan {PLAN_MAX_STEPS} "
                         "(a step of 0 weeks is off)")
    results = [r for r, _ in computed]
    payload = json.dumps(_payload(model), separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    root = element_id("pm-plan", payload + repr(plans))
    weeks = int(model.parameters["weeks"].value)
    groups = "".join(
        f'<fieldset class="pm-plan-plan" data-plan="{i}"><legend>{html.escape(name)}</legend>'
        + "".join(_step_html(root, i, j, step, model, weeks) for j, step in enumerate(steps))
        + f'<p class="pm-plan-steps" data-plan="{i}" aria-live="polite">{html.escape(steps_text(steps))}</p>'
        "</fieldset>"
        for i, ((name, _), (_, steps)) in enumerate(zip(plans, computed)))
    summaries = "".join(f'<p class="pm-plan-summary" data-plan="{i}" aria-live="polite">'
                        f"{html.escape(plan_summary(SHORT_NAMES[i], r))}</p>" for i, r in enumerate(results))
    curves = figure_html(timecourse_figure(results),
                         "Illustrative model. Left: plan A; right: plan B. Pain (solid) and negative affect "
                         "(dashed) per week on 0-10 scales. The text above the graphs gives the numbers.")
    compare = figure_html(comparison_figure(results, table), comparison_text(table))
    return (f'<section class="pm-plan" id="{root}" aria-label="Plan builder (illustrative)">'
            f'<script type="application/json" class="pm-plan-data">{payload}</script>'
            f'<div class="pm-plan-plans">{groups}</div>{summaries}'
            f'<div class="pm-plan-curves">{curves}</div><div class="pm-plan-compare">{compare}</div>'
            "</section>")


class PlanBuilder:
    """Live ipywidgets in Jupyter, the static page version in the book (as the simulator)."""

    def __init__(self, plans: tuple[tuple[str, tuple[Step, ...]], ...] = DEFAULT_PLANS) -> None:
        self.plans = plans

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(live_plan_builder(self.plans)._repr_mimebundle_())
        bundle["text/html"] = static_plan_html(self.plans)
        bundle["text/plain"] = " ".join(plan_summary(SHORT_NAMES[i], compute_plan(steps)[0])
                                        for i, (_, steps) in enumerate(self.plans))
        return bundle


def show_plan_builder(plans: tuple[tuple[str, tuple[Step, ...]], ...] = DEFAULT_PLANS) -> PlanBuilder:
    """The plan builder for a chapter: end a cell with it."""
    return PlanBuilder(plans)


# ---- live version (notebooks with a kernel) -----------------------------------------

def live_plan_builder(plans: tuple[tuple[str, tuple[Step, ...]], ...] = DEFAULT_PLANS) -> Any:
    """ipywidgets: a treatment and two sliders per step; both figures update in place."""
    import ipywidgets as widgets

    model = load_model()
    table = load_evidence(EVIDENCE)
    results = [compute_plan(steps, model)[0] for _, steps in plans]
    curves = go.FigureWidget(timecourse_figure(results))
    compare = go.FigureWidget(comparison_figure(results, table))
    options = [(t.name_en, tid) for tid, t in load_treatments().items()]
    duration = model.parameters["duration"]
    weeks = int(model.parameters["weeks"].value)
    controls: list[list[tuple[Any, Any, Any]]] = []
    for _, steps in plans:
        controls.append([(widgets.Dropdown(options=options, value=s.treatment, description="Treatment"),
                          widgets.IntSlider(value=s.onset, min=0, max=weeks - 1, description="Start week"),
                          widgets.IntSlider(value=s.duration, min=int(duration.minimum),
                                            max=int(duration.maximum), description="Weeks"))
                         for s in steps])
    summaries = [widgets.Label(plan_summary(SHORT_NAMES[i], r)) for i, r in enumerate(results)]

    def update(_change: object = None) -> None:
        now = [compute_plan([(t.value, o.value, d.value) for t, o, d in plan], model)[0] for plan in controls]
        with curves.batch_update():
            for i, result in enumerate(now):
                curves.data[2 * i].y = result.pain
                curves.data[2 * i + 1].y = result.affect
        with compare.batch_update():
            next(t for t in compare.data if t.name == SIMULATED_TRACE).x = [pain_difference(r) for r in now]
        for i, result in enumerate(now):
            summaries[i].value = plan_summary(SHORT_NAMES[i], result)

    rows = []
    for i, plan in enumerate(controls):
        rows.append(widgets.HTML(f"<b>{html.escape(plans[i][0])}</b>"))
        for widget_row in plan:
            for control in widget_row:
                control.observe(update, names="value")
            rows.append(widgets.HBox(list(widget_row)))
    box = widgets.VBox([*rows, *summaries, curves, compare])
    box.update = update  # exposed for tests
    return box
