"""ASGI middleware: what every request passes before a route sees it.

:class:`Gate` checks, in order: the ``Host`` header against an allow-list (loopback names unless
``marketdesk serve --host`` names another; this is what stops DNS rebinding from reading the API
through a victim's browser), the ``Origin`` of a POST (no cross-site form or fetch may drive the
checker), and the body size (413 by Content-Length or while streaming, chunked bodies included).
It answers ``HEAD`` for every GET route (the GET response without its body) and adds
:data:`SECURITY_HEADERS` to every response.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

from starlette.middleware.gzip import GZipMiddleware

from .jsonio import dumps

__all__ = ["Gate", "PageGZip", "SECURITY_HEADERS", "LOOPBACK_HOSTS", "host_name"]

Scope = MutableMapping[str, Any]

#: Scripts only from this origin (the package's own files); inline styles for Plotly's SVG.
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
     b"img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
     b"form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

#: The names a browser on this machine uses for a server bound to loopback.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def host_name(value: str) -> str:
    """The host of a ``Host`` header or an origin's authority, lower-case, without the port
    ("[::1]:8000" -> "::1", "LocalHost:80" -> "localhost")."""
    v = value.strip().lower()
    if v.startswith("["):
        return v[1:v.find("]")] if "]" in v else v
    return v.rsplit(":", 1)[0] if v.count(":") == 1 else v


class _TooLarge(Exception):
    pass


class Gate:
    """Host allow-list, same-origin POSTs, body limit, HEAD, security headers (see the module).

    ``hosts``: the allowed host names (default :data:`LOOPBACK_HOSTS`); ``"*"`` allows any.
    """

    def __init__(self, app: Any, max_bytes: int, hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        names = {host_name(h) for h in (hosts if hosts is not None else LOOPBACK_HOSTS)}
        self.any_host = "*" in names
        self.hosts = frozenset(names)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        if not self.any_host and host_name(host) not in self.hosts:
            await self._refuse(scope, send, 400, "BadHost",
                               f"This server answers only for {', '.join(sorted(self.hosts))}; "
                               "the server's --host option names another it may serve.")
            return
        method = scope.get("method", "GET")
        if method not in _SAFE and not self._same_origin(headers, host):
            await self._refuse(scope, send, 403, "CrossOrigin",
                               "Cross-site requests may not post to this server: submit the "
                               "form from the dashboard's own page.")
            return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse_size(scope, send)
            return
        head = method == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        seen = 0
        state = {"started": False, "over": False}

        async def limited_receive() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    state["over"] = True
                    raise _TooLarge()
            return message

        async def guarded_send(message: Any) -> None:
            if state["over"]:      # the app's answer to a cut-off body (e.g. 400) is dropped
                return
            if message["type"] == "http.response.start":
                state["started"] = True
                message = {**message, "headers": [*message.get("headers", []),
                                                  *SECURITY_HEADERS]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            pass
        if state["over"] and not state["started"]:
            await self._refuse_size(scope, send)

    @staticmethod
    def _same_origin(headers: dict[bytes, bytes], host: str) -> bool:
        """A state-changing request is same-origin: its Origin (when sent) names this host, and
        the browser does not call it cross-site. Clients that send neither (curl, scripts)
        pass; the Host check already tied them to an allowed name."""
        origin = headers.get(b"origin")
        fetch_site = headers.get(b"sec-fetch-site")
        if origin is not None and origin != b"null":
            text = origin.decode("latin-1")
            authority = text.split("://", 1)[1] if "://" in text else ""
            return bool(authority) and authority.lower() == host.strip().lower()
        if origin == b"null":   # our no-referrer policy makes a browser send "null" for forms
            return fetch_site in (b"same-origin", b"none")
        return fetch_site in (None, b"same-origin", b"none")

    async def _refuse_size(self, scope: Scope, send: Any) -> None:
        mb = self.max_bytes / 1_000_000
        await self._refuse(scope, send, 413, "TooLarge",
                           f"The request body is larger than {mb:g} MB.")

    @staticmethod
    async def _refuse(scope: Scope, send: Any, status: int, type_: str, message: str) -> None:
        if scope["path"].startswith("/api/"):
            from .errors import WebError, error_body

            body = dumps(error_body(WebError(status, message, type_)))
            ctype = b"application/json"
        else:
            import html

            from .errors import TITLES

            title = html.escape(TITLES.get(status, "Error"))
            body = (f"<!doctype html><meta charset=utf-8><title>{title}</title>"
                    f"<h1>{title}</h1><p>{html.escape(message)} "
                    f"<a href=\"/\">Back to the dashboard</a></p>").encode()
            ctype = b"text/html; charset=utf-8"
        if scope.get("method") == "HEAD":
            body = b""
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype),
                                (b"content-length", str(len(body)).encode()),
                                *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})


class PageGZip(GZipMiddleware):
    """Starlette's gzip for the pages, the API docs and the OpenAPI document only.

    API answers and assets arrive compressed and tagged already (``web.bodies.send``, cached
    with their ETag); passed through GZipMiddleware they would gain nothing, and an identity
    response would get a second ``Vary: Accept-Encoding``, unlike the same answer replayed
    from the cache (``web.replay``)."""

    #: Paths under a pre-compressed prefix that are still compressed here.
    COMPRESSED_HERE = frozenset({"/api/docs", "/api/openapi.json"})

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path.startswith(("/api/", "/assets/")) and path not in self.COMPRESSED_HERE:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
