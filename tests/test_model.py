"""The carry-over model (painmood.model): claimed behaviour, stability, bad input."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
import yaml

from painmood.datafiles import DataFileError
from painmood.model import (COMPARATORS, MODEL_FILE, load_model, linear_matrix, run, settings, simulate,
                            spectral_radius, treatment_rates)
from painmood.treatments import load_treatments

MODEL = load_model()
MOOD_ONLY = "rtms_dlpfc"   # presets with an effect on one symptom only
PAIN_ONLY = "acupuncture"


def drop(series: tuple[float, ...]) -> float:
    """Largest fall below the starting level."""
    return series[0] - min(series)


def test_presets_are_exactly_the_treatments_and_one_sided_presets_are_one_sided():
    assert list(MODEL.presets) == list(load_treatments())
    assert MODEL.presets[MOOD_ONLY].pain.size == 0 < MODEL.presets[MOOD_ONLY].emotion.size
    assert MODEL.presets[PAIN_ONLY].emotion.size == 0 < MODEL.presets[PAIN_ONLY].pain.size


def test_no_treatment_stays_at_baseline():
    result = simulate("cbt", strength=0)
    assert set(result.pain) == {MODEL.parameters["pain_baseline"].value}
    assert set(result.affect) == {MODEL.parameters["affect_baseline"].value}
    assert len(result.weeks) == MODEL.parameters["weeks"].value + 1


def test_treating_emotion_only_lowers_pain_and_treating_pain_only_lowers_emotion():
    assert drop(simulate(MOOD_ONLY).pain) > 0.05
    assert drop(simulate(PAIN_ONLY).affect) > 0.05


def test_zero_coupling_means_no_carry_over():
    assert drop(simulate(MOOD_ONLY, coupling_affect_to_pain=0).pain) == 0
    assert drop(simulate(PAIN_ONLY, coupling_pain_to_affect=0).affect) == 0


def test_more_coupling_gives_more_carry_over():
    couplings = [0.0, 0.02, 0.05, 0.09]
    to_pain = [drop(simulate(MOOD_ONLY, coupling_affect_to_pain=c).pain) for c in couplings]
    to_mood = [drop(simulate(PAIN_ONLY, coupling_pain_to_affect=c).affect) for c in couplings]
    assert to_pain == sorted(to_pain) and len(set(to_pain)) == len(couplings)
    assert to_mood == sorted(to_mood) and len(set(to_mood)) == len(couplings)


@pytest.mark.parametrize("coupling", [0.0, 0.04, 0.09])
def test_combined_care_does_at_least_as_well_as_each_component(coupling):
    combined = simulate("combined_care", coupling_affect_to_pain=coupling, coupling_pain_to_affect=coupling)
    for part in load_treatments()["combined_care"].components:
        alone = simulate(part, coupling_affect_to_pain=coupling, coupling_pain_to_affect=coupling)
        assert all(c <= a for c, a in zip(combined.pain, alone.pain))
        assert all(c <= a for c, a in zip(combined.affect, alone.affect))


def test_combined_care_effects_are_the_sums_of_the_components():
    parts = [MODEL.presets[p] for p in load_treatments()["combined_care"].components]
    assert MODEL.presets["combined_care"].pain.size == pytest.approx(sum(p.pain.size for p in parts))
    assert MODEL.presets["combined_care"].emotion.size == pytest.approx(sum(p.emotion.size for p in parts))


def test_blunting_is_derived_from_thielke_response_rates():
    assert MODEL.blunting == pytest.approx(1 - 37.4 / 48.9)


def relative_mood_drop(pain_level: float, blunting: float) -> float:
    values = settings(MOOD_ONLY, pain_baseline=pain_level, coupling_affect_to_pain=0,
                      coupling_pain_to_affect=0)
    result = run(values, *treatment_rates(MOOD_ONLY, values), blunting)
    return drop(result.affect) / result.affect[0]


def test_more_severe_pain_blunts_the_response_to_a_mood_treatment():
    drops = [relative_mood_drop(level, MODEL.blunting) for level in (0, 3, 6, 9)]
    assert drops == sorted(drops, reverse=True) and len(set(drops)) == 4
    # Without blunting, pain level would not matter (coupling is off).
    assert relative_mood_drop(0, 0.0) == pytest.approx(relative_mood_drop(9, 0.0))


def test_state_stays_within_its_scale_even_at_extremes():
    extremes = dict(strength=2, rate_per_effect_size=0.2, pain_recovery=0.02, affect_recovery=0.5,
                    coupling_affect_to_pain=0.09, coupling_pain_to_affect=0.09, duration=52, onset=0)
    for treatment in MODEL.presets:
        for baseline in (0.0, 10.0):
            result = simulate(treatment, pain_baseline=baseline, affect_baseline=10 - baseline, **extremes)
            assert all(0 <= x <= 10 for x in result.pain + result.affect)


def test_every_allowed_reader_setting_is_stable():
    """The reader's controls cannot reach an unstable model, treated or not."""
    c_range = [MODEL.parameters["coupling_affect_to_pain"].minimum + 0.01 * i for i in range(10)]
    strengths = [0.0, 1.0, MODEL.parameters["strength"].maximum]
    for treatment, c_ep, c_pe, strength in itertools.product(MODEL.presets, c_range, c_range, strengths):
        values = settings(treatment, coupling_affect_to_pain=c_ep, coupling_pain_to_affect=c_pe,
                          strength=strength)
        assert spectral_radius(linear_matrix(values, *treatment_rates(treatment, values))) < 1


def test_stability_rule_matches_the_closed_form():
    values = MODEL.defaults()
    values.update(pain_recovery=0.1, affect_recovery=0.1, coupling_affect_to_pain=0.1, coupling_pain_to_affect=0.1)
    assert spectral_radius(linear_matrix(values)) == pytest.approx(1.0)
    values["coupling_pain_to_affect"] = 0.09
    assert spectral_radius(linear_matrix(values)) < 1


@pytest.mark.parametrize("kwargs, words", [
    ({"coupling_affect_to_pain": math.nan}, ["coupling_affect_to_pain", "[0, 0.09]"]),
    ({"duration": -1}, ["duration", "[0, 52]"]),
    ({"strength": 2.5}, ["strength", "[0, 2]"]),
    ({"coupling_pain_to_affect": 0.1}, ["coupling_pain_to_affect", "[0, 0.09]"]),
    ({"duration": 2.5}, ["duration", "whole number"]),
    ({"colour": 1}, ["colour", "unknown"]),
    ({"pain_recovery": 0.02, "affect_recovery": 0.02}, ["unstable", "coupling_affect_to_pain", "0.0004"]),
    ({"onset": 60}, ["onset", "weeks"]),
])
def test_bad_input_is_refused_naming_parameter_and_range(kwargs, words):
    with pytest.raises(ValueError) as caught:
        simulate("cbt", **kwargs)
    for word in words:
        assert word in str(caught.value)


def test_unknown_preset_is_refused_with_the_allowed_ids():
    with pytest.raises(ValueError, match="treatment 'placebo' is unknown.*antidepressant"):
        simulate("placebo")


def broken_model(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(MODEL_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_every_effect_says_what_it_was_compared_with():
    """No preset lacks a comparator, and a published size is placebo- or sham-controlled
    wherever the preset's sources give one (acupuncture: sham, not usual care or waitlist)."""
    for preset in MODEL.presets.values():
        for effect in (preset.pain, preset.emotion):
            assert effect.comparator in COMPARATORS or effect.comparator.startswith("mixed: ")
    acupuncture = MODEL.presets["acupuncture"].pain
    assert acupuncture.comparator == "sham" and acupuncture.other.comparator == "usual care or waitlist"
    assert acupuncture.size < acupuncture.other.size


@pytest.mark.parametrize("edit, item, field", [
    (lambda d: d["parameters"]["strength"].update(value="strong"), "parameter 'strength'", "value"),
    (lambda d: d["parameters"]["onset"].update(value=400), "parameter 'onset'", "value"),
    (lambda d: d["parameters"].pop("weeks"), "parameter 'weeks'", "(entry)"),
    (lambda d: d["parameters"]["strength"].pop("label_zh"), "parameter 'strength'", "label_zh"),
    (lambda d: d["parameters"]["weeks"].update(source=["nobody2099"]), "parameter 'weeks'", "source"),
    (lambda d: d["presets"]["cbt"]["pain"].update(effect=3), "preset 'cbt'.pain", "effect"),
    (lambda d: d["presets"].pop("tdcs"), "preset 'tdcs'", "(entry)"),
    (lambda d: d["presets"]["cbt"]["pain"].pop("comparator"), "preset 'cbt'.pain", "comparator"),
    (lambda d: d["presets"]["cbt"]["emotion"].update(comparator="nothing much"), "preset 'cbt'.emotion", "comparator"),
    (lambda d: d["presets"]["acupuncture"]["pain"]["other_comparison"].update(comparator="sham-ish"),
     "preset 'acupuncture'.pain.other_comparison", "comparator"),
    (lambda d: d["presets"]["cbt"]["pain"].update(comparison="placebo"), "preset 'cbt'.pain", "comparison"),
    (lambda d: d["presets"]["cbt"].update(scope=3), "preset 'cbt'", "scope"),
    (lambda d: d["presets"].update(combined_care=d["presets"]["cbt"]), "preset 'combined_care'", "(id)"),
    (lambda d: d["blunting"].update(response_high_pain_interference=60),
     "blunting", "response_high_pain_interference"),
])
def test_malformed_model_file_names_file_item_and_field(tmp_path, edit, item, field):
    path = broken_model(tmp_path, edit)
    with pytest.raises(DataFileError) as caught:
        load_model(path)
    assert (caught.value.item, caught.value.field) == (item, field)
    assert str(path) in str(caught.value)
