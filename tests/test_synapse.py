"""The synapse explorer (painmood.synapse): the behaviour chapter 5 claims, errors for
bad files and bad settings, the static HTML, the live widgets, and the built page.

The browser test moves every control of the built chapter with the keyboard and
compares the page's numbers with the Python model.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from painmood.bibliography import bib_keys
from painmood.datafiles import DataFileError
from painmood.synapse import (CONTROL_IDS, ILLUSTRATIVE, PARAMETER_IDS, SYNAPSE_FILE, live_explorer,
                              load_synapse, parameters_table, parse_synapse, response_curve, settings,
                              show_synapse, static_explorer_html, summary_text, synapse_response)

MODEL = load_synapse()


# ---- behaviour claimed in the chapter --------------------------------------------------

def test_with_no_repetitions_the_synapse_is_unchanged():
    result = synapse_response()
    assert result.gain == 1.0 and result.after == result.before == result.test
    assert "1.00 times as strong" in summary_text(result)


def test_the_gain_rises_with_repetitions_and_levels_off_below_the_ceiling():
    gains = [synapse_response(repetitions=n, strength=1.0).gain for n in range(21)]
    steps = [b - a for a, b in zip(gains, gains[1:])]
    assert all(step > 0 for step in steps)
    assert all(later < earlier for earlier, later in zip(steps, steps[1:]))  # each adds less
    assert gains[-1] < MODEL.value("max_gain")


@pytest.mark.parametrize("strength", [0.0, 0.2, 0.4])
def test_input_at_or_below_the_threshold_does_not_strengthen_the_synapse(strength):
    assert strength <= MODEL.value("induction_threshold")
    assert synapse_response(repetitions=20, strength=strength).gain == 1.0


def test_stronger_input_strengthens_more():
    gains = [synapse_response(repetitions=5, strength=s / 10).gain for s in range(5, 11)]
    assert gains == sorted(gains) and len(set(gains)) == len(gains)


def test_chapter_walkthrough_numbers():
    """The numbered steps and the exercise solution of the chapter quote these numbers."""
    start = synapse_response(repetitions=0, strength=0.8, test=0.3)
    assert (f"{start.after:.2f}", start.painful_after) == ("0.30", False)
    trained = synapse_response(repetitions=10, strength=0.8, test=0.3)
    assert (f"{trained.gain:.2f}", f"{trained.after:.2f}", trained.painful_after) == ("2.33", "0.70", True)
    weak = synapse_response(repetitions=10, strength=0.3, test=0.3)
    assert (weak.gain, weak.painful_after) == (1.0, False)
    five = synapse_response(repetitions=5, strength=0.8, test=0.3)
    assert (f"{five.gain:.2f}", f"{five.after:.2f}") == ("2.00", "0.60")
    most = synapse_response(repetitions=20, strength=1.0, test=0.3)
    assert (f"{most.gain:.2f}", f"{most.after:.2f}") == ("2.71", "0.81")
    faint = synapse_response(repetitions=10, strength=0.8, test=0.1)
    assert (f"{faint.after:.2f}", faint.painful_after) == ("0.23", False)


def test_a_response_shown_as_the_threshold_counts_as_painful():
    """10 x 0.5 gives 0.49999999999999994 in floats; the page shows 0.50, so it must say
    painful, as the chapter's rule (0.5 or more) promises."""
    edge = synapse_response(repetitions=10, strength=0.5, test=0.3)
    assert edge.after < 0.5 and f"{edge.after:.2f}" == "0.50"
    assert edge.painful_after and "0.50 now (painful;" in summary_text(edge)
    below = synapse_response(repetitions=10, strength=0.5, test=0.2)
    assert not below.painful_after


def test_every_parameter_has_a_source_and_a_basis():
    for parameter in MODEL.parameters.values():
        assert parameter.sources and parameter.basis
    assert tuple(MODEL.parameters) == PARAMETER_IDS and tuple(MODEL.controls) == CONTROL_IDS


def _js_fixed(value: float, digits: int) -> str:
    """Number.prototype.toFixed: the exact binary value, ties away from zero (positives)."""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def test_python_and_javascript_round_every_reachable_number_alike():
    """Python rounds exact ties to even, toFixed rounds them up: no reachable number is a tie."""
    grid = [[c.minimum + i * c.step for i in range(round((c.maximum - c.minimum) / c.step) + 1)]
            for c in MODEL.controls.values()]
    for repetitions, strength, test in itertools.product(*grid):
        r = synapse_response(repetitions=repetitions, strength=round(strength, 10), test=round(test, 10))
        for value in (r.gain, r.before, r.after):
            assert f"{value:.2f}" == _js_fixed(value, 2)


# ---- bad settings and bad files ---------------------------------------------------------

@pytest.mark.parametrize("overrides, message", [
    ({"frequency": 0.5}, "control 'frequency' is unknown"),
    ({"strength": 1.5}, "strength = 1.5 is outside its allowed range [0, 1]"),
    ({"test": math.nan}, "test = nan is not a number"),
    ({"repetitions": True}, "repetitions = True is not a number"),
    ({"repetitions": 21}, "repetitions = 21 is outside its allowed range [0, 20]"),
    ({"repetitions": 2.5}, "repetitions = 2.5 must be a whole number"),
])
def test_bad_settings_name_the_control_and_its_range(overrides, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        synapse_response(**overrides)
    with pytest.raises(ValueError, match=re.escape(message)):
        show_synapse(**overrides)


def _raw() -> dict:
    return yaml.safe_load(SYNAPSE_FILE.read_text(encoding="utf-8"))


def _break(edit) -> dict:
    data = _raw()
    edit(data)
    return data


@pytest.mark.parametrize("edit, item, field", [
    (lambda d: d["parameters"].pop("rate"), "parameter 'rate'", "(entry)"),
    (lambda d: d["parameters"].update(speed={"value": 1}), "parameter 'speed'", "(entry)"),
    (lambda d: d["parameters"]["max_gain"].update(value=1), "parameter 'max_gain'", "value"),
    (lambda d: d["parameters"]["rate"].update(value=0), "parameter 'rate'", "value"),
    (lambda d: d["parameters"]["induction_threshold"].update(value=1), "parameter 'induction_threshold'", "value"),
    (lambda d: d["parameters"]["pain_threshold"].update(value="high"), "parameter 'pain_threshold'", "value"),
    (lambda d: d["parameters"]["pain_threshold"].update(source=["nobody2099"]), "parameter 'pain_threshold'", "source"),
    (lambda d: d["parameters"]["rate"].update(source=[]), "parameter 'rate'", "source"),
    (lambda d: d["parameters"]["rate"].pop("basis"), "parameter 'rate'", "basis"),
    (lambda d: d["controls"].pop("test"), "control 'test'", "(entry)"),
    (lambda d: d["controls"]["strength"].update(value=2), "control 'strength'", "value"),
    (lambda d: d["controls"]["strength"].update(max=0), "control 'strength'", "max"),
    (lambda d: d["controls"]["repetitions"].update(step=0.5), "control 'repetitions'", "step"),
    (lambda d: d["controls"]["test"].pop("label_zh"), "control 'test'", "label_zh"),
])
def test_bad_files_are_rejected_naming_file_item_and_field(edit, item, field, tmp_path: Path):
    source = tmp_path / "synapse.yaml"
    with pytest.raises(DataFileError) as caught:
        parse_synapse(_break(edit), source, bib_keys())
    assert (caught.value.source, caught.value.item, caught.value.field) == (str(source), item, field)


def test_a_file_that_is_not_yaml_is_reported_with_its_name(tmp_path: Path):
    bad = tmp_path / "synapse.yaml"
    bad.write_text("parameters: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(bad))):
        load_synapse(bad)


# ---- the static page version and the live widgets --------------------------------------

def _payload(page: str) -> dict:
    return json.loads(re.search(r'class="pm-synapse-data">(.*?)</script>', page).group(1))


def test_static_html_has_labelled_controls_a_live_summary_and_the_illustrative_label():
    page = static_explorer_html()
    for cid in CONTROL_IDS:
        control_id = re.search(rf'id="([^"]+)" data-control="{cid}"', page).group(1)
        assert f'<label for="{control_id}">' in page
        assert f'<output for="{control_id}">' in page
        assert f'lang="zh-Hans">{MODEL.controls[cid].label_zh}</span>' in page
    assert f'aria-live="polite">{summary_text(synapse_response())}</p>' in page
    assert ILLUSTRATIVE in page and page.count('<figure class="pm-plotly"') == 1
    assert static_explorer_html() == page  # deterministic (ids from content)


def test_static_payload_carries_the_model_file():
    payload = _payload(static_explorer_html())
    assert payload["parameters"] == {pid: p.value for pid, p in MODEL.parameters.items()}
    assert payload["maxRepetitions"] == MODEL.controls["repetitions"].maximum


def test_one_display_is_live_in_jupyter_and_static_in_the_book():
    bundle = show_synapse(repetitions=4)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # Jupyter: live widgets
    assert bundle["text/html"] == static_explorer_html(repetitions=4)
    assert bundle["text/plain"] == summary_text(synapse_response(repetitions=4))


def test_live_explorer_updates_the_figure_in_place():
    box = live_explorer()
    figure = box.children[-1]
    sliders = {s.description: s for s in box.children if hasattr(s, "step")}
    control = MODEL.controls["repetitions"]
    sliders[f"{control.label} {control.label_zh}"].value = 10
    expected = synapse_response(repetitions=10)
    assert tuple(figure.data[0].y) == tuple(response_curve(settings(repetitions=10), MODEL))
    assert (tuple(figure.data[1].x), tuple(figure.data[1].y)) == ((10,), (expected.after,))
    assert box.children[-2].value == summary_text(expected)


def test_parameters_table_lists_every_parameter_with_its_source():
    table = parameters_table().data
    for pid in PARAMETER_IDS:
        assert f"<th scope=\"row\">{pid}</th>" in table
    assert "teaching assumption" in table and "klein2004perceptual" in table


# ---- the built page -------------------------------------------------------------------

READ_STATE = """root => {
  const graph = root.querySelector('.pm-syn-figure .pm-plotly-graph');
  const values = {};
  root.querySelectorAll('input[data-control]').forEach(i => { values[i.dataset.control] = i.value; });
  return {values, curve: Array.from(graph.data[0].y), marker: [graph.data[1].x[0], graph.data[1].y[0]],
          outputs: Array.from(root.querySelectorAll('output')).map(o => o.textContent),
          summary: root.querySelector('.pm-syn-summary').textContent};
}"""


def check_against_python(state: dict) -> None:
    values = {cid: float(v) for cid, v in state["values"].items()}
    expected = synapse_response(**values)
    assert state["curve"] == pytest.approx(response_curve(settings(**values), MODEL), abs=1e-12)
    assert state["marker"] == pytest.approx([expected.repetitions, expected.after], abs=1e-12)
    assert state["summary"] == summary_text(expected)
    assert state["outputs"] == list(state["values"].values())


@pytest.mark.browser
def test_every_control_of_the_built_explorer_matches_the_python_model(open_site_page):
    """(axe runs on the whole page in tests/test_site.py.)"""
    report = open_site_page("book/ch05-neuroplasticity.html")
    assert report.problems() == []
    page = report.page
    root = page.locator("section.pm-synapse").first
    root.scroll_into_view_if_needed()
    root.locator("figure.pm-plotly[data-drawn='true']").wait_for()
    before = root.evaluate(READ_STATE)
    check_against_python(before)

    for cid, key in (("repetitions", "ArrowRight"), ("strength", "ArrowLeft"), ("test", "ArrowRight")):
        slider = root.locator(f'input[data-control="{cid}"]')
        old = slider.input_value()
        slider.focus()
        for _ in range(3):
            page.keyboard.press(key)
        state = root.evaluate(READ_STATE)
        assert state["values"][cid] != old, f"{cid} did not move with the keyboard"
        check_against_python(state)

    after = root.evaluate(READ_STATE)
    assert after["curve"] != before["curve"] and after["summary"] != before["summary"]
