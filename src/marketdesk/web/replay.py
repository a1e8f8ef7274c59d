"""Answer a repeated API request from the body cache, before routing.

A cached API answer is already bytes (raw and gzip) with its ETag (:class:`~.bodies.Body`), but
reaching it through FastAPI still costs routing, parameter validation and dependency solving:
about 0.3 ms of CPU per request, most of a cached fact sheet's service time. The store is
read-only for the server's life and each cached GET endpoint's answer depends only on its URL,
so once a route has answered a URL from the cache (:func:`remember`), :class:`Replay` answers the
same path and query string again with the same :func:`~.bodies.send` (ETag, 304, gzip), without
routing. The URL index holds cache keys, not bodies: the byte-bounded body cache stays the one
bound, and a URL whose body was evicted is routed (and recomputed) as the first time.

Replay sits inside :class:`~.middleware.Gate`: the Host check, ``HEAD`` and the security headers
apply to replayed answers as to routed ones.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from fastapi import Request

from .bodies import Body, send
from .state import WebState

__all__ = ["MAX_URL", "Replay", "remember", "url_key"]

Scope = MutableMapping[str, Any]

#: Longest path + query string (bytes) remembered; a longer URL is always routed.
MAX_URL = 2048


def url_key(scope: Scope) -> tuple[bytes, bytes]:
    """A request's exact path and query string, as received (``%5ERUT`` and ``^RUT`` differ)."""
    return scope.get("raw_path") or scope["path"].encode(), scope.get("query_string", b"")


def remember(request: Request, key: tuple[str, ...]) -> None:
    """Record that ``request``'s URL is answered by the body cached under ``key``.

    Call it only for a GET route whose answer is a pure function of its URL (not of headers,
    cookies or the body), after the body was stored or found under ``key``."""
    path, query = url_key(request.scope)
    if len(path) + len(query) > MAX_URL:   # keeps the index small: 8192 keys of <= 2 kB
        return
    state: WebState = request.app.state.web
    state.urls.put((path, query), key)


class Replay:
    """ASGI middleware: a GET under ``/api/`` whose URL was :func:`remember`-ed, with its body
    still cached, is answered from the cache; anything else goes on to the app."""

    def __init__(self, app: Any, state: WebState, media_type: str) -> None:
        self.app = app
        self.state = state
        self.media_type = media_type

    async def __call__(self, scope: Scope, receive: Any, send_: Any) -> None:
        body = self._cached(scope)
        if body is None:
            await self.app(scope, receive, send_)
            return
        response = send(Request(scope), body, self.media_type)
        await response(scope, receive, send_)

    def _cached(self, scope: Scope) -> Body | None:
        if scope["type"] != "http" or scope.get("method") != "GET" \
                or not scope["path"].startswith("/api/"):
            return None
        key = self.state.urls.get(url_key(scope))
        if key is None:
            return None
        return self.state.bodies.get(key)
