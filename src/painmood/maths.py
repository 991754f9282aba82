"""Equations typeset at build time, so that no page loads MathJax.

Sphinx writes TeX into a page as ``\\(...\\)`` (inline) and ``\\[...\\]`` (display) inside
elements of class ``math``; a browser would need MathJax (680 KB gzip) to draw them.
:func:`typeset_page` replaces each with the SVG that the pinned MathJax from npm produces
under Node (``node/tex2svg.js``), with a hidden MathML copy for screen readers. A TeX error
stops the build with the page and the equation named.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

from painmood.paths import NODE_MODULES

SCRIPT = Path(__file__).resolve().parent / "node" / "tex2svg.js"
#: Sphinx's HTML for inline and display maths (the display form may carry an id).
MATH = re.compile(
    r'<span class="math notranslate nohighlight">\\\((?P<inline>.*?)\\\)</span>'
    r'|(?P<open><div class="math notranslate nohighlight"[^>]*>)\s*\\\[(?P<display>.*?)\\\]\s*</div>',
    re.DOTALL)


class MathsError(RuntimeError):
    """An equation could not be typeset."""


def tex2svg(equations: list[tuple[str, bool]], where: str) -> tuple[list[str], str]:
    """SVG markup for each (tex, display) pair, and the stylesheet the SVG needs."""
    request = json.dumps([{"tex": tex, "display": display} for tex, display in equations])
    result = subprocess.run(["node", str(SCRIPT), str(NODE_MODULES)], input=request,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise MathsError(f"{where}: MathJax failed: {result.stderr.strip()[-500:]}")
    output = json.loads(result.stdout)
    for (tex, _), svg in zip(equations, output["svg"]):
        if "data-mjx-error" in svg or "<merror" in svg:
            raise MathsError(f"{where}: TeX error in equation {tex!r}")
    return output["svg"], output["css"]


def typeset_page(body: str, where: str) -> tuple[str, str]:
    """The page body with every equation replaced by SVG, and the stylesheet ('' if none)."""
    found = list(MATH.finditer(body))
    if not found:
        return body, ""
    equations = [(html.unescape(m.group("inline") if m.group("inline") is not None else m.group("display")),
                  m.group("inline") is None) for m in found]
    svgs, css = tex2svg(equations, where)
    parts, last = [], 0
    for match, svg in zip(found, svgs):
        parts.append(body[last:match.start()])
        parts.append(f'<span class="math">{svg}</span>' if match.group("inline") is not None
                     else f'{match.group("open")}{svg}</div>')
        last = match.end()
    parts.append(body[last:])
    return "".join(parts), css
