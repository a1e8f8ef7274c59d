"""The app factory: ``create_app(db)`` wires the API, the pages, the assets and the handlers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from .errors import html_fallback, install_handlers
from .jsonio import MEDIA_TYPE
from .middleware import Gate, PageGZip
from .replay import Replay
from .service import MAX_ARTICLE
from .state import WebState

__all__ = ["create_app", "templates"]

#: Body limit: the 1 MB article plus room for the form's other fields and multipart framing.
MAX_BODY = MAX_ARTICLE + 64_000


def templates() -> Jinja2Templates:
    """The package's Jinja2 templates (autoescaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from .apidocs import literals
    from .assets import PLOTLY_FILE, asset_url

    env = Environment(loader=PackageLoader("marketdesk.web", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals["asset_url"] = asset_url
    env.globals["PLOTLY_FILE"] = PLOTLY_FILE
    env.filters["literals"] = literals
    return Jinja2Templates(env=env)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema without the 422 ``HTTPValidationError`` it adds to every operation:
    this app answers a bad parameter with 400 in the one error shape (declared per route)."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        spec = get_openapi(title=app.title, version=app.version, summary=app.summary,
                           description=app.description, routes=app.routes)
        for item in spec.get("paths", {}).values():
            for op in item.values():
                op.get("responses", {}).pop("422", None)
        schemas = spec.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = spec
    return app.openapi_schema


def create_app(db: Path | None = None, hosts: Iterable[str] | None = None) -> FastAPI:
    """The marketdesk web app over the store at ``db`` (default: the user's store), read-only.

    ``hosts``: the ``Host`` names it answers for (default: loopback names; ``"*"`` for any), see
    :class:`~marketdesk.web.middleware.Gate`.
    """
    from ..version import __version__
    from . import api, apidocs, assets, pages

    app = FastAPI(
        title="marketdesk",
        summary="The numbers behind market news: facts, charts and article checks.",
        version=__version__,
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]  # FastAPI's documented override
    app.state.web = WebState(Path(db) if db is not None else None)
    app.state.templates = templates()

    def render_error(request: Request, status: int, title: str, message: str,
                     err: BaseException | None) -> Response:
        suggestions = list(getattr(err, "suggestions", []) or [])
        try:
            return app.state.templates.TemplateResponse(
                request, "error.html",
                {"title": title, "status": status, "message": message,
                 "suggestions": suggestions, "symbols": pages.known_symbols(app.state.web)
                 if status == 404 else []},
                status_code=status)
        except Exception:  # the error page must never fail itself
            return html_fallback(status, message)

    install_handlers(app, render_error)
    app.include_router(api.router)
    app.include_router(apidocs.router)
    app.include_router(assets.router)
    app.include_router(pages.router)
    # pages are compressed on the way out; API bodies and assets arrive compressed (cached)
    app.add_middleware(PageGZip, minimum_size=1024, compresslevel=6)
    # a repeated API GET is answered from the body cache before routing (inside the Gate)
    app.add_middleware(Replay, state=app.state.web, media_type=MEDIA_TYPE)
    app.add_middleware(Gate, max_bytes=MAX_BODY, hosts=hosts)
    return app

