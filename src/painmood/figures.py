"""Plotly figures that work in Jupyter and in the static book without a CDN.

A figure is displayed as a MIME bundle with two parts:

* ``application/vnd.plotly.v1+json`` for JupyterLab, VS Code and classic Jupyter,
  which draw it with their own plotly;
* ``text/html`` for the book: a ``<figure class="pm-plotly">`` holding the figure's
  JSON in a ``<script type="application/json">`` block. No plotly.js is inlined; the
  site serves plotly.js once, only on pages with a figure (``painmood.sphinxext``),
  and ``painmood-plotly.js`` draws every figure of the page.

Element ids come from a hash of the figure, so builds are reproducible.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer

RENDERER_NAME = "painmood"
SEED = 20250203  # one seed for every random draw in the course (date of seed review A's DOI)

#: Okabe–Ito colour-blind-safe palette, used by every course figure.
PALETTE = {
    "pain": "#D55E00",  # vermillion
    "emotion": "#0072B2",  # blue
    "both": "#009E73",  # bluish green
    "neutral": "#7A7A7A",
    "highlight": "#E69F00",  # orange
}

#: Plotly options shared by every figure: no logo, no outside links, no toolbar (its
#: buttons add Tab stops, and "share" needs the internet). painmood-plotly.js uses the same.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "showLink": False, "displayModeBar": False}


#: A trace whose ``meta`` names shared data (``{"pm_shared": name}``) is sent to the book
#: without these fields; painmood-plotly.js fills them in from ``_static/shared/<name>.js``,
#: a file every page reuses (brain meshes, the same in many figures). Notebooks keep them.
SHARED_FIELDS = ("x", "y", "z", "i", "j", "k")
SHARED_KEY = "pm_shared"


def _without_shared_fields(figure: dict[str, Any]) -> dict[str, Any]:
    for trace in figure.get("data", []):
        meta = trace.get("meta")
        if isinstance(meta, dict) and SHARED_KEY in meta:
            for name in SHARED_FIELDS:
                trace.pop(name, None)
    return figure


def figure_json(fig: go.Figure, *, share: bool = False) -> str:
    """Serialise a figure to compact JSON that is safe inside a ``<script>`` tag.

    With ``share``, traces marked as using shared data leave those fields out.
    """
    if share:
        figure = _without_shared_fields(json.loads(pio.to_json(fig, validate=False, engine="json")))
        text = json.dumps(figure, separators=(",", ":"))
    else:
        text = pio.to_json(fig, validate=False, pretty=False, engine="json")
    # "</" would close the script element early; "\u003c" is the same character in JSON.
    return text.replace("<", "\\u003c")


def shared_data_script(name: str, fields: dict[str, Any]) -> str:
    """The static script that provides shared trace data ``name`` to painmood-plotly.js
    (a script, not JSON fetched at run time, so it also works from ``file://``)."""
    data = json.dumps(fields, separators=(",", ":"), sort_keys=True)
    return f"(window.PainMoodShared = window.PainMoodShared || {{}})[{json.dumps(name)}] = {data};\n"


#: Plotly trace types drawn in a 3-D scene (WebGL): such figures get ``data-view="3d"``.
THREE_D_TRACES = frozenset({"scatter3d", "mesh3d", "surface", "cone", "streamtube", "volume", "isosurface"})


def element_id(prefix: str, payload: str) -> str:
    """A stable id for an element, derived from its content (no random uuids)."""
    return f"{prefix}-{hashlib.sha256(payload.encode()).hexdigest()[:12]}"


def figure_html(fig: go.Figure, description: str | None = None, *, caption_html: str | None = None) -> str:
    """The book's HTML for a figure: a container, its data, and a text caption.

    ``description`` is shown as the caption and read by screen readers; it
    defaults to the figure title. ``caption_html`` (already escaped HTML) replaces it
    where the caption needs markup (the evidence map hides rows of it).
    """
    data = figure_json(fig, share=True)
    fig_id = element_id("pm-fig", data)
    title = fig.layout.title.text or "Interactive figure"
    caption = description or title
    height = fig.layout.height or 450
    # 3-D views (brain meshes) are marked so print can swap them for their region table.
    view = ' data-view="3d"' if any(trace.type in THREE_D_TRACES for trace in fig.data) else ""
    return (
        f'<figure class="pm-plotly"{view} aria-labelledby="{fig_id}-caption">'
        # The drawing is hidden from screen readers (plotly's SVG reads as noise): the
        # caption and the table beside every figure carry its content.
        f'<div id="{fig_id}" class="pm-plotly-graph" aria-hidden="true" style="height:{height}px;width:100%"></div>'
        f'<script type="application/json" class="pm-plotly-data">{data}</script>'
        f'<figcaption id="{fig_id}-caption">{caption_html or html.escape(caption)}</figcaption>'
        "</figure>"
    )


class CourseRenderer(MimetypeRenderer):
    """Plotly renderer emitting both the plotly MIME type and the book's HTML."""

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        fig = go.Figure(fig_dict)
        return {
            "application/vnd.plotly.v1+json": {"data": fig_dict.get("data", []),
                                               "layout": fig_dict.get("layout", {}),
                                               "config": PLOTLY_CONFIG},
            "text/html": figure_html(fig),
        }


class DescribedFigure:
    """A figure with a caption, displayed like a plotly figure (see :func:`show`)."""

    def __init__(self, fig: go.Figure, description: str) -> None:
        self.fig = fig
        self.description = description

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = CourseRenderer().to_mimebundle(self.fig.to_plotly_json())
        bundle["text/html"] = figure_html(self.fig, self.description)
        return bundle


def show(fig: go.Figure, description: str) -> DescribedFigure:
    """Return a displayable figure with a caption (its text alternative)."""
    return DescribedFigure(fig, description)


def setup_notebook() -> None:
    """Make plotly use the course renderer and seed NumPy; call once per notebook."""
    pio.renderers[RENDERER_NAME] = CourseRenderer()
    pio.renderers.default = RENDERER_NAME
    np.random.seed(SEED)


class PlotlyJsonInBook:
    """myst-nb plugin (entry point ``myst_nb.mime_renderers``): in the book, the plotly
    JSON part of a course figure's bundle renders to nothing, because the same figure
    is in the bundle's ``text/html`` part, which the book shows. Without this plugin
    myst-nb warns about the unknown MIME type, and the build treats warnings as errors."""

    mime_priority_overrides: tuple = ()

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type == "application/vnd.plotly.v1+json":
            return []
        return None
