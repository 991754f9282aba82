"""A publishable course: the whole-book PDF (``painmood.pdf``), the offline release
(``painmood.release``, ``make dist``), citing (``CITATION.cff`` and the About page), the
version in every page's footer, and the "Suggest a correction" link.

The PDF test prints a part of the book (the landing page, two chapters, one with 3-D
views, and the glossary, which holds every Chinese term) to keep ``make test`` short;
``make pdf`` prints every page and runs the same checks on it. A PDF printed by a
Chromium that has no CJK font shows the check fails."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from painmood.build import GENERATED_PAGES, site_pages
from painmood.paths import CONFIG_FILE, REPO_ROOT
from painmood.pdf import (BookPdf, comparable, glossary_chinese_terms, pdf_problems, pdf_text, print_book,
                          rewrite_to_unicode, toc_entries, toc_titles)
from painmood.release import (CITATION_FILE, CitationError, check_checksums, citation_bibtex, citation_text,
                              course_version, load_citation, make_dist)
from painmood.sphinxext import TEMPLATES_DIR, correction_url

#: The pages the test prints (make pdf prints all of them).
PRINTED = ["book/index", "book/ch01-why-together", "book/ch02-shared-hubs", "book/glossary"]
CHAPTER = "book/ch01-why-together.html"


@pytest.fixture(scope="session")
def book_pdf(built_site: Path, browser, tmp_path_factory: pytest.TempPathFactory) -> BookPdf:  # type: ignore[no-untyped-def]
    output = tmp_path_factory.mktemp("pdf") / f"painmood-{course_version()}.pdf"
    return print_book(built_site, output, docnames=PRINTED, browser=browser)


@pytest.fixture(scope="session")
def book_text(book_pdf: BookPdf) -> list[str]:
    """The text of each sheet (extracting it takes seconds: once per session)."""
    return pdf_text(book_pdf.path)


# --- the PDF ------------------------------------------------------------------------------

@pytest.mark.browser
def test_pdf_has_every_printed_title_and_its_chinese_terms(book_pdf: BookPdf, book_text: list[str]) -> None:
    titles = toc_titles()
    assert [page.docname for page in book_pdf.pages] == PRINTED
    terms = [term for page in book_pdf.pages for term in page.chinese_terms]
    glossary = next(page for page in book_pdf.pages if page.docname == "book/glossary")
    assert len(set(glossary.chinese_terms)) == len(glossary_chinese_terms())  # the glossary shows them all
    assert pdf_problems(book_pdf.path, [titles[doc] for doc in PRINTED], terms, sheets=book_text) == []
    assert len(PdfReader(book_pdf.path).pages) == book_pdf.sheets


@pytest.mark.browser
def test_pdf_bookmarks_page_numbers_and_links(book_pdf: BookPdf, book_text: list[str]) -> None:
    reader = PdfReader(book_pdf.path)
    flat = []
    for item in reader.outline:
        flat += [i for i in item] if isinstance(item, list) else [item]
    assert [i.title for i in flat if i.title in toc_titles().values()] == [toc_titles()[d] for d in PRINTED]
    sheets = book_text
    for page in book_pdf.pages:
        first = page.first_page
        assert comparable(toc_titles()[page.docname]) in comparable(sheets[first])
        assert sheets[first].rstrip().endswith(str(first + 1))  # the running foot's page number
    internal = sum("/Dest" in a.get_object() for s in reader.pages for a in (s.get("/Annots") or []))
    assert internal > 50  # glossary and bibliography links point into the PDF


@pytest.mark.browser
def test_3d_views_print_as_region_tables(book_pdf: BookPdf, book_text: list[str]) -> None:
    page = next(p for p in book_pdf.pages if p.docname == "book/ch02-shared-hubs")
    text = "".join(book_text[page.first_page:page.first_page + page.sheets])
    assert text.count("Regions shown in the views above") == 4
    assert "Rotate" not in text and "Reset camera" not in text  # no plotly 3-D controls


def test_make_pdf_prints_every_page_of_the_table_of_contents() -> None:
    toc = [doc for doc, _ in toc_entries()]
    assert [f"{doc}.html" for doc in toc] == [p for p in site_pages() if p not in GENERATED_PAGES]
    assert set(toc_titles()) == set(toc)


FIXTURE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>
<h1>Glossary</h1><p>Amygdala (<span lang="zh-Hans">{0}</span>), anxiety (<span lang="zh-Hans">{1}</span>).</p>
</body></html>"""


def _print_fixture(browser, path: Path, terms: list[str]) -> Path:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    try:
        page.set_content(FIXTURE_HTML.format(*terms))
        page.pdf(path=str(path))
    finally:
        page.close()
    return path


@pytest.mark.browser
def test_pdf_check_fails_on_a_pdf_printed_without_a_cjk_font(browser, tmp_path: Path) -> None:
    """The same page printed by a Chromium whose fontconfig sees only DejaVu (no CJK)."""
    from painmood.browser import CHROMIUM_ARGS, chromium_path

    terms = ["杏仁核", "焦虑"]
    good = _print_fixture(browser, tmp_path / "good.pdf", terms)
    assert pdf_problems(good, ["Glossary"], terms) == []

    config = tmp_path / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
        <fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path}/cache</cachedir></fontconfig>""")
    bare = browser.browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                       env={**os.environ, "FONTCONFIG_FILE": str(config)})
    try:
        tofu = _print_fixture(bare, tmp_path / "tofu.pdf", terms)
    finally:
        bare.close()
    problems = pdf_problems(tofu, ["Glossary"], terms)
    assert problems[0].startswith("sheet 1: 5 missing glyph(s)"), problems
    assert problems[1:] == [f"Chinese term not in the text: {t}" for t in terms]
    assert pdf_problems(tofu, ["Not a title here"]) [-1] == "title missing: Not a title here"


def test_radicals_in_the_text_become_the_ideographs_they_look_like() -> None:
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            "1 beginbfchar\n<01> <2EC6>\nendbfchar\n1 beginbfrange\n<02> <03> <2F42>\nendbfrange\n"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
    fixed = rewrite_to_unicode(cmap, {0x2EC6: 0x89D2, 0x2F42: 0x6587})  # ⻆ -> 角, ⽂ -> 文
    assert fixed is not None
    assert "<01> <89D2>" in fixed and "<02> <6587>" in fixed and "<03> <2F43>" in fixed
    assert fixed.startswith("/CIDInit") and fixed.rstrip().endswith("end") and "bfrange" not in fixed
    assert rewrite_to_unicode(cmap, {0x4E00: 0x4E01}) is None  # nothing to change


# --- the offline release ------------------------------------------------------------------

@pytest.fixture(scope="session")
def dist(built_site: Path, book_pdf: BookPdf, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_dist(built_site, book_pdf.path, tmp_path_factory.mktemp("dist") / "dist")


@pytest.mark.browser
def test_dist_holds_the_archives_and_their_checksums(dist: dict[str, Path], tmp_path: Path) -> None:
    version = course_version()
    folder = dist["sums"].parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["SHA256SUMS", f"painmood-{version}.pdf", f"painmood-notebooks-{version}.zip", f"painmood-site-{version}.zip"])
    assert check_checksums(folder) == []
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=folder, check=True)
    with zipfile.ZipFile(dist["notebooks"]) as notebooks:
        assert any(name.endswith("-instructor.ipynb") for name in notebooks.namelist())
    # A changed file is caught.
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    with (copy / dist["pdf"].name).open("ab") as handle:
        handle.write(b"\n")
    assert check_checksums(copy) == [f"{dist['pdf'].name}: checksum differs"]


@pytest.mark.browser
def test_site_archive_works_opened_from_disk(dist: dict[str, Path], browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from painmood.browser import open_page

    with zipfile.ZipFile(dist["site"]) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / f"painmood-site-{course_version()}"
    assert (root / "index.html").is_file() and (root / CHAPTER).is_file()
    report = open_page(browser, (root / CHAPTER).as_uri())
    try:
        assert report.problems() == []
        assert report.page.locator("figure.pm-plotly").count() > 0
        assert {urlsplit(r.url).scheme for r in report.requests} <= {"file", "data", "blob"}
    finally:
        report.page.context.close()
    # Search from disk lists pages by title, without errors.
    report = open_page(browser, (root / "search.html").as_uri() + "?q=amygdala", draw=False)
    try:
        report.page.wait_for_selector("#search-results li", timeout=15_000)
        report.page.wait_for_timeout(500)
        assert report.problems() == []
        assert report.page.locator("#search-results li").count() > 3
    finally:
        report.page.context.close()


# --- citing, version, corrections ------------------------------------------------------

SPDX_LICENCES = {"CC-BY-4.0", "MIT"}


def test_citation_file_is_valid_cff_1_2_0() -> None:
    data = yaml.safe_load(CITATION_FILE.read_text(encoding="utf-8"))
    assert data["cff-version"] == "1.2.0"
    for key in ("message", "title", "version"):
        assert isinstance(data[key], str) and data[key].strip(), key
    assert data["authors"] and all(set(a) & {"name", "family-names"} for a in data["authors"])
    assert isinstance(data["date-released"], datetime.date)
    licences = data["license"] if isinstance(data["license"], list) else [data["license"]]
    assert set(licences) <= SPDX_LICENCES
    allowed = {"cff-version", "message", "title", "abstract", "authors", "version", "date-released", "license",
               "keywords", "repository-code", "url", "doi", "type", "identifiers", "preferred-citation",
               "references", "contact", "commit", "license-url", "repository", "repository-artifact"}
    assert set(data) <= allowed


def test_one_version_everywhere() -> None:
    assert load_citation().version == course_version()
    changelog = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{course_version()}]" in changelog


def test_a_citation_file_naming_another_version_stops_the_build(tmp_path: Path) -> None:
    text = CITATION_FILE.read_text(encoding="utf-8")
    other = tmp_path / "CITATION.cff"
    other.write_text(re.sub(r"^version: .*$", "version: 9.9.9", text, flags=re.M), encoding="utf-8")
    with pytest.raises(CitationError, match=r"version 9\.9\.9 differs from pyproject\.toml's"):
        load_citation(other)


def _page(built_site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return " ".join(element.get_text(" ").split()).replace(" .", ".")


def test_about_page_how_to_cite_is_the_citation_file(built_site: Path) -> None:
    citation = load_citation()
    section = _page(built_site, "book/about.html").find(id="how-to-cite")
    assert section is not None
    assert _text(section.select_one(".pm-how-to-cite")) == citation_text(citation)
    assert section.select_one(".pm-how-to-cite em").get_text() == citation.title
    assert citation.message in _text(section)
    assert section.select_one("pre").get_text().strip() == citation_bibtex(citation)
    for field in (citation.version, citation.year, *citation.authors):
        assert field in _text(section)


def test_every_page_shows_the_version(built_site: Path) -> None:
    version = course_version()
    for path in site_pages():
        footer = _page(built_site, path).select(".bd-footer-content .pm-footer-meta")
        assert [_text(f) for f in footer] == [f"Course version {version}"], path


def test_no_correction_link_without_a_repository(built_site: Path) -> None:
    config = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["painmood_repository"] == ""
    for path in site_pages():
        assert "Suggest a correction" not in (built_site / path).read_text(encoding="utf-8"), path


def test_correction_link_names_the_page_when_a_repository_is_set() -> None:
    url = correction_url("owner/course", "book/ch01-why-together",
                         "Why chronic pain &amp; <span>慢性疼痛</span>", "0.5.0")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/owner/course/issues/new"
    query = parse_qs(parts.query)
    assert query["title"] == ["Correction: Why chronic pain & 慢性疼痛"]
    assert "Page: book/ch01-why-together.html (course version 0.5.0)" in query["body"][0]
    assert " " not in url and "慢" not in url  # URL-encoded
    assert correction_url("https://github.com/owner/course/", "p", "t", "1").startswith(
        "https://github.com/owner/course/issues/new?")
    assert correction_url("", "p", "t", "1") == correction_url("  ", "p", "t", "1") == ""

    template = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
                                  autoescape=True).get_template("painmood-footer.html")
    shown = template.render(painmood_version="0.5.0", painmood_correction_url=url)
    link = BeautifulSoup(shown, "html.parser").select_one(".pm-suggest-correction a")
    assert link.get_text() == "Suggest a correction" and link["href"] == url
    hidden = template.render(painmood_version="0.5.0", painmood_correction_url="")
    assert "Suggest" not in hidden and "Course version 0.5.0" in hidden
