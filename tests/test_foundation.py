"""Unit tests of the foundation: figures, Sphinx glue, server, data-file errors,
the offline guard, and the pinning and Makefile rules the README promises."""

from __future__ import annotations

import gzip
import json
import re
import socket
import urllib.request
from pathlib import Path

import plotly.graph_objects as go
import pytest

from painmood import figures, sphinxext
from painmood.datafiles import DataFileError, require, require_number
from painmood.paths import REPO_ROOT
from painmood.serve import start_server
from painmood.treatments import load_treatments, parse_treatments


def small_figure() -> go.Figure:
    return go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="a </script> b"), layout_title_text="Demo")


# --- figures ---------------------------------------------------------------------------

def test_figure_html_is_deterministic_and_inlines_no_library() -> None:
    first, second = figures.figure_html(small_figure()), figures.figure_html(small_figure())
    assert first == second
    assert "<script src" not in first and "plotly.min.js" not in first
    assert 'class="pm-plotly"' in first and "<figcaption" in first


def test_figure_json_cannot_close_its_script_element() -> None:
    html = figures.figure_html(small_figure())
    data = html.split('class="pm-plotly-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["data"][0]["name"] == "a </script> b"


def test_renderer_bundle_serves_jupyter_and_the_book() -> None:
    bundle = figures.CourseRenderer().to_mimebundle(small_figure().to_plotly_json())
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/html"}
    described = figures.show(small_figure(), "Two points, for testing.")._repr_mimebundle_()
    assert "Two points, for testing." in described["text/html"]


# --- Sphinx glue -----------------------------------------------------------------------

def test_plotly_is_linked_only_on_pages_with_a_figure() -> None:
    assert sphinxext.scripts_for_body("<p>text only</p>") == []
    with_figure = sphinxext.scripts_for_body(figures.figure_html(small_figure()))
    assert with_figure[0] == "painmood-plotly.js"  # which loads plotly.js when a figure is near
    assert len(with_figure) == len(set(with_figure))


def test_missing_front_end_files_stop_the_build(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sphinxext, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(sphinxext.MissingFrontEndError, match="npm ci"):
        sphinxext.copy_vendor_files(tmp_path / "site")


# --- server ----------------------------------------------------------------------------

def test_server_sends_gzip_to_browsers_that_accept_it(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>" + "pain and mood " * 200 + "</p>")
    server, url = start_server(tmp_path)
    try:
        zipped = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}))
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.read()).decode().count("pain and mood") == 200
        plain = urllib.request.urlopen(url)
        assert plain.headers["Content-Encoding"] is None
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(url + "missing.js")
    finally:
        server.shutdown()


def test_server_refuses_a_folder_without_a_site(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make book"):
        start_server(tmp_path)


# --- data files ------------------------------------------------------------------------

def test_require_names_file_item_and_field() -> None:
    with pytest.raises(DataFileError) as err:
        require("7", int, "assets/x.yaml", "region 'amygdala'.mni_left")
    assert str(err.value) == "assets/x.yaml: region 'amygdala': field 'mni_left' must be a int, got a str ('7')"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, "3", None, 11])
def test_numbers_must_be_finite_and_in_range(value) -> None:
    with pytest.raises(DataFileError) as err:
        require_number(value, "assets/model.yaml", "parameter 'weeks'.value", 0, 10)
    assert (err.value.item, err.value.field) == ("parameter 'weeks'", "value")


def test_numbers_keep_their_written_type() -> None:
    assert require_number(22, "f.yaml", "row.high") == 22 and isinstance(require_number(22, "f.yaml", "row.high"), int)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["treatments"].append(dict(d["treatments"][0])), "id"),
        (lambda d: d["treatments"][0].update(family="surgery"), "family"),
        (lambda d: d["treatments"][-1].update(components=["antidepressant", "surgery"]), "components"),
        (lambda d: d["treatments"][1].pop("name_zh"), "name_zh"),
    ],
)
def test_bad_treatment_files_are_named(change, field: str) -> None:
    import yaml

    data = yaml.safe_load((REPO_ROOT / "assets" / "treatments.yaml").read_text())
    change(data)
    with pytest.raises(DataFileError) as err:
        parse_treatments(data, Path("treatments.yaml"))
    assert err.value.field == field and "treatments.yaml" in str(err.value)


def test_treatment_vocabulary_loads() -> None:
    treatments = load_treatments()
    assert treatments["combined_care"].components == ("antidepressant", "cbt", "exercise")
    assert all(t.name_zh for t in treatments.values())


# --- offline guard, pins, Makefile ------------------------------------------------------

def test_network_outside_loopback_is_refused_during_tests() -> None:
    with pytest.raises(ConnectionRefusedError, match="blocked while testing"):
        socket.create_connection(("198.51.100.7", 80), timeout=2)


def test_every_python_dependency_is_pinned() -> None:
    lines = [ln.strip() for ln in (REPO_ROOT / "requirements.txt").read_text().splitlines()]
    requirements = [ln for ln in lines if ln and not ln.startswith("#")]
    assert requirements[-1] == "-e ."
    loose = [ln for ln in requirements[:-1] if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.\-+]+", ln)]
    assert loose == []
    names = {ln.split("==")[0].lower() for ln in requirements[:-1]}
    assert {"jupyter-book", "nilearn", "plotly", "ipywidgets", "matplotlib", "playwright"} <= names


def test_makefile_targets_are_phony_and_ci_runs_make_test() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text()
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    assert {"serve", "test", "book"} <= set(phony)
    ci = [ln for ln in (REPO_ROOT / ".ci" / "run").read_text().splitlines() if ln and not ln.startswith(("#", "set ", "cd "))]
    assert ci == ["make test"]


# --- data files are validated when the book builds ----------------------------------------

def test_validation_names_the_bad_file_item_and_field(monkeypatch, tmp_path: Path) -> None:
    from painmood import quiz, validate

    bad_dir = tmp_path / "quizzes"
    bad_dir.mkdir()
    (bad_dir / "unknown_type.yaml").write_text(
        (REPO_ROOT / "tests" / "fixtures" / "quizzes_bad" / "unknown_type.yaml").read_text())
    monkeypatch.setattr(validate, "load_all_quizzes", lambda: quiz.load_all_quizzes(bad_dir))
    with pytest.raises(SystemExit) as stop:
        validate.main()
    assert "invalid data file:" in str(stop.value) and "unknown_type.yaml" in str(stop.value)
    assert "field 'type'" in str(stop.value)


def test_the_build_validates_data_before_executing_notebooks(monkeypatch) -> None:
    def broken() -> None:
        raise DataFileError("assets/regions.yaml", "region 'pag'", "mni", "is outside the brain mask")

    monkeypatch.setattr(sphinxext, "validate_all", broken)
    with pytest.raises(DataFileError, match="regions.yaml: region 'pag': field 'mni'"):
        sphinxext._check_inputs(object())
