"""Cached calls into the library that both the pages and the API make.

Keys are taken from validated request values *before* the store is opened, so a cached answer
costs no DuckDB connection (that is what lets ``/api/facts`` hold hundreds of requests a second).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import calendar as cal
from ..check.model import CheckResult
from ..desk import Desk
from ..errors import MarketdeskError
from ..facts.sheet import FactSheet
from .bodies import Body
from .state import WebState, clean_symbol

__all__ = ["fact_sheet", "fact_sheet_body", "fact_sheet_key", "home_view", "run_check", "day_note", "MAX_ARTICLE",
           "market_latest"]

#: Largest article accepted by the check page and API, in bytes of UTF-8.
MAX_ARTICLE = 1_000_000


def fact_sheet(state: WebState, symbol: str, when: dt.date | None, vs: tuple[str, ...] = (),
               desk: Desk | None = None) -> FactSheet:
    """The fact sheet of ``symbol`` on ``when`` (None: its last bar), cached per request key."""
    sym = clean_symbol(symbol)
    others = tuple(clean_symbol(v) for v in vs)
    key = (sym, when.isoformat() if when else "", *others)

    def on(d: Desk) -> FactSheet:
        for s in (sym, *others):   # unknown symbol: SymbolError with suggestions (404)
            d.sources(s)
        return d.fact_sheet(sym, when, vs=others)

    def compute() -> FactSheet:
        if desk is not None:
            return on(desk)
        with state.desk() as d:
            return on(d)

    return state.sheets.get_or_compute(key, compute)  # type: ignore[return-value]


def fact_sheet_body(state: WebState, symbol: str, when: dt.date | None,
                    vs: tuple[str, ...] = ()) -> Body:
    """The fact sheet's JSON (``sheet_view.sheet_payload``: every fact, then the sections as
    the page and the CLI show them) as a :class:`~marketdesk.web.bodies.Body`, cached."""
    from ..sheet_view import sheet_payload
    from .jsonio import dumps

    return state.bodies.get_or_compute(
        fact_sheet_key(symbol, when, vs),
        lambda: Body.of(dumps(sheet_payload(fact_sheet(state, symbol, when, vs)))))


def fact_sheet_key(symbol: str, when: dt.date | None, vs: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The cache key of a fact sheet's JSON body (symbols canonical, so RUT and ^RUT share it)."""
    return ("facts", clean_symbol(symbol), when.isoformat() if when else "",
            *(clean_symbol(v) for v in vs))


def day_note(when: dt.date) -> str | None:
    """Why ``when`` is not a session ("2024-11-28 was not a session: Thanksgiving"), or None."""
    status = cal.day_status(when)
    if status.is_session:
        return None
    return (f"{when.isoformat()} was not a session ({status.reason}); the figures are for "
            f"{status.previous_session.isoformat()}, the session before.")


def market_latest(desk: Desk) -> dt.date | None:
    """The store's latest session: the last date of its indices (of anything, if it holds no
    index). Each symbol's own last date can be earlier (FRED yields lag a day)."""
    rows = list(desk.symbols().iter_rows(named=True))
    dates = [r["last_date"] for r in rows if r["kind"] == "index"] or [r["last_date"] for r in rows]
    return max(dates) if dates else None


def home_view(state: WebState, when: dt.date | None) -> dict[str, Any]:
    """Each index's and yield's close, change and top facts for a session (default: the store's
    latest). A symbol whose data end earlier shows its own last session, marked ``stale``."""
    from ..sheet_view import view

    with state.desk() as desk:
        rows = [r for r in desk.symbols().iter_rows(named=True) if r["kind"] in ("index", "yield")]
        latest = market_latest(desk)
        if not rows or latest is None:
            return {"date": None, "note": None, "rows": [], "latest": None, "session": None}
        day = when or latest
        note = day_note(day)
        session = cal.session_on_or_before(day)
        out = []
        for r in sorted(rows, key=lambda r: (r["kind"] != "index", r["symbol"])):
            item: dict[str, Any] = {"symbol": r["symbol"], "name": r["name"] or r["symbol"],
                                    "kind": r["kind"], "close": None, "change": None,
                                    "facts": [], "problem": None, "as_of": None, "stale": False}
            try:
                if session < r["first_date"]:
                    raise MarketdeskError(f"no data before {r['first_date'].isoformat()}")
                own = min(day, r["last_date"])
                sheet = fact_sheet(state, r["symbol"], own, desk=desk)
            except MarketdeskError as err:
                item["problem"] = str(err)
                out.append(item)
                continue
            cells = view(sheet).rows()      # the fact sheet's rows, as the instrument page
            by_key = {r.key: r for r in cells}
            item["close"] = by_key.get("day.yield") or by_key.get("day.close")
            item["change"] = by_key.get("day.change")
            item["as_of"] = sheet.as_of.isoformat()
            item["stale"] = sheet.as_of < session
            item["facts"] = sorted((r for r in cells if r.section != "day"),
                                   key=lambda r: -r.score)[:3]
            out.append(item)
    return {"date": day.isoformat(), "session": session.isoformat(), "note": note,
            "rows": out, "latest": latest.isoformat()}


#: Seconds of verification a web check request may take; claims left are "not checked".
CHECK_BUDGET_S = 5.0


def run_check(state: WebState, text: str, as_of: dt.date | None) -> CheckResult:
    """Check an article against the store (not cached: articles are one-off), within
    :data:`CHECK_BUDGET_S` seconds of verification."""
    from ..check.api import check

    with state.desk() as desk:
        return check(text, as_of=as_of, desk=desk, budget=CHECK_BUDGET_S)
