"""JSON bodies for the API: dates as ISO strings, NaN as null, bytes ready to cache."""

from __future__ import annotations

import datetime as dt
import json
import math
from enum import Enum
from typing import Any


__all__ = ["dumps", "MEDIA_TYPE"]

MEDIA_TYPE = "application/json"


def _default(obj: Any) -> Any:
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return obj.value
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return str(obj)


def _clean(obj: Any) -> Any:
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def dumps(payload: Any) -> bytes:
    """Compact UTF-8 JSON; non-finite floats become null (JSON has no NaN)."""
    try:
        text = json.dumps(payload, default=_default, allow_nan=False, separators=(",", ":"),
                          ensure_ascii=False)
    except ValueError:
        text = json.dumps(_clean(payload), default=_default, allow_nan=False,
                          separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")
