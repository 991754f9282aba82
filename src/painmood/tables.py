"""HTML tables for the book, one builder for every table the package shows.

HTML rather than Markdown: myst-nb renders Markdown produced by a cell as CommonMark,
which has no tables, so a reader would see raw pipes. Each table sits in a labelled
region that scrolls sideways on a narrow screen instead of pushing the page wider;
pydata-sphinx-theme's script makes the region focusable (for keyboard scrolling)
exactly when it does scroll, because it carries the theme's scrollable-table class.
"""

from __future__ import annotations

import html
import re
from typing import Sequence

SUBSCRIPTED = re.compile(r"^([A-Za-z])_\{?([A-Za-z0-9]+)\}?$")


def symbol_html(symbol: str) -> str:
    """A model symbol written in TeX (``c_{EP}``, ``P_0``, ``T``) as HTML: italic
    letter, upright subscript. No MathJax is needed to read a table."""
    match = SUBSCRIPTED.match(symbol)
    if match:
        return f"<i>{match.group(1)}</i><sub>{html.escape(match.group(2))}</sub>"
    return f"<i>{html.escape(symbol)}</i>"


def html_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], *,
               css_class: str = "pm-table", sortable: bool = False,
               row_attributes: Sequence[str] | None = None) -> str:
    """A captioned table in a sideways-scrolling region.

    ``headers`` are plain text (escaped here); each row's cells are HTML (the caller
    escapes text), and the first cell of a row is its header (``<th scope="row">``).
    ``row_attributes``, one string per row, are added to each ``<tr>`` as written.
    """
    classes = f"{css_class} pm-sortable" if sortable else css_class
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    extras = [f" {a}" if a else "" for a in row_attributes] if row_attributes is not None else [""] * len(rows)
    body = "".join(
        f'<tr{extra}><th scope="row">{row[0]}</th>' + "".join(f"<td>{cell}</td>" for cell in row[1:]) + "</tr>"
        for row, extra in zip(rows, extras))
    label = html.escape(f"{caption} (table)")
    return (f'<div class="pm-table-scroll pst-scrollable-table-container" role="region" aria-label="{label}">'
            f'<table class="{classes}"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
