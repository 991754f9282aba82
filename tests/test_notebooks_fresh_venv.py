"""The package on its own: its wheel, installed into a fresh virtual environment of the
newest supported Python with nothing from the repository on the path, loads the course
data and runs every generated notebook top to bottom, offline.

The dependencies come from a local wheelhouse, ``_build/wheelhouse``, which ``make test``
prepares before pytest (``python -m painmood.distribution _build/wheelhouse``, the only
step that needs PyPI). Without it these tests are skipped, saying how to make it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from conftest import OFFLINE_DIR
from painmood.distribution import build_wheel, newest_python
from painmood.notebooks import write_notebooks
from painmood.paths import REPO_ROOT

WHEELHOUSE = Path(os.environ.get("PAINMOOD_WHEELHOUSE", REPO_ROOT / "_build" / "wheelhouse"))
DATA_FILES = ("assets/references.bib", "assets/regions.yaml", "assets/circuits.yaml", "assets/model.yaml",
              "assets/treatments.yaml", "assets/glossary.yaml", "assets/quizzes/ch01.yaml")


def clean_env() -> dict[str, str]:
    """The environment of the fresh venv's processes: no PYTHONPATH, no virtualenv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's wheel, built now from this checkout."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def fresh_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding only the wheel and its dependencies, offline guard included."""
    python = newest_python()
    if python is None:
        pytest.skip("no Python 3.11-3.13 with venv on this machine")
    if not list(WHEELHOUSE.glob("numpy-*.whl")):
        pytest.skip(f"no wheelhouse at {WHEELHOUSE}: run `python -m painmood.distribution {WHEELHOUSE}` "
                    "(make test does) while PyPI is reachable")
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    started = time.perf_counter()
    subprocess.run([python, "-m", "venv", str(venv)], check=True, env=clean_env())
    bin_python = venv / "bin" / "python"
    subprocess.run([str(bin_python), "-m", "pip", "install", "--quiet", "--no-index", "--no-compile", "--find-links", str(WHEELHOUSE),
                    str(wheel)], check=True, env=clean_env())
    site = subprocess.run([str(bin_python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    shutil.copy(OFFLINE_DIR / "sitecustomize.py", Path(site) / "sitecustomize.py")  # refuse the network
    print(f"fresh venv ({python}) with the wheel installed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return bin_python


def test_wheel_holds_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"painmood/{name}" for name in DATA_FILES} <= names


def test_the_data_check_fails_on_a_wheel_without_data(tmp_path: Path) -> None:
    """Fixture: a wheel that holds only code."""
    bare = tmp_path / "bare.whl"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("painmood/__init__.py", "")
    assert not {f"painmood/{name}" for name in DATA_FILES} <= set(zipfile.ZipFile(bare).namelist())


def test_installed_package_loads_regions_model_and_quiz_outside_the_checkout(fresh_python: Path, tmp_path: Path) -> None:
    code = ("import json, painmood\n"
            "from painmood.regions import load_regions\nfrom painmood.model import simulate\n"
            "from painmood.quiz import load_quiz\n"
            "print(json.dumps({'file': painmood.__file__, 'regions': len(load_regions().regions),"
            " 'pain': simulate('cbt').pain[-1], 'items': len(load_quiz('ch01').items)}))")
    out = subprocess.run([str(fresh_python), "-c", code], cwd=tmp_path, env=clean_env(),
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout)
    assert not Path(result["file"]).is_relative_to(REPO_ROOT)
    assert result["regions"] > 0 and result["items"] >= 8 and 0 <= result["pain"] <= 10


@pytest.fixture(scope="module")
def fresh_kernel(fresh_python: Path, tmp_path_factory: pytest.TempPathFactory) -> KernelSpecManager:
    """A kernel spec "fresh" whose kernel is the fresh venv's Python."""
    kernels = tmp_path_factory.mktemp("kernels")
    (kernels / "fresh").mkdir()
    (kernels / "fresh" / "kernel.json").write_text(json.dumps({
        "argv": [str(fresh_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "fresh venv", "language": "python",
    }))
    return KernelSpecManager(kernel_dirs=[str(kernels)])


def run_notebook(path: Path, specs: KernelSpecManager) -> str:
    """Execute a notebook top to bottom in the fresh kernel, in its own folder;
    "" if every cell ran, else the notebook's name and the error."""
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    client = NotebookClient(notebook, km=KernelManager(kernel_name="fresh", kernel_spec_manager=specs),
                            timeout=300, resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute(env=clean_env())
    except Exception as error:  # noqa: BLE001  (report every notebook, then fail)
        return f"{path.name}: {str(error)[-1500:]}"
    finally:
        print(f"{path.name} ran in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return ""


def test_every_generated_notebook_runs_in_the_fresh_venv(fresh_kernel: KernelSpecManager, tmp_path: Path) -> None:
    """A student and an instructor notebook differ only in Markdown, so each distinct
    set of code cells runs once (half the time)."""
    by_code: dict[tuple[str, ...], Path] = {}
    for path in write_notebooks(tmp_path):
        cells = nbformat.read(path, as_version=4).cells
        by_code.setdefault(tuple(c.source for c in cells if c.cell_type == "code"), path)
    failures = [run_notebook(path, fresh_kernel) for path in by_code.values()]
    assert [failure for failure in failures if failure] == []


def test_the_run_check_fails_on_a_notebook_that_needs_the_repository(fresh_kernel: KernelSpecManager, tmp_path: Path) -> None:
    """Fixture: code that reads the checkout's files fails in the fresh venv."""
    path = tmp_path / "needs_checkout.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import painmood.paths\nassert (painmood.paths.REPO_ROOT / '_toc.yml').exists(), 'no checkout here'")]), path)
    assert "no checkout here" in run_notebook(path, fresh_kernel)
