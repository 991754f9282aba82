"""'What makes up the improvement?': the real files load, the parts add up to the arms and
match the published differences, the figure uses scatter traces only and its caption
carries every number, and every malformed file is rejected naming file, layer and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from painmood.datafiles import DataFileError, load_yaml
from painmood.improvement import (IMPROVEMENT_DIR, description, improvement_figure, improvement_table_html,
                                  load_all, load_improvement, parse_improvement)

SOURCE = Path("assets/evidence/improvement/example.yaml")
KEYS = frozenset({"haake2007german", "vickers2018acupuncture"})
GERAC = IMPROVEMENT_DIR / "gerac-low-back-pain.yaml"


def good() -> dict:
    return copy.deepcopy(load_yaml(GERAC))


def test_every_improvement_file_loads() -> None:
    files = load_all()
    assert "gerac-low-back-pain" in files
    for data in files.values():
        assert len(data.layers) >= 2 and data.keys()


def test_gerac_numbers_as_published() -> None:
    """Haake et al. 2007: responders at 6 months 27.4 %, 44.2 %, 47.6 %; sham minus
    conventional 16.8 (10.1 to 23.4), verum minus sham 3.4 (-3.7 to 10.3)."""
    data = load_improvement("gerac-low-back-pain")
    assert [layer.value for layer in data.layers] == [27.4, 44.2, 47.6]
    assert [round(size, 1) for _, size in data.parts()] == [27.4, 16.8, 3.4]
    assert [(layer.difference_low, layer.difference_high) for layer in data.layers[1:]] == [(10.1, 23.4), (-3.7, 10.3)]
    assert data.source == "haake2007german"


def test_parts_stack_up_to_each_arm() -> None:
    data = load_improvement("gerac-low-back-pain")
    running = 0.0
    for layer, size in data.parts():
        running += size
        assert running == pytest.approx(layer.value)


def test_figure_is_scatter_only_and_reads_back_the_numbers() -> None:
    data = load_improvement("gerac-low-back-pain")
    fig = improvement_figure(data)
    assert {trace.type for trace in fig.data} == {"scatter"}  # the site's plotly bundle has no bar traces
    arms = {t.meta["pm_arm"]: t.x[0] for t in fig.data if "pm_arm" in t.meta}
    assert arms == {layer.id: layer.value for layer in data.layers}
    # The top row holds every part; its rectangles end where the arms' values are.
    top = [t for t in fig.data if t.meta.get("pm_row") == data.layers[-1].id]
    assert [max(t.x) for t in top] == pytest.approx([layer.value for layer in data.layers])
    legend = [t.name.replace("<br>", " ") for t in fig.data if t.showlegend]
    assert legend == [layer.part for layer in data.layers]
    assert all(len(line) <= 34 for t in fig.data if t.showlegend for line in t.name.split("<br>"))


def test_caption_and_table_carry_every_number() -> None:
    data = load_improvement("gerac-low-back-pain")
    text = description(data)
    table = improvement_table_html(data)
    for number in ("27.4 %", "44.2 %", "47.6 %", "16.8 percentage points", "3.4 percentage points",
                   "10.1 to 23.4", "-3.7 to 10.3", "23.0 to 32.1"):
        assert number in text or number in table, number
    assert "Haake et al. 2007" in text and "Haake et al. 2007" in table
    assert "<caption>" in table


@pytest.mark.parametrize(
    ("change", "item", "field"),
    [
        (lambda d: d["layers"][1]["difference"].update(value=20.0), "layer 'ritual'", "difference.value"),
        (lambda d: d["layers"][2].update(value=53.0), "layer 'specific'", "value"),  # outside its own CI
        (lambda d: d["layers"][2].update(value=52.0), "layer 'specific'", "difference.value"),  # breaks the difference
        (lambda d: d["layers"][0].update(difference={"value": 1.0}), "layer 'course'", "difference"),
        (lambda d: d["layers"][1].pop("difference"), "layer 'ritual'", "difference"),
        (lambda d: d["layers"][0].pop("high"), "layer 'course'", "high"),
        (lambda d: d["layers"][0].update(low=40.0), "layer 'course'", "value"),
        (lambda d: d["layers"][0].update(value=120), "layer 'course'", "value"),  # above the file's maximum
        (lambda d: d["layers"][0].update(value="27.4"), "layer 'course'", "value"),
        (lambda d: d["layers"][2].update(id="ritual"), "layer 'ritual'", "id"),
        (lambda d: d["layers"][1].pop("part"), "layer 'ritual'", "part"),
        (lambda d: d["layers"][1].update(colour="red"), "layer 'ritual'", "colour"),
        (lambda d: d["layers"][1]["difference"].update(width=2), "layer 'ritual'", "difference.width"),
        (lambda d: d.update(layers=d["layers"][:1]), "the file", "layers"),
        (lambda d: d.update(source="nobody2020"), "the file", "source"),
        (lambda d: d.pop("population"), "the file", "population"),
        (lambda d: d.update(maximum=-30), "the file", "minimum/maximum"),
        (lambda d: d.update(trial="GERAC"), "the file", "trial"),
    ],
)
def test_malformed_data_names_file_layer_and_field(change, item: str, field: str) -> None:
    data = good()
    change(data)
    with pytest.raises(DataFileError) as caught:
        parse_improvement(data, SOURCE, KEYS)
    error = caught.value
    assert (error.source, error.item, error.field) == (str(SOURCE), item, field)
    assert str(SOURCE) in str(error) and item in str(error) and field in str(error)


def test_good_fixture_passes() -> None:
    assert parse_improvement(good(), SOURCE, KEYS).layers


def test_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="nothing.yaml"):
        load_improvement("nothing", tmp_path)
