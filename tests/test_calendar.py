"""XNYS calendar: sessions, holidays and early closes, against pandas_market_calendars."""

from __future__ import annotations

import datetime as dt

import pytest

from marketdesk import calendar as cal
from marketdesk.errors import DateError

D = dt.date

# Early closes on which the two libraries disagree, 1990-2025, found by the comparison below and
# listed rather than hidden. pandas_market_calendars marks these as closing early:
PMC_ONLY_EARLY = {
    D(1994, 2, 11),   # snowstorm, NYSE closed early
    D(1996, 1, 8),    # blizzard day (pmc records a shortened session)
    D(1997, 10, 27),  # trading halted after the circuit breakers tripped
    D(2005, 6, 1),    # pmc records an early close; exchange_calendars does not
}
# ...and exchange_calendars marks this one, pmc does not:
XCALS_ONLY_EARLY = {D(1999, 12, 31)}


def test_sessions_match_pandas_market_calendars_1990_2025():
    import pandas_market_calendars as pmc
    sched = pmc.get_calendar("NYSE").schedule(start_date="1990-01-01", end_date="2025-12-31")
    theirs = {ts.date() for ts in sched.index}
    ours = set(cal.sessions(D(1990, 1, 1), D(2025, 12, 31)))
    assert ours == theirs
    assert len(ours) == 9067

    closes = sched.market_close.dt.tz_convert("America/New_York")
    their_early = {ts.date() for ts, c in zip(sched.index, closes) if c.hour < 16}
    our_early = {d for d in ours if cal.early_close(d) is not None}
    assert their_early - our_early == PMC_ONLY_EARLY
    assert our_early - their_early == XCALS_ONLY_EARLY


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2024, 11, 28), "Thanksgiving"),
        (D(2024, 12, 25), "Christmas"),
        (D(2025, 1, 9), "Special closure"),      # national day of mourning, President Carter
        (D(2001, 9, 11), "Special closure"),     # markets closed after the attacks
        (D(2024, 11, 30), "weekend"),
    ],
)
def test_non_sessions_say_why(day, reason):
    status = cal.day_status(day)
    assert not status.is_session
    assert reason.lower() in status.reason.lower()
    assert status.previous_session < day
    assert cal.is_session(status.previous_session)


def test_early_close_day_after_thanksgiving_2024():
    assert cal.early_close(D(2024, 11, 29)) == dt.time(13, 0)
    assert cal.early_close(D(2024, 11, 25)) is None


def test_navigation_helpers():
    assert cal.previous_session(D(2024, 11, 25)) == D(2024, 11, 22)
    assert cal.next_session(D(2024, 11, 27)) == D(2024, 11, 29)
    assert cal.session_on_or_before(D(2024, 11, 28)) == D(2024, 11, 27)
    assert cal.last_session_of_month(2024, 11) == D(2024, 11, 29)
    assert cal.last_session_of_quarter(2024, 1) == D(2024, 3, 28)   # Good Friday 2024-03-29
    assert cal.last_session_of_year(2021) == D(2021, 12, 31)


def test_calendar_reaches_back_before_its_default_20_year_window():
    # the RUT history starts 1987-09-10 and the S&P 500's 1927-12-30; both must be sessions
    assert cal.is_session(D(1987, 9, 10))
    assert cal.is_session(D(1987, 10, 19))        # Black Monday was a session
    assert not cal.is_session(D(1987, 12, 25))


def test_bad_dates_are_clear():
    with pytest.raises(DateError, match="2024-13-01.*YYYY-MM-DD"):
        cal.parse_date("2024-13-01", "as_of")
    with pytest.raises(DateError, match="outside the XNYS calendar"):
        cal.is_session(D(1700, 1, 1))


def test_cached_tables_equal_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setenv("MARKETDESK_CACHE_DIR", str(tmp_path))
    built = cal._build_tables()
    path = cal._cache_file()
    assert path.parent == tmp_path
    cal._save(built, path)
    loaded = cal._load(path)
    assert loaded is not None
    assert (loaded.sessions == built.sessions).all()
    assert loaded.early == built.early and loaded.holidays == built.holidays
    assert loaded.early[D(2024, 11, 29)] == dt.time(13, 0)
    assert loaded.holidays[D(2024, 11, 28)] == "Thanksgiving"


def test_a_corrupt_cache_is_rebuilt_not_trusted(tmp_path):
    bad = tmp_path / "x.npz"
    bad.write_bytes(b"not a numpy file")
    assert cal._load(bad) is None
