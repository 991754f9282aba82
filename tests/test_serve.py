"""Serving the site to a classroom (``make serve HOST= PORT=``, ``painmood.serve``): the
server runs in a subprocess on a free loopback port; a busy port gives one line naming
``PORT=``; every response has ``Last-Modified`` and a repeat request with
``If-Modified-Since`` gets 304 without a body; Ctrl-C (SIGINT) stops it with exit 0 and
no traceback; a half-made ``.venv`` makes ``make`` say to delete it."""

from __future__ import annotations

import email.utils
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from conftest import offline_env
from painmood.paths import REPO_ROOT
from painmood.serve import not_modified_since


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<!doctype html><title>t</title><p>hello " + "pain " * 200, encoding="utf-8")
    (site / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    return site


def start(site: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "painmood.serve", "--directory", str(site), "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=offline_env(),
    )


def wait_until_listening(port: int, proc: subprocess.Popen[str], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited early: {proc.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not start listening")


@pytest.fixture(scope="module")
def running(tiny_site: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    proc = start(tiny_site, port)
    wait_until_listening(port, proc)
    yield port, proc
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


@pytest.mark.parametrize("path, gzip", [("/index.html", True), ("/index.html", False), ("/logo.png", True)])
def test_last_modified_and_304(running, path: str, gzip: bool) -> None:
    port, _ = running
    accept = {"Accept-Encoding": "gzip"} if gzip else {}
    first = get(port, path, accept)
    assert first.status == 200 and first.body
    last_modified = first.getheader("Last-Modified")
    assert last_modified and email.utils.parsedate_to_datetime(last_modified)
    assert first.getheader("Cache-Control") == "no-cache"
    again = get(port, path, {**accept, "If-Modified-Since": last_modified})
    assert again.status == 304 and again.body == b""
    assert again.getheader("Last-Modified") == last_modified
    # An older copy gets the file again.
    stale = get(port, path, {**accept, "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert stale.status == 200 and stale.body == first.body


def test_gzip_is_still_sent(running) -> None:
    port, _ = running
    response = get(port, "/index.html", {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Vary") == "Accept-Encoding"


def test_if_modified_since_rules() -> None:
    assert not_modified_since("Mon, 01 Jan 2001 00:00:10 GMT", 978307210.7)  # same second
    assert not not_modified_since("Mon, 01 Jan 2001 00:00:09 GMT", 978307210.0)
    assert not not_modified_since("not a date", 0)
    assert not not_modified_since(None, 0)


def test_busy_port_gives_one_line_naming_port(tiny_site: Path, running) -> None:
    port, _ = running
    proc = start(tiny_site, port)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert "Traceback" not in err and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert f"Port {port} is already in use" in err and f"PORT={port + 1}" in err
    # The check make serve runs before building says the same.
    check = subprocess.run([sys.executable, "-m", "painmood.serve", "--check", "--port", str(port)],
                           capture_output=True, text=True, env=offline_env(), timeout=30)
    assert check.returncode == 1 and check.stderr == err


def test_unknown_host_gives_one_line_naming_host(tiny_site: Path) -> None:
    proc = start(tiny_site, free_port(), "--host", "192.0.2.1")  # TEST-NET: never this machine's
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "HOST=" in err


def test_ctrl_c_exits_cleanly(tiny_site: Path) -> None:
    port = free_port()
    proc = start(tiny_site, port)
    wait_until_listening(port, proc)
    assert get(port, "/index.html").status == 200
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "Stopped." in out


def test_every_network_address_is_announced(tiny_site: Path) -> None:
    port = free_port()
    proc = start(tiny_site, port, "--host", "0.0.0.0")
    try:
        wait_until_listening(port, proc)
        assert get(port, "/index.html").status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_half_made_venv_is_named(tmp_path: Path) -> None:
    """A .venv whose Python has no pip: make says to delete it (and installs nothing)."""
    venv = tmp_path / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    stamp = venv / ".installed"
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO_ROOT), f"VENV={venv}", f"PYTHON={sys.executable}", str(stamp)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "MAKEFLAGS": ""},
    )
    assert proc.returncode != 0
    assert f"{venv} is half-made" in proc.stdout and f"rm -rf {venv}" in proc.stdout
    assert not stamp.exists()
