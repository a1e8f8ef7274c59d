"""One error shape for the JSON API and friendly error pages for the HTML routes.

Every ``/api/`` error body is ``{"error": {"type", "message", "exit_code"}}`` -- the CLI's
``--json`` shape, built by the same function (``marketdesk.errors.error_payload``); the HTTP
status is the response's. Project errors map to HTTP statuses here (unknown symbol -> 404, bad
date -> 400, locked store -> 503); anything unexpected is a 500 whose message names no internals.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import (
    DataFormatError,
    DateError,
    MarketdeskError,
    NoDataError,
    StoreError,
    SymbolError,
    error_payload,
)

__all__ = ["WebError", "status_of", "error_body", "is_api", "install_handlers", "public_message",
           "TITLES"]

log = logging.getLogger("marketdesk.web")

_STATUS: list[tuple[type[BaseException], int]] = [
    (SymbolError, 404), (NoDataError, 404), (DateError, 400), (DataFormatError, 400),
    (StoreError, 503), (MarketdeskError, 400),
]
TITLES = {400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
           413: "Too large", 415: "Unsupported media type", 500: "Server error",
           503: "Store unavailable"}


class WebError(MarketdeskError):
    """An HTTP error raised by the web layer itself (bad upload, bad parameter, no such page).

    ``error_type`` names it in the error body ("TooLarge", "BadUpload"); ``exit_code`` is the
    CLI's for the same kind of failure: 2 (usage) for a bad request, 1 for a server error.
    """

    def __init__(self, status: int, message: str, type_: str = "BadRequest",
                 exit_code: int | None = None) -> None:
        self.status = status
        self.message = message
        self.error_type = type_
        self.exit_code = exit_code if exit_code is not None else (1 if status >= 500 else 2)
        super().__init__(message)


def status_of(err: BaseException) -> int:
    """The HTTP status of a project or web error (500 for anything else)."""
    if isinstance(err, WebError):
        return err.status
    for cls, status in _STATUS:
        if isinstance(err, cls):
            return status
    return 500


#: An absolute file-system path (POSIX or Windows) inside a message.
_PATH = re.compile(r"(?:[A-Za-z]:\\|/)(?:[^\s'\"/\\]+[/\\])+([^\s'\"/\\]*)")


def public_message(err: BaseException) -> str:
    """The error's message with server file paths cut to their last part: a visitor learns
    which file ("shared.duckdb"), never where the server keeps it."""
    return _PATH.sub(lambda m: m.group(1) or "(path)", str(err))


def error_body(err: BaseException) -> dict[str, Any]:
    """The one JSON error shape (``errors.error_payload``, shared with the CLI), with
    :func:`public_message` as its message."""
    body = error_payload(err)
    body["error"]["message"] = public_message(err)
    return body


def is_api(request: Request) -> bool:
    path: str = request.url.path
    return path.startswith("/api/") or path == "/api"


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install_handlers(app: FastAPI, render_error: Any) -> None:
    """Register the handlers; ``render_error(request, status, title, message, err)`` draws pages."""

    def respond(request: Request, status: int, err: MarketdeskError) -> Response:
        if is_api(request):
            return JSONResponse(error_body(err), status_code=status)
        return render_error(request, status, TITLES.get(status, "Error"), public_message(err),
                            err)

    @app.exception_handler(MarketdeskError)
    async def _project(request: Request, exc: MarketdeskError) -> Response:
        return respond(request, status_of(exc), exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 400, WebError(400, _validation_message(exc), "ValidationError"))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        names = {403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed", 413: "TooLarge",
                 415: "UnsupportedMediaType"}
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"No page at {request.url.path[:100]}."
        return respond(request, exc.status_code,
                       WebError(exc.status_code, message, names.get(exc.status_code, "HTTPError")))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, WebError(
            500, "Something went wrong on the server; the error was logged.", "InternalError"))


def html_fallback(status: int, message: str) -> HTMLResponse:
    """A bare page, used only if the error template itself cannot render."""
    import html

    return HTMLResponse(f"<!doctype html><title>{status}</title><p>{html.escape(message)}</p>",
                        status_code=status)
