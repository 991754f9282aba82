"""The simulator (painmood.simulator): static HTML, live widgets, and the built page.

The browser tests move every control of the built model card with the keyboard and
compare the plotted numbers with the Python model.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from painmood.model import load_model
from painmood.simulator import (CONTROLS, comparison_text, compute, live_simulator, pain_drop_at_end,
                                parameter_table, preset_table, region_markers,
                                show_simulator, static_simulator_html, summary_text, targets_text)
from painmood.treatments import load_treatments

MODEL = load_model()


def test_static_html_has_labelled_controls_a_live_summary_and_both_figures():
    page = static_simulator_html("cbt")
    for pid in ["treatment", *CONTROLS]:
        control_id = re.search(rf'id="([^"]+)" data-param="{pid}"', page).group(1)
        assert f'<label for="{control_id}">' in page
    assert page.count("<output for=") == len(CONTROLS)
    assert 'aria-live="polite"' in page and summary_text(compute("cbt")[0]) in page
    assert page.count('<figure class="pm-plotly"') == 2
    assert '<option value="cbt" selected>' in page
    assert static_simulator_html("cbt") == page  # deterministic (ids from content)


def test_static_payload_carries_the_model_file_values():
    page = static_simulator_html()
    payload = json.loads(re.search(r'class="pm-simulator-data">(.*?)</script>', page).group(1))
    assert payload["values"] == MODEL.defaults()
    assert payload["blunting"] == MODEL.blunting
    assert set(payload["presets"]) == set(load_treatments())
    combined = payload["presets"]["combined_care"]
    assert combined["pain"] == MODEL.presets["combined_care"].pain.size
    assert combined["markers"] == region_markers("combined_care")


def test_summary_text_reports_final_and_starting_levels():
    result, _ = compute("acupuncture")
    text = summary_text(result)
    assert text.startswith("After 52 weeks: pain ")
    assert f"pain {result.pain[-1]:.1f} (from 6.0)" in text and "(from 5.0)" in text


def test_targets_text_names_regions_or_says_why_there_are_none():
    assert targets_text("rtms_dlpfc").startswith("Highlighted target regions: ")
    assert targets_text("exercise").startswith("No brain region is highlighted")


def test_one_display_is_live_in_jupyter_and_static_in_the_book():
    bundle = show_simulator("cbt")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # Jupyter: live widgets
    assert bundle["text/html"] == static_simulator_html("cbt")  # the book: static page version
    assert bundle["text/plain"] == summary_text(compute("cbt")[0])


def test_live_simulator_updates_the_figure_in_place():
    box = live_simulator("cbt")
    figure = box.children[-1]
    sliders = {s.description: s for s in box.children if hasattr(s, "step")}
    first = tuple(figure.data[0].y)
    strength = MODEL.parameters["strength"]
    sliders[f"{strength.label} {strength.label_zh}"].value = 2.0
    expected, _ = compute("cbt", strength=2.0)
    assert tuple(figure.data[0].y) == expected.pain != first
    assert box.children[-3].value == summary_text(expected)


def test_parameter_table_lists_every_parameter_with_its_source():
    table = parameter_table().data
    for p in MODEL.parameters.values():
        assert f"<td>{html.escape(p.label)}</td>" in table
    assert "<i>c</i><sub>EP</sub>" in table and "$" not in table and "|" not in table
    assert "thielke2007pain" in table and "teaching assumption" in table


def test_preset_table_gives_every_effect_with_its_comparator():
    table = preset_table().data
    for preset in MODEL.presets.values():
        for effect in (preset.pain, preset.emotion):
            assert f"<td>{effect.size:.2f}</td><td>{html.escape(effect.comparator)}</td>" in table


def test_comparison_text_names_comparators_and_warns_about_unblinded_ones():
    assert "pain 0.32 against placebo" in comparison_text("antidepressant")
    acupuncture = comparison_text("acupuncture")
    assert "pain 0.20 against sham" in acupuncture and "Against usual care or waitlist" in acupuncture
    assert "the size is against usual care or waitlist, as no placebo- or sham-controlled size exists" in comparison_text("cbt")
    assert "Neuropathic pain only" in comparison_text("gabapentinoid")
    assert "teaching assumption" in comparison_text("combined_care")


def test_targets_of_drugs_and_therapies_are_called_mechanism_models():
    assert "mechanism models" in targets_text("cbt") and "mechanism models" in targets_text("antidepressant")
    assert "mechanism models" not in targets_text("rtms_dlpfc")


def test_model_card_claim_about_the_impact_comparison_holds():
    """The model card says: at week 52 the default couplings (0.04 each) give about 0.37,
    less than IMPACT's half-point difference (6.15 - 5.62); only couplings above the
    defaults reach it, for example 0.06 from negative affect to pain."""
    impact = 6.15 - 5.62
    assert round(pain_drop_at_end("rtms_dlpfc"), 2) == 0.37 < impact
    default = MODEL.parameters["coupling_affect_to_pain"].value
    assert default == MODEL.parameters["coupling_pain_to_affect"].value == 0.04
    assert pain_drop_at_end("rtms_dlpfc", coupling_affect_to_pain=default,
                            coupling_pain_to_affect=default) < impact
    assert pain_drop_at_end("rtms_dlpfc", coupling_affect_to_pain=0.06) >= impact
    top = MODEL.parameters["coupling_affect_to_pain"].maximum
    assert pain_drop_at_end("rtms_dlpfc", coupling_affect_to_pain=top, coupling_pain_to_affect=top) >= impact


# ---- the built page -------------------------------------------------------------------

READ_STATE = """async root => {
  // The brain view is restyled in the animation frame after a change.
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const graph = sel => root.querySelector(sel + ' .pm-plotly-graph');
  const brain = graph('.pm-sim-brain').data.find(t => t.name === 'regions');
  const values = {};
  root.querySelectorAll('input[data-param]').forEach(i => { values[i.dataset.param] = i.value; });
  return {treatment: root.querySelector('select').value, values,
          pain: Array.from(graph('.pm-sim-timecourse').data[0].y),
          affect: Array.from(graph('.pm-sim-timecourse').data[1].y),
          size: Array.from(brain.marker.size), color: Array.from(brain.marker.color),
          summary: root.querySelector('.pm-sim-summary').textContent,
          comparison: root.querySelector('.pm-sim-comparison').textContent,
          targets: root.querySelector('.pm-sim-targets').textContent};
}"""


def check_against_python(state: dict) -> None:
    overrides = {pid: float(v) for pid, v in state["values"].items()}
    expected, _ = compute(state["treatment"], **overrides)
    assert state["pain"] == pytest.approx(expected.pain, abs=1e-6)
    assert state["affect"] == pytest.approx(expected.affect, abs=1e-6)
    assert state["summary"] == summary_text(expected)
    markers = region_markers(state["treatment"])
    assert state["size"] == pytest.approx(markers["size"]) and state["color"] == markers["color"]
    assert state["targets"] == targets_text(state["treatment"])
    assert state["comparison"] == comparison_text(state["treatment"])


@pytest.mark.browser
def test_every_control_of_the_built_simulator_matches_the_python_model(open_site_page):
    from painmood.browser import axe_violations

    report = open_site_page("book/model-card.html")
    assert report.problems() == []
    page = report.page
    root = page.locator("section.pm-simulator").first
    before = root.evaluate(READ_STATE)
    check_against_python(before)

    select = root.locator("select")
    for treatment in load_treatments():
        select.select_option(treatment)
        state = root.evaluate(READ_STATE)
        assert state["treatment"] == treatment
        check_against_python(state)

    for pid in CONTROLS:
        slider = root.locator(f'input[data-param="{pid}"]')
        old = slider.input_value()
        slider.focus()
        for key in ("ArrowLeft", "ArrowLeft", "ArrowLeft"):  # downwards: defaults may sit at the top
            page.keyboard.press(key)
        state = root.evaluate(READ_STATE)
        assert state["values"][pid] != old, f"{pid} did not move with the keyboard"
        assert root.locator(f'output[for="{slider.get_attribute("id")}"]').text_content() == state["values"][pid]
        check_against_python(state)

    assert root.evaluate(READ_STATE)["pain"] != before["pain"]
    assert axe_violations(page) == []


def test_chapter_8_simulator_experiment_numbers_hold():
    """Chapter 8 quotes the simulator: its five steps and exercise "What carries over, and when?"."""
    from painmood.model import simulate

    def at(run, week):
        i = list(run.weeks).index(week)
        return run.pain[i], run.affect[i]

    def lowest(values, weeks):
        return list(weeks)[min(range(len(values)), key=lambda i: values[i])]

    default = simulate("rtms_m1")                          # step 1: from week 4, 26 weeks
    pain8, affect8 = at(default, 8)
    assert round(pain8, 1) == 5.8 and round(affect8, 2) == 4.99
    year = simulate("rtms_m1", duration=52)                # step 2
    assert (round(year.pain[-1], 1), round(year.affect[-1], 1)) == (5.3, 4.7)
    cut = simulate("rtms_m1", duration=52, coupling_affect_to_pain=0.0, coupling_pain_to_affect=0.0)
    assert round(cut.affect[-1], 1) == 5.0 and round(cut.pain[-1], 1) == 5.4 > round(year.pain[-1], 1)  # step 3
    dlpfc = simulate("rtms_dlpfc", duration=52)            # step 4
    assert (round(dlpfc.affect[-1], 1), round(dlpfc.pain[-1], 1)) == (4.0, 5.6)
    stop = simulate("rtms_dlpfc", duration=26)             # step 5: treated symptom turns at week 30
    assert lowest(stop.affect, stop.weeks) == 30 and lowest(stop.pain, stop.weeks) == 33
    assert (lowest(default.pain, default.weeks), lowest(default.affect, default.weeks)) == (30, 33)  # exercise
