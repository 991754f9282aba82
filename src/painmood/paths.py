"""Where the course's files live.

Data (``ASSETS``) is found the same way in a checkout and in an installed wheel: it is
the ``assets`` folder inside the package. In the repository, ``src/painmood/assets`` is a
symbolic link to the one source, the top-level ``assets/``; building a wheel copies the
files it points to into the wheel (``painmood.notebooks.build_wheel``).

``REPO_ROOT`` and the paths under it (chapters, ``node_modules``) exist only in a
checkout: they serve the book build, the site and the tests, never a notebook.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS = PACKAGE_DIR / "assets"
BIBLIOGRAPHY = ASSETS / "references.bib"

REPO_ROOT = PACKAGE_DIR.parents[1]
BOOK = REPO_ROOT / "book"
NODE_MODULES = REPO_ROOT / "node_modules"
CONFIG_FILE = REPO_ROOT / "_config.yml"
