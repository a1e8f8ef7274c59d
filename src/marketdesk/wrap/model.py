"""The Wrap: a market story for one date — headline, paragraphs, the Facts behind every figure,
notes, calendar flags, chart specifications and the agate table — and its JSON form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from ..facts.model import Fact
from .text import Sentence

__all__ = ["FORMATS", "AgateRow", "AgateTable", "ChartSpec", "Format", "Wrap"]

Format = Literal["text", "md", "html", "json"]
FORMATS: tuple[str, ...] = ("text", "md", "html", "json")


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """One chart: ``name`` (file stem), ``title``, ``ylabel`` and the data to plot.

    ``series`` maps a legend label to ``(dates, values)``, plotted one step a date (sessions,
    no weekend gaps); ``hline`` is an optional labelled horizontal line (the record close),
    ``guides`` further ones (the -10 % / -20 % levels); ``digits``: decimals of the axis and of
    the last-value labels; ``suffix``: the unit after a last value ("%" for a yield; an index's
    points are named by ``ylabel``); ``source``: the line under the chart. Rendering to PNG is
    :func:`marketdesk.wrap.charts.png`.
    """

    name: str
    title: str
    ylabel: str
    series: tuple[tuple[str, tuple[dt.date, ...], tuple[float, ...]], ...]
    hline: tuple[str, float] | None = None
    guides: tuple[tuple[str, float], ...] = ()
    digits: int = 0
    source: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class AgateRow:
    """One index of the agate table: its short name, its close Fact, and the (points, percent)
    Facts of the day, the week to date and the year to date (None: no answer)."""

    name: str
    close: Fact
    moves: tuple[tuple[Fact | None, Fact | None], ...]


@dataclass(frozen=True, slots=True)
class AgateTable:
    """The AP-style agate table (:mod:`marketdesk.wrap.agate`): a title and one row an index."""

    title: str
    rows: tuple[AgateRow, ...]


@dataclass(frozen=True, slots=True)
class Wrap:
    """The story for ``requested`` (answered for ``session``).

    ``closed`` wraps (a weekend or holiday) carry ``reason`` and ``previous_session`` and a short
    text; ``early_close`` is the session's early closing time when it had one.
    """

    requested: dt.date
    session: dt.date | None
    headline: Sentence
    paragraphs: tuple[Sentence, ...]
    focus: str | None = None
    versus: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    closed: bool = False
    reason: str | None = None
    previous_session: dt.date | None = None
    early_close: dt.time | None = None
    charts: tuple[ChartSpec, ...] = field(default=())
    table: AgateTable | None = None

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The distinct Facts behind the text, in order of first use (the footnote order)."""
        seen: dict[int, Fact] = {}
        for s in (self.headline, *self.paragraphs):
            for f in s.facts:
                seen.setdefault(id(f), f)
        return tuple(seen.values())

    def text(self) -> str:
        """Plain text: headline, blank line, paragraphs, then notes."""
        from .render import to_text

        return to_text(self)

    def render(self, fmt: Format = "text", *, image_prefix: str = "") -> str:
        """The story as ``text``, ``md`` (images at ``{image_prefix}{chart}.png``), ``html``
        (images embedded) or ``json``."""
        from . import render

        return render.render(self, fmt, image_prefix=image_prefix)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: headline, paragraphs (each with its numbers and their Facts), notes, flags
        (the agate table is of the md and html renderings only; the web API's schema is this
        shape)."""

        def block(s: Sentence) -> dict[str, Any]:
            return {"text": s.text, "numbers": [sp.to_dict() for sp in s.spans]}

        return {
            "requested": self.requested.isoformat(),
            "session": self.session.isoformat() if self.session else None,
            "closed": self.closed,
            "reason": self.reason,
            "previous_session": self.previous_session.isoformat() if self.previous_session else None,
            "early_close": self.early_close.strftime("%H:%M") if self.early_close else None,
            "focus": self.focus,
            "versus": list(self.versus),
            "subjects": list(self.subjects),
            "headline": block(self.headline),
            "paragraphs": [block(p) for p in self.paragraphs],
            "notes": list(self.notes),
            "charts": [{"name": c.name, "title": c.title} for c in self.charts],
        }
