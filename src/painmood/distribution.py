"""The course package as a wheel, and a local wheelhouse to install it offline.

* :func:`build_wheel` builds ``painmood-*.whl`` from the checkout without the network:
  the sources are copied to a temporary folder first (``src/painmood/assets`` is a link
  to ``assets/``; the copy holds the files themselves), then built with the setuptools
  of the running environment.
* :func:`prepare_wheelhouse` puts that wheel and the wheels of its run-time
  dependencies (for :func:`newest_python`) in one folder, so a test can install the
  package into a fresh virtual environment with ``--no-index``. It needs PyPI (or a pip
  cache); ``make test`` runs it before pytest::

      python -m painmood.distribution DIR
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from painmood.paths import REPO_ROOT

#: Files of the checkout that the wheel is built from.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "src")
SUPPORTED_PYTHONS = ("3.13", "3.12", "3.11")  # newest first
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01: fixed file dates inside the wheel


def build_wheel(dest: Path, root: Path = REPO_ROOT) -> Path:
    """Build the package's wheel into ``dest`` offline and return its path."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="painmood-wheel-") as tmp:
        for name in WHEEL_SOURCES:
            source, copy = root / name, Path(tmp) / name
            if source.is_dir():
                shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
            else:
                shutil.copy(source, copy)
        before = set(dest.glob("painmood-*.whl"))
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
             "--no-index", "--wheel-dir", str(dest), tmp],
            capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        )
    if proc.returncode != 0:
        raise RuntimeError(f"building the painmood wheel from {root} failed:\n{proc.stdout}{proc.stderr}")
    wheels = sorted(dest.glob("painmood-*.whl"), key=lambda p: p.stat().st_mtime)
    return (sorted(set(wheels) - before) or wheels)[-1]


def newest_python() -> str | None:
    """The newest supported Python on this machine that can make a virtual environment:
    ``PAINMOOD_NOTEBOOK_PYTHON`` if set, else ``python3.13``, ``3.12``, ``3.11`` from the
    PATH or from pyenv's versions folder; None if there is none."""
    chosen = os.environ.get("PAINMOOD_NOTEBOOK_PYTHON")
    if chosen:
        return chosen
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for version in SUPPORTED_PYTHONS:
        candidates = [shutil.which(f"python{version}"), *map(str, sorted(pyenv.glob(f"{version}.*/bin/python{version}")))]
        for found in filter(None, candidates):
            if subprocess.run([found, "-c", "import venv, ensurepip"], capture_output=True).returncode == 0:
                return found
    return None


def python_version(python: str) -> str:
    """"3.13" for a python3.13 interpreter."""
    return subprocess.run([python, "-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"],
                          capture_output=True, text=True, check=True).stdout.strip()


def prepare_wheelhouse(dest: Path, python: str | None = None) -> Path:
    """The wheel plus the wheels of its dependencies (and a kernel) for ``python``."""
    python = python or newest_python()
    if python is None:
        raise SystemExit("no Python 3.11-3.13 found to prepare the notebook wheelhouse for")
    wheel = build_wheel(dest)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(dest), "--only-binary=:all:",
         "--python-version", python_version(python), str(wheel)],
        check=True,
    )
    return wheel


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m painmood.distribution WHEELHOUSE_DIR")
    print(prepare_wheelhouse(Path(sys.argv[1])))


if __name__ == "__main__":
    main()
