"""The web dashboard: a thin FastAPI app over :class:`marketdesk.desk.Desk`.

``create_app(db)`` builds the app; ``marketdesk serve`` runs it with uvicorn on 127.0.0.1. Pages are
server-rendered (Jinja2, package templates); charts use the plotly.js cartesian partial bundle
shipped in this package's ``static/`` (``web.assets``; no CDN). The statistics come
from ``marketdesk.facts``, ``marketdesk.check`` and ``marketdesk.wrap``; nothing is computed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":  # FastAPI is an optional dependency: import it on first use
        from .app import create_app

        return create_app
    raise AttributeError(name)
