"""Serve a built site on 127.0.0.1 for the link checks, the audit and browser tests.

Like a real static host it compresses text with gzip, and it tells
LinkChecker it may send more than 10 requests a second (the "LinkChecker"
header). It answers only on the loopback address and logs nothing.
"""

from __future__ import annotations

import functools
import gzip
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".txt", ".svg", ".bib")


@functools.lru_cache(maxsize=512)
def _compressed(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's gzip body, compressed once (by path, time and size): the audit loads
    every page in two browsers, some several times, and compressing it again would
    add to the time to first byte that Lighthouse measures."""
    return gzip.compress(Path(path).read_bytes(), mtime=0)


class _Handler(SimpleHTTPRequestHandler):
    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in _COMPRESSIBLE):
            return super().send_head()
        stat = path.stat()
        body = _compressed(str(path), stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("LinkChecker", "allowed")
        super().end_headers()

    def log_message(self, format, *args):  # "format": http.server's name
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up early is not the site's problem


class SiteServer:
    """``with SiteServer(path) as base:`` serves *path* at ``base`` (``http://127.0.0.1:N/``)."""

    def __init__(self, site: Path) -> None:
        handler = functools.partial(_Handler, directory=str(site))
        self._server = _Server(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
