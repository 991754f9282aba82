"""The NNT icon array (painmood.nnt): the arithmetic chapter 7 quotes, errors for bad files,
the static HTML, and the built page.

The browser test picks every option of the built chapter's selector with the keyboard and
compares the icons, the legend's counts and the summary with Python.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from painmood.bibliography import bib_keys
from painmood.datafiles import DataFileError
from painmood.evidence import EVIDENCE_DIR, load_evidence
from painmood.nnt import (ILLUSTRATIVE, NNT_FILE, counts_for, icon_counts, load_nnt, parse_nnt,
                          round_half_up, show_nnt, static_nnt_html, summary_text)

SETTINGS = load_nnt()


# ---- the arithmetic --------------------------------------------------------------------

def test_the_rows_are_the_evidence_file_and_the_placebo_share_is_sourced():
    table = load_evidence(SETTINGS.evidence)
    assert [i.id for i in SETTINGS.table.items] == [i.id for i in table.items]
    assert SETTINGS.placebo.share == 23 and SETTINGS.placebo.source == "arakawa2015investigation"
    assert SETTINGS.people == 100


def test_chapter_numbers():
    """Chapter 7 quotes these counts (out of 100, placebo share 23 %)."""
    assert counts_for("tca") == icon_counts(3.6) and (counts_for("tca").drug, counts_for("tca").none) == (28, 49)
    assert (counts_for("snri").drug, counts_for("snri").improved) == (16, 39)
    assert counts_for("gabapentin").drug == 14 and counts_for("pregabalin").drug == 13
    assert "anywhere from 12 to 19" in summary_text("snri")


@pytest.mark.parametrize("nnt", [1.3, 1.5, 2, 3.6, 6.4, 7.7, 10, 40])
def test_groups_always_add_up_and_a_smaller_nnt_helps_more_people(nnt):
    counts = icon_counts(nnt)
    assert counts.placebo + counts.drug + counts.none == 100
    assert counts.drug >= icon_counts(nnt * 1.5).drug


def test_rounding_is_half_up_like_javascript():
    assert [round_half_up(x) for x in (2.5, 3.5, 12.5, 0.49)] == [3, 4, 13, 0]
    assert icon_counts(8).drug == 13  # 12.5 rounds up, as Math.round does


@pytest.mark.parametrize("nnt, message", [(0.5, "at least 1"), (True, "at least 1"), (1.2, "more than 100")])
def test_impossible_numbers_are_refused(nnt, message):
    with pytest.raises(ValueError, match=message):
        icon_counts(nnt)


def test_an_unknown_row_is_named():
    with pytest.raises(ValueError, match="row 'aspirin' is unknown"):
        show_nnt("aspirin")


def test_chapter_simulator_walkthrough_numbers():
    """Chapter 7's guided simulator experiment quotes these values at week 30 (end of treatment)."""
    from painmood.model import simulate

    opioid = simulate("analgesic")
    opioid_cut = simulate("analgesic", coupling_affect_to_pain=0.0, coupling_pain_to_affect=0.0)
    dulox = simulate("antidepressant")
    dulox_cut = simulate("antidepressant", coupling_affect_to_pain=0.0, coupling_pain_to_affect=0.0)
    gaba = simulate("gabapentinoid")
    assert f"{opioid.affect[30]:.1f}" == "4.8" and set(opioid_cut.affect) == {5.0}
    assert (f"{dulox.pain[30]:.1f}", f"{dulox.affect[30]:.1f}") == ("5.0", "4.4")
    assert f"{dulox_cut.affect[30]:.1f}" == "4.7"
    assert f"{dulox_cut.affect[30] - dulox.affect[30]:.1f}" == "0.3"
    assert dulox.pain[30] < gaba.pain[30] < opioid.pain[30]


# ---- bad files ----------------------------------------------------------------------------

def _raw() -> dict:
    return yaml.safe_load(NNT_FILE.read_text(encoding="utf-8"))


def _evidence_copy(tmp_path: Path, edit=None) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    data = yaml.safe_load((EVIDENCE_DIR / f"{SETTINGS.evidence}.yaml").read_text(encoding="utf-8"))
    if edit:
        edit(data)
    (folder / f"{SETTINGS.evidence}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder


@pytest.mark.parametrize("edit, item, field", [
    (lambda d: d.update(colour="red"), "the file", "colour"),
    (lambda d: d.update(evidence="nothing-here"), "the file", "evidence"),
    (lambda d: d.update(people=5), "the file", "people"),
    (lambda d: d.update(people=100.0), "the file", "people"),
    (lambda d: d.update(default="aspirin"), "the file", "default"),
    (lambda d: d["placebo"].update(share=120), "placebo", "share"),
    (lambda d: d["placebo"].update(share=30), "placebo", "share"),          # outside 21-26
    (lambda d: d["placebo"].pop("high"), "placebo", "low/high"),
    (lambda d: d["placebo"].update(source="nobody2099"), "placebo", "source"),
    (lambda d: d["placebo"].pop("basis"), "placebo", "basis"),
    (lambda d: d["placebo"].update(dose="high"), "placebo", "dose"),
    (lambda d: d["placebo"].update(share=80, low=None, high=None), "row 'tca' of neuropathic-pain-nnt", "value"),
])
def test_bad_files_are_rejected_naming_file_item_and_field(edit, item, field, tmp_path):
    data = _raw()
    edit(data)
    if data["placebo"].get("low", 0) is None:
        data["placebo"].pop("low")
        data["placebo"].pop("high")
    source = tmp_path / "nnt.yaml"
    with pytest.raises(DataFileError) as caught:
        parse_nnt(data, source, bib_keys(), _evidence_copy(tmp_path))
    assert (caught.value.source, caught.value.item, caught.value.field) == (str(source), item, field)


def test_a_row_without_a_point_value_is_rejected(tmp_path):
    def drop_value(d):
        d["items"][1].pop("value")
    with pytest.raises(DataFileError) as caught:
        parse_nnt(_raw(), tmp_path / "nnt.yaml", bib_keys(), _evidence_copy(tmp_path, drop_value))
    assert (caught.value.item, caught.value.field) == ("row 'snri' of neuropathic-pain-nnt", "value")


def test_a_file_that_is_not_yaml_is_reported_with_its_name(tmp_path):
    bad = tmp_path / "nnt.yaml"
    bad.write_text("placebo: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(bad))):
        load_nnt(bad)


# ---- the static page version ------------------------------------------------------------

def _groups(page: str) -> list[str]:
    return re.findall(r'class="pm-nnt-icon pm-nnt-(\w+)"', page)


def test_static_html_has_a_labelled_select_every_icon_and_a_live_summary():
    page = static_nnt_html("tca")
    select_id = re.search(r'<select id="([^"]+)"', page).group(1)
    assert f'<label for="{select_id}">' in page
    assert page.count("<option") == len(SETTINGS.table.items) and 'value="tca" selected' in page
    counts = counts_for("tca")
    assert _groups(page) == ["placebo"] * counts.placebo + ["drug"] * counts.drug + ["none"] * counts.none
    assert f'aria-live="polite">{summary_text("tca")}</figcaption>' in page
    assert ILLUSTRATIVE in page and "Arakawa" in page and 'lang="zh-Hans"' in page
    assert static_nnt_html("tca") == page  # deterministic


def test_payload_carries_every_row_and_the_placebo_share():
    payload = json.loads(re.search(r'class="pm-nnt-data">(.*?)</script>', static_nnt_html()).group(1))
    assert payload["placebo_share"] == 23 and payload["people"] == 100
    assert {k: v["nnt"] for k, v in payload["rows"].items()} == {i.id: i.value for i in SETTINGS.table.items}


def test_one_display_gives_html_and_the_summary_as_text():
    bundle = show_nnt("pregabalin")._repr_mimebundle_()
    assert bundle["text/html"] == static_nnt_html("pregabalin")
    assert bundle["text/plain"] == summary_text("pregabalin")


# ---- the built page -------------------------------------------------------------------

READ_STATE = """root => ({
  choice: root.querySelector('select').value,
  groups: Array.from(root.querySelectorAll('.pm-nnt-icon')).map(i => i.className.replace('pm-nnt-icon pm-nnt-', '')),
  counts: Object.fromEntries(Array.from(root.querySelectorAll('.pm-nnt-count')).map(c => [c.dataset.group, Number(c.textContent)])),
  summary: root.querySelector('.pm-nnt-summary').textContent,
})"""


def check_against_python(state: dict) -> None:
    counts = counts_for(state["choice"])
    assert state["counts"] == {"placebo": counts.placebo, "drug": counts.drug, "none": counts.none}
    assert state["groups"] == ["placebo"] * counts.placebo + ["drug"] * counts.drug + ["none"] * counts.none
    assert state["summary"] == summary_text(state["choice"])


@pytest.mark.browser
def test_every_option_of_the_built_icon_array_matches_python(open_site_page):
    """(axe runs on the whole page in tests/test_site.py.)"""
    report = open_site_page("book/ch07-medicines.html")
    assert report.problems() == []
    page = report.page
    root = page.locator("section.pm-nnt").first
    root.scroll_into_view_if_needed()
    check_against_python(root.evaluate(READ_STATE))
    select = root.locator("select")
    rows = list(SETTINGS.rows())
    select.focus()
    page.keyboard.press("Home")
    seen = []
    for index in range(len(rows)):
        if index:
            page.keyboard.press("ArrowDown")
        state = root.evaluate(READ_STATE)
        seen.append(state["choice"])
        check_against_python(state)
    assert seen == rows, "the keyboard did not reach every option in order"
