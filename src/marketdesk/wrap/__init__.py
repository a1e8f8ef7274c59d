"""wrap: the market story for a date, every figure rendered from a Fact (see ``compose``).

Names are imported on first use so ``import marketdesk`` stays cheap; the package is also
callable as ``marketdesk.wrap(date, ...)`` (see ``marketdesk/__init__.py``).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {"wrap": ".compose", "DEFAULT_SUBJECTS": ".compose", "Wrap": ".model",
            "ChartSpec": ".model", "Format": ".model", "FORMATS": ".model"}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_EXPORTS)
