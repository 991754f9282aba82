"""Build the book: ``python -m painmood.build [--output DIR]``.

One place for the build command, used by ``make book``, ``make test`` (through the
tests' ``built_site`` fixture) and the benchmark. Warnings are errors (``-W``),
references are checked (``-n``), and every notebook is executed; the execution
cache lives in the output folder, so a fresh folder means fresh execution.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

from painmood.paths import REPO_ROOT

DEFAULT_OUTPUT = REPO_ROOT


def build_command(output: Path = DEFAULT_OUTPUT, root: Path = REPO_ROOT) -> list[str]:
    """The jupyter-book command that builds ``root`` into ``output/_build/html``."""
    return [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build", str(root),
        "-W", "-n", "--keep-going",
        "--path-output", str(output),
    ]


#: Pages Sphinx writes besides those of the table of contents.
GENERATED_PAGES = ("search.html", "genindex.html")


def site_pages() -> list[str]:
    """Every page of the built site as a path under ``_build/html``: the table of
    contents in order, then the pages Sphinx generates (search, index)."""
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [ch["file"] for part in toc["parts"] for ch in part["chapters"]]
    return [f"{name}.html" for name in files] + list(GENERATED_PAGES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="folder that receives _build/ (default: the repository)")
    args = parser.parse_args()
    sys.exit(subprocess.call(build_command(args.output)))


if __name__ == "__main__":
    main()
