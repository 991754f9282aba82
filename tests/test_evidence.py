"""Evidence tables: the real files load, and malformed data is rejected with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from painmood.datafiles import DataFileError
from painmood.evidence import EVIDENCE_DIR, description, load_evidence, evidence_table_html, parse_evidence, range_figure

SOURCE = Path("assets/evidence/example.yaml")
KEYS = frozenset({"bair2003depression", "rayner2016depression"})


def good() -> dict:
    return {
        "title": "Depression by setting", "row_label": "Setting", "quantity": "Share", "unit": "%",
        "minimum": 0, "maximum": 100,
        "items": [
            {"id": "primary", "label": "Primary care", "low": 5.9, "high": 46,
             "source": "bair2003depression", "via": "rayner2016depression"},
            {"id": "clinic", "label": "Clinic", "value": 60.8, "low": 58.0, "high": 63.6,
             "source": "rayner2016depression"},
        ],
    }


def test_every_evidence_file_loads_and_cites_known_keys() -> None:
    names = sorted(path.stem for path in EVIDENCE_DIR.glob("*.yaml"))
    assert names, "no evidence files found"
    for name in names:
        table = load_evidence(name)
        assert table.items and table.keys()


def test_published_numbers_are_kept_as_written() -> None:
    table = load_evidence("depression-by-setting")
    clinic = {item.id: item for item in table.items}["tertiary_clinic"]
    assert (clinic.value, clinic.low, clinic.high) == (60.8, 58.0, 63.6)
    assert clinic.as_text("%") == "60.8 % (58.0–63.6)"
    rendered = evidence_table_html(table)
    assert "<caption>" in rendered and "4.7–22 %" in rendered


def test_figure_and_text_alternative_carry_every_number() -> None:
    table = parse_evidence(good(), SOURCE, KEYS)
    fig = range_figure(table)
    plotted = {x for trace in fig.data for x in trace.x}
    assert {5.9, 46, 60.8, 58.0, 63.6} <= plotted
    assert all(trace.type == "scatter" for trace in fig.data)  # the site's plotly bundle has no bar traces
    text = description(table)
    for number in ("5.9–46 %", "60.8 % (58.0–63.6)"):
        assert number in text


@pytest.mark.parametrize(
    ("change", "item", "field"),
    [
        (lambda d: d["items"][0].update(low=50), "primary", "low"),          # low > high
        (lambda d: d["items"][0].update(high=120), "primary", "high"),       # outside maximum
        (lambda d: d["items"][0].pop("high"), "primary", "low/high"),        # half a range
        (lambda d: d["items"][1].update(value=70), "clinic", "value"),       # point outside its interval
        (lambda d: d["items"][1].update(value="61"), "clinic", "value"),     # not a number
        (lambda d: d["items"][1].update(source="nobody2020"), "clinic", "source"),  # unknown bib key
        (lambda d: d["items"][1].update(id="primary"), "primary", "id"),     # duplicate id
        (lambda d: d["items"][0].pop("label"), "primary", "label"),          # missing field
        (lambda d: [r.pop(k) for r in d["items"] for k in ("low", "high", "value") if k in r], "primary", "value"),
        (lambda d: d.pop("row_label"), "the file", "row_label"),
    ],
)
def test_malformed_data_names_file_item_and_field(change, item: str, field: str) -> None:
    data = good()
    change(data)
    with pytest.raises(DataFileError) as caught:
        parse_evidence(data, SOURCE, KEYS)
    error = caught.value
    assert (error.source, error.item, error.field) == (str(SOURCE), item, field)
    assert str(SOURCE) in str(error) and item in str(error) and field in str(error)


def test_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="nothing.yaml"):
        load_evidence("nothing", tmp_path)
