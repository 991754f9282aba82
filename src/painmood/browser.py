"""Open pages in real headless Chromium and report what a reader would meet
(used by the browser tests and the benchmark).

Debian's ``chromium`` is driven by Playwright's Python client (``executable_path``);
``playwright install`` cannot download a browser here. Every request that leaves
loopback is recorded and aborted, so a page that tries to use a CDN is caught.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Frame, Page, Playwright, Request, Route

from painmood.paths import NODE_MODULES

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
#: WCAG 2.2 AA included: its target-size rule (24 px touch targets) is one Lighthouse checks.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root
    "--disable-gpu",
    "--enable-unsafe-swiftshader",  # WebGL (3-D brain views) through SwiftShader
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Belt and braces: even a request that escapes routing cannot resolve a name.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
#: How long a page may take to draw its figures (SwiftShader renders WebGL on the CPU).
DRAW_TIMEOUT_MS = 30_000
#: The screens a reader uses: a desktop window, a phone (touch), and a 1280 x 800 window
#: at 200 % zoom (640 x 400 CSS pixels at device scale 2).
DEVICES: dict[str, dict[str, object]] = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 2},
    "zoom200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
}


def chromium_path() -> str:
    """Path of the Debian Chromium binary, or a clear error saying how to install it."""
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if not found:
        raise RuntimeError(
            "Chromium is not installed. Install Debian's package: `apt-get install chromium` "
            "(make test does this when run as root)."
        )
    return found


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def is_outside(url: str) -> bool:
    """True for a network URL whose host is not this machine."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss", "ftp"} and parts.hostname not in LOOPBACK_HOSTS


@dataclass
class PageReport:
    """What happened while a page loaded and drew itself."""

    page: Page
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    undrawn_figures: int = 0
    empty_iframes: list[str] = field(default_factory=list)
    web_fonts: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Every problem found, one line each (empty when the page is clean)."""
        lines = [f"outside request: {u}" for u in self.outside_requests]
        lines += [f"console error: {m}" for m in self.console_errors]
        lines += [f"page error: {m}" for m in self.page_errors]
        lines += [f"failed request: {u}" for u in self.failed_requests]
        if self.undrawn_figures:
            lines.append(f"{self.undrawn_figures} plotly figure(s) not drawn")
        lines += [f"empty iframe: {t}" for t in self.empty_iframes]
        lines += [f"web font loaded (the site uses none): {u}" for u in self.web_fonts]
        return lines


def open_page(browser: Browser, url: str, *, draw_timeout_ms: int = DRAW_TIMEOUT_MS,
              device: str = "desktop", draw: bool = True) -> PageReport:
    """Load ``url`` in a fresh context with outside traffic blocked; report problems.

    ``device`` is a key of :data:`DEVICES`. With ``draw``, every figure is scrolled to
    (figures are drawn when they come near the viewport) and awaited, and the page is
    scrolled back to the top. The caller closes ``report.page.context`` (the
    ``open_site_page`` fixture does).
    """
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
    report = PageReport(page=page)

    def block_outside(route: Route) -> None:
        if is_outside(route.request.url):
            report.outside_requests.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", block_outside)
    page.on("requestfinished", lambda req: report.requests.append(req))
    page.on("request", lambda req: req.resource_type == "font" and report.web_fonts.append(req.url))
    page.on("console", lambda msg: msg.type == "error" and report.console_errors.append(msg.text))
    page.on("pageerror", lambda err: report.page_errors.append(str(err)))
    page.on(
        "requestfailed",
        lambda req: not is_outside(req.url) and report.failed_requests.append(f"{req.url} ({req.failure})"),
    )
    page.on("response", lambda res: res.status >= 400 and report.failed_requests.append(f"{res.url} ({res.status})"))
    page.goto(url, wait_until="load")
    if draw:
        scroll_to_every_figure(page)
        report.undrawn_figures = count_undrawn_figures(page, draw_timeout_ms)
        report.empty_iframes = find_empty_iframes(page)
        wait_for_maths(page)
        page.evaluate("() => window.scrollTo(0, 0)")
    return report


def scroll_to_every_figure(page: Page) -> None:
    """Bring each course figure into view once, as a reader scrolling down would."""
    page.evaluate("""async () => {
        for (const figure of document.querySelectorAll('figure.pm-plotly')) {
            figure.scrollIntoView({block: 'center'});
            await new Promise(done => requestAnimationFrame(() => setTimeout(done, 30)));
        }
    }""")


def wait_for_maths(page: Page) -> None:
    """Wait until MathJax (on pages that load it) has typeset the page."""
    page.evaluate("() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")


def count_undrawn_figures(page: Page, timeout_ms: int = DRAW_TIMEOUT_MS) -> int:
    """Wait for the course's plotly figures to draw; return how many did not."""
    script = """() => Array.from(document.querySelectorAll('figure.pm-plotly'))
                 .filter(f => f.getAttribute('data-drawn') !== 'true'
                              || !f.querySelector('.main-svg')).length"""
    try:
        page.wait_for_function(f"() => ({script})() === 0", timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - a timeout is reported as the count below
        pass
    return page.evaluate(script)


def find_empty_iframes(page: Page) -> list[str]:
    """Titles (or sources) of iframes whose document has no visible content."""
    empty = []
    for element in page.query_selector_all("iframe"):
        name = element.get_attribute("title") or element.get_attribute("src") or "untitled iframe"
        frame = element.content_frame()
        if frame is None:
            empty.append(name)
            continue
        frame.wait_for_load_state("load")
        has_content = frame.evaluate(
            "() => !!document.body && document.body.getBoundingClientRect().height > 0"
            " && document.body.querySelectorAll('*').length > 0"
        )
        if not has_content:
            empty.append(name)
    return empty


def _same_origin_frames(page: Page) -> list[Frame]:
    frames = [page.main_frame]
    for frame in page.frames[1:]:
        try:
            frame.evaluate("() => document.location.href")  # throws for cross-origin frames
            frames.append(frame)
        except Exception:  # noqa: BLE001 - cross-origin frames cannot be checked from here
            continue
    return frames


def axe_violations(page: Page) -> list[str]:
    """axe-core WCAG 2.1 A/AA violations in the page and its same-origin iframes."""
    found = []
    for frame in _same_origin_frames(page):
        frame.add_script_tag(path=str(AXE_SCRIPT))
        result = frame.evaluate(
            """async (tags) => {
                 const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    iframes: false, resultTypes: ['violations']});
                 return r.violations.map(v => `${v.id}: ${v.help} -> ` +
                     v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
               }""",
            AXE_TAGS,
        )
        where = "page" if frame is page.main_frame else f"iframe {frame.name or frame.url[:40]}"
        found += [f"{where}: {v}" for v in result]
    return found


def transferred_bytes(report: PageReport) -> int:
    """Bytes received for the page and everything it loaded (bodies as sent, so gzip-compressed)."""
    total = 0
    for request in report.requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total
