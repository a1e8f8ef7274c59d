"""Static assets, served only from fixed files inside installed packages.

No part of a request path is ever joined to a file-system path: each route names one file.
Plotly's JavaScript comes from the ``plotly`` Python package (``package_data/plotly.min.js``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

__all__ = ["router", "plotly_js_path"]

router = APIRouter(include_in_schema=False)
_CACHE = "public, max-age=86400"


@lru_cache(maxsize=1)
def plotly_js_path() -> Path:
    """The minified Plotly bundle inside the installed ``plotly`` package."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the plotly package at {path}")
    return path


@lru_cache(maxsize=4)
def _own(name: str) -> bytes:
    return resources.files("marketdesk.web").joinpath("static", name).read_bytes()


@router.get("/assets/plotly.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(plotly_js_path(), media_type="text/javascript",
                        headers={"cache-control": _CACHE})


@router.get("/assets/app.css")
def app_css() -> Response:
    return Response(_own("app.css"), media_type="text/css", headers={"cache-control": "no-cache"})


@router.get("/assets/app.js")
def app_js() -> Response:
    return Response(_own("app.js"), media_type="text/javascript",
                    headers={"cache-control": "no-cache"})
