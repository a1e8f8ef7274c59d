"""The app factory: ``create_app(db)`` wires the API, the pages, the assets and the handlers."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from .errors import html_fallback, install_handlers
from .middleware import BodyLimit
from .service import MAX_ARTICLE
from .state import WebState

__all__ = ["create_app", "templates"]

#: Body limit: the 1 MB article plus room for the form's other fields and multipart framing.
MAX_BODY = MAX_ARTICLE + 64_000


def templates() -> Jinja2Templates:
    """The package's Jinja2 templates (autoescaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("marketdesk.web", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    return Jinja2Templates(env=env)


def create_app(db: Path | None = None) -> FastAPI:
    """The marketdesk web app over the store at ``db`` (default: the user's store), read-only."""
    from ..version import __version__
    from . import api, assets, pages

    app = FastAPI(
        title="marketdesk",
        summary="The numbers behind market news: facts, charts and article checks.",
        version=__version__,
        docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json",
    )
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
    app.include_router(assets.router)
    app.include_router(pages.router)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY)
    return app

