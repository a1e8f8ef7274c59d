"""The NYSE (XNYS) trading calendar: sessions, holidays, early closes.

Built once per process from exchange_calendars with an explicit start of 1885-01-01 (its default
window is only the last 20 years, a known trap) and an end 2 years past today. Dates are plain
``datetime.date`` values in exchange-local terms.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .errors import DateError

CALENDAR_NAME = "XNYS"
CALENDAR_START = dt.date(1888, 1, 1)


@lru_cache(maxsize=1)
def _calendar() -> Any:
    import warnings

    import exchange_calendars as xcals  # heavy: imported on first use only

    with warnings.catch_warnings():
        # exchange_calendars 4.x calls pandas APIs that pandas 3.1 deprecates; not ours to fix
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return xcals.get_calendar(CALENDAR_NAME, start=CALENDAR_START.isoformat(),
                                  end=calendar_end().isoformat())


def calendar_end() -> dt.date:
    """The calendar's last day: December 31 of next year."""
    return dt.date(dt.date.today().year + 1, 12, 31)


@dataclass(frozen=True, slots=True)
class _Tables:
    """What marketdesk needs of the calendar, as plain arrays (cached on disk between runs)."""

    sessions: np.ndarray                  # datetime64[D], ascending
    early: dict[dt.date, dt.time]         # early-close sessions -> local close time
    holidays: dict[dt.date, str]          # weekday closures -> name


def _cache_file() -> Path:
    from importlib.metadata import version

    import platformdirs

    folder = Path(os.environ.get("MARKETDESK_CACHE_DIR") or platformdirs.user_cache_dir("marketdesk"))
    return folder / f"xnys-{version('exchange_calendars')}-{CALENDAR_START.year}-{calendar_end().year}.npz"


def _build_tables() -> _Tables:
    import pandas as pd

    cal = _calendar()
    sessions = cal.sessions.to_numpy().astype("datetime64[D]")
    closes = cal.schedule.loc[cal.early_closes, "close"].dt.tz_convert(cal.tz)
    early = {ts.date(): c.time() for ts, c in closes.items()}
    names: dict[dt.date, str] = {}
    if cal.regular_holidays is not None:
        for ts, name in cal.regular_holidays.holidays(pd.Timestamp(CALENDAR_START),
                                                      cal.last_session, return_name=True).items():
            names[ts.date()] = str(name)
    for ts in cal.adhoc_holidays:
        names.setdefault(pd.Timestamp(ts).date(), "Special closure")
    return _Tables(sessions, early, names)


def _save(tables: _Tables, path: Path) -> None:
    """Write the tables atomically; a cache that cannot be written is simply not kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, sessions=tables.sessions.astype("int64"),
                 early_dates=np.array(list(tables.early), dtype="datetime64[D]").astype("int64"),
                 early_minutes=np.array([t.hour * 60 + t.minute for t in tables.early.values()]),
                 holiday_dates=np.array(list(tables.holidays), dtype="datetime64[D]").astype("int64"),
                 holiday_names=np.array(list(tables.holidays.values()), dtype=str))
        os.replace(tmp, path)
    except OSError:
        pass


def _load(path: Path) -> _Tables | None:
    """The cached tables, or None when the file is missing or damaged in any way (truncated,
    empty, not an npz, wrong arrays): a cache is rebuilt, never fatal."""
    try:
        with np.load(path, allow_pickle=False) as z:
            sessions = z["sessions"].astype("datetime64[D]")
            early = {d.astype(object): dt.time(int(m) // 60, int(m) % 60)
                     for d, m in zip(z["early_dates"].astype("datetime64[D]"), z["early_minutes"])}
            holidays = {d.astype(object): str(n)
                        for d, n in zip(z["holiday_dates"].astype("datetime64[D]"),
                                        z["holiday_names"])}
        if sessions.ndim != 1 or len(sessions) < 1000 or not (np.diff(sessions) > 0).all():
            return None
        return _Tables(sessions, early, holidays)
    except Exception:  # noqa: BLE001 -- zipfile, numpy and OS errors alike mean "rebuild"
        return None


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The calendar tables: from the on-disk cache when it matches the installed
    exchange_calendars version and this year, else built from exchange_calendars and cached."""
    path = _cache_file()
    tables = _load(path)
    if tables is None:
        tables = _build_tables()
        _save(tables, path)
    return tables


def _session_array() -> np.ndarray:
    """All sessions as numpy datetime64[D], ascending."""
    return _tables().sessions


def _d64(d: dt.date) -> np.datetime64:
    return np.datetime64(d, "D")


def _check_range(d: dt.date, param: str = "date") -> None:
    arr = _session_array()
    first, last = arr[0].astype(object), arr[-1].astype(object)
    if not first <= d <= last:
        raise DateError(
            f"{d.isoformat()} is outside the XNYS calendar ({first} to {last}).",
            value=d, param=param)


def parse_date(value: str | dt.date | dt.datetime, param: str = "date") -> dt.date:
    """Parse an ISO date (``2024-11-25``) or pass a date through; raises DateError naming ``param``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DateError(f"{param}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-11-25.",
                        value=value, param=param) from None


def sessions(start: dt.date, end: dt.date) -> list[dt.date]:
    """XNYS sessions from ``start`` to ``end``, both inclusive."""
    arr = _session_array()
    lo, hi = np.searchsorted(arr, _d64(start), "left"), np.searchsorted(arr, _d64(end), "right")
    return [d.astype(object) for d in arr[lo:hi]]


def is_session(d: dt.date) -> bool:
    """True if the NYSE was open on ``d``."""
    _check_range(d)
    arr = _session_array()
    i = np.searchsorted(arr, _d64(d))
    return bool(i < len(arr) and arr[i] == _d64(d))


def previous_session(d: dt.date) -> dt.date:
    """The last session strictly before ``d``."""
    _check_range(d)
    arr = _session_array()
    i = int(np.searchsorted(arr, _d64(d), "left")) - 1
    if i < 0:
        raise DateError(f"No XNYS session before {d}.", value=d)
    return arr[i].astype(object)


def next_session(d: dt.date) -> dt.date:
    """The first session strictly after ``d``."""
    _check_range(d)
    arr = _session_array()
    i = int(np.searchsorted(arr, _d64(d), "right"))
    if i >= len(arr):
        raise DateError(f"No XNYS session after {d} in the calendar.", value=d)
    return arr[i].astype(object)


def session_on_or_before(d: dt.date) -> dt.date:
    """``d`` if it is a session, else the previous session."""
    return d if is_session(d) else previous_session(d)


def _last_session_in(start: dt.date, end: dt.date) -> dt.date:
    s = sessions(start, end)
    if not s:
        raise DateError(f"No XNYS session between {start} and {end}.", value=end)
    return s[-1]


def last_session_of_month(year: int, month: int) -> dt.date:
    """The last session of a calendar month."""
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return _last_session_in(dt.date(year, month, 1), nxt - dt.timedelta(days=1))


def last_session_of_quarter(year: int, quarter: int) -> dt.date:
    """The last session of a calendar quarter (1..4)."""
    return last_session_of_month(year, quarter * 3)


def last_session_of_year(year: int) -> dt.date:
    """The last session of a calendar year."""
    return last_session_of_month(year, 12)


def early_close(d: dt.date) -> dt.time | None:
    """The local (New York) close time if ``d`` is an early-close session, else None."""
    return _tables().early.get(d) if is_session(d) else None


@dataclass(frozen=True, slots=True)
class DayStatus:
    """What the calendar says about one date."""

    date: dt.date
    is_session: bool
    reason: str | None          # "weekend", a holiday name, or None for a session
    early_close: dt.time | None
    previous_session: dt.date


def day_status(d: dt.date) -> DayStatus:
    """Whether ``d`` is a session, and if not why (weekend or the holiday's name)."""
    sess = is_session(d)
    reason = None
    if not sess:
        reason = "weekend" if d.weekday() >= 5 else _tables().holidays.get(d, "market holiday")
    return DayStatus(d, sess, reason, early_close(d) if sess else None,
                     d if sess else previous_session(d))


__all__ = [
    "CALENDAR_NAME", "CALENDAR_START", "calendar_end", "parse_date", "sessions", "is_session", "previous_session",
    "next_session", "session_on_or_before", "last_session_of_month", "last_session_of_quarter",
    "last_session_of_year", "early_close", "day_status", "DayStatus",
]
