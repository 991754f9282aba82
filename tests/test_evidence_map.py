"""The evidence map (painmood.evidence_map): every rule of the data format fails on a
file that breaks it (naming file, item and field), the conversion to the common scale,
the static HTML and the live widgets, and the built page.

The browser tests choose every option of the comparator filter and compare the rows of
the table and the plotted points (read from the plotly graph in the page) with the data
files' numbers, read here straight from the YAML.
"""

from __future__ import annotations

import copy
import math
import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from painmood.bibliography import bib_keys, citable_keys
from painmood.datafiles import DataFileError
from painmood.evidence_map import (ALL, ALL_SHOWN, CHINN_FACTOR, GROUPS, MAP_DIR, benefit, caption_sentence,
                                   default_group, evidence_map_figure, filter_options, in_view,
                                   live_evidence_map, load_evidence_map, load_map_files, map_keys,
                                   parse_map_file, select_items, show_evidence_map, shown_text,
                                   static_evidence_map_html)
from painmood.model import COMPARATORS

PHARMA = MAP_DIR / "pharmacotherapy.yaml"
FIXTURE_DIR = FIXTURES / "evidence_map"


def _raw(path: Path = PHARMA) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def fixture_items():
    """Rows of every comparator group (test data, see tests/fixtures/evidence_map/README.md)."""
    return load_map_files(FIXTURE_DIR)


# ---- the course's data --------------------------------------------------------------------

def test_the_course_map_loads_and_every_row_has_a_citable_source():
    items = load_evidence_map()
    assert items and len({i.id for i in items}) == len(items)
    for item in items:
        assert item.keys() <= citable_keys()
        assert item.pain or item.mood


def test_antidepressant_rows_hold_the_published_numbers():
    """Birkinshaw 2023 summary-of-findings tables (PMC10169288), as in the content brief."""
    rows = {i.id: i for i in select_items(treatments=["antidepressant"])}
    duloxetine = rows["duloxetine-placebo"]
    assert (duloxetine.pain.value, duloxetine.pain.low, duloxetine.pain.high) == (1.79, 1.67, 1.91)
    assert (duloxetine.mood.value, duloxetine.mood.low, duloxetine.mood.high) == (-0.16, -0.22, -0.1)
    assert (rows["milnacipran-placebo"].mood.high, rows["mirtazapine-placebo"].pain.certainty) == (0.01, "low")


# ---- every rule fails on a file that breaks it ---------------------------------------------

def _item(data: dict, index: int = 0) -> dict:
    return data["items"][index]


def _drop(mapping: dict, *fields: str) -> None:
    for field in fields:
        mapping.pop(field)


BROKEN = [
    ("unknown item field", lambda d: _item(d).update(dose="60 mg"), "item 'duloxetine-placebo'", "dose"),
    ("unknown result field", lambda d: _item(d)["pain"].update(se=0.1), "item 'duloxetine-placebo'", "pain.se"),
    ("value below low", lambda d: _item(d)["pain"].update(low=1.85), "item 'duloxetine-placebo'", "pain.odds_ratio"),
    ("value above high", lambda d: _item(d, 1)["mood"].update(high=-0.2), "item 'milnacipran-placebo'", "mood.smd"),
    ("low without high", lambda d: _drop(_item(d)["pain"], "high"), "item 'duloxetine-placebo'", "pain.high"),
    ("high without low", lambda d: _drop(_item(d)["mood"], "low"), "item 'duloxetine-placebo'", "mood.low"),
    ("better missing", lambda d: _drop(_item(d)["mood"], "better"), "item 'duloxetine-placebo'", "mood.better"),
    ("better misspelt", lambda d: _item(d)["mood"].update(better="down"), "item 'duloxetine-placebo'", "mood.better"),
    ("odds ratio of 0", lambda d: _item(d)["pain"].update(odds_ratio=0), "item 'duloxetine-placebo'", "pain.odds_ratio"),
    ("negative odds ratio bound", lambda d: _item(d)["pain"].update(low=-1), "item 'duloxetine-placebo'", "pain.low"),
    ("two kinds of number", lambda d: _item(d)["mood"].update(finding="better"), "item 'duloxetine-placebo'",
     "mood.smd/odds_ratio/finding"),
    ("no number at all", lambda d: _drop(_item(d)["mood"], "smd"), "item 'duloxetine-placebo'",
     "mood.smd/odds_ratio/finding"),
    ("a finding with an interval", lambda d: _item(d).update(pain={"outcome": "pain", "finding": "helps",
                                                                   "low": 1, "certainty": "low"}),
     "item 'duloxetine-placebo'", "pain.low"),
    ("neither pain nor mood", lambda d: _drop(_item(d), "pain", "mood"), "item 'duloxetine-placebo'", "pain/mood"),
    ("certainty not in the list", lambda d: _item(d)["pain"].update(certainty="medium"),
     "item 'duloxetine-placebo'", "pain.certainty"),
    ("outcome missing", lambda d: _drop(_item(d)["pain"], "outcome"), "item 'duloxetine-placebo'", "pain.outcome"),
    ("trials not a count", lambda d: _item(d)["pain"].update(trials=0), "item 'duloxetine-placebo'", "pain.trials"),
    ("unknown source", lambda d: _item(d).update(source="nobody2099"), "item 'duloxetine-placebo'", "source"),
    ("unknown via", lambda d: _item(d).update(via="nobody2099"), "item 'duloxetine-placebo'", "via"),
    ("unknown treatment", lambda d: _item(d).update(treatment="aspirin"), "item 'duloxetine-placebo'", "treatment"),
    ("treatment of another family", lambda d: _item(d).update(treatment="cbt"), "item 'duloxetine-placebo'",
     "treatment"),
    ("comparator not measured", lambda d: _item(d).update(comparator="not measured"), "item 'duloxetine-placebo'",
     "comparator"),
    ("comparator unknown", lambda d: _item(d).update(comparator="active drug"), "item 'duloxetine-placebo'",
     "comparator"),
    ("Chinese label missing", lambda d: _drop(_item(d), "label_zh"), "item 'duloxetine-placebo'", "label_zh"),
    ("id used twice", lambda d: _item(d, 1).update(id="duloxetine-placebo"), "item 'duloxetine-placebo'", "id"),
    ("row used twice", lambda d: _item(d, 1).update(label="Duloxetine"), "item 'milnacipran-placebo'", "label"),
    ("unknown family", lambda d: d.update(family="surgery"), "the file", "family"),
    ("family of another file", lambda d: d.update(family="acupuncture"), "the file", "family"),
    ("unknown top-level field", lambda d: d.update(title="Medicines"), "the file", "title"),
    ("no items", lambda d: d.update(items=[]), "the file", "items"),
]


@pytest.mark.parametrize("edit, item, field", [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_each_rule_fails_naming_file_item_and_field(edit, item, field, tmp_path: Path):
    data = copy.deepcopy(_raw())
    edit(data)
    source = tmp_path / "pharmacotherapy.yaml"
    with pytest.raises(DataFileError) as caught:
        parse_map_file(data, source)
    assert (caught.value.source, caught.value.item, caught.value.field) == (str(source), item, field)


def test_the_unchanged_file_passes_the_same_checks(tmp_path: Path):
    assert len(parse_map_file(_raw(), tmp_path / "pharmacotherapy.yaml")) == len(_raw()["items"])


def test_a_source_without_doi_or_url_is_refused(tmp_path: Path):
    with pytest.raises(DataFileError) as caught:
        parse_map_file(_raw(), tmp_path / "pharmacotherapy.yaml", known_keys=bib_keys() - {"birkinshaw2023antidepressants"})
    assert (caught.value.item, caught.value.field) == ("item 'duloxetine-placebo'", "source")


def test_ids_must_be_unique_across_files(tmp_path: Path):
    (tmp_path / "pharmacotherapy.yaml").write_text(PHARMA.read_text(encoding="utf-8"), encoding="utf-8")
    other = _raw(FIXTURE_DIR / "acupuncture.yaml")
    other["items"][0]["id"] = "duloxetine-placebo"
    (tmp_path / "acupuncture.yaml").write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_map_files(tmp_path)
    assert caught.value.field == "id" and caught.value.item == "item 'duloxetine-placebo'"
    assert "pharmacotherapy.yaml" in str(caught.value) and "acupuncture.yaml" in str(caught.value)  # both files


def test_a_file_that_is_not_yaml_is_reported_with_its_name(tmp_path: Path):
    bad = tmp_path / "exercise.yaml"
    bad.write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(bad))):
        load_map_files(tmp_path)


def test_every_comparator_but_not_measured_has_a_group():
    grouped = [c for g in GROUPS for c in g.comparators]
    assert sorted(grouped) == sorted(c for c in COMPARATORS if c != "not measured")
    assert len(grouped) == len(set(grouped))


# ---- the common scale ------------------------------------------------------------------------

def _result(**fields):
    data = copy.deepcopy(_raw())
    data["items"][0]["pain"] = {"outcome": "pain", "certainty": "low", **fields}
    return parse_map_file(data, PHARMA)[0].pain


def test_an_odds_ratio_becomes_ln_or_over_1_81():
    value, low, high = benefit(_result(odds_ratio=1.79, low=1.67, high=1.91, better="higher"))
    assert CHINN_FACTOR == 1.81
    assert value == math.log(1.79) / 1.81 and f"{value:.2f}" == "0.32"  # the page's worked example
    assert (low, high) == (math.log(1.67) / 1.81, math.log(1.91) / 1.81)
    assert benefit(_result(odds_ratio=1, better="higher")) == (0.0, None, None)


def test_lower_is_better_flips_the_sign_and_swaps_the_ends():
    assert benefit(_result(smd=-0.16, low=-0.22, high=-0.1, better="lower")) == (0.16, 0.1, 0.22)
    assert benefit(_result(smd=0.3, low=0.1, high=0.5, better="higher")) == (0.3, 0.1, 0.5)
    value, low, high = benefit(_result(odds_ratio=0.5, low=0.25, high=1.0, better="lower"))
    assert value == pytest.approx(math.log(2) / 1.81) and (low, high) == (-0.0, pytest.approx(math.log(4) / 1.81))


def test_a_finding_in_words_is_not_plotted():
    result = _result(finding="Level A: definite efficacy")
    assert benefit(result) is None and result.published_text() == "Level A: definite efficacy"


def test_every_course_row_keeps_its_interval_in_order_on_the_common_scale():
    for item in load_evidence_map():
        for _, result in item.results():
            scaled = result and benefit(result)
            if scaled and scaled[1] is not None:
                assert scaled[1] <= scaled[0] <= scaled[2]


# ---- selection, filter, static HTML and live widgets -----------------------------------------

def test_selection_by_family_and_treatment_and_clear_errors():
    # In file order, whatever other family files sort before pharmacotherapy.yaml.
    assert select_items(families=["pharmacotherapy"]) == [i for i in load_evidence_map() if i.family == "pharmacotherapy"]
    assert {i.treatment for i in select_items(treatments=["antidepressant"])} == {"antidepressant"}
    assert "birkinshaw2023antidepressants" in map_keys(treatments=["antidepressant"])
    with pytest.raises(ValueError, match="family 'surgery' is unknown"):
        select_items(families=["surgery"])
    with pytest.raises(ValueError, match="treatment 'aspirin' is unknown"):
        select_items(treatments=["aspirin"])
    with pytest.raises(ValueError, match="has no row"):
        select_items(treatments=["antidepressant"], items=fixture_items())


def test_default_view_is_blinded_and_the_filter_offers_each_group_then_all():
    items = fixture_items()
    assert default_group(items) == "blinded"
    assert filter_options(items) == ["blinded", "unblinded", "mixed", ALL]
    unblinded_only = [i for i in items if i.group == "unblinded"]
    assert default_group(unblinded_only) == "unblinded" and filter_options(unblinded_only) == ["unblinded"]
    assert "placebo or sham only" in shown_text("blinded") and "run larger" in shown_text("unblinded")


def test_static_html_starts_with_blinded_rows_only_and_labelled_radios():
    items = fixture_items()
    page = static_evidence_map_html(items)
    assert re.search(r'<fieldset class="pm-evmap-filter"><legend>Compared with <span lang="zh-Hans">对照</span>', page)
    for group in filter_options(items):
        radio = re.search(rf'<input type="radio" name="[^"]+" id="([^"]+)" value="{group}"', page).group(1)
        assert f'<label for="{radio}">' in page
    assert re.search(r'value="blinded" checked>', page) and page.count(" checked>") == 1
    assert f'aria-live="polite">{shown_text("blinded")}</p>' in page
    for item in items:
        row = re.search(rf'<tr data-pm-group="{item.group}" data-pm-item="{item.id}"( hidden)?>', page)
        assert bool(row.group(1)) == (item.group != "blinded")
    figure = evidence_map_figure(items)
    assert {t.meta["pm_group"] for t in figure.data if t.visible} == {"blinded"}
    assert list(figure.layout.yaxis.categoryarray) == ["Acupuncture (back and neck pain) vs sham"]
    assert static_evidence_map_html(items) == page  # deterministic


def test_caption_states_every_plotted_number_and_its_comparator():
    items = {i.id: i for i in fixture_items()}
    text = caption_sentence(items["fixture-acupuncture-none"])
    assert "against no treatment" in text and "pain 0.55 (0.51 to 0.58)" in text
    mixed = caption_sentence(items["fixture-cbt-mixed"])
    assert "not plotted, reported in words" in mixed and "converted from OR 0.8 (0.5 to 1.2)" in mixed
    assert "mood or distress: not reported" in caption_sentence(items["fixture-acupuncture-sham"])


def test_one_display_is_live_in_jupyter_and_static_in_the_book():
    bundle = show_evidence_map()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == static_evidence_map_html(load_evidence_map())
    assert "Duloxetine" in bundle["text/plain"]


def test_live_toggle_redraws_the_figure_caption_and_table():
    items = fixture_items()
    box = live_evidence_map(items)
    toggle, shown, figure, caption, table = box.children
    for group in filter_options(items):
        toggle.value = group
        visible = {t.meta["pm_item"] for t in figure.data if t.visible}
        assert visible == {i.id for i in items if in_view(i, group) and any(r and r.plotted for _, r in i.results())}
        assert shown.value == f"<p><strong>{shown_text(group)}</strong></p>"
        assert len(re.findall(r"<tr data-pm-group=\"\w+\" data-pm-item=\"[^\"]+\">", table.value)) == \
            sum(in_view(i, group) for i in items)
        assert all((i.label in caption.value) == any(in_view(j, group) and j.label == i.label for j in items)
                   for i in items)
    assert ALL_SHOWN in shown.value


# ---- the built page ----------------------------------------------------------------------------

READ_STATE = """root => {
  const graph = root.querySelector('.pm-plotly-graph');
  const traces = graph.data.filter(t => t.visible !== false).map(t => ({
      item: t.meta.pm_item, panel: t.meta.pm_panel, group: t.meta.pm_group, x: t.x[0], y: t.y[0],
      custom: Array.from(t.customdata[0]),
      plus: t.error_x && t.error_x.array ? t.error_x.array[0] : null,
      minus: t.error_x && t.error_x.arrayminus ? t.error_x.arrayminus[0] : null}));
  const rows = Array.from(root.querySelectorAll('tr[data-pm-item]')).filter(r => !r.hidden).map(r => ({
      item: r.dataset.pmItem, group: r.dataset.pmGroup,
      cells: Array.from(r.children).map(c => c.textContent)}));
  const caption = Array.from(root.querySelectorAll('figcaption [data-pm-group]')).filter(s => !s.hidden)
      .map(s => s.dataset.pmGroup);
  const checked = root.querySelector('input[type=radio]:checked');
  return {traces, rows, caption, checked: checked.value, categories: Array.from(graph.layout.yaxis.categoryarray),
          shown: root.querySelector('.pm-evmap-shown').textContent,
          options: Array.from(root.querySelectorAll('input[type=radio]')).map(r => r.value)};
}"""


def _raw_items(directory: Path) -> dict[str, dict]:
    """Every row of the map files, read straight from the YAML (not through the engine)."""
    rows = {}
    for path in sorted(directory.glob("*.yaml")):
        for raw in _raw(path)["items"]:
            rows[raw["id"]] = raw
    return rows


def _scaled(raw: dict) -> list[float | None]:
    """The file's numbers on the map's scale, computed here from the YAML."""
    sign = -1.0 if raw["better"] == "lower" else 1.0
    kind = "odds_ratio" if "odds_ratio" in raw else "smd"

    def scale(x):
        return sign * (math.log(x) / 1.81 if kind == "odds_ratio" else x)

    if "low" not in raw:
        return [scale(raw[kind]), None, None]
    return [scale(raw[kind]), *sorted((scale(raw["low"]), scale(raw["high"])))]


def check_view(state: dict, directory: Path, group: str) -> None:
    raw_rows = _raw_items(directory)
    items = {i.id: i for i in load_map_files(directory)}
    expected = [i for i in items if in_view(items[i], group)]
    assert state["checked"] == group and state["shown"] == shown_text(group)
    # the table: exactly the rows of the group, each with the file's published numbers
    assert [r["item"] for r in state["rows"]] == expected
    for row in state["rows"]:
        raw = raw_rows[row["item"]]
        assert raw["comparator"] == row["cells"][1] and raw["population"] == row["cells"][2]
        for symptom, cell in (("pain", row["cells"][4]), ("mood", row["cells"][5])):
            if symptom not in raw:
                assert cell == "Not reported"
                continue
            published = raw[symptom]
            for field in ("smd", "odds_ratio", "low", "high"):
                if field in published:
                    assert re.search(rf"(?<![\d.]){re.escape(str(published[field]))}(?![\d])", cell), (field, cell)
            if "finding" in published:
                assert published["finding"] in cell
    # the plot: exactly the plotted results of the group, at the file's numbers
    plotted = {(i, s) for i in expected for s in ("pain", "mood")
               if s in raw_rows[i] and "finding" not in raw_rows[i][s]}
    assert {(t["item"], t["panel"]) for t in state["traces"]} == plotted
    for trace in state["traces"]:
        value, low, high = _scaled(raw_rows[trace["item"]][trace["panel"]])
        assert trace["x"] == value and trace["custom"] == [value, low, high]
        if low is not None:
            assert trace["minus"] == pytest.approx(value - low) and trace["plus"] == pytest.approx(high - value)
        assert trace["y"] == items[trace["item"]].row_label
    assert sorted(state["categories"]) == sorted({t["y"] for t in state["traces"]})
    assert state["caption"] == [items[i].group for i in expected]


def _choose_each_option(page, root, directory: Path) -> list[str]:
    seen = []
    for option in root.evaluate(READ_STATE)["options"]:
        root.locator(f'input[type=radio][value="{option}"]').check()
        page.wait_for_timeout(50)
        check_view(root.evaluate(READ_STATE), directory, option)
        seen.append(option)
    return seen


@pytest.mark.browser
def test_the_built_map_shows_blinded_rows_first_and_every_option_matches_the_data(open_site_page):
    report = open_site_page("book/evidence-map.html")
    assert report.problems() == []
    page = report.page
    root = page.locator("section.pm-evidence-map").first
    root.scroll_into_view_if_needed()
    root.locator("figure.pm-plotly[data-drawn='true']").wait_for()
    first = root.evaluate(READ_STATE)
    assert first["checked"] == "blinded"
    assert {t["group"] for t in first["traces"]} == {r["group"] for r in first["rows"]} == {"blinded"}
    check_view(first, MAP_DIR, "blinded")
    assert _choose_each_option(page, root, MAP_DIR) == filter_options(load_evidence_map())


@pytest.mark.browser
def test_the_page_script_filters_a_map_with_every_comparator_group(open_site_page):
    """The built page's script on a fixture map holding blinded, unblinded and mixed rows,
    placed in the built page (the course's own data have only placebo rows so far)."""
    page = open_site_page("book/evidence-map.html").page
    html = static_evidence_map_html(fixture_items())
    page.evaluate("""html => {
        const holder = document.createElement('div');
        holder.id = 'pm-fixture-map';
        holder.innerHTML = html;
        document.querySelector('main').appendChild(holder);
        const root = holder.querySelector('section.pm-evidence-map');
        window.PainMoodEvidenceMap.setup(root);
        return window.PainMoodFigures.draw(root.querySelector('figure.pm-plotly'));
    }""", html)
    root = page.locator("#pm-fixture-map section.pm-evidence-map")
    check_view(root.evaluate(READ_STATE), FIXTURE_DIR, "blinded")
    assert _choose_each_option(page, root, FIXTURE_DIR) == ["blinded", "unblinded", "mixed", ALL]
    root.locator('input[type=radio][value="blinded"]').check()  # and back
    page.wait_for_timeout(50)
    check_view(root.evaluate(READ_STATE), FIXTURE_DIR, "blinded")
