"""Serve the built site on loopback with gzip, as a production static host would.

Usage: ``python -m painmood.serve [--port 8000] [--directory _build/html]``.
The browser tests and the benchmark use :func:`start_server` so that what they
measure is what a reader's browser receives.
"""

from __future__ import annotations

import argparse
import gzip
import threading
from io import BytesIO
from functools import lru_cache, partial
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


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text files gzip-compressed when the client accepts gzip."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slash URL
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and path.suffix in COMPRESSIBLE_SUFFIXES):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


def make_server(directory: Path, port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    """A gzip static server for ``directory`` on 127.0.0.1 (port 0 picks a free port)."""
    directory = Path(directory)
    if not (directory / "index.html").is_file():
        raise FileNotFoundError(f"{directory} has no index.html: build the book first (make book)")
    handler = partial(GzipHandler, directory=str(directory))
    server = ThreadingHTTPServer((HOST, port), handler)
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


def start_server(directory: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start a quiet server in a background thread; return it and its base URL."""
    server = make_server(directory, port, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{HOST}:{server.server_address[1]}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--directory", type=Path, default=REPO_ROOT / "_build" / "html")
    args = parser.parse_args()
    server = make_server(args.directory, args.port)
    print(f"Serving {args.directory} at http://{HOST}:{args.port}/ (gzip). Ctrl+C stops.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
