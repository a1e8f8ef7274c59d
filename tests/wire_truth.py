"""The wire facts' values computed by plain loops over the shared CSV rows (no marketdesk code).

``truth_of(day, subject, metric, value)`` gives what the data say for one fact of
``wire_days.FACTS``: a number (percent, points, level, bp), a date string (the "since" of a
largest move, of a lowest close), or the state's own figure. ``consistent`` says whether the
story's printed value agrees with it at the story's precision (yields: within 2 bp / 0.02, a
3 p.m. quote against FRED's close).

Series are read in the store's order of sources: IXIC.csv then NASDAQCOM.csv for days IXIC.csv
lacks (before 2016), VIX.csv then VIXCLS.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path

from conftest import data_dir
from naive_rows import naive_rows

FILES: dict[str, tuple[str, ...]] = {
    "^GSPC": ("GSPC.csv",), "^DJI": ("DJI.csv",), "^IXIC": ("IXIC.csv", "NASDAQCOM.csv"),
    "^RUT": ("RUT.csv",), "^VIX": ("VIX.csv", "VIXCLS.csv"), "DGS2": ("DGS2.csv",),
    "DGS10": ("DGS10.csv",),
}


def _broker_rows(file: str) -> list[dict]:
    """A lower-case broker export (``date,open,high,low,close,...``: IXIC.csv)."""
    with open(Path(data_dir()) / file, newline="") as fh:
        return [{"date": dt.date.fromisoformat(r["date"][:10]), "close": float(r["close"]),
                 "high": float(r["high"]), "low": float(r["low"])}
                for r in csv.DictReader(fh) if r.get("close")]


@cache
def series(subject: str) -> tuple[dict, ...]:
    """The subject's rows by date, the first file's row winning."""
    seen: dict[dt.date, dict] = {}
    for f in FILES[subject]:
        rows = _broker_rows(f) if f == "IXIC.csv" else naive_rows(f)
        for r in rows:
            seen.setdefault(r["date"], r)
    return tuple(seen[d] for d in sorted(seen))


def _upto(subject: str, day: dt.date) -> list[dict]:
    return [r for r in series(subject) if r["date"] <= day]


def _pct(a: float, b: float) -> float:
    return (b / a - 1.0) * 100.0


def _daily(rows: list[dict], k: int, yields: bool = False) -> float:
    a, b = rows[k - 1]["close"], rows[k]["close"]
    return round((b - a) * 100.0, 6) if yields else _pct(a, b)


def _since(rows: list[dict], yields: bool = False) -> str | None:
    """The most recent earlier day whose move in the same direction was at least as large."""
    n = len(rows) - 1
    now = _daily(rows, n, yields)
    for k in range(n - 1, 0, -1):
        v = _daily(rows, k, yields)
        if (v >= now * (1 - 1e-9) if now > 0 else v <= now * (1 - 1e-9)) and v * now > 0:
            return rows[k]["date"].isoformat()
    return None


def truth_of(day: str, subject: str, metric: str, value: str) -> float | str | None:
    d = dt.date.fromisoformat(day)
    if subject == "ALL":
        from wire_days import GROUPS

        moves = [truth_of(day, s, "change_pct", "") for s in GROUPS[day]]
        return max(moves, key=lambda x: float(x or 0)) if float(value) < 0 else \
            min(moves, key=lambda x: float(x or 0))
    rows = _upto(subject, d)
    assert rows[-1]["date"] == d, (subject, day)
    close, prev = rows[-1]["close"], rows[-2]["close"]
    earlier = [r["close"] for r in rows[:-1]]
    if metric == "change_pct":
        return _pct(prev, close)
    if metric == "change_pts":
        return close - prev
    if metric in ("close", "yield_level"):
        return close
    if metric == "record_close":
        return close if close > max(earlier) else None
    if metric in ("pts_record", "pct_record"):
        moves = [(rows[k]["close"] - rows[k - 1]["close"]) if metric == "pts_record"
                 else _daily(rows, k) for k in range(1, len(rows))]
        now = moves[-1]
        beyond = all(now > m for m in moves[:-1]) if now > 0 else all(now < m for m in moves[:-1])
        return now if beyond else None
    if metric in ("largest_since", "yield_largest_since"):
        return _since(rows, subject.startswith("DGS"))
    if metric == "bear_market":
        dd = _pct(max(earlier), close)
        before = _pct(max(earlier[:-1]), prev)
        return dd if dd <= -20.0 < before else None
    if metric == "drawdown":
        return _pct(max(r["close"] for r in rows), close)
    if metric == "year_gains_erased":
        base = [r for r in rows if r["date"].year < d.year][-1]["close"]
        return _pct(base, close) if _pct(base, close) < 0 <= _pct(base, prev) else None
    if metric == "lowest_close_since":
        hit = next(r for r in reversed(rows[:-1]) if r["close"] <= close)
        return hit["date"].isoformat()
    if metric == "streak":
        n, k = 0, len(rows) - 1
        sign = 1 if int(value) > 0 else -1
        while k > 0 and (rows[k]["close"] - rows[k - 1]["close"]) * sign > 0:
            n, k = n + 1, k - 1
        return float(n * sign)
    if metric == "move_sessions":
        n = int(value.split(":")[0])
        return _pct(rows[-1 - n]["close"], close)
    if metric == "intraday_low_pts":
        return float(rows[-1]["low"]) - prev
    if metric == "yield_change_bp":
        return (close - prev) * 100.0
    raise ValueError(metric)


def consistent(metric: str, value: str, truth: float | str | None) -> bool:
    """The story's ``value`` agrees with the data's ``truth`` at the story's precision."""
    if metric in ("year_gains_erased", "bear_market", "record_close", "pts_record",
                  "pct_record") and truth is None:
        return False
    if metric in ("largest_since", "yield_largest_since", "lowest_close_since"):
        return truth is not None and str(truth).startswith(value)
    if metric == "year_gains_erased":
        return True
    number = float(value.split(":")[-1].replace(",", "")) if value else 0.0
    digits = len(value.split(".")[1]) if "." in value else 0
    slack = 0.5 * 10 ** -digits + 1e-9
    if digits == 0 and abs(number) >= 100:
        slack = 1.0          # whole points and levels: stories truncate as often as they round
    if metric == "change_pts" and digits == 2:
        slack = 0.02         # a cent of source difference on each of the two closes
    if metric in ("yield_change_bp",):
        slack = 2.0
    if metric == "yield_level":
        slack = 0.02
    if metric == "group_move":
        return float(truth or 0) * (1 if number > 0 else -1) > abs(number)
    return abs(float(truth or 0) - number) <= slack
