"""Brain views of the course's regions, all drawn offline from data nilearn ships.

Chapters call one function, :func:`show_regions`, with the region ids they teach:

* ``"glass"``: an interactive 3-D glass brain (plotly): a translucent cortex mesh
  (fsaverage5 decimated to its ico-4 vertices), one marker per region and side,
  coloured by role, and the circuit connections as lines;
* ``"surface"``: the cortical regions painted on the fsaverage5 pial surface with
  nilearn's plotly engine;
* ``"slices"``: nilearn's slice viewer over spheres drawn at the regions on the 2 mm
  MNI152 template, emitted as an iframe with a title and labelled controls.

Every view comes with its text alternative: a table of the regions it shows.
We never render an atlas image: markers are spheres at coordinates
(assets/ATLAS_SOURCES.md).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import plotly.graph_objects as go
from IPython.display import HTML

from painmood.figures import PALETTE, SHARED_KEY, DescribedFigure, element_id, shared_data_script, show
from painmood.regions import Region, load_circuits, load_regions
from painmood.tables import html_table
from painmood.treatments import load_treatments

VIEWS = ("glass", "surface", "slices")
ROLE_LABELS = {"pain": "pain", "emotion": "emotion", "both": "pain and emotion"}
ROLE_CODES = {"pain": 1, "emotion": 2, "both": 3}  # values painted in the slice and surface views
HIGHLIGHT_CODE = 4
# Colour scale limits half a step outside the codes, so each code falls in the middle of
# its own colour in the four-colour map (pain, emotion, both, highlight).
CODE_RANGE = (0.5, HIGHLIGHT_CODE + 0.5)
ICO4_VERTICES = 2562  # fsaverage meshes list the vertices of coarser icosahedra first
MARKER_SIZE, HIGHLIGHT_SIZE = 7, 13
SPHERE_RADIUS_MM = {"cortical": 6.0, "brainstem": 3.0}  # brief section 4: 4-6 mm, 2-3 mm for nuclei
SURFACE_RADIUS_MM = 10.0  # pial vertices this close to a cortical coordinate are painted
CORTICAL_GROUPS = ("cortico-limbic hubs", "salience and affect", "sensory", "cognitive and motor control")
SUBCORTICAL = frozenset({"amygdala", "nac", "vta", "thalamus", "hippocampus"})


# --- selection helpers ------------------------------------------------------------------


def select_regions(ids: Iterable[str] | None = None) -> list[Region]:
    """The regions with these ids, in the order given (all regions, in table order, if None).

    Unknown ids raise a ValueError naming them and the known ids.
    """
    regions = load_regions().regions
    if ids is None:
        return list(regions.values())
    ids = list(ids)
    unknown = [i for i in ids if i not in regions]
    if unknown:
        raise ValueError(f"unknown region id(s) {unknown}; known ids: {sorted(regions)}")
    return [regions[i] for i in dict.fromkeys(ids)]


def _checked_highlight(highlight: Iterable[str]) -> frozenset[str]:
    return frozenset(r.id for r in select_regions(highlight))


def is_cortical(region: Region) -> bool:
    """True for regions on the cortical sheet (painted in the surface view)."""
    return region.group in CORTICAL_GROUPS and region.id not in SUBCORTICAL


def treatment_targets(treatment_id: str) -> tuple[str, ...]:
    """Ids of the regions a treatment acts on, in table order, from assets/regions.yaml.

    A combined treatment targets the union of its components' targets. A treatment
    with no brain target (see :func:`no_target_note`) returns an empty tuple.
    """
    treatments = load_treatments()
    if treatment_id not in treatments:
        raise ValueError(f"unknown treatment id '{treatment_id}'; known ids: {sorted(treatments)}")
    wanted = {treatment_id, *treatments[treatment_id].components}
    return tuple(region.id for region in load_regions().regions.values()
                 if any(link.id in wanted for link in region.treatments))


def no_target_note(treatment_id: str) -> str | None:
    """Why a treatment has no brain target in the table, or None if it has targets."""
    entry = load_regions().no_brain_target.get(treatment_id)
    return entry.note if entry else None


# --- text alternative -------------------------------------------------------------------


def regions_table_html(regions: Sequence[Region], caption: str, highlight: frozenset[str] = frozenset()) -> str:
    """The text alternative of a view: one row per region (English, 中文, roles)."""
    rows = [(f"{html.escape(region.name_en)} ({html.escape(region.abbreviation)})"
             + (" (highlighted)" if region.id in highlight else ""),
             html.escape(region.name_zh),
             html.escape(region.pain_role.text) if region.pain_role else "—",
             html.escape(region.emotion_role.text) if region.emotion_role else "—")
            for region in regions]
    return html_table(caption, ("Region", "中文", "Role in pain", "Role in emotion"), rows,
                      css_class="pm-region-table")


def _description(view: str, regions: Sequence[Region], highlight: frozenset[str]) -> str:
    names = ", ".join(r.abbreviation for r in regions)
    text = f"{view} of {len(regions)} brain regions ({names}); colour shows role: " \
           "vermillion pain, blue emotion, green both."
    if highlight:
        text += " Highlighted in orange: " + ", ".join(r.abbreviation for r in regions if r.id in highlight) + "."
    return text + " The table below lists the same regions."


# --- glass brain --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _glass_meshes() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Light cortex meshes: fsaverage5 pial vertices of the ico-4 sphere, hull faces."""
    from nilearn.datasets import load_fsaverage  # packaged with nilearn: no download
    from scipy.spatial import ConvexHull

    fsaverage = load_fsaverage("fsaverage5")
    meshes = []
    for hemi in ("left", "right"):
        sphere = fsaverage["sphere"].parts[hemi].coordinates[:ICO4_VERTICES]
        pial = fsaverage["pial"].parts[hemi].coordinates[:ICO4_VERTICES]
        # The sphere's convex hull triangulates the ico-4 vertices; the same faces on the
        # pial coordinates give a coarse cortex.
        faces = ConvexHull(sphere).simplices.astype(np.int32)
        meshes.append((np.round(pial, 1), faces))
    return tuple(meshes)


#: Name of the surface view's shared cortex mesh (fsaverage5 pial, both hemispheres).
SURFACE_MESH = "fsaverage5-pial"


def shared_meshes() -> dict[str, dict[str, list[float] | list[int]]]:
    """The glass brain's two hemisphere meshes (x, y, z, i, j, k per hemisphere), the
    same in every glass brain: the book serves them once as ``glass-brain-<hemi>.js``."""
    return {hemi: {"x": pial[:, 0].tolist(), "y": pial[:, 1].tolist(), "z": pial[:, 2].tolist(),
                   "i": faces[:, 0].tolist(), "j": faces[:, 1].tolist(), "k": faces[:, 2].tolist()}
            for (pial, faces), hemi in zip(_glass_meshes(), ("left", "right"))}


def shared_data_files() -> dict[str, str]:
    """File name -> script text of every piece of shared figure data the book serves:
    the glass brain's hemispheres and the surface view's cortex mesh."""
    files = {f"glass-brain-{hemi}.js": shared_data_script(f"glass-brain-{hemi}", mesh)
             for hemi, mesh in shared_meshes().items()}
    for trace in surface_figure().data:  # the mesh is the same whatever the regions shown
        name = trace.meta[SHARED_KEY]
        files[f"{name}.js"] = shared_data_script(name, _surface_mesh_fields(trace))
    return files


def _hover(region: Region, side: str) -> str:
    where = f" ({side})" if side != "midline" else ""
    note = "<br>approximate position (illustrative)" if region.illustrative else ""
    return (f"<b>{html.escape(region.name_en)}</b>{where}<br>{html.escape(region.name_zh)}"
            f"<br>role: {ROLE_LABELS[region.role]}{note}")


def glass_brain_figure(region_ids: Iterable[str] | None = None, highlight: Iterable[str] = ()) -> go.Figure:
    """A 3-D glass brain with the regions as markers and their connections as lines.

    Contract used by the simulator's script: the markers are ONE Scatter3d trace named
    "regions" whose ``customdata`` holds the region id of each marker (both sides of a
    region share it), with per-marker ``marker.size`` and ``marker.color`` arrays.
    Highlighted regions are larger and orange (PALETTE["highlight"]).
    """
    regions = select_regions(region_ids)
    lit = _checked_highlight(highlight)
    fig = go.Figure()
    for hemi, mesh in shared_meshes().items():
        fig.add_trace(go.Mesh3d(
            **mesh, color="#B8B8B8", opacity=0.12, name=f"{hemi} hemisphere", hoverinfo="skip",
            showscale=False, meta={SHARED_KEY: f"glass-brain-{hemi}"},
        ))

    xs, ys, zs, ids, hovers, sizes, colours = [], [], [], [], [], [], []
    for region in regions:
        for side, (x, y, z) in region.mni:
            xs.append(x)
            ys.append(y)
            zs.append(z)
            ids.append(region.id)
            hovers.append(_hover(region, side))
            sizes.append(HIGHLIGHT_SIZE if region.id in lit else MARKER_SIZE)
            colours.append(PALETTE["highlight"] if region.id in lit else PALETTE[region.role])
    fig.add_trace(go.Scatter3d(
        x=xs, y=ys, z=zs, mode="markers", name="regions", customdata=ids,
        text=hovers, hovertemplate="%{text}<extra></extra>",
        marker={"size": sizes, "color": colours, "opacity": 1.0,
                "line": {"color": "#000000", "width": 1}},
    ))
    fig.add_trace(_connection_lines({r.id for r in regions}))
    fig.update_layout(
        title={"text": "Glass brain: regions of the pain–emotion network"},
        height=520, margin={"l": 0, "r": 0, "t": 40, "b": 0}, showlegend=False,
        scene={"xaxis": {"visible": False}, "yaxis": {"visible": False}, "zaxis": {"visible": False},
               "aspectmode": "data", "camera": {"eye": {"x": -1.05, "y": 0.4, "z": 0.3}}},
        paper_bgcolor="#FFFFFF",
    )
    return fig


def _connection_lines(shown: set[str]) -> go.Scatter3d:
    """The circuit connections among the shown regions, as one line trace."""
    regions = load_regions().regions
    xs: list[float | None] = []
    ys: list[float | None] = []
    zs: list[float | None] = []
    for connection in load_circuits().connections:
        if connection.source not in shown or connection.target not in shown:
            continue
        start, end = dict(regions[connection.source].mni), dict(regions[connection.target].mni)
        for side in ("left", "right"):
            # Bilateral regions connect on the same side; a midline region joins both sides.
            a = start.get(side, start.get("midline"))
            b = end.get(side, end.get("midline"))
            if a is None or b is None or a == b:
                continue
            xs += [a[0], b[0], None]
            ys += [a[1], b[1], None]
            zs += [a[2], b[2], None]
    return go.Scatter3d(x=xs, y=ys, z=zs, mode="lines", name="connections", hoverinfo="skip",
                        line={"color": PALETTE["neutral"], "width": 3})


# --- surface view -------------------------------------------------------------------------


def surface_map(regions: Sequence[Region], highlight: frozenset[str]) -> dict[str, np.ndarray]:
    """Role code per pial vertex of fsaverage5 (0 where no cortical region is near)."""
    from nilearn.datasets import load_fsaverage

    pial = load_fsaverage("fsaverage5")["pial"]
    values = {hemi: np.zeros(pial.parts[hemi].coordinates.shape[0]) for hemi in ("left", "right")}
    for region in regions:
        if not is_cortical(region):
            continue
        code = HIGHLIGHT_CODE if region.id in highlight else ROLE_CODES[region.role]
        for side, point in region.mni:
            hemis = ("left", "right") if side == "midline" else (side,)
            for hemi in hemis:
                distance = np.linalg.norm(pial.parts[hemi].coordinates - np.asarray(point), axis=1)
                values[hemi][distance <= SURFACE_RADIUS_MM] = code
    return values


def _code_colormap() -> Any:
    from matplotlib.colors import ListedColormap

    return ListedColormap([PALETTE["pain"], PALETTE["emotion"], PALETTE["both"], PALETTE["highlight"]])


def surface_figure(region_ids: Iterable[str] | None = None, highlight: Iterable[str] = ()) -> go.Figure:
    """The cortical regions painted on the fsaverage5 pial surface (nilearn plotly engine)."""
    from nilearn.datasets import load_fsaverage, load_fsaverage_data
    from nilearn.plotting import plot_surf
    from nilearn.surface import SurfaceImage

    regions = select_regions(region_ids)
    lit = _checked_highlight(highlight)
    pial = load_fsaverage("fsaverage5")["pial"]
    sulcal = load_fsaverage_data(mesh="fsaverage5", data_type="sulcal")
    painted = SurfaceImage(mesh=pial, data=surface_map(regions, lit))
    fig = plot_surf(surf_mesh=pial, surf_map=painted, hemi="both", bg_map=sulcal, engine="plotly",
                    threshold=CODE_RANGE[0], vmin=CODE_RANGE[0], vmax=CODE_RANGE[1], cmap=_code_colormap(),
                    symmetric_cmap=False, colorbar=False,
                    title="Cortical regions on the brain surface").figure
    for index, trace in enumerate(fig.data):
        # Fewer bytes: millimetre coordinates to 0.1 mm; the mesh itself is the same in
        # every surface view, so the book serves it once (see shared_data_files).
        trace.update(_surface_mesh_fields(trace))
        trace.name = "cortex"
        trace.hoverinfo = "skip"
        trace.meta = {SHARED_KEY: f"{SURFACE_MESH}-{index}"}
    fig.update_layout(height=480, margin={"l": 0, "r": 0, "t": 40, "b": 0})
    return fig


def _surface_mesh_fields(trace: Any) -> dict[str, list[float] | list[int]]:
    fields: dict[str, list[float] | list[int]] = {
        name: np.round(np.asarray(getattr(trace, name), dtype=float), 1).tolist() for name in ("x", "y", "z")}
    fields.update({name: np.asarray(getattr(trace, name), dtype=np.int64).tolist() for name in ("i", "j", "k")})
    return fields


# --- slice viewer ---------------------------------------------------------------------------


def sphere_image(regions: Sequence[Region], highlight: frozenset[str]) -> Any:
    """A 2 mm MNI152 image with a sphere of role code at each region point."""
    import nibabel as nib
    from nilearn.datasets import load_mni152_template

    template = load_mni152_template(resolution=2)
    grid = np.indices(template.shape).reshape(3, -1).T
    world = nib.affines.apply_affine(template.affine, grid)
    data = np.zeros(template.shape, dtype=np.float32).reshape(-1)
    for region in regions:
        radius = SPHERE_RADIUS_MM["brainstem" if region.group == "descending modulation" else "cortical"]
        code = HIGHLIGHT_CODE if region.id in highlight else ROLE_CODES[region.role]
        for _, point in region.mni:
            data[np.linalg.norm(world - np.asarray(point), axis=1) <= radius] = code
    return nib.Nifti1Image(data.reshape(template.shape), template.affine)


def _accessible_viewer(document: str, title: str) -> str:
    """nilearn's standalone viewer made offline, reproducible and labelled for assistive technology."""
    # nilearn names the viewer's elements with a random uuid; a content hash keeps builds identical.
    random_id = re.search(r"div_viewer-([0-9a-f]{32})", document)
    if random_id:
        blanked = document.replace(random_id.group(1), "")
        document = document.replace(random_id.group(1), hashlib.sha256(blanked.encode()).hexdigest()[:32])
    document = re.sub(r'<link rel="icon"[^>]*>', "", document)  # favicon from github.com
    document = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", document, count=1, flags=re.S)
    document = document.replace('<input type="range"', '<input type="range" aria-label="Opacity of the region overlay"', 1)
    document = re.sub(r'<img id="spriteImg', '<img alt="" id="spriteImg', document)
    document = re.sub(r'<img id="overlayImg', '<img alt="" id="overlayImg', document)
    document = re.sub(r'<canvas id="3Dviewer', f'<canvas role="img" aria-label="{html.escape(title)}" id="3Dviewer', document)
    return document


def slice_view_html(region_ids: Iterable[str] | None = None, highlight: Iterable[str] = ()) -> str:
    """nilearn's slice viewer of the region spheres, as an iframe with a title."""
    from nilearn.datasets import load_mni152_template
    from nilearn.plotting import view_img

    regions = select_regions(region_ids)
    lit = _checked_highlight(highlight)
    title = "Slice viewer: spheres at the regions on the MNI152 template"
    view = view_img(sphere_image(regions, lit), bg_img=load_mni152_template(resolution=2),
                    threshold=CODE_RANGE[0], vmin=CODE_RANGE[0], vmax=CODE_RANGE[1], symmetric_cmap=False, cmap=_code_colormap(),
                    colorbar=False, black_bg=False, title=None, resampling_interpolation="nearest")
    document = _accessible_viewer(view.get_standalone(), title)
    frame_id = element_id("pm-slices", document)
    legend = "".join(
        f'<li><span class="pm-swatch" style="background:{PALETTE[key]}"></span>{label}</li>'
        for key, label in (("pain", "pain"), ("emotion", "emotion"), ("both", "pain and emotion"),
                           ("highlight", "highlighted"))
        if key != "highlight" or lit)
    return (
        f'<figure class="pm-brain-slices" aria-labelledby="{frame_id}-caption">'
        f'<iframe id="{frame_id}" title="{html.escape(title)}" srcdoc="{html.escape(document, quote=True)}" '
        'width="100%" height="420" style="border:0" loading="lazy"></iframe>'
        f'<ul class="pm-brain-legend" aria-label="Colour legend">{legend}</ul>'
        f'<figcaption id="{frame_id}-caption">{html.escape(_description("Slice viewer", regions, lit))}</figcaption>'
        "</figure>"
    )


# --- one call for chapters ------------------------------------------------------------------


class RegionViews:
    """Brain views of some regions and their table, displayed one after another."""

    def __init__(self, parts: list[DescribedFigure | HTML]) -> None:
        self.parts = parts

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for part in self.parts:
            display(part)


def show_regions(ids: Iterable[str] | None = None, highlight: Iterable[str] = (),
                 views: Sequence[str] = ("glass",)) -> RegionViews:
    """Show regions in the chosen views (glass, surface, slices) with their table.

    ``ids`` defaults to every region; ``highlight`` must be among the known regions.
    """
    ids = None if ids is None else list(ids)
    highlight = tuple(highlight)
    unknown_views = [v for v in views if v not in VIEWS]
    if unknown_views:
        raise ValueError(f"unknown view(s) {unknown_views}; choose from {VIEWS}")
    regions = select_regions(ids)
    lit = _checked_highlight(highlight)
    parts: list[DescribedFigure | HTML] = []
    for view in views:
        if view == "glass":
            parts.append(show(glass_brain_figure(ids, highlight), _description("3-D glass brain", regions, lit)))
        elif view == "surface":
            cortical = [r for r in regions if is_cortical(r)]
            parts.append(show(surface_figure([r.id for r in cortical], [h for h in highlight if h in {r.id for r in cortical}]),
                              _description("Brain surface", cortical, lit)))
        else:
            parts.append(HTML(slice_view_html(ids, highlight)))
    parts.append(HTML(regions_table_html(regions, "Regions shown in the views above", lit)))
    return RegionViews(parts)


def _format_point(side: str, point: tuple[float, float, float]) -> str:
    label = {"left": "L", "right": "R", "midline": "mid"}[side]
    return f"{label} ({', '.join(f'{v:g}' for v in point)})"


def atlas_table() -> HTML:
    """Every region in one sortable table (English, 中文, roles, coordinates, sources).

    References are plain author-year text (code output cannot hold ``{cite}`` roles);
    the bibliography page lists them in full.
    """
    from painmood.bibliography import short_citation

    rows = [(f"{html.escape(region.name_en)} ({html.escape(region.abbreviation)})",
             html.escape(region.name_zh),
             ROLE_LABELS[region.role],
             html.escape(region.group),
             html.escape(region.pain_role.text) if region.pain_role else "—",
             html.escape(region.emotion_role.text) if region.emotion_role else "—",
             "<br>".join(_format_point(s, p) for s, p in region.mni) + (" (illustrative)" if region.illustrative else ""),
             html.escape("; ".join(short_citation(k) for k in region.references)))
            for region in load_regions().regions.values()]
    headers = ("Region", "中文", "Role", "Group", "Role in pain", "Role in emotion", "MNI x, y, z (mm)", "Sources")
    return HTML(html_table("All regions of the course (press a column header to sort)", headers, rows,
                           css_class="pm-region-table", sortable=True))
