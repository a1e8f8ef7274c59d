"""The shown fact sheet's types (rows, sections) and the few formatting helpers its rules share.

Values become characters only through ``marketdesk.wrap.numbers`` (the house rounding rules).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..facts.model import Evidence, Fact
from ..wrap.numbers import bp, number

__all__ = ["SECTIONS", "Fmt", "Row", "Section", "SheetView", "evidence_text", "iso", "num",
           "signed_bp", "signed_pct", "signed_pp"]

#: Section keys and titles, in the order they are shown.
SECTIONS: dict[str, str] = {
    "day": "The day", "periods": "Periods", "records": "Records and drawdowns",
    "streaks": "Streaks", "seasonality": "Seasonality", "compare": "Comparisons",
}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the sheet: ``label`` and ``value`` as shown, ``detail`` in plain words,
    ``period`` the span; ``facts`` every Fact the row shows (the first is the main one);
    ``score`` the highest newsworthiness among them; ``notes`` see below."""

    key: str
    section: str
    label: str
    value: str
    detail: str
    period: str
    facts: tuple[Fact, ...]
    score: float
    #: The clauses of ``detail`` that say what is notable, without the one that says how the
    #: value was reached ("+35.36 points from 2,406.67 on 2024-11-22"): for short listings.
    notes: tuple[str, ...] = ()

    def evidence(self) -> list[str]:
        """The observations behind the row, one sentence each, oldest first, no repeats."""
        seen = {(e.symbol, e.date, e.field, e.value, e.source): e
                for f in self.facts for e in f.evidence}
        is_yield = any(f.unit in ("yield_pct", "bp") for f in self.facts)
        return [evidence_text(e, is_yield)
                for e in sorted(seen.values(), key=lambda e: (e.date, e.field))]

    def evidence_dates(self) -> list[str]:
        return sorted({e.date.isoformat() for f in self.facts for e in f.evidence})

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "section": self.section, "label": self.label,
                "value": self.value, "detail": self.detail, "period": self.period,
                "notes": list(self.notes),
                "metrics": [f.metric.value for f in self.facts], "score": round(self.score, 2),
                "evidence": self.evidence()}


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "rows": [r.to_dict() for r in self.rows]}


@dataclass(frozen=True, slots=True)
class SheetView:
    """The sections of a sheet, and the facts left out with the reason for each."""

    subject: str
    as_of: dt.date
    sections: tuple[Section, ...]
    left_out: tuple[tuple[Fact, str], ...] = ()

    def rows(self) -> list[Row]:
        return [r for s in self.sections for r in s.rows]

    def top(self, n: int) -> SheetView:
        """The ``n`` most notable rows, still in their sections and order (0: all)."""
        if not n:
            return self
        keep = {id(r) for r in sorted(self.rows(), key=lambda r: -r.score)[:n]}
        secs = tuple(Section(s.key, s.title, tuple(r for r in s.rows if id(r) in keep))
                     for s in self.sections)
        return SheetView(self.subject, self.as_of, tuple(s for s in secs if s.rows),
                         self.left_out)

    def to_dict(self) -> dict[str, Any]:
        return {"sections": [s.to_dict() for s in self.sections],
                "left_out": [{"metric": f.metric.value, "period": f.period.label or f.period.kind,
                              "reason": why} for f, why in self.left_out]}


# ---- numbers -------------------------------------------------------------------------------

def num(v: Any) -> float:
    """A Fact value or context value as a float."""
    return float(v)


def signed_pct(v: Any) -> str:
    return number(num(v), signed=True) + "%"


def signed_bp(v: Any) -> str:
    b = bp(num(v))
    return ("+" + b if not b.startswith("-") and b not in ("0", "0.0") else b) + " bp"


def signed_pp(v: Any) -> str:
    return number(num(v), signed=True) + " pp"


def iso(v: Any) -> str:
    """A date (or an ISO string) as ``YYYY-MM-DD``."""
    return v.isoformat() if isinstance(v, dt.date) else str(v)[:10]


class Fmt:
    """Levels in the subject's terms: a yield's in percent, a fund's in dollars, an index's in
    points with separators."""

    def __init__(self, is_yield: bool, dollars: bool = False) -> None:
        self.is_yield = is_yield
        self.dollars = dollars and not is_yield

    def level(self, v: Any) -> str:
        if self.dollars:
            return "$" + number(num(v))
        return number(num(v)) + ("%" if self.is_yield else "")

    def distance(self, v: Any) -> str:
        """A distance between two levels, unsigned: "$52.55" for a fund, "52.55 points"."""
        return "$" + number(abs(num(v))) if self.dollars else number(num(v)) + " points"

    def change(self, v: Any) -> str:
        """A change of the level: bp for a yield, dollars for a fund, else points."""
        if self.is_yield:
            return signed_bp(v)
        if self.dollars:
            x = num(v)
            return ("-" if x < 0 else "+") + "$" + number(abs(x))
        return number(num(v), signed=True) + " points"


_FIELD_WORDS = {"close": "closed at", "high": "traded as high as", "low": "traded as low as",
                "open": "opened at", "adj_close": "had an adjusted close of"}


def evidence_text(e: Evidence, is_yield: bool = False) -> str:
    """``"^RUT closed at 2,406.67 on 2024-11-22 (file:RUT.csv)"``."""
    value = number(e.value) + ("%" if is_yield else "")
    verb = _FIELD_WORDS.get(e.field, f"{e.field} was")
    return f"{e.symbol} {verb} {value} on {e.date.isoformat()} ({e.source})"

