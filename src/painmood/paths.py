"""Where the course's files live. The package is installed editable from the
repository (``requirements.txt`` ends with ``-e .``), so data is read from the
repository's ``assets/`` folder: one source of truth for chapters, figures and tests."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS = REPO_ROOT / "assets"
BOOK = REPO_ROOT / "book"
NODE_MODULES = REPO_ROOT / "node_modules"
BIBLIOGRAPHY = ASSETS / "references.bib"
