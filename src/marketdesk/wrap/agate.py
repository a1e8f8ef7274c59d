"""The AP-style agate table of the md and html wraps: "How major U.S. stock indexes fared".

For each stock index of the story: the close, and the change on the day, over the week to date
(from the previous week's last close) and over the year to date (from the previous year's last
close), each in points and in percent, two decimals. Every cell is a Fact the facts engine
answers (:meth:`.phrases.Subject.ask`); nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..facts.model import Metric
from ..facts.query import PeriodSpec
from . import numbers as nb
from .model import AgateRow, AgateTable
from .phrases import Subject

__all__ = ["COLUMNS", "TITLE", "agate_table", "cells"]

TITLE = "How major U.S. stock indexes fared"
#: The column heads of :func:`cells`, after the index's name.
COLUMNS: tuple[str, ...] = ("Close", "Day", "Day %", "Week", "Week %", "YTD", "YTD %")
#: Decimals of every figure of the table (AP: two in the agate, one in prose).
TABLE_DIGITS = 2


def _row(s: Subject) -> AgateRow | None:
    day = s.sheet.as_of
    close = s.ask(Metric.CLOSE)
    if close is None:
        return None
    moves = []
    for spec in (PeriodSpec.day(day), PeriodSpec.wtd(day), PeriodSpec.ytd(day)):
        pts_metric = Metric.CHANGE_PTS if spec.kind == "day" else Metric.PERIOD_CHANGE_PTS
        pct_metric = Metric.CHANGE_PCT if spec.kind == "day" else Metric.PERIOD_RETURN
        moves.append((s.ask(pts_metric, spec), s.ask(pct_metric, spec)))
    return AgateRow(s.names.short, close, tuple(moves))


def agate_table(subjects: Sequence[Subject]) -> AgateTable | None:
    """The table for the story's stock indexes (yields left out), in the story's subject order;
    None when none has a close."""
    rows = tuple(r for s in subjects if not s.is_yield and (r := _row(s)) is not None)
    return AgateTable(TITLE, rows) if rows else None


def cells(row: AgateRow) -> tuple[str, ...]:
    """The row as text: name, close, then points and percent for day, week and YTD (signed, two
    decimals; an empty cell where the engine had no answer)."""
    out = [row.name, nb.level(float(row.close.value or 0), TABLE_DIGITS)]
    for pts, pct in row.moves:
        out.append("" if pts is None else nb.number(float(pts.value or 0), TABLE_DIGITS,
                                                     signed=True))
        out.append("" if pct is None else nb.pct(float(pct.value or 0), TABLE_DIGITS,
                                                  signed=True))
    return tuple(out)
