"""Universe fact-sheet rows (local engine) against the one-series facts and plain loops."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import marketdesk.scale as scale
from marketdesk.scale.kernel import METRICS, ROW_SCHEMA
from marketdesk.scale.local import run_local
from scale_helpers import AS_OF, assert_row_matches, expected_row, gbm_universe, one_series
from scale_helpers import shared_universe


@pytest.fixture(scope="module")
def shared(bars) -> pl.DataFrame:
    from conftest import manifest

    return shared_universe(bars, manifest())


def test_shared_data_rows_equal_the_one_series_facts(shared):
    rows = scale.universe_facts(shared, AS_OF)
    assert rows["symbol"].to_list() == sorted(shared["symbol"].unique().to_list())
    assert rows.schema == pl.Schema(ROW_SCHEMA)
    for row in rows.iter_rows(named=True):
        want = expected_row(one_series(shared, row["symbol"]), AS_OF)
        assert_row_matches(row, want, row["symbol"])


def test_seed_story_figures_for_the_russell(shared):
    # seed 001: up 1.47% to 2442.03, just shy of its record close 2442.74 of Nov. 8, 2021,
    # November's gain the largest since December 2023
    r = scale.universe_facts(shared, "2024-11-25").filter(pl.col("symbol") == "^RUT").row(
        0, named=True)
    assert round(r["close"], 2) == 2442.03
    assert round(r["change_pct"], 2) == 1.47
    assert round(r["record_close"], 2) == 2442.74
    assert r["record_date"] == dt.date(2021, 11, 8)
    assert r["largest_since"] == "2023-12"
    assert round(r["mtd_pct"], 2) == 11.17


@pytest.mark.parametrize("as_of", [dt.date(2021, 6, 30), dt.date(2022, 3, 7), None])
def test_generated_universe_rows_equal_the_one_series_facts(as_of):
    u = gbm_universe()
    rows = scale.universe_facts(u, as_of)
    assert rows.height == 12
    for row in rows.iter_rows(named=True):
        bars = one_series(u, row["symbol"])
        want = expected_row(bars, as_of or bars["date"].max())
        assert_row_matches(row, want, row["symbol"])


def test_streak_and_records_against_plain_loops():
    u = gbm_universe(seed=11)
    rows = scale.universe_facts(u)
    for row in rows.iter_rows(named=True):
        c = u.filter(pl.col("symbol") == row["symbol"])["close"].to_list()
        d = u.filter(pl.col("symbol") == row["symbol"])["date"].to_list()
        n = 0
        sign = (c[-1] > c[-2]) - (c[-1] < c[-2])
        i = len(c) - 1
        while sign and i > 0 and ((c[i] > c[i - 1]) - (c[i] < c[i - 1])) == sign:
            n, i = n + 1, i - 1
        assert row["streak"] == sign * n
        best, count = -1.0, 0
        for x, day in zip(c, d):
            if x > best:
                best = x
                count += day.year == d[-1].year
        assert row["record_close"] == best and row["records_ytd"] == count


def test_row_order_does_not_matter_and_duplicates_are_refused():
    u = gbm_universe(n_series=5, n_days=400)
    a = scale.universe_facts(u)
    b = scale.universe_facts(u.sample(fraction=1.0, shuffle=True, seed=3))
    assert_frame_equal(a, b)
    with pytest.raises(ValueError, match="two rows dated"):
        scale.universe_facts(pl.concat([u, u.head(1)]))


def test_metrics_selection_and_unknown_names():
    u = gbm_universe(n_series=3, n_days=300)
    out = scale.universe_facts(u, metrics=["ytd_pct", "streak"])
    assert out.columns == ["symbol", "date", "ytd_pct", "streak"]
    with pytest.raises(ValueError, match="unknown metric.*'bogus'"):
        scale.universe_facts(u, metrics=["bogus"])
    assert "above_200" in METRICS


def test_batched_parquet_equals_one_pass(tmp_path):
    u = gbm_universe(n_series=9, n_days=500)
    path = tmp_path / "u.parquet"
    u.sort("symbol", "date").write_parquet(path, row_group_size=700)
    whole = scale.universe_facts(u, "2020-12-31")
    calls = []
    batched = run_local(path, dt.date(2020, 12, 31), max_bytes=0, batch_rows=1000,
                        progress=lambda i, n: calls.append((i, n)))
    assert_frame_equal(whole, batched)
    assert len(calls) > 3 and calls[-1][0] == calls[-1][1]
    assert_frame_equal(whole, scale.universe_facts(path, "2020-12-31"))
    frame_batched = run_local(u, dt.date(2020, 12, 31), batch_rows=1500)
    assert_frame_equal(whole, frame_batched)


def test_breadth_counts_by_hand():
    u = gbm_universe(n_series=10)
    rows = scale.universe_facts(u)
    b = scale.universe_breadth(rows)
    recs = highs = ups = above = full = 0
    for s in rows["symbol"]:
        c = u.filter(pl.col("symbol") == s)["close"].to_numpy()
        d = u.filter(pl.col("symbol") == s)["date"].to_list()
        recs += bool(c[-1] > c[:-1].max())
        window = c[[x >= d[-1] - dt.timedelta(days=365) for x in d]]
        highs += bool(c[-1] >= window.max())
        ups += bool(c[-1] > c[-2])
        if c.size >= 200:
            full += 1
            above += bool(c[-1] > np.mean(c[-200:]))
    assert (b["symbols"], b["at_record"], b["at_52w_high"], b["up_on_day"],
            b["above_200d"], b["with_200d"]) == (10, recs, highs, ups, above, full)


def test_universe_from_a_store(loaded_db, shared):
    from marketdesk.desk import Desk

    with Desk(loaded_db, read_only=True) as desk:
        rows = scale.universe_facts(desk, AS_OF, metrics=["close", "ytd_pct"])
        rut = desk.bars("^RUT")
    assert rows.height == shared["symbol"].n_unique()
    r = rows.filter(pl.col("symbol") == "^RUT").row(0, named=True)
    want = expected_row(rut, AS_OF)
    assert r["close"] == want["close"] and r["ytd_pct"] == pytest.approx(want["ytd_pct"],
                                                                           rel=1e-12)


def test_bad_inputs():
    with pytest.raises(ValueError, match="lacks column"):
        scale.universe_facts(pl.DataFrame({"symbol": ["A"], "close": [1.0]}))
    with pytest.raises(FileNotFoundError):
        scale.universe_facts("/nonexistent/bars.parquet")
    with pytest.raises(ValueError, match="engine"):
        scale.universe_facts(gbm_universe(2, 100), engine="dask")  # type: ignore[arg-type]


def test_latest_since_equals_largest_since_at_each_last_row():
    from marketdesk.facts import ranks, tables

    monthly = tables.monthly_returns_long(gbm_universe(seed=5))
    full = ranks.largest_since_long(monthly)
    latest = ranks.latest_since_long(monthly)
    want = full.with_row_index("row").group_by("symbol", maintain_order=True).last()
    for c in ("row", "on_record", "since_row", "since_year", "since_month", "since_value"):
        assert latest[c].cast(want[c].dtype).to_list() == want[c].to_list(), c


@pytest.mark.parametrize("n_days", [900, None])     # ragged series; equal lengths (2-D path)
def test_segments_give_the_same_frames_as_the_plain_long_functions(n_days):
    from marketdesk.facts import day, drawdowns, periods, records, segments, streaks, tables

    u = gbm_universe(seed=3)
    if n_days is None:      # every series cut to the same number of bars
        u = u.filter(pl.int_range(pl.len()).over("symbol") < 500)
    seg = segments.segments_long(u.sample(fraction=1.0, shuffle=True, seed=1))
    pairs = [
        (day.day_change_long(u), day.day_change_long(segments=seg)),
        (periods.to_date_returns_long(u), periods.to_date_returns_long(segments=seg)),
        (periods.trailing_mean_long(u), periods.trailing_mean_long(segments=seg)),
        (drawdowns.drawdowns_long(u), drawdowns.drawdowns_long(segments=seg)),
        (streaks.current_streak_long(u), streaks.current_streak_long(segments=seg)),
        (records.window_extremes_long(u), records.window_extremes_long(segments=seg)),
        (records.record_summary_long(u), records.record_summary_long(segments=seg)),
        (tables.monthly_returns_long(u).drop("base_source", "end_source"),
         tables.monthly_returns_long(segments=seg).drop("base_source", "end_source")),
    ]
    for plain, fast in pairs:
        assert_frame_equal(plain, fast, check_exact=True)


def test_segment_running_max_against_a_loop():
    from marketdesk.facts.segments import _segment_cummax

    rng = np.random.default_rng(0)
    v = rng.normal(size=1000)
    for cuts in ([0, 250, 500, 750], [0, 1, 7, 400, 999]):
        starts = np.array(cuts)
        ends = np.append(starts[1:] - 1, v.size - 1)
        want = np.concatenate([np.maximum.accumulate(v[s:e + 1]) for s, e in zip(starts, ends)])
        assert np.array_equal(_segment_cummax(v, starts, ends), want)


def test_long_streaks_and_records_from_the_tails():
    """Streaks longer than the tail window (64, 128 rows), flat tails and one-row series: the
    tail-only streak and the record searches against current_streak_long on plain rows."""
    from marketdesk.facts.streaks import current_streak_long

    days = pl.date_range(dt.date(2020, 1, 1), dt.date(2020, 12, 31), eager=True)
    n = days.len()
    up = np.r_[np.linspace(100, 50, n - 150), np.linspace(51, 200, 150)]     # 149 up days
    down = np.r_[np.linspace(100, 150, n - 70), np.linspace(149, 10, 70)]   # 69 down days
    flat = np.r_[np.linspace(100, 150, n - 5), np.full(5, 150.0)]
    whole = np.linspace(1, 2, n)                                           # up all the way
    frames = [pl.DataFrame({"symbol": s, "date": days, "close": v})
              for s, v in (("A", up), ("B", down), ("C", flat), ("D", whole))]
    frames.append(pl.DataFrame({"symbol": "E", "date": days[:1], "close": [5.0]}))
    u = pl.concat(frames)
    rows = scale.universe_facts(u)
    want = current_streak_long(u.sample(fraction=1.0, shuffle=True, seed=3))
    assert rows["streak"].to_list() == want["streak"].to_list() == [150, -70, 0, n - 1, None]
    assert rows["record_close"].to_list() == [200.0, 150.0, 150.0, 2.0, 5.0]

    def records(v: np.ndarray) -> int:
        best, count = -np.inf, 0
        for x in v:
            count, best = (count + 1, x) if x > best else (count, best)
        return count

    assert rows["records_ytd"].to_list() == [records(v) for v in (up, down, flat, whole)] + [1]
