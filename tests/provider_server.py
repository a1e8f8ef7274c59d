"""A real local HTTP server for provider tests: serves scripted responses on 127.0.0.1.

Each path (without query) has a queue of :class:`Reply`; a request takes the next reply, and the
last one repeats. A reply can delay (to trigger a client timeout), send any status and headers,
or promise more bytes in ``Content-Length`` than it sends (a truncated body). Every request is
recorded (path, query) so tests can count attempts. The server runs in a daemon thread with
daemon handler threads, so a slow handler never blocks shutdown.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_DELAY = 5.0  # a handler never sleeps longer than this, whatever a test asks


@dataclass(frozen=True)
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0          # seconds to wait before answering
    extra_length: int = 0       # claim this many more bytes than sent, then close


class ProviderServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with a reply script and a request log."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script: dict[str, list[Reply]] = defaultdict(list)
        self.requests: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, *replies: Reply) -> None:
        """Answer requests to ``path`` with ``replies`` in turn (the last one repeats)."""
        with self.lock:
            self.script[path] = list(replies)

    def hits(self, path: str) -> list[dict[str, str]]:
        """The query parameters of each request made to ``path``."""
        with self.lock:
            return [q for p, q, _ in self.requests if p == path]

    def headers(self, path: str) -> list[dict[str, str]]:
        """The request headers of each request made to ``path``."""
        with self.lock:
            return [h for p, _, h in self.requests if p == path]

    def next_reply(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Reply:
        """Log the request and take the next scripted reply for ``path`` (404 if none)."""
        with self.lock:
            self.requests.append((path, query, headers))
            queue = self.script.get(path)
            if not queue:
                return Reply(404, b"<html><body>Not Found</body></html>",
                             {"Content-Type": "text/html"})
            return queue.pop(0) if len(queue) > 1 else queue[0]


class _Handler(BaseHTTPRequestHandler):
    server: ProviderServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        reply = self.server.next_reply(parts.path, query, dict(self.headers.items()))
        if reply.delay:
            time.sleep(min(reply.delay, MAX_DELAY))
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body) + reply.extra_length))
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test); nothing to do
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silence the default stderr log."""


@contextmanager
def serve() -> Iterator[ProviderServer]:
    """Run a :class:`ProviderServer` on a random port for the duration of the block."""
    server = ProviderServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


__all__ = ["Reply", "ProviderServer", "serve", "MAX_DELAY"]
