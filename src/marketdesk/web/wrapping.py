"""The bridge to ``marketdesk.wrap``: the story for a date as an HTML fragment, Markdown or JSON.

The wrap writer renders a standalone HTML page (charts embedded as PNG); the dashboard shows the
inside of its ``<body>``. Results are cached per date (the store is read-only for the server's
life).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .bodies import Body
from .state import WebState

__all__ = ["render", "markdown", "as_dict"]


def _body_of(page: str) -> str:
    """The inside of a page's ``<body>`` (the writer escapes its text; charts are data: PNGs),
    with each ``id`` kept on its first element only (the writer repeats a footnote's back-link
    id, ``ref1``, when one figure is cited twice; a page may hold an id once)."""
    import re

    lo, hi = page.find("<body>"), page.rfind("</body>")
    inner = page[lo + len("<body>"):hi].strip() if lo >= 0 and hi > lo else page
    seen: set[str] = set()

    def once(m: re.Match[str]) -> str:
        if m.group(1) in seen:
            return ""
        seen.add(m.group(1))
        return m.group(0)

    return re.sub(r' id="([^"]+)"', once, inner)


def _wrap(state: WebState, day: dt.date, fmt: str) -> Any:
    from ..wrap.compose import wrap

    with state.desk() as desk:
        return wrap(desk, day, fmt=fmt)  # type: ignore[arg-type]


def render(state: WebState, day: dt.date) -> str:
    """The wrap for ``day`` as an HTML fragment (with charts)."""

    def build() -> Body:
        return Body.of(_body_of(_wrap(state, day, "html").render("html")).encode("utf-8"))

    return state.bodies.get_or_compute(("wrap-html", day.isoformat()), build).raw.decode("utf-8")


def markdown(state: WebState, day: dt.date) -> str:
    """The wrap for ``day`` as Markdown with its footnotes (no chart images)."""
    return state.bodies.get_or_compute(
        ("wrap-md", day.isoformat()),
        lambda: Body.of(_wrap(state, day, "text").render("md").encode("utf-8"))).raw.decode("utf-8")


def as_dict(state: WebState, day: dt.date) -> dict[str, Any]:
    """The wrap's JSON form (headline, paragraphs with their Facts, notes)."""
    return _wrap(state, day, "text").to_dict()
