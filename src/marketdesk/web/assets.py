"""Static assets, served only from fixed files inside this package.

No part of a request path is ever joined to a file-system path: :data:`FILES` names every file
that can be served. Plotly is the plotly.js **cartesian partial bundle** (the trace types the
pages draw: scatter, bar, heatmap), version :data:`PLOTLY_VERSION`, shipped in ``static/`` with its
MIT licence (``plotly-LICENSE.txt``), from the npm package ``plotly.js-cartesian-dist-min``.
Pages link each asset as ``/assets/NAME?v=HASH``: with the hash of the bytes it is cached for a
year (immutable); without it, revalidated by ETag. Every asset is sent gzip-compressed when the
browser takes it (compressed once, at first use).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .bodies import IMMUTABLE, NO_CACHE, Body, send
from .errors import WebError

__all__ = ["router", "asset", "asset_url", "FILES", "PLOTLY_VERSION", "PLOTLY_FILE"]

#: The plotly.js version of the shipped bundle (tests check the browser reports it).
PLOTLY_VERSION = "4.1.1"
PLOTLY_FILE = "plotly-cartesian.min.js"
#: Every file that can be served, with its media type.
FILES = {PLOTLY_FILE: "text/javascript; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
         "app.css": "text/css; charset=utf-8", "plotly-LICENSE.txt": "text/plain; charset=utf-8"}

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=len(FILES))
def asset(name: str) -> Body:
    """The bytes of a packaged asset (``name`` must be in :data:`FILES`), with ETag and gzip."""
    return Body.of(resources.files("marketdesk.web").joinpath("static", name).read_bytes())


def asset_url(name: str) -> str:
    """The versioned URL of an asset, for templates: ``/assets/app.js?v=<etag>``."""
    return f"/assets/{name}?v={asset(name).etag.strip(chr(34))}"


@router.get("/assets/{name}")
def serve_asset(request: Request, name: str) -> Response:
    if name not in FILES:
        raise WebError(404, f"No asset named {name[:60]!r}.", "NotFound")
    body = asset(name)
    versioned = request.query_params.get("v") == body.etag.strip('"')
    return send(request, body, FILES[name], IMMUTABLE if versioned else NO_CACHE)
