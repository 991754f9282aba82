"""Sphinx glue that keeps the course site self-contained and light.

* Equations are typeset to SVG at build time (:mod:`painmood.maths`): no page loads MathJax.
* Front-end libraries (plotly.js) are copied from ``node_modules`` (installed
  by ``npm ci`` at pinned versions) into ``_static/vendor/`` of the built site, so
  no page ever loads them from a CDN.
* Heavy scripts are added only to the pages whose body needs them: plotly.js is
  linked on a page only if that page holds a course figure.
* The theme's Font Awesome bundle (540 KB gzip on every page) is replaced by a few
  CSS icons (``painmood.css``); see ``templates/static/webpack-macros.html``.
* Every page gets what a reader and a search engine expect: Chinese runs tagged
  ``lang="zh-Hans"`` and indexed for search (:mod:`painmood.chinese`), a meta
  description, a ``/favicon.ico``, and ``painmood-reader.js`` (fixes to the theme's
  navigation buttons and toggles).
* Pages print cleanly (``painmood-print.css``, linked for print only): no navigation,
  3-D views replaced by their region tables, interactive tools by their summaries;
  solutions print only when the reader ticks the box placed before a page's first
  exercise (:data:`PRINT_SWITCH`).
* Every page's footer shows the course version (``pyproject.toml``, via
  :func:`painmood.release.course_version`) and, when ``painmood_repository`` names the
  published repository, a plain "Suggest a correction" link to its new-issue form with
  the page named (:func:`correction_url`); nothing is loaded until it is clicked.
* ``{painmood-how-to-cite}`` writes the About page's "How to cite" from ``CITATION.cff``
  (:mod:`painmood.release`); the build stops if that file and ``pyproject.toml`` name
  different versions.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from docutils import nodes
from docutils.parsers.rst import Directive
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

from painmood.chinese import HAN_CHAR, han_substrings, tag_chinese
from painmood.maths import typeset_page
from painmood.paths import NODE_MODULES
from painmood.release import CITATION_FILE as CITATION_PATH
from painmood.release import PYPROJECT as PYPROJECT_PATH
from painmood.release import citation_bibtex, citation_text, course_version, load_citation
from painmood.validate import validate_all

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

#: (source inside node_modules, destination inside the site's _static/vendor)
VENDOR_FILES: tuple[tuple[str, str], ...] = (
    ("plotly.js-gl3d-dist-min/plotly-gl3d.min.js", "plotly/plotly-gl3d.min.js"),
    ("plotly.js-gl3d-dist-min/LICENSE", "plotly/LICENSE"),
)

#: A page whose body contains the marker gets these scripts, in this order.
#: Markers are the CSS classes the package's HTML outputs carry.
PAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    # painmood-plotly.js loads plotly.js itself, when the first figure is near the viewport.
    "pm-plotly": ("painmood-plotly.js",),
    "pm-simulator": ("painmood-simulator.js",),
    "pm-descending": ("painmood-descending.js",),
    "pm-plan": ("painmood-simulator.js", "painmood-plan.js"),
    "pm-synapse": ("painmood-synapse.js",),
    "pm-evidence-map": ("painmood-evidence-map.js",),
    "pm-neurochem": ("painmood-neurochemistry.js",),
    "pm-nnt": ("painmood-nnt.js",),
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


def _kept_scripts(scripts: list[Any], mathjax_path: str) -> list[Any]:
    """The page's scripts without unwanted ones, without MathJax and its configuration
    (equations are already SVG), and without inline scripts emitted twice (a Sphinx
    7.4 + togglebutton quirk that redeclares a constant and throws on every page)."""
    kept, seen_bodies = [], set()
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body")
        if _is_unwanted_script(script) or (body and body in seen_bodies):
            continue
        if (script.filename or "").endswith(mathjax_path) or (body and "window.MathJax" in body):
            continue
        if body:
            seen_bodies.add(body)
        kept.append(script)
    return kept


#: The stylesheet of typeset equations (MathJax's SVG styles), linked on pages with maths.
MATHS_CSS = "painmood-maths.css"
#: Scripts every page gets (after the theme's, so their handlers exist).
EVERY_PAGE_SCRIPTS = ("painmood-reader.js",)
DESCRIPTION_LENGTH = 155
FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def page_description(body: str, title: str) -> str:
    """The meta description: the page's first paragraph as plain text, shortened at a
    word boundary; the title where the page has no paragraph (search, index)."""
    for match in FIRST_PARAGRAPH.finditer(body):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())
        if len(text) >= 40:
            break
    else:
        text = f"{html.unescape(re.sub(r'<[^>]+>', '', title))}: part of an open course on chronic pain and negative emotion."
    if len(text) > DESCRIPTION_LENGTH:
        text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"
    return text


#: The footer item (``templates/painmood-footer.html``) added after the theme's own.
FOOTER_TEMPLATE = "painmood-footer.html"
GITHUB = "https://github.com/"


def repository_address(setting: str) -> str:
    """``https://github.com/OWNER/NAME`` for ``painmood_repository`` = "OWNER/NAME"; ""
    when the setting is empty."""
    setting = setting.strip().strip("/")
    if not setting:
        return ""
    if setting.startswith(GITHUB):
        return setting
    return GITHUB + setting


def correction_url(repository: str, pagename: str, title: str, version: str) -> str:
    """The repository's new-issue form with the page named in the title and the body,
    URL-encoded; "" when no repository is configured (then the page shows no link)."""
    address = repository_address(repository)
    if not address:
        return ""
    plain_title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", title)).split()) or pagename
    body = (f"Page: {pagename}.html (course version {version})\n\n"
            "What should change, and why (a source helps):\n")
    query = urlencode({"title": f"Correction: {plain_title}", "body": body}, quote_via=quote)
    return f"{address}/issues/new?{query}"


def _footer_context(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    context["painmood_version"] = course_version()
    context["painmood_correction_url"] = correction_url(
        getattr(app.config, "painmood_repository", ""), pagename, context.get("title", ""),
        context["painmood_version"])
    items = context.get("theme_footer_content_items")
    if isinstance(items, list) and FOOTER_TEMPLATE not in items:
        items.append(FOOTER_TEMPLATE)


def _adjust_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    _footer_context(app, pagename, context)
    body = context.get("body", "")
    # docutils marks bibliography entries role="doc-biblioentry", a role ARIA 1.2
    # deprecates; inside their role="list" they must be list items for screen readers.
    if "doc-biblioentry" in body:
        context["body"] = body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    if 'class="math notranslate' in body:
        body, css = typeset_page(body, pagename)
        context["body"] = body
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / MATHS_CSS).write_text(css, encoding="utf-8")
        app.add_css_file(MATHS_CSS)
    for script in scripts_for_body(body):
        app.add_js_file(script, loading_method="defer")
    description = page_description(body, context.get("title", ""))
    context["metatags"] = (context.get("metatags", "")
                           + f'\n<meta name="description" content="{html.escape(description)}" />')
    if "script_files" in context:
        context["script_files"][:] = _kept_scripts(context["script_files"], app.config.mathjax_path)
    if "css_files" in context:
        context["css_files"][:] = [c for c in context["css_files"] if "thebe" not in str(c)]


class SearchEnglishWithChinese(SearchEnglish):
    """English search (Porter stemming) that also indexes Chinese terms.

    Registered for ``lang = "en"``; Sphinx's own Chinese search would need the jieba
    segmenter and drops Han text without it.
    """

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's signature
        return super().split(input) + han_substrings(input)

    def stem(self, word: str) -> str:
        return word if HAN_CHAR.search(word) else super().stem(word)


def _add_static_and_templates(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC_DIR))
    config.templates_path.insert(0, str(TEMPLATES_DIR))


def _check_inputs(app: Sphinx) -> None:
    """Fail at the start of a build, not after executing every notebook: every data
    file must be valid and the front-end files installed."""
    validate_all()
    load_citation()  # CITATION.cff readable, and its version that of pyproject.toml
    if app.builder.format == "html":
        for source_name, _ in VENDOR_FILES:
            if not (NODE_MODULES / source_name).exists():
                raise MissingFrontEndError(
                    f"{NODE_MODULES / source_name} is missing: run `npm ci` first."
                )


def tag_chinese_in_pages(outdir: Path) -> None:
    """Run :func:`painmood.chinese.tag_chinese` over every built page (navigation,
    titles and notebook outputs included, which no doctree transform reaches)."""
    for page in outdir.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        tagged = tag_chinese(text)
        if tagged != text:
            page.write_text(tagged, encoding="utf-8")


def write_favicon_ico(app: Sphinx, outdir: Path) -> None:
    """Browsers ask for /favicon.ico on pages without an icon link (the root redirect)."""
    from PIL import Image

    with Image.open(Path(app.srcdir) / app.config.html_favicon) as icon:
        icon.save(outdir / "favicon.ico", sizes=[(32, 32)])


def write_shared_figure_data(outdir: Path) -> None:
    """Write the figure data many pages share (brain meshes) as static scripts, once."""
    from painmood.brain import shared_data_files

    folder = outdir / "_static" / "shared"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in shared_data_files().items():
        (folder / name).write_text(text, encoding="utf-8")


def _finish_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        outdir = Path(app.outdir)
        copy_vendor_files(outdir)
        write_shared_figure_data(outdir)
        tag_chinese_in_pages(outdir)
        write_favicon_ico(app, outdir)


#: Pages are printed with ``painmood-print.css``; solutions print only when this box,
#: placed before a page's first exercise, is ticked (or ``<html>`` has the class
#: ``pm-print-solutions``). The stylesheet reads the box with ``:has()``: no script.
PRINT_CSS = "painmood-print.css"
PRINT_SWITCH = ('<p class="pm-print-switch"><input type="checkbox" id="pm-print-solutions"> '
                '<label for="pm-print-solutions">Include solutions when printing '
                '(打印时包含答案)</label></p>')


def add_print_switch(app: Sphinx, doctree: nodes.document) -> None:
    """Put the solutions-in-print box before the first exercise of a page with solutions."""
    from sphinx_exercise.nodes import exercise_node, solution_node

    exercise = next(iter(doctree.findall(exercise_node)), None)
    if exercise is None or next(iter(doctree.findall(solution_node)), None) is None:
        return
    exercise.parent.insert(exercise.parent.index(exercise), nodes.raw("", PRINT_SWITCH, format="html"))


class HowToCite(Directive):
    """``{painmood-how-to-cite}``: the course's reference made from ``CITATION.cff``: the
    file's message, the reference (title in italics) and a BibTeX entry."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.note_dependency(str(CITATION_PATH))
        env.note_dependency(str(PYPROJECT_PATH))
        citation = load_citation()
        message = nodes.paragraph(text=citation.message)
        text = citation_text(citation)
        before, after = text.split(citation.title, 1)
        reference = nodes.paragraph(classes=["pm-how-to-cite"])
        reference += [nodes.Text(before), nodes.emphasis(text=citation.title), nodes.Text(after)]
        quote_node = nodes.block_quote("", reference)
        bibtex_intro = nodes.paragraph(text="As a BibTeX entry:")
        bibtex = nodes.literal_block(citation_bibtex(citation), citation_bibtex(citation), language="bibtex")
        return [message, quote_node, bibtex_intro, bibtex]


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
    app.add_directive("painmood-how-to-cite", HowToCite)
    app.connect("config-inited", _add_static_and_templates)
    app.connect("builder-inited", _check_inputs)
    # After the other extensions (MathJax, myst-nb) have added their scripts.
    app.connect("html-page-context", _adjust_page, priority=900)
    app.connect("build-finished", _finish_site)
    app.add_search_language(SearchEnglishWithChinese)
    app.add_css_file("painmood.css")
    app.add_css_file(PRINT_CSS, media="print")
    app.connect("doctree-read", add_print_switch)
    for script in EVERY_PAGE_SCRIPTS:
        app.add_js_file(script, loading_method="defer")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
