"""The region and circuit tables: the real files load, and each kind of bad data is
refused with a message naming the file, the region (or circuit) and the field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from painmood.bibliography import bib_keys, short_citation
from painmood.datafiles import DataFileError, load_yaml
from painmood.regions import (CIRCUITS_FILE, REGIONS_FILE, check_connections, in_brain_mask,
                              load_circuits, load_regions, parse_circuits, parse_regions)
from painmood.treatments import load_treatments

BAD = Path(__file__).parent / "fixtures" / "regions_bad"
REQUIRED = ["amygdala", "nac", "vta", "vmpfc", "dmpfc", "dlpfc", "pgacc", "dacc", "sgacc",
            "anterior_insula", "posterior_insula", "thalamus", "hippocampus", "pag", "rvm", "s1", "m1"]


def region_data() -> dict:
    return copy.deepcopy(load_yaml(REGIONS_FILE))


def circuit_data() -> dict:
    return copy.deepcopy(load_yaml(CIRCUITS_FILE))


def entry(data: dict, region_id: str) -> dict:
    return next(r for r in data["regions"] if r["id"] == region_id)


def refused(data: dict) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        parse_regions(data, "regions.yaml")
    return caught.value


def test_the_course_tables_load_with_every_required_region():
    regions = load_regions().regions
    assert set(REQUIRED) <= set(regions)
    assert {"locus_coeruleus", "dorsal_raphe"} <= set(regions)
    assert all(r.name_zh and r.references for r in regions.values())
    assert {r.id for r in regions.values() if r.illustrative} == {"pag", "rvm"}
    assert len(load_circuits().connections) >= 10


def test_coordinates_match_the_brief_and_lie_in_the_brain_mask():
    regions = load_regions().regions
    assert dict(regions["amygdala"].mni) == {"left": (-23, -5, -18), "right": (24, -3, -18)}
    assert dict(regions["pag"].mni) == {"midline": (0, -31, -9)}
    assert dict(regions["m1"].mni)["left"] == (-38, -21, 57)
    for region in regions.values():
        for _, point in region.mni:
            assert in_brain_mask(point), (region.id, point)
    assert not in_brain_mask((0, 0, 90)) and not in_brain_mask((80, 0, 0))


def test_role_category_follows_the_role_texts():
    for region in load_regions().regions.values():
        has = (region.pain_role is not None, region.emotion_role is not None)
        assert region.role == {(True, True): "both", (True, False): "pain", (False, True): "emotion"}[has]


def test_every_single_treatment_has_targets_or_a_stated_reason():
    table = load_regions()
    targeted = {link.id for r in table.regions.values() for link in r.treatments}
    singles = {tid for tid, t in load_treatments().items() if not t.components}
    assert singles == targeted | set(table.no_brain_target)
    assert not targeted & set(table.no_brain_target)
    m1 = table.regions["m1"]
    assert [link.id for link in m1.treatments][:1] == ["rtms_m1"]
    assert "lefaucheur2020evidence" in m1.treatments[0].references


@pytest.mark.parametrize("region_id, field, value, expected_field, words", [
    ("amygdala", "name_zh", None, "name_zh", "must be a str, got missing"),
    ("amygdala", "mni", {"left": [-23, -5]}, "mni", "keys left and right"),
    ("amygdala", "mni", {"left": [-23, -5], "right": [24, -3, -18]}, "mni.left", "three numbers"),
    ("amygdala", "mni", {"left": [23, -5, -18], "right": [24, -3, -18]}, "mni.left", "wrong side"),
    ("thalamus", "mni", {"left": [-10, -19, 90], "right": [11, -18, 7]}, "mni.left", "outside the MNI152 brain mask"),
    ("pag", "mni", {"midline": [9, -31, -9]}, "mni.midline", "off the midline"),
    ("amygdala", "role", "pain", "role", "role texts make it 'both'"),
    ("amygdala", "role", "sad", "role", "'sad' is not one of"),
    ("amygdala", "group", "limbic", "group", "'limbic' is not one of"),
    ("amygdala", "circuits", ["no_such_circuit"], "circuits", "'no_such_circuit' is not one of"),
    ("amygdala", "illustrative", "no", "illustrative", "must be a bool"),
    ("m1", "treatments", [{"id": "magic", "references": ["lefaucheur2020evidence"]}], "treatments[0].id",
     "'magic' is not a treatment"),
    ("m1", "treatments", [{"id": "rtms_m1", "references": ["nobody2099"]}], "treatments[0].references",
     "'nobody2099' is not a key in assets/references.bib"),
    ("m1", "treatments", [{"id": "rtms_m1", "references": []}], "treatments[0].references", "at least one"),
])
def test_bad_region_fields_are_named(region_id, field, value, expected_field, words):
    data = region_data()
    entry(data, region_id)[field] = value
    error = refused(data)
    assert error.source == "regions.yaml"
    assert error.item == f"region '{region_id}'"
    assert error.field == expected_field
    assert words in str(error)


def test_bad_role_text_reference_names_region_and_field():
    data = region_data()
    entry(data, "vta")["pain_role"]["references"] = ["made_up_key"]
    error = refused(data)
    assert (error.item, error.field) == ("region 'vta'.pain_role", "references")
    assert "'made_up_key'" in str(error)


def test_no_role_text_at_all_is_refused():
    data = region_data()
    entry(data, "rvm")["pain_role"] = None
    error = refused(data)
    assert (error.item, error.field) == ("region 'rvm'", "pain_role")


def test_duplicate_region_id_is_refused():
    data = region_data()
    data["regions"].append(copy.deepcopy(entry(data, "amygdala")))
    error = refused(data)
    assert error.field == "id" and "amygdala" in error.item and "twice" in str(error)


def test_treatment_without_target_or_reason_is_refused():
    data = region_data()
    data["no_brain_target"] = [n for n in data["no_brain_target"] if n["id"] != "exercise"]
    error = refused(data)
    assert (error.item, error.field) == ("treatment 'exercise'", "treatments")


def test_treatment_with_targets_and_a_no_target_reason_is_refused():
    data = region_data()
    data["no_brain_target"].append({"id": "rtms_m1", "note": "x", "references": ["nice2021ng193"]})
    error = refused(data)
    assert (error.item, error.field) == ("no_brain_target 'rtms_m1'", "id")


def test_invalid_yaml_names_the_file():
    with pytest.raises(DataFileError) as caught:
        load_yaml(BAD / "bad_syntax.yaml")
    assert "bad_syntax.yaml" in str(caught.value) and "not valid YAML" in str(caught.value)


@pytest.mark.parametrize("change, item, field", [
    (lambda d: d["connections"][0].update(direction="sideways"), "connection 'vmpfc_amygdala'", "direction"),
    (lambda d: d["connections"][0].update(circuit="nowhere"), "connection 'vmpfc_amygdala'", "circuit"),
    (lambda d: d["connections"][0].update(references=["ghost2000"]), "connection 'vmpfc_amygdala'", "references"),
    (lambda d: d["circuits"][0].pop("name_zh"), "circuit 'prefrontal_limbic'", "name_zh"),
])
def test_bad_circuit_fields_are_named(change, item, field):
    data = circuit_data()
    change(data)
    with pytest.raises(DataFileError) as caught:
        parse_circuits(data, "circuits.yaml")
    assert (caught.value.source, caught.value.item, caught.value.field) == ("circuits.yaml", item, field)


@pytest.mark.parametrize("endpoint, region, words", [
    ("to", "habenula", "'habenula' is not a region"),
    ("to", "s1", "region 's1' does not list circuit 'prefrontal_limbic'"),
])
def test_connections_must_join_known_regions_of_their_circuit(endpoint, region, words):
    data = circuit_data()
    data["connections"][0][endpoint] = region
    with pytest.raises(DataFileError) as caught:
        check_connections(parse_circuits(data, "circuits.yaml"), load_regions(), "circuits.yaml")
    assert caught.value.field == endpoint and words in str(caught.value)


def test_bibliography_keys_and_short_citations():
    keys = bib_keys()
    assert {"tracey2007cerebral", "rolls2020automated", "huang2022extended"} <= keys
    assert short_citation("tracey2007cerebral") == "Tracey & Mantyh 2007"
    assert short_citation("fox2012efficacy") == "Fox et al. 2012"
    assert short_citation("han2004acupuncture") == "Han 2004"
    with pytest.raises(KeyError):
        short_citation("nobody2099")
