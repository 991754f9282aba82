"""The "one system, two conditions" map (painmood.neurochemistry): the course's data
file loads and every statement is sourced; every loader check fails on a copy of the
data that breaks it (naming file, item and field); the static HTML and the live widgets; and
the built chapter page, where a browser chooses every system (by mouse and keyboard) and
the visible panel must show exactly the data file's content, read here straight from the
YAML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from painmood.bibliography import citable_keys, short_citation
from painmood.datafiles import DataFileError
from painmood.neurochemistry import (CONDITIONS, DIRECTION_LABELS, NEUROCHEMISTRY_FILE, STRENGTH_LABELS,
                                     findings_table, get_system, live_neurochemistry_map, load_neurochemistry,
                                     map_keys, map_regions, opposite_directions, parse_neurochemistry,
                                     show_neurochemistry_map, static_neurochemistry_html, summary_text)
from painmood.regions import load_regions
from painmood.treatments import load_treatments

SYSTEM_IDS = ["serotonin", "noradrenaline", "dopamine", "glutamate", "bdnf", "hpa", "cytokines"]


def _raw() -> dict:
    return yaml.safe_load(NEUROCHEMISTRY_FILE.read_text(encoding="utf-8"))


# ---- the course's data ----------------------------------------------------------------------

def test_the_course_file_holds_the_seven_systems_in_order():
    assert [s.id for s in load_neurochemistry()] == SYSTEM_IDS


def test_every_statement_cites_a_checkable_source_and_every_id_exists():
    regions, treatments = load_regions().regions, load_treatments()
    for system in load_neurochemistry():
        assert system.keys() and system.keys() <= citable_keys()
        assert set(system.regions) <= set(regions)
        assert all(t.treatment is None or t.treatment in treatments for t in system.treatments)


def test_each_system_has_a_finding_about_pain_and_one_about_mood():
    """The map is about two conditions: each system says something about pain (alone or
    with depression) and something about depression (alone or with pain)."""
    for system in load_neurochemistry():
        conditions = {f.condition for f in system.findings}
        assert conditions & {"chronic pain", "chronic pain with depression"}, system.id
        assert conditions & {"depression", "chronic pain with depression"}, system.id


def test_bdnf_changes_in_opposite_directions_at_different_sites():
    """The chapter's lesson: BDNF is not "low in both"."""
    bdnf = get_system("bdnf")
    by_condition = {f.condition: f for f in bdnf.findings}
    assert by_condition["chronic pain"].direction == "raised" and by_condition["chronic pain"].species == "rats"
    assert by_condition["depression"].direction == "lowered" and by_condition["depression"].region == "hippocampus"
    assert opposite_directions() == ["bdnf"]


def test_published_numbers_are_those_of_the_sources():
    """Numbers as seen in the sources (see the bibliography's `verified` fields)."""
    glutamate = " ".join(f.text for f in get_system("glutamate").findings)
    assert "9.87 (4.37 to 22.29)" in glutamate  # Newport et al. 2015, response at 24 h
    hpa = " ".join(f.text for f in get_system("hpa").findings)
    assert "361 studies" in hpa and "d = 0.60" in hpa and "d = 0.33" in hpa  # Stetler & Miller 2011
    cytokines = " ".join(f.text for f in get_system("cytokines").findings)
    assert "24 studies" in cytokines and "9 people" in cytokines


def test_helpers_for_the_chapter_and_notebooks():
    assert map_regions() == ["rvm", "dorsal_raphe", "locus_coeruleus", "vta", "nac", "hippocampus", "thalamus"]
    assert map_keys(["bdnf"]) == get_system("bdnf").keys()
    text = findings_table("bdnf")
    assert "raised" in text and "lowered" in text and short_citation("coull2005bdnf") in text
    with pytest.raises(KeyError, match="serotonin"):
        get_system("histamine")


# ---- every loader check fails on a broken copy of the course's data ----------------------------

def _system(data: dict, system_id: str = "bdnf") -> dict:
    return next(s for s in data["systems"] if s["id"] == system_id)


def _drop(mapping: dict, *fields: str) -> None:
    for field in fields:
        del mapping[field]


# (name, edit of the parsed course file, item and field the error must name)
BROKEN = [
    ("not a mapping", lambda d: [1, 2], "the file", "(value)"),
    ("unknown top-level field", lambda d: d.update(title="Chemistry"), "the file", "title"),
    ("no systems", lambda d: d.update(systems=[]), "the file", "systems"),
    ("system not a mapping", lambda d: d["systems"].__setitem__(1, "noradrenaline"), "systems[1]", "(entry)"),
    ("id missing", lambda d: _drop(d["systems"][0], "id"), "systems[0]", "id"),
    ("id used twice", lambda d: _system(d, "cytokines").update(id="bdnf"), "system 'bdnf'", "id"),
    ("unknown system field", lambda d: _system(d).update(colour="green"), "system 'bdnf'", "colour"),
    ("blank Chinese name", lambda d: _system(d).update(name_zh="  "), "system 'bdnf'", "name_zh"),
    ("kind missing", lambda d: _drop(_system(d), "kind"), "system 'bdnf'", "kind"),
    ("summary not a mapping", lambda d: _system(d).update(summary="A protein."), "system 'bdnf'", "summary"),
    ("unknown summary field", lambda d: _system(d)["summary"].update(note="x"), "system 'bdnf'", "summary.note"),
    ("summary without references", lambda d: _system(d)["summary"].update(references=[]), "system 'bdnf'",
     "summary.references"),
    ("unknown reference", lambda d: _system(d)["findings"][0].update(references=["nobody2099"]), "system 'bdnf'",
     "findings[0].references"),
    ("no findings", lambda d: _drop(_system(d), "findings"), "system 'bdnf'", "findings"),
    ("unknown finding field", lambda d: _system(d)["findings"][1].update(dose="10 mg"), "system 'bdnf'",
     "findings[1].dose"),
    ("condition not in the list", lambda d: _system(d)["findings"][0].update(condition="anxiety"), "system 'bdnf'",
     "findings[0].condition"),
    ("direction not in the list", lambda d: _system(d)["findings"][0].update(direction="up"), "system 'bdnf'",
     "findings[0].direction"),
    ("species not in the list", lambda d: _system(d)["findings"][0].update(species="monkeys"), "system 'bdnf'",
     "findings[0].species"),
    ("strength not in the list", lambda d: _system(d)["findings"][1].update(strength="strong"), "system 'bdnf'",
     "findings[1].strength"),
    ("unknown region", lambda d: _system(d)["findings"][1].update(region="spinal_cord"), "system 'bdnf'",
     "findings[1].region"),
    ("site missing", lambda d: _drop(_system(d)["findings"][0], "site"), "system 'bdnf'", "findings[0].site"),
    ("finding text missing", lambda d: _drop(_system(d)["findings"][0], "text"), "system 'bdnf'",
     "findings[0].text"),
    ("no treatments", lambda d: _drop(_system(d), "treatments"), "system 'bdnf'", "treatments"),
    ("unknown treatment", lambda d: _system(d)["treatments"][0].update(treatment="lithium"), "system 'bdnf'",
     "treatments[0].treatment"),
    ("unknown treatment field", lambda d: _system(d)["treatments"][1].update(dose="daily"), "system 'bdnf'",
     "treatments[1].dose"),
    ("treatment label missing", lambda d: _drop(_system(d)["treatments"][0], "label"), "system 'bdnf'",
     "treatments[0].label"),
    ("carry-over missing", lambda d: _drop(_system(d), "carry_over"), "system 'bdnf'", "carry_over"),
]


@pytest.mark.parametrize("edit, item, field", [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_each_broken_copy_fails_naming_file_item_and_field(edit, item, field, tmp_path: Path):
    data = _raw()
    edited = edit(data)
    source = tmp_path / "neurochemistry.yaml"
    with pytest.raises(DataFileError) as caught:
        parse_neurochemistry(data if edited is None else edited, source)
    assert (caught.value.source, caught.value.item, caught.value.field) == (str(source), item, field)


def test_a_citation_without_doi_or_url_is_refused(tmp_path: Path):
    with pytest.raises(DataFileError) as caught:
        parse_neurochemistry(_raw(), tmp_path / "neurochemistry.yaml", known_keys=citable_keys() - {"coull2005bdnf"})
    assert (caught.value.item, caught.value.field) == ("system 'bdnf'", "summary.references")


def test_a_file_that_is_not_yaml_is_reported_with_its_name(tmp_path: Path):
    bad = tmp_path / "neurochemistry.yaml"
    bad.write_text("systems: [unclosed", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape(str(bad))):
        load_neurochemistry.__wrapped__(bad)


def test_the_unchanged_file_passes_the_same_checks(tmp_path: Path):
    assert len(parse_neurochemistry(_raw(), tmp_path / "neurochemistry.yaml")) == len(SYSTEM_IDS)


# ---- the static page and the live widgets -------------------------------------------------

def test_static_html_has_one_labelled_radio_and_one_panel_per_system():
    systems = load_neurochemistry()
    page = static_neurochemistry_html(systems)
    assert page.count('type="radio"') == len(systems) and page.count(" checked>") == 1
    assert re.search(r'value="serotonin" checked>', page)
    assert '<fieldset class="pm-nc-choice" hidden>' in page  # shown by the script only
    assert page.count('class="pm-nc-panel"') == len(systems) and "pm-nc-panel\" hidden" not in page
    for system in systems:
        assert f'<label for="' in page and f'data-pm-system="{system.id}"' in page
        for finding in system.findings:
            assert finding.text.replace('"', "&quot;") in page


def test_one_display_is_live_in_jupyter_and_static_in_the_book():
    display = show_neurochemistry_map()
    bundle = display._repr_mimebundle_()
    assert bundle["text/html"] == static_neurochemistry_html(load_neurochemistry())
    assert bundle["text/plain"] == summary_text(load_neurochemistry())
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_the_live_toggle_shows_the_chosen_system():
    box = live_neurochemistry_map(load_neurochemistry())
    toggle, panel = box.children
    assert 'data-pm-system="serotonin"' in panel.value
    toggle.value = "hpa"
    assert 'data-pm-system="hpa"' in panel.value and "d = 0.60" in panel.value


# ---- the built page ---------------------------------------------------------------------------

READ_PANEL = """root => {
  const visible = Array.from(root.querySelectorAll('.pm-nc-panel')).filter(p => !p.hidden && p.offsetParent);
  const panel = visible[0];
  const text = el => el.textContent.replace(/\\s+/g, ' ').trim();
  return {
    checked: root.querySelector('input[type=radio]:checked').value,
    choiceShown: !root.querySelector('.pm-nc-choice').hidden,
    visible: visible.map(p => p.dataset.pmSystem),
    status: text(root.querySelector('.pm-nc-status')),
    title: text(panel.querySelector('h3')),
    summary: text(panel.querySelector('.pm-nc-summary')),
    sites: Array.from(panel.querySelectorAll('[data-pm-site]')).map(text),
    rows: Array.from(panel.querySelectorAll('tr[data-pm-finding]')).map(tr =>
      Array.from(tr.children).map(text)),
    treatments: Array.from(panel.querySelectorAll('.pm-nc-treatments li')).map(text),
    carry: text(panel.querySelector('.pm-nc-carry')),
  };
}"""


def _sources(keys: list[str]) -> str:
    return "; ".join(short_citation(k) for k in keys)


def check_panel(state: dict, raw_system: dict) -> None:
    """The visible panel shows exactly the YAML's system, and only it."""
    names = {r.id: r for r in load_regions().regions.values()}
    assert state["visible"] == [raw_system["id"]] and state["checked"] == raw_system["id"]
    assert state["title"] == f"{raw_system['name_en']} {raw_system['name_zh']}"
    summary = raw_system["summary"]
    assert state["summary"] == f"{summary['text']} ({_sources(summary['references'])})"
    expected_sites = []
    for finding in raw_system["findings"]:
        region = finding.get("region")
        site = (f"{names[region].name_en} {names[region].name_zh} {region}" if region
                else f"{finding['site']} (not in the brain atlas)")
        if site not in expected_sites:
            expected_sites.append(site)
    assert state["sites"] == expected_sites
    assert len(state["rows"]) == len(raw_system["findings"])
    for row, finding in zip(state["rows"], raw_system["findings"]):
        symbol, words = DIRECTION_LABELS[finding["direction"]]
        assert row == [finding["condition"], finding["site"], f"{symbol} {words}",
                       f"{finding['species']}; {STRENGTH_LABELS[finding['strength']]}", finding["text"],
                       _sources(finding["references"])]
        assert finding["condition"] in CONDITIONS
    assert state["treatments"] == [f"{t['label']}. {t['text']} ({_sources(t['references'])})"
                                   for t in raw_system["treatments"]]
    carry = raw_system["carry_over"]
    assert state["carry"] == f"{carry['text']} ({_sources(carry['references'])})"


@pytest.mark.browser
def test_the_built_map_shows_exactly_the_data_file_for_every_system(open_site_page):
    """(axe runs on the whole page in tests/test_site.py.)"""
    report = open_site_page("book/ch06-neurochemistry.html")
    assert report.problems() == []
    page = report.page
    root = page.locator("section.pm-neurochem").first
    root.scroll_into_view_if_needed()
    raw_systems = _raw()["systems"]
    first = root.evaluate(READ_PANEL)
    assert first["choiceShown"] and first["status"] == ""
    check_panel(first, raw_systems[0])
    for raw_system in raw_systems:  # by mouse (a click on each label)
        root.locator(f'label[for$="-opt-{raw_system["id"]}"]').click()
        state = root.evaluate(READ_PANEL)
        check_panel(state, raw_system)
        if raw_system is not raw_systems[0]:
            assert state["status"] == f"Shown: {raw_system['name_en']} {raw_system['name_zh']}"
    # by keyboard: arrow keys move through the radio group, wrapping round
    root.locator(f'input[value="{raw_systems[-1]["id"]}"]').focus()
    for raw_system in raw_systems:
        page.keyboard.press("ArrowRight")
        check_panel(root.evaluate(READ_PANEL), raw_system)
