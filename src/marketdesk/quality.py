"""Data-quality checks over canonical bars.

Pure functions, no I/O: frames in, :class:`QualityIssue` lists out (``Desk.doctor`` reads the store
and calls :func:`check_all`; ``Desk.load`` attaches :func:`load_warnings` to each LoadReport). Each check finds its rows with one
vectorized pass (polars expressions; numpy ``searchsorted`` against the XNYS session array) and
reports one issue per (symbol, source, check, severity), listing every date and the first rows.

Checks of one source (:func:`check_bars`):

- ``non_session``: a bar on a date the NYSE was closed (VIX.csv has one on Labor Day 2025).
  Bond and futures markets trade on some stock holidays (FRED yields on 2001-09-13/14 and some Good
  Fridays; RTY=F on 2025-07-04), so for kinds ``yield`` and ``future`` it is info, else a warning.
  The calendar is exchange_calendars' XNYS built from 1888. It has no Saturday sessions, but the
  NYSE traded on Saturdays until 1952: a Saturday bar before June 1952 is reported as a non-session
  like any other, and its reason says so. (GSPC.csv has no Saturday bars: Yahoo's back-history
  leaves them out.) The ad-hoc closures (1933 bank holiday, 2001-09-11 to 09-14) are holidays in the
  calendar, so bars skipping them are not gaps.
- ``duplicate_date``: the same date twice in one source (error).
- ``high_below_low`` (error), ``close_outside_range`` (error), ``open_outside_range`` (warning):
  OHLC consistency with a relative tolerance of ``OHLC_RTOL`` = 1e-7, above float32 rounding
  (Yahoo's values) and below a cent at 100,000 (DJI.csv's 2025-08-12 open is 0.03 below its low).
- ``nonpositive_price``: a price <= 0 (error; info for yields, which can be zero or negative).
- ``missing_close``: a bar without a close (warning).
- ``gap``: more than ``max_gap_sessions`` XNYS sessions missing between consecutive bars (warning).
- ``zero_volume``: volume exactly 0 (info; often a row captured before the session's end).

Across two sources of one instrument (:func:`compare_sources`): ``source_mismatch``, values that
differ by more than ``atol + rtol * |b|`` on common dates (close: warning; other columns: info).
RUT.csv and RUT_since2016.csv differ on 2025-09-08 (2393.69 vs 2394.89).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import polars as pl

from . import calendar as cal
from .errors import DateError
from .schema import conform

Severity = Literal["error", "warning", "info"]

#: Kinds whose markets trade on some NYSE holidays and whose values may be <= 0.
LENIENT_KINDS: frozenset[str] = frozenset({"yield", "rate", "future", "futures"})
#: Relative tolerance of the OHLC consistency checks.
OHLC_RTOL: float = 1e-7
#: Rows kept in an issue for display.
MAX_ROWS: int = 10
_SATURDAYS_END = dt.date(1952, 6, 1)
_PRICES = ["open", "high", "low", "close", "adj_close"]
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class QualityIssue:
    """One finding: ``count`` rows of ``symbol``/``source`` failing ``check``.

    ``date`` is the first date concerned, ``dates`` all of them, ``rows`` the first few offending
    rows as small dicts for display.
    """

    severity: Severity
    check: str
    symbol: str
    source: str
    date: dt.date | None
    message: str
    dates: tuple[dt.date, ...] = ()
    rows: tuple[dict[str, Any], ...] = ()
    count: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict (dates as ISO strings)."""
        return {
            "severity": self.severity, "check": self.check, "symbol": self.symbol,
            "source": self.source, "date": _iso(self.date), "message": self.message,
            "dates": [d.isoformat() for d in self.dates], "count": self.count,
            "rows": [{k: _iso(v) for k, v in r.items()} for r in self.rows],
        }


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


@lru_cache(maxsize=1)
def _session_array() -> np.ndarray:
    first, last = cal.CALENDAR_START, dt.date.today().replace(month=12, day=31)
    return np.array(cal.sessions(first, last + dt.timedelta(days=366)), dtype="datetime64[D]")


def _kind_expr(kinds: Mapping[str, str] | None) -> pl.Expr:
    if not kinds:
        return pl.lit(None, pl.Utf8)
    return pl.col("symbol").replace_strict(dict(kinds), default=None, return_dtype=pl.Utf8)


def _annotate(bars: pl.DataFrame, kinds: Mapping[str, str] | None) -> pl.DataFrame:
    """Sorted bars with session positions, previous bar and kind."""
    f = conform(bars).sort("symbol", "source", "date")
    days = f["date"].to_numpy().astype("datetime64[D]")
    sess = _session_array()
    left = np.searchsorted(sess, days, "left")    # sessions strictly before the date
    right = np.searchsorted(sess, days, "right")  # sessions on or before the date
    grp = ["symbol", "source"]
    return f.with_columns(
        pl.Series("_on_session", right > left),
        pl.Series("_left", left.astype(np.int64)),
        pl.Series("_right", right.astype(np.int64)),
        _kind_expr(kinds).alias("_kind"),
    ).with_columns(
        pl.col("date").shift(1).over(grp).alias("prev_date"),
        (pl.col("_left") - pl.col("_right").shift(1).over(grp)).alias("missing_sessions"),
        pl.col("_kind").is_in(list(LENIENT_KINDS)).fill_null(False).alias("_lenient"),
    )


def _checks(max_gap: int) -> list[tuple[str, pl.Expr, pl.Expr, list[str]]]:
    """(check, offending-row mask, severity, columns shown) for :func:`check_bars`."""
    tol = OHLC_RTOL * pl.col("high").abs()
    lenient = pl.col("_lenient")
    price_le0 = pl.any_horizontal([pl.col(c) <= 0 for c in _PRICES]).fill_null(False)
    return [
        ("non_session", ~pl.col("_on_session"),
         pl.when(lenient).then(pl.lit("info")).otherwise(pl.lit("warning")), ["date", "close"]),
        ("duplicate_date", pl.col("date").is_duplicated().over("symbol", "source"),
         pl.lit("error"), ["date", "open", "high", "low", "close"]),
        ("high_below_low", (pl.col("high") < pl.col("low")).fill_null(False),
         pl.lit("error"), ["date", "high", "low"]),
        ("close_outside_range",
         ((pl.col("close") > pl.col("high") + tol) | (pl.col("close") < pl.col("low") - tol))
         .fill_null(False), pl.lit("error"), ["date", "low", "high", "close"]),
        ("open_outside_range",
         ((pl.col("open") > pl.col("high") + tol) | (pl.col("open") < pl.col("low") - tol))
         .fill_null(False), pl.lit("warning"), ["date", "open", "low", "high"]),
        ("nonpositive_price", price_le0,
         pl.when(lenient).then(pl.lit("info")).otherwise(pl.lit("error")), ["date", *_PRICES]),
        ("missing_close", pl.col("close").is_null(), pl.lit("warning"), ["date", "close"]),
        ("gap", (pl.col("missing_sessions") > max_gap).fill_null(False), pl.lit("warning"),
         ["prev_date", "date", "missing_sessions"]),
        ("zero_volume", (pl.col("volume") == 0).fill_null(False), pl.lit("info"),
         ["date", "close", "volume"]),
    ]


def check_bars(bars: pl.DataFrame, *, max_gap_sessions: int = 5,
               kinds: Mapping[str, str] | None = None) -> list[QualityIssue]:
    """Every single-source issue in canonical ``bars`` (any symbols and sources).

    ``kinds`` maps symbol -> kind ("index", "etf", "yield", "future"); see the module docstring for
    the checks and severities. Issues come sorted by severity, symbol, source, check.
    """
    if bars.height == 0:
        return []
    f = _annotate(bars, kinds)
    issues: list[QualityIssue] = []
    for check, mask, severity, shown in _checks(max_gap_sessions):
        hits = f.filter(mask).with_columns(severity.alias("_severity"))
        for (symbol, source, sev), grp in hits.group_by(
                ["symbol", "source", "_severity"], maintain_order=True):
            issues.append(_issue(check, str(sev), str(symbol), str(source), grp, shown))
    return sorted(issues, key=lambda i: (_SEVERITY_ORDER[i.severity], i.symbol, i.source, i.check))


def _issue(check: str, severity: str, symbol: str, source: str, grp: pl.DataFrame,
           shown: list[str]) -> QualityIssue:
    dates = tuple(grp["date"].to_list())
    rows = tuple(grp.head(MAX_ROWS).select(shown).to_dicts())
    return QualityIssue(severity, check, symbol, source, dates[0],  # type: ignore[arg-type]
                        _message(check, grp, dates, rows), dates, rows, grp.height)


def _reason(d: dt.date) -> str:
    if d.weekday() == 5 and d < _SATURDAYS_END:
        return "Saturday; the NYSE traded Saturdays until 1952 but XNYS has no Saturday sessions"
    try:
        return cal.day_status(d).reason or "session"
    except DateError:
        return "outside the XNYS calendar"


def _num(x: Any) -> str:
    """A value for a message: at most 4 decimals, no trailing zeros."""
    if not isinstance(x, float):
        return str(x)
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _listing(dates: tuple[dt.date, ...], n: int = 5) -> str:
    more = f" and {len(dates) - n} more" if len(dates) > n else ""
    return ", ".join(d.isoformat() for d in dates[:n]) + more


def _message(check: str, grp: pl.DataFrame, dates: tuple[dt.date, ...],
             rows: tuple[dict[str, Any], ...]) -> str:
    n = len(dates)
    if check == "non_session":
        listed = ", ".join(f"{d} ({_reason(d)})" for d in dates[:5])
        more = f" and {n - 5} more" if n > 5 else ""
        kind = grp["_kind"][0]
        note = (f"; normal for a {kind}: its market trades on some NYSE holidays"
                if grp["_lenient"][0] else "")
        return f"{n} bar(s) on dates the NYSE was closed: {listed}{more}{note}"
    if check == "gap":
        r = rows[0]
        return (f"{n} gap(s) of more than the allowed sessions without a bar, e.g. "
                f"{r['prev_date']} to {r['date']} ({r['missing_sessions']} sessions missing)")
    text = {
        "duplicate_date": "rows share a date",
        "high_below_low": "bar(s) with high below low",
        "close_outside_range": "close(s) outside [low, high]",
        "open_outside_range": "open(s) outside [low, high]",
        "nonpositive_price": "bar(s) with a price of zero or less",
        "missing_close": "bar(s) without a close",
        "zero_volume": "bar(s) with volume 0 (often captured before the session ended)",
    }[check]
    return f"{n} {text}: {_listing(dates)}"


def compare_sources(a: pl.DataFrame, b: pl.DataFrame, *, rtol: float = 0.0, atol: float = 0.011,
                    columns: tuple[str, ...] = ("open", "high", "low", "close", "adj_close"),
                    ) -> list[QualityIssue]:
    """Values that differ between two single-source frames of one instrument on common dates.

    A value differs when both are present and ``|a - b| > atol + rtol * |b|``. One issue per
    column: ``close`` is a warning, other columns info. ``source`` reads "A vs B".
    """
    if a.height == 0 or b.height == 0:
        return []
    a, b = conform(a), conform(b)
    symbol, src_a, src_b = str(a["symbol"][0]), str(a["source"][0]), str(b["source"][0])
    joined = a.select("date", *columns).join(b.select("date", *columns), on="date", suffix="_b")
    issues = []
    for col in columns:
        diff = (pl.col(col) - pl.col(f"{col}_b")).abs()
        hits = joined.filter((diff > atol + rtol * pl.col(f"{col}_b").abs()).fill_null(False))
        if hits.height == 0:
            continue
        hits = hits.sort("date").select(
            "date", pl.col(col).alias(src_a), pl.col(f"{col}_b").alias(src_b),
            (pl.col(col) - pl.col(f"{col}_b")).alias("difference"))
        dates = tuple(hits["date"].to_list())
        shown = "; ".join(f"{r['date']} {_num(r[src_a])} vs {_num(r[src_b])}"
                          for r in hits.head(3).iter_rows(named=True))
        msg = (f"{col} differs on {hits.height} of {joined.height} common dates by more than "
               f"{atol:g}: {shown}{' ...' if hits.height > 3 else ''}")
        issues.append(QualityIssue("warning" if col == "close" else "info", "source_mismatch",
                                   symbol, f"{src_a} vs {src_b}", dates[0], msg, dates,
                                   tuple(hits.head(MAX_ROWS).to_dicts()), hits.height))
    return issues


def check_all(raw: pl.DataFrame, *, kinds: Mapping[str, str] | None = None,
              max_gap_sessions: int = 5) -> list[QualityIssue]:
    """:func:`check_bars` over every source in ``raw`` (canonical bars of any symbols and
    sources, each symbol's sources in read order), and :func:`compare_sources` of each symbol's
    first source against each of its other sources. Issues sorted by severity."""
    issues = check_bars(raw, max_gap_sessions=max_gap_sessions, kinds=kinds)
    for (_symbol,), frame in raw.group_by(["symbol"], maintain_order=True):
        parts = frame.partition_by("source", maintain_order=True)
        for other in parts[1:]:
            issues.extend(compare_sources(parts[0], other))
    return sorted(issues, key=lambda i: (_SEVERITY_ORDER[i.severity], i.symbol, i.source, i.check))


def load_warnings(bars: pl.DataFrame, kinds: Mapping[str, str] | None = None
                  ) -> tuple[QualityIssue, ...]:
    """The findings of :func:`check_bars` worth telling at load time (errors and warnings)."""
    return tuple(i for i in check_bars(bars, kinds=kinds) if i.severity != "info")


__all__ = ["QualityIssue", "Severity", "check_bars", "compare_sources", "check_all",
           "load_warnings", "LENIENT_KINDS", "OHLC_RTOL"]
