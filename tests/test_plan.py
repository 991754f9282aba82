"""Plans on the carry-over model (painmood.model.simulate_plan) and the plan builder
(painmood.plan): the one-step case equals the single-treatment run, rates add up, bad
steps are refused naming step and field, and the built chapter page's plotted numbers
match Python for every control."""

from __future__ import annotations

import json
import re

import pytest

from painmood.model import PLAN_MAX_STEPS, Step, load_model, run, run_plan, settings, simulate, simulate_plan
from painmood.plan import (DEFAULT_PLANS, SHORT_NAMES, SIMULATED_TRACE, compute_plan, live_plan_builder,
                           pain_difference, plan_summary, show_plan_builder, static_plan_html, steps_text)

MODEL = load_model()
PAGE = "book/ch12-integrated-care.html"
#: Pain differences at week 52 that chapter 12 quotes (default plans A and B).
CH12 = {"a": -1.12, "b": -1.06}


@pytest.mark.parametrize("treatment", list(MODEL.presets))
@pytest.mark.parametrize("onset,duration", [(4, 26), (0, 52), (10, 0), (51, 52)])
def test_a_one_step_plan_is_exactly_the_single_treatment_run(treatment, onset, duration):
    assert simulate_plan([(treatment, onset, duration)]) == simulate(treatment, onset=onset, duration=duration)
    values = settings(treatment, onset=onset, duration=duration)
    direct = run(values, 0.013, 0.021, MODEL.blunting)
    assert run_plan(values, ((onset, onset + duration, 0.013, 0.021),), MODEL.blunting) == direct


def test_overlapping_steps_add_their_rates_and_separate_steps_do_not_interact_before_they_start():
    both = simulate_plan([("antidepressant", 0, 52), ("cbt", 0, 52)])
    values = settings("cbt", onset=0)
    pa, ea = MODEL.presets["antidepressant"].pain.size, MODEL.presets["antidepressant"].emotion.size
    pc, ec = MODEL.presets["cbt"].pain.size, MODEL.presets["cbt"].emotion.size
    k = values["strength"] * values["rate_per_effect_size"]
    summed = run_plan(values, ((0, 52, k * pa + k * pc, k * ea + k * ec),), MODEL.blunting)
    assert both.pain == pytest.approx(summed.pain, abs=1e-12)
    sequence = simulate_plan([("antidepressant", 0, 12), ("cbt", 12, 12)])
    alone = simulate_plan([("antidepressant", 0, 12)])
    assert sequence.pain[:13] == alone.pain[:13] and sequence.pain[-1] < alone.pain[-1]


def test_an_off_step_changes_nothing():
    assert simulate_plan([("antidepressant", 0, 52), ("cbt", 12, 0)]) == simulate_plan([("antidepressant", 0, 52)])


@pytest.mark.parametrize("steps,words", [
    ([], "1 to 3 steps"),
    ([("cbt", 0, 1)] * (PLAN_MAX_STEPS + 1), "1 to 3 steps"),
    ("cbt", "is a list"),
    ([("cbt", 0, 10), ("yoga", 0, 10)], "step 2: treatment 'yoga' is unknown"),
    ([("cbt", -1, 10)], "step 1: onset = -1 is outside its allowed range [0, 51]"),
    ([("cbt", 0, 10), ("cbt", 52, 10)], "step 2: onset = 52 is outside"),
    ([("cbt", 0, 53)], "step 1: duration = 53 is outside its allowed range [0, 52]"),
    ([("cbt", 0, 2.5)], "step 1: duration = 2.5 must be a whole number"),
    ([("cbt", float("nan"), 2)], "step 1: onset = nan is not a number"),
    ([("cbt", True, 2)], "step 1: onset = True is not a number"),
    ([{"treatment": "cbt", "onset": 0}], "step 1: field 'duration' is missing"),
    ([{"treatment": "cbt", "onset": 0, "duration": 3, "dose": 2}], "step 1: 'dose' is not a field"),
    ([("cbt", 0)], "step 1: ('cbt', 0) is not a step"),
])
def test_bad_steps_are_refused_naming_step_and_field(steps, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        simulate_plan(steps)


def test_plan_parameters_are_checked_and_onset_belongs_to_the_steps():
    with pytest.raises(ValueError, match="strength = 3"):
        simulate_plan([("cbt", 0, 10)], strength=3)
    with pytest.raises(ValueError, match="onset is set by each step"):
        simulate_plan([("cbt", 0, 10)], onset=2)
    assert len(simulate_plan([("cbt", 0, 10)], weeks=20).pain) == 21
    with pytest.raises(ValueError, match="onset = 20 is outside its allowed range"):
        simulate_plan([("cbt", 20, 10)], weeks=20)
    assert simulate_plan([Step("cbt", 0, 10), {"treatment": "cbt", "onset": 1, "duration": 2}]).weeks[-1] == 52


def test_default_plans_sequence_first_then_add_and_the_sequence_lowers_pain_more():
    (a_name, a_steps), (b_name, b_steps) = DEFAULT_PLANS
    assert "SCAMP" in a_name and "alone" in b_name
    a, b = compute_plan(a_steps)[0], compute_plan(b_steps)[0]
    assert pain_difference(a) < pain_difference(b) < 0
    assert steps_text(b_steps).count("weeks") == 1


def test_static_page_has_labelled_controls_for_every_step_and_live_text():
    page = static_plan_html()
    for plan in range(2):
        for step in range(PLAN_MAX_STEPS):
            for field in ("treatment", "onset", "duration"):
                cid = re.search(rf'id="([^"]+)" data-plan="{plan}" data-step="{step}" data-field="{field}"',
                                page).group(1)
                assert f'<label for="{cid}">' in page
    assert page.count("<output for=") == 2 * 2 * PLAN_MAX_STEPS
    assert page.count('<figure class="pm-plotly"') == 2 and page.count('aria-live="polite"') == 4
    for i, (_, steps) in enumerate(DEFAULT_PLANS):
        assert plan_summary(SHORT_NAMES[i], compute_plan(steps)[0]) in page
    assert "lin2003effect" not in page and "Lin et al. 2003" in page  # sources in reader-facing form
    payload = json.loads(re.search(r'class="pm-plan-data">(.*?)</script>', page).group(1))
    assert payload["blunting"] == MODEL.blunting and set(payload["presets"]) == set(MODEL.presets)
    assert static_plan_html() == page


def test_static_page_refuses_plans_without_three_slots():
    with pytest.raises(ValueError, match="3 steps per plan"):
        static_plan_html((("one", (Step("cbt", 0, 4),)), ("two", (Step("cbt", 0, 4),))))


def test_live_builder_updates_both_figures_in_place():
    box = live_plan_builder()
    curves, compare = box.children[-2], box.children[-1]
    row = box.children[1]  # plan A, step 1
    row.children[2].value = 10  # duration
    a = compute_plan([("antidepressant", 0, 10), *[(s.treatment, s.onset, s.duration)
                                                  for s in DEFAULT_PLANS[0][1][1:]]])[0]
    assert tuple(curves.data[0].y) == a.pain
    simulated = next(t for t in compare.data if t.name == SIMULATED_TRACE)
    assert simulated.x[0] == pytest.approx(pain_difference(a))
    bundle = show_plan_builder()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/html"] == static_plan_html()


def test_chapter_12_plan_builder_numbers_hold():
    """Chapter 12 quotes these rounded numbers in its guided steps."""
    (_, a_steps), (_, b_steps) = DEFAULT_PLANS
    a, b = compute_plan(a_steps)[0], compute_plan(b_steps)[0]
    assert round(pain_difference(a), 2) == CH12["a"] and round(pain_difference(b), 2) == CH12["b"]
    assert (round(a.pain[24], 1), round(b.pain[24], 1)) == (4.6, 5.1)  # the gap at week 24
    cut = simulate_plan([(s.treatment, s.onset, s.duration) for s in a_steps],
                        coupling_affect_to_pain=0.0, coupling_pain_to_affect=0.0)
    assert round(cut.pain[-1] - cut.pain[0], 2) == -0.84


# ---- the built page -------------------------------------------------------------------

READ_STATE = """async root => {
  const graph = sel => root.querySelector(sel + ' .pm-plotly-graph');
  const curves = graph('.pm-plan-curves'), compare = graph('.pm-plan-compare');
  const plans = [[], []];
  root.querySelectorAll('[data-field]').forEach(c => {
    const step = (plans[+c.dataset.plan][+c.dataset.step] ||= {});
    step[c.dataset.field] = c.dataset.field === 'treatment' ? c.value : Number(c.value);
  });
  return {plans,
          ys: curves.data.map(t => Array.from(t.y)),
          simulated: Array.from(compare.data.find(t => t.name === 'simulated').x),
          summaries: Array.from(root.querySelectorAll('.pm-plan-summary')).map(p => p.textContent),
          steps: Array.from(root.querySelectorAll('.pm-plan-steps')).map(p => p.textContent)};
}"""


def check_against_python(state: dict) -> None:
    for i, steps in enumerate(state["plans"]):
        result, checked = compute_plan([(s["treatment"], s["onset"], s["duration"]) for s in steps])
        assert state["ys"][2 * i] == pytest.approx(result.pain, abs=1e-6)
        assert state["ys"][2 * i + 1] == pytest.approx(result.affect, abs=1e-6)
        assert state["simulated"][i] == pytest.approx(pain_difference(result), abs=1e-6)
        assert state["summaries"][i] == plan_summary(SHORT_NAMES[i], result)
        assert state["steps"][i] == steps_text(checked)


@pytest.mark.browser
def test_every_control_of_the_built_plan_builder_matches_python(open_site_page):
    from painmood.browser import axe_violations

    report = open_site_page(PAGE)
    assert report.problems() == []
    page = report.page
    root = page.locator("section.pm-plan").first
    root.scroll_into_view_if_needed()
    page.wait_for_function("""() => document.querySelectorAll(
        'section.pm-plan .pm-plotly-graph').length === 2 && Array.from(document.querySelectorAll(
        'section.pm-plan .pm-plotly-graph')).every(g => g.data)""")
    before = root.evaluate(READ_STATE)
    check_against_python(before)
    selects = root.locator("select[data-field]")
    for n in range(selects.count()):
        selects.nth(n).select_option("rtms_dlpfc" if n % 2 else "tdcs")
        check_against_python(root.evaluate(READ_STATE))
    sliders = root.locator("input[data-field]")
    for n in range(sliders.count()):
        slider = sliders.nth(n)
        old = slider.input_value()
        slider.focus()
        for key in ("ArrowLeft", "ArrowLeft", "ArrowLeft") if int(old) >= 3 else ("ArrowRight",) * 3:
            page.keyboard.press(key)
        state = root.evaluate(READ_STATE)
        assert slider.input_value() != old, f"slider {n} did not move with the keyboard"
        assert root.locator(f'output[for="{slider.get_attribute("id")}"]').text_content() == slider.input_value()
        check_against_python(state)
    assert root.evaluate(READ_STATE)["ys"] != before["ys"]
    assert axe_violations(page) == []
