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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="folder that receives _build/ (default: the repository)")
    args = parser.parse_args()
    sys.exit(subprocess.call(build_command(args.output)))


if __name__ == "__main__":
    main()
