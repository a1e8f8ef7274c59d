"""The bridge to ``marketdesk.wrap``, which may not be installed in this tree yet.

The page expects ``marketdesk.wrap.wrap(date, desk=desk)`` returning an object with
``to_html()`` (an escaped HTML fragment) and ``to_markdown()``. If the writer is absent (or has
another shape), :func:`render` returns None and the page says the wrap is not available yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .state import WebState

__all__ = ["writer", "render", "markdown"]


def writer() -> Any | None:
    """The wrap entry point, or None while the writer has not landed."""
    try:
        import marketdesk.wrap as wrap_pkg
    except ImportError:
        return None
    fn = getattr(wrap_pkg, "wrap", None)
    return fn if callable(fn) else None


def _story(state: WebState, day: dt.date) -> Any | None:
    fn = writer()
    if fn is None:
        return None
    with state.desk() as desk:
        story = fn(day, desk=desk)
    if not (hasattr(story, "to_html") and hasattr(story, "to_markdown")):
        return None
    return story


def render(state: WebState, day: dt.date) -> str | None:
    """The wrap for ``day`` as an HTML fragment, or None if the writer is not available."""
    story = _story(state, day)
    return None if story is None else str(story.to_html())


def markdown(state: WebState, day: dt.date) -> str | None:
    """The wrap for ``day`` as Markdown, or None if the writer is not available."""
    story = _story(state, day)
    return None if story is None else str(story.to_markdown())
