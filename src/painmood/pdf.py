"""The whole book as one PDF (``make pdf``), printed from the built site by headless
Chromium with the print stylesheet, and the checks the tests run on it.

``python -m painmood.pdf [--site _build/html] [--output _build/pdf/painmood-VERSION.pdf]
[--solutions]``

* Every page of ``_toc.yml`` is opened in order over a loopback server (as a reader's
  browser gets it), its figures are drawn, and it is printed with Chromium's print
  emulation, so ``painmood-print.css`` applies: no navigation, every 3-D view replaced by
  its region table, the simulator's and explorer's summaries instead of their controls.
* Solutions are **left out** (the default page print); ``--solutions`` prints them
  expanded (an instructor's copy). Either way the instructor guide, with its answer keys,
  is part of the book.
* A title page with the version, the reference from ``CITATION.cff`` and a contents list
  with page numbers comes first; every other page has a running foot with the page's
  title and its number in the whole PDF; the PDF's bookmarks follow the table of
  contents (parts, then pages). Links between pages of the book point into the PDF;
  links to the site's other files (notebooks) are dropped; outside links (DOIs) stay.
* Chinese terms need a CJK font: Debian's ``fonts-noto-cjk`` (``make pdf`` installs it).
  :func:`pdf_problems` fails a PDF whose text has missing glyphs, lacks a page title, or
  in which a glossary term's Chinese name, visible on a printed page, cannot be found.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

from painmood.paths import REPO_ROOT

BOOK_SHORT_TITLE = "Pain and Mood"
PAGE_FORMAT = "A4"
MARGINS = {"top": "16mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}
#: Characters a PDF's text holds where a font had no glyph for the character printed.
MISSING_GLYPH_CHARS = {"\x00": "U+0000", "\ufffd": "U+FFFD"}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class PdfBuildError(RuntimeError):
    """A page could not be printed as it should (figures not drawn, script errors)."""


@dataclass
class PrintedPage:
    """One page of the table of contents as it went into the PDF."""

    docname: str  # "book/ch01-why-together"
    title: str  # the page's heading as printed
    part: str  # the table of contents' caption ("" for the landing page)
    first_page: int = 0  # index of its first sheet in the whole PDF (0-based)
    sheets: int = 0
    chinese_terms: list[str] = field(default_factory=list)  # glossary zh names visible in print


@dataclass
class BookPdf:
    path: Path
    pages: list[PrintedPage]
    sheets: int
    seconds: float


def toc_entries(root: Path = REPO_ROOT) -> list[tuple[str, str]]:
    """(docname, part caption) for every page of ``_toc.yml``, in book order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries = [(toc["root"], "")]
    for part in toc["parts"]:
        entries += [(chapter["file"], part.get("caption", "")) for chapter in part["chapters"]]
    return entries


def toc_titles(root: Path = REPO_ROOT) -> dict[str, str]:
    """Each table-of-contents page's title: the first ``# `` heading of its source."""
    titles = {}
    for docname, _ in toc_entries(root):
        for line in (root / f"{docname}.md").read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                titles[docname] = line[2:].strip()
                break
    return titles


def glossary_chinese_terms() -> list[str]:
    """The Chinese name of every glossary term (the strings the PDF must reproduce)."""
    from painmood.glossary import load_glossary

    return sorted({entry.zh for entry in load_glossary() if HAN.search(entry.zh)}, key=lambda t: (-len(t), t))


def comparable(text: str) -> str:
    """Text as compared by the checks: NFKC (a PDF's text may hold Kangxi radicals or
    full-width forms for the same glyphs) without any white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --- Chinese text that can be searched and copied --------------------------------------
#
# Chromium writes, for each glyph, the first code point that the font maps to it. Noto
# CJK maps some radicals (U+2E80-U+2FDF) and strokes (U+31C0-U+31EF) to the same glyphs
# as ordinary ideographs, and those code points come first: 角 is written as U+2EC6, 马
# as U+2EE2, 文 as U+2F42. The page looks right, but searching or copying the PDF's text
# gives the radicals. :func:`cjk_text_fixes` reads the correct ideograph for each such
# glyph from the font itself, and the PDF's character maps are rewritten with it.

CJK_FONT_DIRS = (Path("/usr/share/fonts"),)
UNIFIED = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x3FFFF))
LOOKALIKES = ((0x2E80, 0x2FDF), (0x31C0, 0x31EF))


def _in(ranges: tuple[tuple[int, int], ...], code: int) -> bool:
    return any(low <= code <= high for low, high in ranges)


def cjk_text_fixes(font_dirs: Iterable[Path] = CJK_FONT_DIRS) -> dict[int, int]:
    """{radical or stroke code point: the ideograph drawn with the same glyph} in the
    Simplified Chinese faces of the installed Noto CJK fonts (empty without them)."""
    from fontTools.ttLib import TTFont

    fixes: dict[int, int] = {}
    for folder in font_dirs:
        for path in sorted(folder.rglob("Noto*CJK*.tt[cf]")):
            for number in range(32):
                try:
                    font = TTFont(str(path), fontNumber=number, lazy=True)
                except Exception:  # noqa: BLE001 - past the last face of the collection
                    break
                if not font["name"].getDebugName(1).endswith(" SC"):
                    continue
                cmap = font.getBestCmap()
                ideograph: dict[str, int] = {}
                for code, glyph in sorted(cmap.items()):
                    if _in(UNIFIED, code):
                        ideograph.setdefault(glyph, code)
                for code, glyph in cmap.items():
                    if _in(LOOKALIKES, code) and glyph in ideograph:
                        fixes.setdefault(code, ideograph[glyph])
    return fixes


_HEX = r"<([0-9A-Fa-f]+)>"
_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _from_utf16_hex(value: str) -> str:
    return bytes.fromhex(value).decode("utf-16-be", errors="replace")


def rewrite_to_unicode(cmap: str, fixes: dict[int, int]) -> str | None:
    """The ToUnicode CMap ``cmap`` with every looked-alike character replaced, or None
    when it has none. The mappings are written back as ``bfchar`` entries."""
    entries: list[tuple[str, str]] = []
    for block in _BFCHAR.findall(cmap):
        entries += re.findall(_HEX + r"\s*" + _HEX, block)
    for block in _BFRANGE.findall(cmap):
        for low, high, rest in re.findall(_HEX + r"\s*" + _HEX + r"\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            width, start, stop = len(low), int(low, 16), int(high, 16)
            if rest.startswith("["):
                targets = re.findall(_HEX, rest)
            else:
                first = _from_utf16_hex(rest[1:-1])
                targets = [_utf16_hex(first[:-1] + chr(ord(first[-1]) + i)) for i in range(stop - start + 1)]
            entries += [(f"{start + i:0{width}X}", target) for i, target in enumerate(targets)]
    changed = False
    fixed = []
    for code, target in entries:
        text = _from_utf16_hex(target)
        new = "".join(chr(fixes.get(ord(char), ord(char))) for char in text)
        changed |= new != text
        fixed.append((code, _utf16_hex(new)))
    if not changed:
        return None
    blocks = []
    for i in range(0, len(fixed), 100):  # at most 100 entries per block (PDF reference)
        chunk = fixed[i:i + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "".join(f"<{c}> <{t}>\n" for c, t in chunk) + "endbfchar\n")
    head = cmap[:min(m.start() for m in re.finditer(r"\d+\s+begin(bfchar|bfrange)", cmap))]
    tail = cmap[cmap.rindex("endcmap"):]
    return head + "".join(blocks) + tail


def fix_cjk_text(writer: PdfWriter, fixes: dict[int, int]) -> int:
    """Rewrite every font's ToUnicode map in ``writer`` (pages, forms, Type 3 fonts)
    with :func:`rewrite_to_unicode`; return how many maps changed."""
    if not fixes:
        return 0
    seen: set[int] = set()
    changed = 0

    def visit_resources(resources) -> None:  # type: ignore[no-untyped-def]
        nonlocal changed
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            stream = font.get("/ToUnicode")
            if stream is not None:
                stream = stream.get_object()
                new = rewrite_to_unicode(stream.get_data().decode("latin-1"), fixes)
                if new is not None:
                    stream.set_data(new.encode("latin-1"))
                    changed += 1
            visit_resources(font.get("/Resources"))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if id(xobject) not in seen:
                seen.add(id(xobject))
                visit_resources(xobject.get("/Resources"))

    for sheet in writer.pages:
        visit_resources(sheet.get("/Resources"))
    return changed


# --- printing ---------------------------------------------------------------------------

_VISIBLE_TEXT = "() => (document.querySelector('main') || document.body).innerText"
#: The course figures a printout shows (3-D views are left out by the print stylesheet,
#: so they are neither drawn nor awaited: that halves the printing time).
_PRINTED_FIGURES = """() => Array.from(document.querySelectorAll('figure.pm-plotly'))
    .filter(f => f.getClientRects().length > 0)"""
_DRAW_PRINTED_FIGURES = f"""async () => {{
    for (const figure of ({_PRINTED_FIGURES})()) {{
        figure.scrollIntoView({{block: 'center'}});
        await new Promise(done => requestAnimationFrame(() => setTimeout(done, 30)));
    }}
    window.scrollTo(0, 0);
}}"""
_UNDRAWN = f"""() => ({_PRINTED_FIGURES})()
    .filter(f => f.getAttribute('data-drawn') !== 'true' || !f.querySelector('.main-svg')).length"""


def _print_page(browser, url: str, solutions: bool, chinese: list[str], tmp: Path, index: int):  # type: ignore[no-untyped-def]
    from painmood.browser import DRAW_TIMEOUT_MS, open_page

    report = open_page(browser, url, draw=False)
    page = report.page
    try:
        if solutions:
            page.evaluate("() => document.documentElement.classList.add('pm-print-solutions')")
        page.emulate_media(media="print")
        page.evaluate(_DRAW_PRINTED_FIGURES)
        try:
            page.wait_for_function(f"() => ({_UNDRAWN})() === 0", timeout=DRAW_TIMEOUT_MS)
        except Exception:  # noqa: BLE001 - reported just below
            pass
        undrawn = page.evaluate(_UNDRAWN)
        if undrawn or report.page_errors or report.outside_requests:
            problems = [f"{undrawn} figure(s) not drawn"] if undrawn else []
            raise PdfBuildError(f"{url} cannot be printed: {'; '.join(problems + report.problems())}")
        title = page.locator("main h1").first.inner_text().strip()
        visible = comparable(page.evaluate(_VISIBLE_TEXT))
        terms = [term for term in chinese if comparable(term) in visible]
        target = tmp / f"{index:03d}.pdf"
        page.pdf(path=str(target), format=PAGE_FORMAT, print_background=True, margin=MARGINS)
        return title, terms, target
    finally:
        page.context.close()


def _cover_html(pages: list[PrintedPage], offset: int, solutions: bool) -> str:
    from painmood.release import citation_text, course_version, load_citation

    citation = load_citation()
    reference = html.escape(citation_text(citation)).replace(
        html.escape(citation.title), f"<i>{html.escape(citation.title)}</i>", 1)
    rows, part = [], None
    for printed in pages:
        if printed.part != part and printed.part:
            rows.append(f'<li class="part">{html.escape(printed.part)}</li>')
        part = printed.part
        number = printed.first_page + 1 + offset if offset >= 0 else "000"
        rows.append(f'<li><span>{html.escape(printed.title)}</span><span class="n">{number}</span></li>')
    edition = ("Solutions to the exercises are printed expanded."
               if solutions else "Solutions to the exercises are left out (the instructor guide keeps the quiz answer keys).")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
      @page {{ size: {PAGE_FORMAT}; margin: 22mm 20mm; }}
      body {{ font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; color: #222; }}
      h1 {{ font-size: 24pt; margin: 30mm 0 4mm; line-height: 1.2; }}
      .meta {{ color: #444; margin: 0 0 2mm; }}
      .cite {{ margin: 10mm 0; padding: 3mm 5mm; border-left: 2pt solid #999; }}
      h2 {{ font-size: 14pt; margin-top: 12mm; break-before: page; }}
      ol {{ list-style: none; padding: 0; }}
      li {{ display: flex; justify-content: space-between; gap: 6mm; padding: 1mm 0; }}
      li.part {{ font-weight: bold; margin-top: 4mm; }}
      .n {{ white-space: nowrap; }}
    </style></head><body>
      <h1>{html.escape(citation.title)}</h1>
      <p class="meta">{html.escape(', '.join(citation.authors))}</p>
      <p class="meta">Version {html.escape(course_version())} · whole-book PDF printed from the course site.
        {edition}</p>
      <p class="meta">Interactive figures (3-D brain views, the simulator, the explorer, the quizzes) are printed as
        their tables and summaries; use the site or the notebooks to explore them.
        Education, not medical advice.</p>
      <div class="cite"><p>How to cite:</p><p>{reference}</p></div>
      <h2>Contents</h2><ol>{''.join(rows)}</ol>
    </body></html>"""


def _running_feet_html(labels: list[str]) -> str:
    """One A4 sheet per label, the label at the foot (laid over the printed pages)."""
    sheets = "".join(f'<div class="sheet"><div class="foot">{label}</div></div>' for label in labels)
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
      @page {{ size: {PAGE_FORMAT}; margin: 0; }}
      html, body {{ margin: 0; background: transparent; }}
      body {{ font-family: "DejaVu Sans", "Noto Sans CJK SC", sans-serif; font-size: 7.5pt; color: #555; }}
      .sheet {{ position: relative; height: 296.5mm; break-after: page; overflow: hidden; }}
      .sheet:last-child {{ break-after: auto; }}
      .foot {{ position: absolute; left: 16mm; right: 16mm; bottom: 8mm; display: flex;
               justify-content: space-between; gap: 8mm; }}
    </style></head><body>{sheets}</body></html>"""


def _print_html(browser, markup: str, target: Path, margins: dict[str, str] | None = None) -> Path:  # type: ignore[no-untyped-def]
    """Print ``markup`` (its Chinese tagged ``lang="zh-Hans"``, so Simplified glyphs are used)."""
    from painmood.chinese import tag_chinese

    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(tag_chinese(markup), wait_until="load")
        options = {"path": str(target), "format": PAGE_FORMAT, "prefer_css_page_size": True}
        if margins is not None:
            options["margin"] = margins
        page.pdf(**options)
    finally:
        context.close()
    return target


def _link_targets(annotation, base: str, starts: dict[str, int], writer_pages, dests: dict[str, object]):  # type: ignore[no-untyped-def]
    """What a link annotation should become: ``("keep",)``, ``("drop",)`` or
    ``("dest", array)``."""
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if not action or action.get("/S") != "/URI":
        return ("keep",)
    uri = str(action.get("/URI"))
    if not uri.startswith(base):
        return ("keep",)  # DOIs and other outside links
    parts = urlsplit(uri)
    docname = parts.path.lstrip("/").removesuffix(".html")
    if docname not in starts:
        return ("drop",)  # notebooks, downloads: not part of the PDF
    if parts.fragment and f"{docname}#{parts.fragment}" in dests:
        return ("dest", dests[f"{docname}#{parts.fragment}"])
    return ("dest", ArrayObject([writer_pages[starts[docname]].indirect_reference, NameObject("/Fit")]))


def _assemble(cover: Path, printed: list[tuple[PrintedPage, Path]], feet: Path | None, output: Path,
              base: str, solutions: bool) -> int:
    from painmood.release import course_version

    writer = PdfWriter()
    cover_reader = PdfReader(cover)
    for sheet in cover_reader.pages:
        writer.add_page(sheet)
    sources: list[tuple[PrintedPage, PdfReader, int]] = []
    for item, path in printed:
        reader = PdfReader(path)
        sources.append((item, reader, len(writer.pages)))
        for sheet in reader.pages:
            writer.add_page(sheet)
    starts = {item.docname: first for item, _, first in sources}
    # Named destinations (in-page anchors) of every printed page, as explicit targets.
    dests: dict[str, object] = {}
    for item, reader, first in sources:
        for name, destination in reader.named_destinations.items():
            page_index = reader.get_destination_page_number(destination)
            top = destination.top if destination.top is not None else NullObject()
            dests[f"{item.docname}#{name.lstrip('/')}"] = ArrayObject([
                writer.pages[first + page_index].indirect_reference, NameObject("/XYZ"),
                NullObject(), FloatObject(top) if not isinstance(top, NullObject) else top, NullObject()])
    for item, reader, first in sources:
        for index in range(first, first + len(reader.pages)):
            sheet = writer.pages[index]
            annotations = sheet.get("/Annots")
            if annotations is None:
                continue
            kept = ArrayObject()
            for reference in annotations.get_object():
                annotation = reference.get_object()
                if annotation.get("/Subtype") != "/Link":
                    kept.append(reference)
                    continue
                dest = annotation.get("/Dest")
                if dest is not None and not isinstance(dest.get_object(), ArrayObject):
                    name = str(dest.get_object()).lstrip("/")
                    found = dests.get(f"{item.docname}#{name}")
                    if found is None:
                        continue  # an in-page anchor the PDF lost: drop the dead link
                    annotation[NameObject("/Dest")] = found
                    kept.append(reference)
                    continue
                outcome = _link_targets(annotation, base, starts, writer.pages, dests)
                if outcome[0] == "drop":
                    continue
                if outcome[0] == "dest":
                    del annotation["/A"]
                    annotation[NameObject("/Dest")] = outcome[1]
                kept.append(reference)
            sheet[NameObject("/Annots")] = kept
    if feet is not None:
        feet_reader = PdfReader(feet)
        for offset, foot in enumerate(feet_reader.pages):
            writer.pages[len(cover_reader.pages) + offset].merge_page(foot)
    # Bookmarks: parts, then their pages.
    parent, part = None, None
    for item, _, first in sources:
        if item.part != part:
            part = item.part
            parent = writer.add_outline_item(title=item.part, page_number=first) if item.part else None
        writer.add_outline_item(title=item.title, page_number=first, parent=parent)
    fix_cjk_text(writer, cjk_text_fixes())
    writer.add_metadata({
        "/Title": f"{BOOK_SHORT_TITLE}: How Chronic Pain and Negative Emotion Drive Each Other (version {course_version()})",
        "/Author": "The Pain and Mood course contributors",
        "/Subject": "Whole-book print of the open course" + (", with solutions" if solutions else ""),
        "/Creator": "painmood.pdf (headless Chromium, pypdf)",
    })
    writer.page_mode = "/UseOutlines"
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as handle:
        writer.write(handle)
    return len(writer.pages)


def print_book(site: Path, output: Path, *, solutions: bool = False, docnames: Iterable[str] | None = None,
               browser=None) -> BookPdf:  # type: ignore[no-untyped-def]
    """Print the built ``site`` (its ``_build/html`` folder) into one PDF at ``output``.

    ``docnames`` limits the book to some pages of the table of contents (tests); the
    default prints them all. ``browser`` reuses an open Playwright browser."""
    from painmood.serve import start_server

    started = time.monotonic()
    wanted = set(docnames) if docnames is not None else None
    entries = [(doc, part) for doc, part in toc_entries() if wanted is None or doc in wanted]
    chinese = glossary_chinese_terms()
    server, base = start_server(Path(site))
    playwright = None
    try:
        if browser is None:
            from playwright.sync_api import sync_playwright

            from painmood.browser import launch

            playwright = sync_playwright().start()
            browser = launch(playwright)
        with tempfile.TemporaryDirectory(prefix="painmood-pdf-") as folder:
            tmp = Path(folder)
            printed: list[tuple[PrintedPage, Path]] = []
            for index, (docname, part) in enumerate(entries):
                title, terms, path = _print_page(browser, f"{base}{docname}.html", solutions, chinese, tmp, index)
                item = PrintedPage(docname, title, part, chinese_terms=terms)
                item.sheets = len(PdfReader(path).pages)
                printed.append((item, path))
            first = 0
            for item, _ in printed:
                item.first_page, first = first, first + item.sheets
            pages = [item for item, _ in printed]
            # The cover's length first (numbers as placeholders), then the real numbers.
            cover = _print_html(browser, _cover_html(pages, -1, solutions), tmp / "cover.pdf")
            cover_sheets = len(PdfReader(cover).pages)
            for item in pages:
                item.first_page += cover_sheets
            cover = _print_html(browser, _cover_html(pages, 0, solutions), tmp / "cover.pdf")
            if len(PdfReader(cover).pages) != cover_sheets:
                raise PdfBuildError("the title page changed length when page numbers were filled in")
            labels = []
            for item in pages:
                for sheet in range(item.sheets):
                    labels.append(f"<span>{html.escape(BOOK_SHORT_TITLE)} · {html.escape(item.title)}</span>"
                                  f"<span>{item.first_page + sheet + 1}</span>")
            feet = _print_html(browser, _running_feet_html(labels), tmp / "feet.pdf")
            if len(PdfReader(feet).pages) != len(labels):
                raise PdfBuildError(f"running feet: {len(PdfReader(feet).pages)} sheets for {len(labels)} pages")
            sheets = _assemble(cover, printed, feet, Path(output), base, solutions)
    finally:
        server.shutdown()
        if playwright is not None:
            browser.close()
            playwright.stop()
    return BookPdf(Path(output), pages, sheets, time.monotonic() - started)


# --- checks -------------------------------------------------------------------------------

def pdf_text(pdf: Path) -> list[str]:
    """The text of each sheet of ``pdf``."""
    return [sheet.extract_text() or "" for sheet in PdfReader(pdf).pages]


def pdf_problems(pdf: Path, titles: Iterable[str] = (), chinese_terms: Iterable[str] = (),
                 sheets: list[str] | None = None) -> list[str]:
    """What is wrong with a printed PDF, one line each (empty when it is good):

    * a sheet whose text holds U+0000 or U+FFFD: a character printed with a font that has
      no glyph for it (an empty box, "tofu", on paper);
    * a title of ``titles`` that the PDF's text does not contain;
    * a Chinese term of ``chinese_terms`` (the glossary names visible on the printed pages)
      that cannot be found in the text: not drawn, or drawn without a way back to its
      characters;
    * a link to the loopback server the pages were printed from (dead in the PDF).

    ``sheets``: the text of each sheet, if already extracted (:func:`pdf_text`).
    """
    sheets = pdf_text(pdf) if sheets is None else sheets
    problems = []
    for number, sheet in enumerate(PdfReader(pdf).pages, start=1):
        for reference in sheet.get("/Annots") or []:
            action = reference.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if urlsplit(uri).hostname in {"127.0.0.1", "localhost"}:
                problems.append(f"sheet {number}: link to the print server: {uri}")
    for number, text in enumerate(sheets, start=1):
        for char, name in MISSING_GLYPH_CHARS.items():
            count = text.count(char)
            if count:
                problems.append(f"sheet {number}: {count} missing glyph(s) ({name} in the text)")
    whole = comparable("".join(sheets))
    problems += [f"title missing: {title}" for title in titles if comparable(title) not in whole]
    problems += [f"Chinese term not in the text: {term}" for term in dict.fromkeys(chinese_terms)
                 if comparable(term) not in whole]
    return problems


def default_output(solutions: bool = False) -> Path:
    from painmood.release import course_version

    suffix = "-with-solutions" if solutions else ""
    return REPO_ROOT / "_build" / "pdf" / f"painmood-{course_version()}{suffix}.pdf"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the whole built book into one PDF (make pdf).")
    parser.add_argument("--site", type=Path, default=REPO_ROOT / "_build" / "html")
    parser.add_argument("--output", type=Path, default=None, help="default: _build/pdf/painmood-VERSION.pdf")
    parser.add_argument("--solutions", action="store_true", help="print the exercises' solutions expanded")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} has no index.html: build the book first (make book)", file=sys.stderr)
        return 1
    output = args.output or default_output(args.solutions)
    book = print_book(args.site, output, solutions=args.solutions)
    titles = list(toc_titles().values())  # from the sources, not from what was printed
    terms = [term for page in book.pages for term in page.chinese_terms]
    problems = pdf_problems(output, titles, terms)
    size = output.stat().st_size
    print(f"{output}: {book.sheets} pages, {size / 1e6:.1f} MB, {len(book.pages)} parts of the book, "
          f"{len(set(terms))} Chinese glossary terms checked, {book.seconds:.0f} s")
    if problems:
        print("Problems:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
