"""The NYSE (XNYS) trading calendar: sessions, holidays, early closes.

Built once per process from exchange_calendars with an explicit start of 1885-01-01 (its default
window is only the last 20 years, a known trap) and an end 2 years past today. Dates are plain
``datetime.date`` values in exchange-local terms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .errors import DateError

CALENDAR_NAME = "XNYS"
CALENDAR_START = dt.date(1888, 1, 1)


@lru_cache(maxsize=1)
def _calendar() -> Any:
    import warnings

    import exchange_calendars as xcals  # heavy: imported on first use only

    end = dt.date.today().replace(month=12, day=31) + dt.timedelta(days=366)
    with warnings.catch_warnings():
        # exchange_calendars 4.x calls pandas APIs that pandas 3.1 deprecates; not ours to fix
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return xcals.get_calendar(CALENDAR_NAME, start=CALENDAR_START.isoformat(),
                                  end=end.isoformat())


@lru_cache(maxsize=1)
def _session_array() -> np.ndarray:
    """All sessions as numpy datetime64[D], ascending."""
    return _calendar().sessions.to_numpy().astype("datetime64[D]")


def _d64(d: dt.date) -> np.datetime64:
    return np.datetime64(d, "D")


def _check_range(d: dt.date, param: str = "date") -> None:
    cal = _calendar()
    first, last = cal.first_session.date(), cal.last_session.date()
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
    if not is_session(d):
        return None
    import pandas as pd

    cal = _calendar()
    ts = pd.Timestamp(d)
    if ts not in cal.early_closes:
        return None
    return cal.session_close(ts).tz_convert(cal.tz).time()


@lru_cache(maxsize=1)
def _holiday_names() -> dict[dt.date, str]:
    cal = _calendar()
    names: dict[dt.date, str] = {}
    rules = cal.regular_holidays
    if rules is not None:
        for ts, name in rules.holidays(CALENDAR_START, _calendar().last_session,
                                       return_name=True).items():
            names[ts.date()] = str(name)
    for ts in cal.adhoc_holidays:
        names.setdefault(ts.date(), "Special closure")
    return names


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
        reason = "weekend" if d.weekday() >= 5 else _holiday_names().get(d, "market holiday")
    return DayStatus(d, sess, reason, early_close(d) if sess else None,
                     d if sess else previous_session(d))


__all__ = [
    "CALENDAR_NAME", "CALENDAR_START", "parse_date", "sessions", "is_session", "previous_session",
    "next_session", "session_on_or_before", "last_session_of_month", "last_session_of_quarter",
    "last_session_of_year", "early_close", "day_status", "DayStatus",
]
