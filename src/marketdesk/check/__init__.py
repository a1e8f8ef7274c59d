"""marketdesk.check: find the numeric market claims in an article, recompute each, give verdicts.

The names below are imported on first use, so ``import marketdesk`` stays cheap; the package is
also callable as ``marketdesk.check(text, as_of=...)`` (see ``marketdesk/__init__.py``).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "check": ".api", "read_article": ".article", "html_to_text": ".article",
    "article_date": ".article", "rows": ".report", "to_json": ".report",
    "to_markdown": ".report", "to_html": ".report", "CheckResult": ".model", "Claim": ".model",
    "ClaimPeriod": ".model", "Verdict": ".model", "SummaryPoint": ".model",
    "ArticleDate": ".model",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_EXPORTS)
