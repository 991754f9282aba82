"""Sphinx glue that keeps the course site self-contained and light.

* Front-end libraries (plotly.js, MathJax) are copied from ``node_modules`` (installed
  by ``npm ci`` at pinned versions) into ``_static/vendor/`` of the built site, so
  no page ever loads them from a CDN.
* Heavy scripts are added only to the pages whose body needs them: plotly.js is
  linked on a page only if that page holds a course figure.
* The theme's Font Awesome bundle (540 KB gzip on every page) is replaced by a few
  CSS icons (``painmood.css``); see ``templates/static/webpack-macros.html``.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.application import Sphinx

from painmood.paths import NODE_MODULES
from painmood.validate import validate_all

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

#: (source inside node_modules, destination inside the site's _static/vendor)
VENDOR_FILES: tuple[tuple[str, str], ...] = (
    ("plotly.js-gl3d-dist-min/plotly-gl3d.min.js", "plotly/plotly-gl3d.min.js"),
    ("plotly.js-gl3d-dist-min/LICENSE", "plotly/LICENSE"),
    ("mathjax/es5", "mathjax"),
    ("mathjax/LICENSE", "mathjax/LICENSE"),
)

#: A page whose body contains the marker gets these scripts, in this order.
#: Markers are the CSS classes the package's HTML outputs carry.
PAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "pm-plotly": ("vendor/plotly/plotly-gl3d.min.js", "painmood-plotly.js"),
    "pm-simulator": ("painmood-simulator.js",),
    "pm-region-table": ("painmood-brain.js",),
}


class MissingFrontEndError(RuntimeError):
    """Raised when a front-end file the site must serve is not installed."""


def copy_vendor_files(outdir: Path) -> None:
    """Copy the pinned front-end files from node_modules into the built site."""
    vendor = outdir / "_static" / "vendor"
    for source_name, dest_name in VENDOR_FILES:
        source = NODE_MODULES / source_name
        if not source.exists():
            raise MissingFrontEndError(
                f"{source} is missing: run `npm ci` in the repository root "
                "(make book does this) to install the site's front-end files."
            )
        dest = vendor / dest_name
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, dest, dirs_exist_ok=True)
        else:
            shutil.copy2(source, dest)


def scripts_for_body(body: str) -> list[str]:
    """Return the static scripts a page body needs, without duplicates, in order."""
    scripts: list[str] = []
    for marker, needed in PAGE_SCRIPTS.items():
        if marker in body:
            scripts.extend(s for s in needed if s not in scripts)
    return scripts


WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"


def _is_unwanted_script(script: Any) -> bool:
    """sphinx-thebe's scripts (live code is off, and its inline script names a CDN) and
    ipywidgets state (the site serves no widget manager, so the state, megabytes for a
    plotly FigureWidget, would be dead weight; the static pages use plotly instead)."""
    attributes = getattr(script, "attributes", {})
    return ("thebe" in (script.filename or "") or "THEBE" in attributes.get("body", "")
            or attributes.get("type") == WIDGET_STATE_TYPE)


def _kept_scripts(scripts: list[Any], page_has_math: bool, mathjax_path: str) -> list[Any]:
    """The page's scripts without unwanted ones, without MathJax on pages with no
    maths (Sphinx would add it to every page whose toctree includes one with maths),
    and without inline scripts emitted twice (a Sphinx 7.4 + togglebutton quirk that
    redeclares a constant and throws on every page)."""
    kept, seen_bodies = [], set()
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body")
        if _is_unwanted_script(script) or (body and body in seen_bodies):
            continue
        if not page_has_math and (script.filename or "").endswith(mathjax_path):
            continue
        if body:
            seen_bodies.add(body)
        kept.append(script)
    return kept


def _adjust_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body", "")
    # docutils marks bibliography entries role="doc-biblioentry", a role ARIA 1.2
    # deprecates; inside their role="list" they must be list items for screen readers.
    if "doc-biblioentry" in body:
        context["body"] = body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    for script in scripts_for_body(body):
        app.add_js_file(script, loading_method="defer")
    if "script_files" in context:
        page_has_math = app.env.get_domain("math").data["has_equations"].get(pagename, False)
        context["script_files"][:] = _kept_scripts(
            context["script_files"], page_has_math, app.config.mathjax_path)
    if "css_files" in context:
        context["css_files"][:] = [c for c in context["css_files"] if "thebe" not in str(c)]


def _add_static_and_templates(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC_DIR))
    config.templates_path.insert(0, str(TEMPLATES_DIR))


def _check_inputs(app: Sphinx) -> None:
    """Fail at the start of a build, not after executing every notebook: every data
    file must be valid and the front-end files installed."""
    validate_all()
    if app.builder.format == "html":
        for source_name, _ in VENDOR_FILES:
            if not (NODE_MODULES / source_name).exists():
                raise MissingFrontEndError(
                    f"{NODE_MODULES / source_name} is missing: run `npm ci` first."
                )


def _copy_after_build(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        copy_vendor_files(Path(app.outdir))


def _visit_hidden_cell(self: Any, node: Any) -> None:
    """myst-nb's "Show code cell source" toggle, without its aria-label.

    myst-nb labels the toggle "Toggle hidden content" while its visible text reads
    "Show code cell source", which fails WCAG 2.5.3 (label in name); without the
    label, screen readers announce the visible text.
    """
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(f'<p class="{state} admonition-title">{html.escape(prompt)}</p>\n')
    self.body.append("</summary>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, depart_HideCellInput))
    app.connect("config-inited", _add_static_and_templates)
    app.connect("builder-inited", _check_inputs)
    # After the other extensions (MathJax, myst-nb) have added their scripts.
    app.connect("html-page-context", _adjust_page, priority=900)
    app.connect("build-finished", _copy_after_build)
    app.add_css_file("painmood.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
