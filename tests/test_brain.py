"""Brain views (painmood.brain): every region reaches every view's data, highlighting
follows the contract the simulator relies on, nothing points outside the site, and the
built atlas page draws its views in Chromium with titles, labels and no axe violations."""

from __future__ import annotations

import gzip
import html
import re

import pytest

from painmood import brain
from painmood.figures import PALETTE, figure_html
from painmood.regions import load_regions

REGIONS = load_regions().regions
URL = re.compile(r"(?:https?:)?//[\w.-]+\.\w+[^\s\"'<>)]*")


@pytest.fixture(scope="module")
def glass():
    return brain.glass_brain_figure(highlight=["m1", "pag"])


def test_glass_brain_has_one_marker_per_region_side_and_highlights(glass):
    markers = next(t for t in glass.data if t.name == "regions")
    assert [t.name for t in glass.data].count("regions") == 1
    expected = [r.id for r in REGIONS.values() for _ in r.mni]
    assert list(markers.customdata) == expected
    sizes = dict(zip(markers.customdata, markers.marker.size))
    colours = dict(zip(markers.customdata, markers.marker.color))
    assert sizes["m1"] == sizes["pag"] == brain.HIGHLIGHT_SIZE > sizes["amygdala"] == brain.MARKER_SIZE
    assert colours["m1"] == PALETTE["highlight"]
    assert colours["amygdala"] == PALETTE["both"] and colours["s1"] == PALETTE["pain"]
    assert colours["sgacc"] == PALETTE["emotion"]
    hover = dict(zip(markers.customdata, markers.text))
    assert "杏仁核" in hover["amygdala"] and "Amygdala" in hover["amygdala"]
    assert "illustrative" in hover["rvm"] and "illustrative" not in hover["amygdala"]


def test_glass_brain_subset_draws_only_its_connections():
    fig = brain.glass_brain_figure(["vta", "nac", "amygdala"])
    markers = next(t for t in fig.data if t.name == "regions")
    assert set(markers.customdata) == {"vta", "nac", "amygdala"}
    lines = next(t for t in fig.data if t.name == "connections")
    # vta -> nac on both sides; nothing else joins two of these three regions.
    assert len(lines.x) == 2 * 3
    left_vta, left_nac = dict(REGIONS["vta"].mni)["left"], dict(REGIONS["nac"].mni)["left"]
    assert (lines.x[0], lines.y[0], lines.z[0]) == left_vta and (lines.x[1], lines.y[1], lines.z[1]) == left_nac


def test_glass_brain_mesh_is_light(glass):
    meshes = [t for t in glass.data if t.type == "mesh3d"]
    assert len(meshes) == 2 and all(len(m.x) == brain.ICO4_VERTICES for m in meshes)
    assert len(gzip.compress(figure_html(glass).encode())) < 150_000


def test_unknown_ids_are_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown region id.*'habenula'"):
        brain.glass_brain_figure(["habenula"])
    with pytest.raises(ValueError, match="unknown region id"):
        brain.glass_brain_figure(highlight=["nowhere"])
    with pytest.raises(ValueError, match="unknown treatment id 'magic'"):
        brain.treatment_targets("magic")
    with pytest.raises(ValueError, match="unknown view"):
        brain.show_regions(views=("x-ray",))


def test_treatment_targets_come_from_the_region_table():
    assert brain.treatment_targets("rtms_m1") == ("m1",)
    assert brain.treatment_targets("rtms_dlpfc") == ("dlpfc", "sgacc")
    assert set(brain.treatment_targets("acupuncture")) == {"pag", "rvm"}
    assert brain.treatment_targets("exercise") == ()
    assert brain.no_target_note("exercise") and brain.no_target_note("rtms_m1") is None
    combined = set(brain.treatment_targets("combined_care"))
    assert combined == set(brain.treatment_targets("antidepressant")) | set(brain.treatment_targets("cbt"))


def test_surface_map_paints_every_cortical_region_with_its_code():
    cortical = [r for r in REGIONS.values() if brain.is_cortical(r)]
    assert {r.id for r in cortical} >= {"dlpfc", "m1", "s1", "anterior_insula", "pgacc"}
    assert not any(brain.is_cortical(REGIONS[i]) for i in ("amygdala", "pag", "thalamus", "vta"))
    for region in cortical:
        values = brain.surface_map([region], frozenset())
        assert any((v == brain.ROLE_CODES[region.role]).any() for v in values.values()), region.id
    lit = brain.surface_map([REGIONS["m1"]], frozenset({"m1"}))
    assert (lit["left"] == brain.HIGHLIGHT_CODE).any() and (lit["right"] == brain.HIGHLIGHT_CODE).any()


def test_surface_figure_is_a_nilearn_plotly_mesh_with_rounded_coordinates():
    fig = brain.surface_figure(["m1", "dlpfc"])
    assert [t.type for t in fig.data] == ["mesh3d"]
    assert all(round(x, 1) == x for x in fig.data[0].x[:50])
    assert fig.layout.title.text


def test_sphere_image_contains_every_region_point():
    image = brain.sphere_image(list(REGIONS.values()), frozenset({"pag"}))
    data = image.get_fdata()
    inverse = __import__("numpy").linalg.inv(image.affine)
    for region in REGIONS.values():
        for _, point in region.mni:
            i, j, k = (int(round(v)) for v in (inverse @ [*point, 1])[:3])
            expected = brain.HIGHLIGHT_CODE if region.id == "pag" else brain.ROLE_CODES[region.role]
            assert data[i, j, k] == expected, region.id


def test_slice_viewer_is_an_offline_titled_iframe_with_labelled_controls():
    markup = brain.slice_view_html(["amygdala", "pag"], highlight=["pag"])
    assert re.search(r'<iframe id="pm-slices-[0-9a-f]{12}" title="[^"]+" srcdoc="', markup)
    document = html.unescape(re.search(r'srcdoc="([^"]*)"', markup).group(1))
    assert "<title>Slice viewer" in document
    assert 'type="range" aria-label="Opacity of the region overlay"' in document
    assert not URL.findall(document.replace("http://www.w3.org", "")), URL.findall(document)[:3]
    assert "Amy" in markup and "PAG" in markup and "highlighted" in markup
    assert brain.slice_view_html(["amygdala", "pag"], highlight=["pag"]) == markup  # reproducible


def test_show_regions_gives_views_and_a_table_of_exactly_the_shown_regions():
    views = brain.show_regions(["dlpfc", "amygdala"], highlight=["dlpfc"], views=("glass", "slices"))
    assert len(views.parts) == 3
    table = views.parts[-1]._repr_html_()
    assert table.count("<tr>") == 3  # header + two regions
    assert "杏仁核" in table and "背外侧前额叶皮层" in table and "(highlighted)" in table
    glass_html = views.parts[0]._repr_mimebundle_()["text/html"]
    assert 'class="pm-plotly"' in glass_html and "Highlighted in orange: dlPFC" in glass_html


def test_atlas_table_lists_every_region_with_sources():
    markup = brain.atlas_table()._repr_html_()
    assert 'class="pm-region-table pm-sortable"' in markup
    for region in REGIONS.values():
        assert region.name_zh in markup and html.escape(region.name_en) in markup
    assert "Tracey &amp; Mantyh 2007" in markup and "(illustrative)" in markup


# --- the built page ---------------------------------------------------------------------------


@pytest.mark.browser
def test_atlas_page_weight_is_within_budget(built_site):
    page = built_site / "book" / "atlas.html"
    text = page.read_text(encoding="utf-8")
    own = len(gzip.compress(page.read_bytes()))
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', text)
    styles = re.findall(r'<link[^>]+href="([^"]+\.css[^"]*)"', text)
    total = own
    for ref in scripts + styles:
        path = (page.parent / ref.split("?")[0]).resolve()
        if path.is_file():
            total += len(gzip.compress(path.read_bytes()))
    assert total <= 2_000_000, total


@pytest.mark.browser
def test_atlas_page_draws_its_views_accessibly(open_site_page):
    from painmood.browser import axe_violations

    report = open_site_page("book/atlas.html")
    page = report.page
    assert report.problems() == []
    assert page.locator("figure.pm-plotly[data-drawn='true']").count() == 2
    frame = page.locator("iframe[title^='Slice viewer']")
    assert frame.count() == 1
    inner = page.frame_locator("iframe[title^='Slice viewer']")
    inner.locator("canvas").first.wait_for(timeout=20_000)
    assert inner.locator("input[type=range][aria-label]").count() == 1
    # The theme's search button is checked by the site-wide test; here only our views count.
    assert [v for v in axe_violations(page) if "search-button" not in v] == []
    # Sorting: the Role column's button orders the rows and sets aria-sort.
    table = page.locator("table.pm-sortable")
    table.locator("thead th").nth(2).locator("button").click()
    assert table.locator("thead th").nth(2).get_attribute("aria-sort") == "ascending"
    roles = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert roles == sorted(roles)
    assert table.locator("tbody tr").count() == len(REGIONS)


def test_each_code_gets_its_palette_colour_in_the_slice_and_surface_scales():
    from matplotlib.colors import to_hex

    cmap = brain._code_colormap()
    low, high = brain.CODE_RANGE
    expected = {**{code: PALETTE[role] for role, code in brain.ROLE_CODES.items()},
                brain.HIGHLIGHT_CODE: PALETTE["highlight"]}
    for code, colour in expected.items():
        assert to_hex(cmap((code - low) / (high - low))).lower() == colour.lower()
