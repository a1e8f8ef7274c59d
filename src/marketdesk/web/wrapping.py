"""The bridge to ``marketdesk.wrap``: the story for a date as an HTML fragment, Markdown or JSON.

The wrap writer renders a standalone HTML page (charts embedded as PNG); the dashboard shows the
inside of its ``<body>``. Results are cached per date (the store is read-only for the server's
life). If the writer is not installed, :func:`writer` is None and the page says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .state import WebState

__all__ = ["writer", "render", "markdown", "as_dict"]


def writer() -> Any | None:
    """``marketdesk.wrap.wrap(desk, date, fmt=...)``, or None while the writer is absent."""
    try:
        from ..wrap import wrap
    except ImportError:
        return None
    return wrap if callable(wrap) else None


def _body_of(page: str) -> str:
    """The inside of a page's ``<body>`` (the writer escapes its text; charts are data: PNGs)."""
    lo, hi = page.find("<body>"), page.rfind("</body>")
    return page[lo + len("<body>"):hi].strip() if lo >= 0 and hi > lo else page


def _wrap(state: WebState, day: dt.date, fmt: str) -> Any | None:
    fn = writer()
    if fn is None:
        return None
    with state.desk() as desk:
        return fn(desk, day, fmt=fmt)


def render(state: WebState, day: dt.date) -> str | None:
    """The wrap for ``day`` as an HTML fragment (with charts), or None without the writer."""
    if writer() is None:
        return None

    def build() -> bytes:
        w = _wrap(state, day, "html")
        return _body_of(w.render("html")).encode("utf-8")

    return state.bodies.get_or_compute(("wrap-html", day.isoformat()), build).decode("utf-8")


def markdown(state: WebState, day: dt.date) -> str | None:
    """The wrap for ``day`` as Markdown with its footnotes (no chart images), or None."""
    if writer() is None:
        return None
    return state.bodies.get_or_compute(
        ("wrap-md", day.isoformat()),
        lambda: _wrap(state, day, "text").render("md").encode("utf-8")).decode("utf-8")


def as_dict(state: WebState, day: dt.date) -> dict[str, Any] | None:
    """The wrap's JSON form (headline, paragraphs with their Facts, notes), or None."""
    if writer() is None:
        return None
    w = _wrap(state, day, "text")
    return w.to_dict()  # type: ignore[no-any-return]
