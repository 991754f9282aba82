"""Sphinx extension: the chapter notebooks on the site.

* After an HTML build, writes ``notebooks/`` into the site: every chapter's student and
  instructor notebook (:mod:`painmood.notebooks`), the package wheel, and
  ``painmood-notebooks.zip`` holding all of them.
* A chapter page's download menu offers its student ``.ipynb``.
* Under a chapter's first paragraph, one line says how to run it in Jupyter or Colab,
  with a Binder link only when ``painmood_repository`` names the published repository.

Settings (``_config.yml``, ``sphinx.config``), both empty by default:
``painmood_package_url`` is what a notebook's first cell installs when ``painmood`` is
missing; ``painmood_repository`` is "owner/name" on GitHub.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from painmood.distribution import build_wheel
from painmood.notebooks import chapter_sources, notebook_name, write_notebooks

NOTEBOOK_DIR = "notebooks"
ARCHIVE = "painmood-notebooks.zip"
CHAPTER_DOC = re.compile(r"(?:.*/)?ch\d\d-[^/]+")
BINDER = "https://mybinder.org/v2/gh/{repository}/HEAD?urlpath=lab/tree/notebooks/{notebook}"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed dates inside the archive: reproducible builds


def _is_chapter(docname: str) -> bool:
    return CHAPTER_DOC.fullmatch(docname) is not None


def _notebook(docname: str) -> str:
    return notebook_name(Path(docname), "student")


def _run_line(docname: str, package_url: str, repository: str) -> nodes.paragraph:
    """"Run it yourself: download this chapter as a notebook ..." with relative links."""
    up = "../" * docname.count("/")
    notebook = _notebook(docname)
    install = ("its first cell installs the course package" if package_url
               else "its first cell says how to install the course package")
    line = nodes.paragraph(classes=["pm-run-notebook"])
    line += nodes.strong(text="Run it yourself: ")
    line += nodes.Text("download this chapter as a ")
    line += nodes.reference(text="Jupyter notebook", refuri=f"{up}{NOTEBOOK_DIR}/{notebook}")
    line += nodes.Text(f" and open it in Jupyter, VS Code or Colab (File › Upload notebook); {install}. "
                       "Instructors: the ")
    line += nodes.reference(text="notebooks archive", refuri=f"{up}{NOTEBOOK_DIR}/{ARCHIVE}")
    line += nodes.Text(" adds the solutions, instructor notes and the package.")
    if repository:
        line += nodes.Text(" Or ")
        line += nodes.reference(text="open it in Binder", refuri=BINDER.format(repository=repository, notebook=notebook))
        line += nodes.Text(".")
    return line


def add_run_line(app: Sphinx, doctree: nodes.document) -> None:
    """Put the run-it-yourself line after a chapter's first paragraph."""
    docname = app.env.docname
    section = next(iter(doctree.findall(nodes.section)), None)
    if not _is_chapter(docname) or section is None:
        return
    first = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.paragraph)), 0)
    section.insert(first + 1, _run_line(docname, app.config.painmood_package_url, app.config.painmood_repository))


def offer_notebook(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Add the student ``.ipynb`` to the top of a chapter page's download menu."""
    if not _is_chapter(pagename):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(0, {
                "type": "link",
                "url": context["pathto"](f"{NOTEBOOK_DIR}/{_notebook(pagename)}", 1),
                "text": ".ipynb",
                "icon": "fas fa-file-code",
                "tooltip": "Download this chapter as a Jupyter notebook",
                "label": "download-notebook-button",
            })


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Write the notebooks, the wheel and the archive into the built site."""
    book = Path(app.srcdir) / "book"
    if exception is not None or app.builder.format != "html" or not chapter_sources(book):
        return
    folder = Path(app.outdir) / NOTEBOOK_DIR
    files = write_notebooks(folder, app.config.painmood_package_url, book)
    for old in folder.glob("painmood-*.whl"):
        old.unlink()
    files.append(build_wheel(folder))
    with zipfile.ZipFile(folder / ARCHIVE, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"painmood-notebooks/{path.name}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("painmood_package_url", "", "html", types=[str])
    app.add_config_value("painmood_repository", "", "html", types=[str])
    app.connect("doctree-read", add_run_line)
    app.connect("html-page-context", offer_notebook, priority=502)  # after the theme's buttons (501)
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
