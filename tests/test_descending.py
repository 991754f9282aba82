"""The descending-control explorer (painmood.descending): the behaviour chapter 4 claims,
errors for bad files and bad settings, the static HTML, and the built page.

The browser test moves every control of the built chapter with the keyboard and
compares the page's numbers with the Python model.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import yaml

from painmood.bibliography import bib_keys
from painmood.datafiles import DataFileError
from painmood.descending import (CONTROL_IDS, ILLUSTRATIVE, DESCENDING_FILE, descending_balance,
                                 load_descending, parse_descending, show_descending,
                                 static_explorer_html, summary_text)

MODEL = load_descending()


# ---- behaviour claimed in the chapter --------------------------------------------------

def test_at_rest_the_outflows_are_equal_and_signals_pass_unchanged():
    result = descending_balance()
    assert result.inhibition == result.facilitation and result.gain == 1.0
    assert "pass on unchanged" in summary_text(result)


@pytest.mark.parametrize("control", ["mood_stress", "persistent_pain"])
def test_low_mood_stress_and_persistent_pain_turn_the_gain_up(control):
    result = descending_balance(**{control: 1.0})
    assert result.gain > 1 and result.inhibition == 1.0
    assert "towards facilitation" in summary_text(result)


@pytest.mark.parametrize("control", ["distraction", "expectation"])
def test_distraction_and_expectation_turn_the_gain_down(control):
    result = descending_balance(**{control: 1.0})
    assert result.gain < 1 and result.facilitation == 1.0
    assert "towards inhibition" in summary_text(result)


def test_the_reuptake_blocker_raises_both_outflows_but_inhibition_more():
    """Serotonin works both ways, so the drug adds a little facilitation too."""
    result = descending_balance(reuptake_blocker=1.0)
    assert result.facilitation > 1.0 and result.inhibition > result.facilitation
    assert result.gain < 1


def test_chapter_walkthrough_numbers():
    """The numbered steps of the chapter quote these gains (two decimals)."""
    stressed = descending_balance(mood_stress=0.8, persistent_pain=1.0)
    treated = descending_balance(mood_stress=0.8, persistent_pain=1.0, reuptake_blocker=1.0)
    everything = descending_balance(mood_stress=0.8, persistent_pain=1.0, reuptake_blocker=1.0,
                                    distraction=1.0, expectation=1.0)
    assert f"{stressed.gain:.2f}" == "1.98"
    assert f"{treated.gain:.2f}" == "1.33"
    assert f"{everything.gain:.2f}" == "0.85"
    exercise = descending_balance(mood_stress=1.0, reuptake_blocker=1.0)  # exercise solution
    assert (exercise.facilitation, exercise.inhibition) == (1.75, 1.6) and f"{exercise.gain:.2f}" == "1.09"


def test_each_direction_is_sourced_and_each_size_is_a_teaching_assumption():
    for effect in MODEL.effects:
        assert effect.direction_sources and "teaching assumption" not in effect.direction_sources
        assert effect.size_sources == ("teaching assumption",)
    assert tuple(MODEL.controls) == CONTROL_IDS


# ---- bad settings and bad files ---------------------------------------------------------

@pytest.mark.parametrize("overrides, message", [
    ({"anger": 0.5}, "control 'anger' is unknown"),
    ({"mood_stress": 1.5}, "mood_stress = 1.5 is outside its allowed range [0, 1]"),
    ({"distraction": math.nan}, "distraction = nan is not a number"),
    ({"expectation": True}, "expectation = True is not a number"),
])
def test_bad_settings_name_the_control_and_its_range(overrides, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        descending_balance(**overrides)


def _raw() -> dict:
    return yaml.safe_load(DESCENDING_FILE.read_text(encoding="utf-8"))


def _break(edit) -> dict:
    data = _raw()
    edit(data)
    return data


@pytest.mark.parametrize("edit, item, field", [
    (lambda d: d["controls"].pop("expectation"), "control 'expectation'", "(entry)"),
    (lambda d: d["controls"]["distraction"].update(value=2), "control 'distraction'", "value"),
    (lambda d: d["controls"]["distraction"].update(max=0), "control 'distraction'", "max"),
    (lambda d: d["controls"]["mood_stress"].pop("label_zh"), "control 'mood_stress'", "label_zh"),
    (lambda d: d["effects"][0].update(target="sideways"), "effect 1", "target"),
    (lambda d: d["effects"][1].update(control="hope"), "effect 2", "control"),
    (lambda d: d["effects"][2].update(weight=-0.1), "effect 3", "weight"),
    (lambda d: d["effects"][3].update(direction_source=["teaching assumption"]), "effect 4", "direction_source"),
    (lambda d: d["effects"][4].update(size_source=["nobody2099"]), "effect 5.size_source", "source"),
    (lambda d: d["baselines"]["inhibition"].update(value=0), "baseline 'inhibition'", "value"),
])
def test_bad_files_are_rejected_naming_file_item_and_field(edit, item, field, tmp_path: Path):
    source = tmp_path / "descending.yaml"
    with pytest.raises(DataFileError) as caught:
        parse_descending(_break(edit), source, bib_keys())
    assert (caught.value.source, caught.value.item, caught.value.field) == (str(source), item, field)


def test_a_file_that_is_not_yaml_is_reported_with_its_name(tmp_path: Path):
    bad = tmp_path / "descending.yaml"
    bad.write_text("controls: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(bad))):
        load_descending(bad)


# ---- the static page version ------------------------------------------------------------

def _payload(page: str) -> dict:
    return json.loads(re.search(r'class="pm-descending-data">(.*?)</script>', page).group(1))


def test_static_html_has_labelled_controls_a_live_summary_and_the_illustrative_label():
    page = static_explorer_html()
    for cid in CONTROL_IDS:
        control_id = re.search(rf'id="([^"]+)" data-control="{cid}"', page).group(1)
        assert f'<label for="{control_id}">' in page
        assert f'<output for="{control_id}">' in page
        assert f'lang="zh-Hans">{MODEL.controls[cid].label_zh}</span>' in page
    assert f'aria-live="polite">{summary_text(descending_balance())}</p>' in page
    assert ILLUSTRATIVE in page and page.count('<figure class="pm-plotly"') == 1
    assert static_explorer_html() == page  # deterministic (ids from content)


def test_static_payload_carries_the_model_file_in_its_order():
    payload = _payload(static_explorer_html())
    assert payload["baselines"] == MODEL.baselines
    assert [(e["control"], e["target"], e["weight"]) for e in payload["effects"]] == \
        [(e.control, e.target, e.weight) for e in MODEL.effects]


def test_one_display_gives_html_and_the_summary_as_text():
    bundle = show_descending(mood_stress=0.5)._repr_mimebundle_()
    assert bundle["text/html"] == static_explorer_html(mood_stress=0.5)
    assert bundle["text/plain"] == summary_text(descending_balance(mood_stress=0.5))


# ---- the built page -------------------------------------------------------------------

READ_STATE = """root => {
  const graph = root.querySelector('.pm-desc-figure .pm-plotly-graph');
  const values = {};
  root.querySelectorAll('input[data-control]').forEach(i => { values[i.dataset.control] = i.value; });
  return {values, x: graph.data.map(t => Array.from(t.x)),
          outputs: Array.from(root.querySelectorAll('output')).map(o => o.textContent),
          summary: root.querySelector('.pm-desc-summary').textContent};
}"""


def check_against_python(state: dict) -> None:
    expected = descending_balance(**{cid: float(v) for cid, v in state["values"].items()})
    assert state["x"] == [pytest.approx([0, v], abs=1e-6)
                          for v in (expected.inhibition, expected.facilitation, expected.gain)]
    assert state["summary"] == summary_text(expected)
    assert state["outputs"] == list(state["values"].values())


@pytest.mark.browser
def test_every_control_of_the_built_explorer_matches_the_python_model(open_site_page):
    """(axe runs on the whole page in tests/test_site.py.)"""
    report = open_site_page("book/ch04-descending-control.html")
    assert report.problems() == []
    page = report.page
    root = page.locator("section.pm-descending").first
    root.scroll_into_view_if_needed()
    root.locator("figure.pm-plotly[data-drawn='true']").wait_for()
    before = root.evaluate(READ_STATE)
    check_against_python(before)

    for cid in CONTROL_IDS:
        slider = root.locator(f'input[data-control="{cid}"]')
        old = slider.input_value()
        slider.focus()
        for key in ("ArrowRight", "ArrowRight", "ArrowRight"):  # upwards: every default is 0
            page.keyboard.press(key)
        state = root.evaluate(READ_STATE)
        assert state["values"][cid] != old, f"{cid} did not move with the keyboard"
        check_against_python(state)

    assert root.evaluate(READ_STATE)["x"] != before["x"]
