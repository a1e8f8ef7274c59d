"""Data-quality checks: each check on a small hand-made frame, then on the real files, whose known
oddities are listed in shared/data/SOURCES.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketdesk import calendar as cal
from marketdesk.desk import Desk
from marketdesk.quality import QualityIssue, check_bars, compare_sources

D = dt.date


def make(rows: list[tuple], *, symbol: str = "^TEST", source: str = "a") -> pl.DataFrame:
    """rows of (date, open, high, low, close, volume)."""
    return pl.DataFrame(rows, schema=["date", "open", "high", "low", "close", "volume"],
                        orient="row").with_columns(symbol=pl.lit(symbol), source=pl.lit(source))


def ok(d: dt.date, c: float = 100.0, v: float = 1e6) -> tuple:
    return (d, c, c + 1, c - 1, c, v)


def by_check(issues: list[QualityIssue]) -> dict[str, QualityIssue]:
    out = {i.check: i for i in issues}
    assert len(out) == len(issues), issues
    return out


# week of 2024-11-18: five sessions
CLEAN = [ok(D(2024, 11, d), 100.0 + d) for d in (18, 19, 20, 21, 22)]


def test_clean_week_has_no_issues() -> None:
    assert check_bars(make(CLEAN)) == []


def test_bar_on_a_holiday() -> None:
    issues = by_check(check_bars(make([*CLEAN, ok(D(2024, 12, 25))])))
    issue = issues["non_session"]
    assert (issue.severity, issue.dates, issue.count) == ("warning", (D(2024, 12, 25),), 1)
    assert "Christmas" in issue.message


@pytest.mark.parametrize("kind", ["yield", "future"])
def test_holiday_bar_is_info_for_yields_and_futures(kind: str) -> None:
    issue = by_check(check_bars(make([*CLEAN, ok(D(2025, 9, 1))], symbol="DGS10"),
                                kinds={"DGS10": kind}))["non_session"]
    assert issue.severity == "info" and "Labor Day" in issue.message and kind in issue.message


def test_pre_1952_saturday_is_reported_with_its_history() -> None:
    sat = D(1940, 1, 6)
    assert sat.weekday() == 5
    issue = by_check(check_bars(make([ok(D(1940, 1, 5)), ok(sat), ok(D(1940, 1, 8))])))["non_session"]
    assert issue.dates == (sat,) and "1952" in issue.message


def test_duplicate_dates() -> None:
    issue = by_check(check_bars(make([*CLEAN, ok(D(2024, 11, 22), 50.0)])))["duplicate_date"]
    assert issue.severity == "error" and issue.dates == (D(2024, 11, 22), D(2024, 11, 22))


def test_ohlc_consistency() -> None:
    rows = [
        (D(2024, 11, 18), 100.0, 99.0, 101.0, 100.0, 1.0),        # high < low
        (D(2024, 11, 19), 100.0, 101.0, 99.0, 101.02, 1.0),       # close above high
        (D(2024, 11, 20), 98.9, 101.0, 99.0, 100.0, 1.0),         # open below low
        (D(2024, 11, 21), 100.0, 101.0, 99.0, 101.0 * (1 + 1e-9), 1.0),  # within tolerance
        ok(D(2024, 11, 22)),
    ]
    issues = by_check(check_bars(make(rows)))
    assert issues["high_below_low"].dates == (D(2024, 11, 18),)
    assert issues["high_below_low"].severity == "error"
    # 2024-11-18's close 100 is also above its high 99
    assert issues["close_outside_range"].dates == (D(2024, 11, 18), D(2024, 11, 19))
    assert issues["open_outside_range"].dates == (D(2024, 11, 18), D(2024, 11, 20))
    assert issues["open_outside_range"].severity == "warning"


def test_close_only_series_skip_ohlc_checks() -> None:
    frame = pl.DataFrame({"symbol": "DGS10", "date": [D(2024, 11, 22), D(2024, 11, 25)],
                          "close": [4.41, 4.27], "source": "fred"})
    assert check_bars(frame, kinds={"DGS10": "yield"}) == []


def test_nonpositive_prices() -> None:
    rows = [*CLEAN[:4], (D(2024, 11, 22), 0.0, 1.0, 0.0, 0.5, 1.0)]
    assert by_check(check_bars(make(rows)))["nonpositive_price"].severity == "error"
    yields = by_check(check_bars(make(rows, symbol="Y"), kinds={"Y": "yield"}))
    assert yields["nonpositive_price"].severity == "info"


def test_missing_close_and_zero_volume() -> None:
    rows = [*CLEAN[:3], (D(2024, 11, 21), 1.0, 2.0, 0.5, None, 5.0), ok(D(2024, 11, 22), v=0.0)]
    issues = by_check(check_bars(make(rows)))
    assert issues["missing_close"].dates == (D(2024, 11, 21),)
    assert (issues["zero_volume"].severity, issues["zero_volume"].dates) == ("info", (D(2024, 11, 22),))


def test_gaps_count_missing_sessions() -> None:
    # Nov 2024: 4-8 and 11 (Veterans Day, NYSE open) are sessions -> 6 missing before the 12th
    six = check_bars(make([ok(D(2024, 11, 1)), ok(D(2024, 11, 12))]))
    gap = by_check(six)["gap"]
    assert gap.dates == (D(2024, 11, 12),) and gap.rows[0]["missing_sessions"] == 6
    assert gap.rows[0]["prev_date"] == D(2024, 11, 1)
    five = make([ok(D(2024, 11, 1)), ok(D(2024, 11, 11))])      # Nov 4-8 missing
    assert check_bars(five) == []
    assert by_check(check_bars(five, max_gap_sessions=4))["gap"].rows[0]["missing_sessions"] == 5


def test_closures_are_not_gaps() -> None:
    # the exchange was closed 2001-09-11 to 09-14 and 1933-03-04 to 03-14 (bank holiday)
    frame = make([ok(D(2001, 9, 10)), ok(D(2001, 9, 17)), ok(D(1933, 3, 3)), ok(D(1933, 3, 15))])
    assert check_bars(frame.filter(pl.col("date").dt.year() == 2001), max_gap_sessions=0) == []
    assert check_bars(frame.filter(pl.col("date").dt.year() == 1933), max_gap_sessions=0) == []


def test_sources_and_symbols_are_checked_separately() -> None:
    a = make([ok(D(2024, 11, 1))], source="a")
    b = make([ok(D(2024, 11, 12))], source="b")
    c = make([ok(D(2024, 11, 12))], symbol="^OTHER", source="a")
    assert check_bars(pl.concat([a, b, c])) == []       # no gap across sources or symbols


dates_2024 = st.lists(st.dates(D(2024, 1, 1), D(2024, 12, 31)), min_size=2, max_size=40, unique=True)


@settings(max_examples=40, deadline=None)
@given(dates_2024, st.integers(0, 4))
def test_gap_agrees_with_a_naive_count(days: list[dt.date], limit: int) -> None:
    days = sorted(days)
    expected = []
    for prev, cur in zip(days, days[1:]):
        missing = len(cal.sessions(prev + dt.timedelta(days=1), cur - dt.timedelta(days=1)))
        if missing > limit:
            expected.append((prev, cur, missing))
    issues = [i for i in check_bars(make([ok(d) for d in days]), max_gap_sessions=limit)
              if i.check == "gap"]
    got = [(r["prev_date"], r["date"], r["missing_sessions"]) for i in issues for r in i.rows]
    assert got == expected[:10]
    assert (issues[0].count if issues else 0) == len(expected)


def test_compare_sources() -> None:
    a = make(CLEAN, source="a")
    b = make(CLEAN, source="b").with_columns(
        close=pl.when(pl.col("date") == D(2024, 11, 20)).then(pl.col("close") + 1.2)
        .when(pl.col("date") == D(2024, 11, 21)).then(pl.col("close") + 0.01)
        .otherwise(pl.col("close")),
        open=pl.when(pl.col("date") == D(2024, 11, 18)).then(pl.col("open") - 0.5)
        .otherwise(pl.col("open")))
    issues = by_check_col(compare_sources(a, b))
    close = issues["close"]
    assert (close.severity, close.dates, close.source) == ("warning", (D(2024, 11, 20),), "a vs b")
    assert close.rows[0]["a"] == 120.0 and close.rows[0]["b"] == pytest.approx(121.2)
    assert issues["open"].severity == "info" and issues["open"].dates == (D(2024, 11, 18),)
    assert compare_sources(a, b.head(0)) == []
    assert compare_sources(a, a.with_columns(source=pl.lit("copy"))) == []


def by_check_col(issues: list[QualityIssue]) -> dict[str, QualityIssue]:
    return {i.message.split()[0]: i for i in issues}


def test_issue_to_dict_is_json() -> None:
    issue = check_bars(make([*CLEAN, ok(D(2024, 12, 25))]))[0]
    data = json.loads(json.dumps(issue.to_dict()))
    assert data["date"] == "2024-12-25" and data["rows"][0]["date"] == "2024-12-25"


# -- real data (expected values from shared/data/SOURCES.md) -------------------------------------
def test_vix_labor_day_bar(bars) -> None:
    issue = by_check(check_bars(bars("VIX.csv")))["non_session"]
    assert D(2025, 9, 1) in issue.dates and issue.severity == "warning"


def test_rut_file(bars) -> None:
    issues = by_check(check_bars(bars("RUT.csv")))
    assert "gap" not in issues and "non_session" not in issues   # 9/11 is a closure, not a gap
    zero = [d for d in issues["zero_volume"].dates if d.year >= 2016]
    listed = [D(2023, 7, 25), D(2023, 10, 13), D(2024, 10, 18), D(2025, 7, 14),
              *[D(2025, 8, d) for d in (11, 12, 18, 19, 20, 21, 27, 28, 29)],
              D(2025, 9, 8), D(2025, 9, 10), D(2025, 9, 15), D(2026, 2, 23)]
    assert zero == listed


def test_dji_open_below_low(bars) -> None:
    issues = by_check(check_bars(bars("DJI.csv")))
    assert issues["open_outside_range"].dates == (D(2025, 8, 12),)
    assert "close_outside_range" not in issues and "high_below_low" not in issues


def test_futures_and_yields_on_stock_holidays(bars) -> None:
    rty = by_check(check_bars(bars("RTY_F.csv"), kinds={"RTY=F": "future"}))["non_session"]
    assert set(rty.dates) == {D(2023, 11, 23), D(2025, 1, 9), D(2025, 7, 4), D(2025, 9, 1),
                              D(2025, 7, 13)}
    assert rty.severity == "info"
    dgs = by_check(check_bars(bars("DGS10.csv"), kinds={"DGS10": "yield"}))["non_session"]
    assert {D(2001, 9, 13), D(2001, 9, 14)} <= set(dgs.dates) and dgs.severity == "info"


def test_rut_sources_disagree_only_on_2025_09_08(bars) -> None:
    issues = by_check_col(compare_sources(bars("RUT.csv"), bars("RUT_since2016.csv")))
    close = issues["close"]
    assert close.dates == (D(2025, 9, 8),) and close.severity == "warning"
    _, rut, since, _ = close.rows[0].values()       # date, RUT.csv, RUT_since2016.csv, difference
    assert rut == pytest.approx(2393.69, abs=0.005) and since == pytest.approx(2394.89, abs=0.005)


def test_doctor_over_a_store(bars, tmp_path: Path) -> None:
    with Desk(tmp_path / "doc.duckdb") as desk:
        for file in ("RUT.csv", "RUT_since2016.csv", "VIX.csv"):
            desk.store.load(bars(file), origin=file)
        issues = desk.doctor()
    mismatch = [i for i in issues if i.check == "source_mismatch" and i.symbol == "^RUT"
                and i.message.startswith("close")]
    assert len(mismatch) == 1 and mismatch[0].dates == (D(2025, 9, 8),)
    assert mismatch[0].source == f"{bars('RUT.csv')['source'][0]} vs {bars('RUT_since2016.csv')['source'][0]}"
    labor = [i for i in issues if i.check == "non_session" and i.symbol == "^VIX"]
    assert len(labor) == 1 and D(2025, 9, 1) in labor[0].dates
    assert [i.severity for i in issues] == sorted(
        (i.severity for i in issues), key=["error", "warning", "info"].index)
