"""The bridge to ``marketdesk.wrap``: the story for a date as an HTML fragment, Markdown or JSON.

The wrap writer renders a standalone HTML page; the dashboard shows the inside of its
``<body>`` without the writer's PNG figures, and draws the same charts (the wrap's
:class:`~marketdesk.wrap.model.ChartSpec` data: closes, record and threshold levels, titles,
units) with Plotly in the style of its other pages (:func:`charts`). Results are cached per
date (the store is read-only for the server's life).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..wrap.model import ChartSpec
from .bodies import Body
from .state import WebState

__all__ = ["render", "charts", "markdown", "as_dict"]


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


def _chart(spec: ChartSpec) -> dict[str, Any]:
    """One ChartSpec as JSON for app.js: only reshaped (dates as ISO strings)."""
    return {"name": spec.name, "title": spec.title,
            "ylabel": spec.ylabel[:1].upper() + spec.ylabel[1:], "digits": spec.digits,
            "suffix": spec.suffix, "source": spec.source,
            "series": [{"name": name, "dates": [d.isoformat() for d in dates],
                        "values": list(values)} for name, dates, values in spec.series],
            "lines": [{"label": label, "value": value} for label, value in
                      ((spec.hline,) if spec.hline is not None else ()) + spec.guides]}


def _build(state: WebState, day: dt.date) -> tuple[Body, Body]:
    """The story's HTML without figures and its charts' JSON, both cached."""
    import dataclasses

    from .jsonio import dumps

    w = _wrap(state, day, "html")
    page = dataclasses.replace(w, charts=()).render("html")
    html = state.bodies.put(("wrap-html", day.isoformat()),
                            Body.of(_body_of(page).encode("utf-8")))
    data = state.bodies.put(("wrap-charts", day.isoformat()),
                            Body.of(dumps([_chart(c) for c in w.charts])))
    return html, data


#: Where the writer's figures stood: before its notes and footnotes.
_AFTER_FIGURES = ('<p class="note">', '<ol class="footnotes">')


def render(state: WebState, day: dt.date) -> tuple[str, str]:
    """The wrap for ``day`` as two HTML fragments without its charts (see :func:`charts`): the
    story (headline, paragraphs, table), and its notes and footnotes, which follow the charts."""
    body = state.bodies.get(("wrap-html", day.isoformat())) or _build(state, day)[0]
    html = body.raw.decode("utf-8")
    cut = min((i for i in (html.find(m) for m in _AFTER_FIGURES) if i >= 0), default=len(html))
    return html[:cut], html[cut:]


def charts(state: WebState, day: dt.date) -> list[dict[str, Any]]:
    """The wrap's charts for ``day`` as JSON-ready data: ``name``, ``title``, ``ylabel`` (with
    its unit), ``digits``, ``suffix`` (the last value's unit, "%" for a yield), ``source``,
    ``series`` (name, dates, values) and ``lines`` (the record close, -10 % / -20 % levels)."""
    import json

    body = state.bodies.get(("wrap-charts", day.isoformat())) or _build(state, day)[1]
    out: list[dict[str, Any]] = json.loads(body.raw)
    return out


def markdown(state: WebState, day: dt.date) -> str:
    """The wrap for ``day`` as Markdown with its footnotes (no chart images)."""
    return state.bodies.get_or_compute(
        ("wrap-md", day.isoformat()),
        lambda: Body.of(_wrap(state, day, "text").render("md").encode("utf-8"))).raw.decode("utf-8")


def as_dict(state: WebState, day: dt.date) -> dict[str, Any]:
    """The wrap's JSON form (headline, paragraphs with their Facts, notes)."""
    return _wrap(state, day, "text").to_dict()
