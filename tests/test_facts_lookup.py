"""facts.lookup (the figures that date an article) against plain loops over the CSV rows."""

from __future__ import annotations

import datetime as dt

import pytest

from marketdesk.facts.lookup import CloseIndex, day_moves, pct_change_range
from naive_rows import naive_rows

FILES = {"^RUT": "RUT.csv", "^DJI": "DJI.csv"}


@pytest.fixture(scope="module")
def series(bars):
    return {sym: bars(f) for sym, f in FILES.items()}


def test_close_index_finds_every_session_a_level_or_move_was_stated_on(series):
    index = CloseIndex(series)
    rows = {sym: naive_rows(f) for sym, f in FILES.items()}
    for sym, rs in rows.items():
        for k in range(1, len(rs), 997):          # a spread of sessions through the history
            prev, row = rs[k - 1], rs[k]
            assert row["date"] in index.sessions_with(round(row["close"], 2), "level"), (sym, row)
            move = round(abs(row["close"] - prev["close"]), 2)
            if move >= 1:
                assert row["date"] in index.sessions_with(move, "pts"), (sym, row, move)


def test_close_index_needs_the_cent(series):
    """2,442.03 is ^RUT's close of 2024-11-25 (seed 000); a cent tolerance of 0 still finds it,
    and a level three cents off does not."""
    index = CloseIndex(series)
    rut = {r["date"]: r["close"] for r in naive_rows("RUT.csv")}
    want = round(rut[dt.date(2024, 11, 25)], 2)
    assert dt.date(2024, 11, 25) in index.sessions_with(want, "level", tol_cents=0)
    assert dt.date(2024, 11, 25) not in index.sessions_with(want + 0.03, "level")


def test_day_moves_are_close_over_previous_close(series):
    rows = naive_rows("RUT.csv")
    days = [rows[k]["date"] for k in range(1, len(rows), 1511)]
    got = day_moves({"^RUT": series["^RUT"]}, days)
    by_date = {r["date"]: k for k, r in enumerate(rows)}
    for d in days:
        k = by_date[d]
        want = (rows[k]["close"] / rows[k - 1]["close"] - 1) * 100
        assert got[d] == [pytest.approx(want, abs=1e-9)], d


def test_a_cent_on_each_close_widens_the_change():
    """Aug. 8, 2011 on the Dow, from DJI.csv's closes: the change with a cent either way."""
    rows = {r["date"]: r["close"] for r in naive_rows("DJI.csv")}
    prev, close = rows[dt.date(2011, 8, 5)], rows[dt.date(2011, 8, 8)]
    lo, hi = pct_change_range(prev, close)
    exact = (close / prev - 1) * 100
    assert lo < exact < hi
    assert hi - lo == pytest.approx(0.02 / prev * 100 * (1 + close / prev), rel=1e-3)
