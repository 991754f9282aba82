"""Serve the built site with gzip and cache validators, as a production static host would.

Usage: ``python -m painmood.serve [--host 127.0.0.1] [--port 8000] [--directory _build/html]``
(``make serve HOST=0.0.0.0 PORT=8080`` for a classroom: every device on the network can
then open the course). Every response carries ``Last-Modified``; a browser that asks
again with ``If-Modified-Since`` gets ``304 Not Modified`` without the body, so repeat
visits cost a few hundred bytes a file. A busy port or an address that cannot be used
gives one line saying what to change, and Ctrl-C stops the server cleanly (exit 0).

The browser tests and the benchmark use :func:`start_server` so that what they
measure is what a reader's browser receives.
"""

from __future__ import annotations

import argparse
import datetime
import email.utils
import errno
import gzip
import signal
import socket
import sys
import threading
from io import BytesIO
from functools import lru_cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from painmood.paths import REPO_ROOT

HOST = "127.0.0.1"
COMPRESSIBLE_SUFFIXES = {".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".xml", ".ipynb", ".md"}


@lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    # mtime is part of the cache key so a rebuilt file is compressed again.
    # mtime=0 in the gzip header keeps the bytes identical between runs.
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def not_modified_since(header: str | None, mtime: float) -> bool:
    """True when an ``If-Modified-Since`` header value is at or after ``mtime`` (a
    file's modification time, seconds): the client's copy is current. An ill-formed
    or missing header is False (send the file)."""
    if not header:
        return False
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, IndexError, OverflowError, ValueError):
        return False
    if since.tzinfo is None:  # obsolete formats without a zone are UTC (RFC 9110 5.6.7)
        since = since.replace(tzinfo=datetime.timezone.utc)
    modified = datetime.datetime.fromtimestamp(int(mtime), datetime.timezone.utc)
    return modified <= since


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text files gzip-compressed when the client accepts gzip; every
    file with ``Last-Modified``, answered with 304 when the client's copy is current."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slash URL
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()  # 404 (or a directory listing) as before
        mtime = path.stat().st_mtime
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE_SUFFIXES
        if "If-None-Match" not in self.headers and not_modified_since(self.headers.get("If-Modified-Since"), mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._validators(mtime, compress)
            self.end_headers()
            return None
        if not compress:
            return super().send_head()  # sends Last-Modified itself; end_headers adds the rest
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(mtime))
        self._validators(mtime, compress, last_modified=False)
        self.end_headers()
        return BytesIO(body)

    def _validators(self, mtime: float, compressed: bool, last_modified: bool = True) -> None:
        if last_modified:
            self.send_header("Last-Modified", self.date_time_string(mtime))
        if compressed:
            self.send_header("Vary", "Accept-Encoding")

    def end_headers(self) -> None:
        # The browser may keep a copy but asks each time whether it is still current
        # (a cheap 304), so a rebuilt site is seen at once.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


class ServerStartError(RuntimeError):
    """The server could not listen where it was asked to (one line for the reader)."""


def make_server(directory: Path, port: int = 8000, quiet: bool = False, host: str = HOST) -> ThreadingHTTPServer:
    """A gzip static server for ``directory`` on ``host`` (port 0 picks a free port).

    Raises :class:`FileNotFoundError` when the site is not built and
    :class:`ServerStartError` when the address cannot be used (port busy, no permission,
    unknown host), each with a one-line message naming the ``make`` setting to change.
    """
    directory = Path(directory)
    if not (directory / "index.html").is_file():
        raise FileNotFoundError(f"{directory} has no index.html: build the book first (make book)")
    handler = partial(GzipHandler, directory=str(directory))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        raise ServerStartError(_start_error_message(error, host, port)) from None
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


def _start_error_message(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return (f"Port {port} is already in use (another server is running there): "
                f"stop it, or choose another port, e.g. make serve PORT={port + 1}")
    if error.errno == errno.EACCES:
        return (f"No permission to use port {port} (ports below 1024 need root): "
                "choose another port, e.g. make serve PORT=8000")
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        return (f"Cannot listen on address {host!r} (not an address of this computer): "
                "use HOST=127.0.0.1 (this computer only) or HOST=0.0.0.0 (every network)")
    return f"Cannot listen on {host}:{port}: {error.strerror or error}; try another PORT= or HOST="


def check_address(host: str, port: int) -> None:
    """Raise :class:`ServerStartError` if a server could not listen on ``host:port`` now."""
    try:
        ThreadingHTTPServer((host, port), SimpleHTTPRequestHandler).server_close()
    except OSError as error:
        raise ServerStartError(_start_error_message(error, host, port)) from None


def start_server(directory: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start a quiet server on loopback in a background thread; return it and its base URL."""
    server = make_server(directory, port, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{HOST}:{server.server_address[1]}/"


def addresses_to_announce(host: str, port: int) -> list[str]:
    """The URLs to give readers: for 0.0.0.0 (every network) this computer's own
    addresses as the system knows them (no outside lookup), else the one asked for."""
    if host not in {"0.0.0.0", "", "::"}:
        return [f"http://{host}:{port}/"]
    found = {"127.0.0.1"}
    try:
        found |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except OSError:
        pass
    return [f"http://{address}:{port}/" for address in sorted(found)]


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=HOST,
                        help="address to listen on: 127.0.0.1 (this computer, default) or 0.0.0.0 (every network)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--directory", type=Path, default=REPO_ROOT / "_build" / "html")
    parser.add_argument("--check", action="store_true",
                        help="only check that the address can be used, then exit (make serve does this before building)")
    args = parser.parse_args(argv)
    if args.check:
        try:
            check_address(args.host, args.port)
        except ServerStartError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    try:
        server = make_server(args.directory, args.port, host=args.host)
    except (FileNotFoundError, ServerStartError) as error:
        print(error, file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _stop)  # stopped by a process manager: as clean as Ctrl-C
    # A shell starts background jobs with Ctrl-C ignored, and Python keeps that; the server must
    # still stop on SIGINT wherever it was started from.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    port = server.server_address[1]
    urls = " or ".join(addresses_to_announce(args.host, port))
    print(f"Serving {args.directory} at {urls} (gzip). Ctrl+C stops.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped.", flush=True)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C before the server was listening
        sys.exit(0)
