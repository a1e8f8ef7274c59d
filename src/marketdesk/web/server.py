"""How ``marketdesk serve`` runs the app: one uvicorn process, tuned for many small requests.

- One worker: the caches (fact sheets, response bodies) live in the process, and a second
  worker would compute and hold everything twice.
- The C HTTP parser (httptools) and event loop (uvloop) when installed (the ``web`` extra
  asks for both where they build), else uvicorn's pure-Python h11 and asyncio: the same app,
  roughly twice the CPU per request.
- No access log (a line per request costs more than a cached answer), no ``Server`` header.
- After the app is built, the objects alive then (modules, the app, its routes) are frozen
  out of the garbage collector's reach (:func:`gc.freeze`), so that a collection during a
  request scans only what requests made, not the whole of polars, DuckDB and FastAPI.

The load benchmark (``benchmarks/web_load.py``) runs the app through :func:`config` too.
"""

from __future__ import annotations

import gc
import importlib.util
from typing import Any, Literal, TypedDict

__all__ = ["FastParts", "config", "fast_parts", "run"]


class FastParts(TypedDict):
    loop: Literal["uvloop", "asyncio"]
    http: Literal["httptools", "h11"]


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def fast_parts() -> FastParts:
    """uvicorn's ``loop`` and ``http`` settings: uvloop and httptools where importable."""
    return {"loop": "uvloop" if _has("uvloop") else "asyncio",
            "http": "httptools" if _has("httptools") else "h11"}


def config(app: Any, host: str, port: int) -> Any:
    """The ``uvicorn.Config`` of ``marketdesk serve`` for ``app`` on ``host:port``."""
    import uvicorn

    parts = fast_parts()
    return uvicorn.Config(app, host=host, port=port, workers=1, log_level="warning",
                          access_log=False, server_header=False, loop=parts["loop"],
                          http=parts["http"])


def run(app: Any, host: str, port: int) -> None:
    """Serve ``app`` until interrupted (see the module for the settings)."""
    import uvicorn

    server = uvicorn.Server(config(app, host, port))
    gc.collect()
    gc.freeze()
    server.run()
