"""Bear market / correction state, erased YTD gains, round-level crosses, record droughts,
distances from highs, calendar-year extremes, the day's range and the 2s/10s spread: on the real
data, each against a naive loop over the CSV rows (tests/naive_rows.py, no marketdesk code)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from naive_rows import index_of, naive_rows, upto

from marketdesk.facts.curve import yield_spread_fact
from marketdesk.facts.extremes import (
    record_distance_facts,
    week52_distance_facts,
    year_extreme_facts,
)
from marketdesk.facts.intraday import intraday_facts
from marketdesk.facts.model import Metric
from marketdesk.facts.records import record_facts
from marketdesk.facts.thresholds import (
    bear_market_fact,
    correction_fact,
    level_cross_fact,
    milestone_gap_fact,
    record_drought_fact,
    round_levels_crossed,
    year_gains_erased_fact,
)
from marketdesk.schema import conform


def naive_state(rows, threshold):
    """Per row: (record in force, its date, pct below it, in state)."""
    out, best, best_date = [], None, None
    for r in rows:
        if best is None or r["close"] > best:
            best, best_date = r["close"], r["date"]
        pct = (r["close"] / best - 1.0) * 100.0
        out.append((best, best_date, pct, pct <= threshold + 1e-9 * abs(threshold)))
    return out


def naive_records(rows):
    out, best = [], None
    for k, r in enumerate(rows):
        if best is None or r["close"] > best:
            out.append(k)
            best = r["close"]
    return out


# --- bear market and correction --------------------------------------------------------------

def test_gspc_bear_market_2022_06_13(bars):
    day = dt.date(2022, 6, 13)
    rows = upto("GSPC.csv", day)
    st = naive_state(rows, -20.0)
    record, record_date, pct, in_state = st[-1]
    since = max(k for k in range(len(st) - 1) if st[k][3])
    episode = min(k for k in range(len(st)) if st[k][3] and st[k][1] == record_date)
    f = bear_market_fact(bars("GSPC.csv"), day)
    assert f.metric is Metric.BEAR_MARKET and f.as_of == day
    assert f.value == pytest.approx(pct, rel=1e-12) and round(f.value, 2) == -21.83
    assert f.context.record == record and round(record, 2) == 4796.56
    assert f.context.record_date == record_date == dt.date(2022, 1, 3)
    assert in_state and f.context.in_state and f.context.entered
    assert episode == len(st) - 1
    assert f.context.since == rows[since]["date"] == dt.date(2020, 4, 7)
    assert f.context.threshold_level == pytest.approx(record * 0.8)
    assert {dt.date(2022, 1, 3), day, dt.date(2020, 4, 7)} <= {e.date for e in f.evidence}


@pytest.mark.parametrize("day", [dt.date(2020, 3, 12), dt.date(2020, 3, 13),
                                 dt.date(2020, 4, 8), dt.date(2022, 9, 30),
                                 dt.date(2023, 1, 5), dt.date(2025, 3, 13),
                                 dt.date(2025, 4, 4), dt.date(2025, 4, 7)])
@pytest.mark.parametrize("threshold", [-10.0, -20.0])
def test_threshold_state_vs_naive(bars, day, threshold):
    rows = upto("GSPC.csv", day)
    st = naive_state(rows, threshold)
    fn = correction_fact if threshold == -10.0 else bear_market_fact
    f = fn(bars("GSPC.csv"), day)
    assert f.context.threshold == threshold
    assert f.context.in_state is st[-1][3]
    earlier = [k for k in range(len(st) - 1) if st[k][3]]
    assert f.context.since == (rows[earlier[-1]]["date"] if earlier else None)
    same_record = [k for k in range(len(st)) if st[k][3] and st[k][1] == st[-1][1]]
    assert f.context.entered is (bool(same_record) and same_record[0] == len(st) - 1)
    assert f.context.previous_in_state is st[-2][3]


# --- erased gains for the year ---------------------------------------------------------------

@pytest.mark.parametrize("day", [dt.date(2025, 3, 10), dt.date(2025, 3, 11), dt.date(2025, 1, 2),
                                 dt.date(2025, 5, 2), dt.date(2022, 1, 5), dt.date(2024, 11, 25)])
def test_year_gains_erased_vs_naive(bars, day):
    rows = upto("DJI.csv", day)
    year = [r for r in rows if r["date"].year == rows[-1]["date"].year]
    base = [r for r in rows if r["date"].year == rows[-1]["date"].year - 1][-1]["close"]
    ytd = [(r["close"] / base - 1.0) * 100.0 for r in year]
    prev = ytd[-2] if len(ytd) > 1 else 0.0
    f = year_gains_erased_fact(bars("DJI.csv"), day)
    assert f.value == pytest.approx(ytd[-1], rel=1e-12)
    assert f.context.erased is (ytd[-1] <= 0 < prev)
    assert f.context.regained is (ytd[-1] > 0 >= prev and len(ytd) > 1)
    same = [k for k in range(len(ytd) - 1) if (ytd[k] <= 0) == (ytd[-1] <= 0)]
    assert f.context.since == (year[same[-1]]["date"] if same else None)


def test_dji_erased_2025_gains_on_a_naive_date(bars):
    rows = naive_rows("DJI.csv")
    base = [r for r in rows if r["date"].year == 2024][-1]["close"]
    y = [r for r in rows if r["date"].year == 2025]
    first = next(y[k]["date"] for k in range(1, len(y))
                 if y[k]["close"] <= base < y[k - 1]["close"])
    f = year_gains_erased_fact(bars("DJI.csv"), first)
    assert f.context.erased and f.context.direction == "decline"


# --- round levels ----------------------------------------------------------------------------

def test_gspc_first_close_above_6000(bars):
    rows = naive_rows("GSPC.csv")
    first = next(r["date"] for r in rows if r["close"] > 6000)
    assert first == dt.date(2024, 11, 11)
    f = level_cross_fact(bars("GSPC.csv"), first, 6000)
    assert f.metric is Metric.FIRST_CLOSE_ABOVE and f.value == 6000
    assert f.context.crossed and f.context.first_ever and f.context.since is None
    assert f.context.first_date == first and f.context.direction == "gain"
    k = index_of(rows, first)
    assert 6000.0 in round_levels_crossed(rows[k - 1]["close"], rows[k]["close"], 1000)


def test_dji_first_close_above_40000_since_vs_naive(bars):
    """Every later upward cross of 40,000: its "first since" is the last earlier close above."""
    rows = naive_rows("DJI.csv")
    crosses = [k for k in range(1, len(rows))
               if rows[k]["close"] > 40000 >= rows[k - 1]["close"]]
    assert len(crosses) >= 2
    for k in crosses[:6]:
        before = [j for j in range(k) if rows[j]["close"] > 40000]
        f = level_cross_fact(bars("DJI.csv"), rows[k]["date"], 40000)
        assert f.context.crossed
        assert f.context.since == (rows[before[-1]]["date"] if before else None)
        assert f.context.first_date == rows[crosses[0]]["date"]


@pytest.mark.parametrize("low, high", [(20000, 21000), (21000, 22000), (24000, 25000),
                                       (25000, 26000)])
def test_dji_milestone_gap_vs_naive(bars, low, high):
    """Sessions and calendar days between first closes above two 1,000-point levels, against a
    plain loop; the seed numbers of the Jan. 2018 stories (23 sessions from 24,000 to 25,000, 8
    from 25,000 to 26,000) come out of the loop, not the code."""
    rows = naive_rows("DJI.csv")
    i = next(k for k, r in enumerate(rows) if r["close"] > low)
    j = next(k for k, r in enumerate(rows) if r["close"] > high)
    f = milestone_gap_fact(bars("DJI.csv"), rows[j]["date"], low, high)
    assert f is not None and f.metric is Metric.MILESTONE_GAP
    assert f.value == j - i == f.context.sessions
    assert f.context.from_date == rows[i]["date"] and f.context.to_date == rows[j]["date"]
    assert f.context.calendar_days == (rows[j]["date"] - rows[i]["date"]).days
    # to the session (no upper level): the same count on the day of the upper first close
    assert milestone_gap_fact(bars("DJI.csv"), rows[j]["date"], low).value == j - i


def test_milestone_gap_intraday_and_not_yet(bars):
    rows = naive_rows("DJI.csv")
    i = next(k for k, r in enumerate(rows) if r["high"] is not None and r["high"] > 25000)
    j = next(k for k, r in enumerate(rows) if r["high"] is not None and r["high"] > 26000)
    f = milestone_gap_fact(bars("DJI.csv"), rows[j]["date"], 25000, 26000, intraday=True)
    assert f.context.calendar_days == (rows[j]["date"] - rows[i]["date"]).days
    assert f.context.basis == "intraday"
    before = rows[j - 1]["date"]          # the upper level not yet traded above: no answer
    assert milestone_gap_fact(bars("DJI.csv"), before, 25000, 26000, intraday=True) is None


def test_level_below_and_not_crossed(bars):
    rows = upto("GSPC.csv", dt.date(2025, 4, 4))
    f = level_cross_fact(bars("GSPC.csv"), dt.date(2025, 4, 4), 5500)
    assert f.metric is Metric.FIRST_CLOSE_BELOW
    assert f.context.crossed is (rows[-2]["close"] >= 5500 > rows[-1]["close"])
    assert round_levels_crossed(5983.99, 6001.35) == [6000.0]
    assert round_levels_crossed(6001.35, 5983.99, 1000) == [6000.0]
    assert round_levels_crossed(100.0, 101.0, 1000) == []


# --- highest close since, record droughts ----------------------------------------------------

def test_rut_highest_close_since_2021_11_08(bars):
    day = dt.date(2024, 11, 25)
    rows = upto("RUT.csv", day)
    since = max(k for k in range(len(rows) - 1) if rows[k]["close"] >= rows[-1]["close"])
    f = {x.metric: x for x in record_facts(bars("RUT.csv"), day)}[Metric.HIGHEST_CLOSE_SINCE]
    assert round(f.value, 2) == 2442.03
    assert str(f.context.since_date) == rows[since]["date"].isoformat() == "2021-11-08"


def test_gspc_record_of_2024_01_19_ended_512_sessions(bars):
    day = dt.date(2024, 1, 19)
    rows = upto("GSPC.csv", day)
    recs = naive_records(rows)
    assert recs[-1] == len(rows) - 1
    gaps = [(recs[k - 1], recs[k], recs[k] - recs[k - 1] - 1) for k in range(1, len(recs))]
    cur = gaps[-1][2]
    earlier = [g for g in gaps[:-1] if g[2] >= cur]
    f = record_drought_fact(bars("GSPC.csv"), day)
    assert f.metric is Metric.RECORD_DROUGHT and f.unit == "sessions"
    assert f.value == cur == 512 and f.context.ended
    assert f.context.record_date == rows[gaps[-1][0]]["date"] == dt.date(2022, 1, 3)
    assert f.context.since == rows[earlier[-1][1]]["date"]
    assert f.context.since_value == earlier[-1][2]


@pytest.mark.parametrize("day", [dt.date(2023, 6, 30), dt.date(2013, 3, 27),
                                 dt.date(2024, 11, 25), dt.date(2025, 4, 8)])
def test_running_drought_vs_naive(bars, day):
    rows = upto("GSPC.csv", day)
    recs = naive_records(rows)
    f = record_drought_fact(bars("GSPC.csv"), day)
    if recs[-1] == len(rows) - 1:
        assert f.context.ended and f.value == recs[-1] - recs[-2] - 1
        return
    gaps = [(recs[k], recs[k] - recs[k - 1] - 1) for k in range(1, len(recs))]
    cur = len(rows) - 1 - recs[-1]
    earlier = [g for g in gaps if g[1] >= cur]
    assert f.value == cur and not f.context.ended
    assert f.context.since == (rows[earlier[-1][0]]["date"] if earlier else None)


# --- distances from highs; calendar-year extremes --------------------------------------------

def test_rut_below_record_vs_rise_to_regain_2020_03_16(bars):
    day = dt.date(2020, 3, 16)
    rows = upto("RUT.csv", day)
    record = max(r["close"] for r in rows)
    close = rows[-1]["close"]
    facts = {f.metric: f for f in record_distance_facts(bars("RUT.csv"), day)}
    below = facts[Metric.PCT_BELOW_RECORD_CLOSE]
    rise = facts[Metric.RISE_TO_RECORD_CLOSE]
    assert below.value == pytest.approx((close / record - 1) * 100, rel=1e-12)
    assert rise.value == pytest.approx((record / close - 1) * 100, rel=1e-12)
    assert round(below.value, 2) == -40.40 and round(rise.value, 2) == 67.80


@pytest.mark.parametrize("day", [dt.date(2024, 11, 25), dt.date(2024, 1, 2),
                                 dt.date(2022, 10, 12), dt.date(2025, 4, 8)])
def test_year_extremes_vs_naive(bars, day):
    rows = upto("GSPC.csv", day)
    year = [r for r in rows if r["date"].year == rows[-1]["date"].year]
    hi = max(year, key=lambda r: r["close"])
    lo = min(year, key=lambda r: r["close"])
    f = {x.metric: x for x in year_extreme_facts(bars("GSPC.csv"), day)}
    assert f[Metric.YEAR_HIGH_CLOSE].value == hi["close"]
    assert f[Metric.YEAR_HIGH_CLOSE].context.date == next(
        r["date"] for r in year if r["close"] == hi["close"])
    assert f[Metric.YEAR_LOW_CLOSE].value == lo["close"]
    assert f[Metric.YEAR_HIGH_CLOSE].context.is_new is all(
        year[-1]["close"] > r["close"] for r in year[:-1])
    assert f[Metric.PCT_BELOW_YEAR_HIGH].value == pytest.approx(
        (year[-1]["close"] / hi["close"] - 1) * 100, rel=1e-12, abs=1e-12)
    assert f[Metric.PCT_ABOVE_YEAR_LOW].value == pytest.approx(
        (year[-1]["close"] / lo["close"] - 1) * 100, rel=1e-12, abs=1e-12)


def test_week52_distances_vs_naive(bars):
    day = dt.date(2022, 10, 12)
    rows = [r for r in upto("GSPC.csv", day) if r["date"] >= day - dt.timedelta(days=365)]
    hi = max(r["close"] for r in rows)
    lo = min(r["close"] for r in rows)
    f = {x.metric: x for x in week52_distance_facts(bars("GSPC.csv"), day)}
    assert f[Metric.PCT_BELOW_WEEK52_HIGH].value == pytest.approx(
        (rows[-1]["close"] / hi - 1) * 100, rel=1e-12)
    assert f[Metric.PCT_ABOVE_WEEK52_LOW].value == pytest.approx(
        (rows[-1]["close"] / lo - 1) * 100, rel=1e-12, abs=1e-12)
    assert isinstance(f[Metric.PCT_BELOW_WEEK52_HIGH].context.date, dt.date)


# --- the day's range -------------------------------------------------------------------------

@pytest.mark.parametrize("day", [dt.date(2020, 3, 16), dt.date(2024, 8, 5),
                                 dt.date(2024, 11, 25), dt.date(2025, 4, 9)])
def test_intraday_vs_naive(bars, day):
    rows = upto("DJI.csv", day)
    prev, r = rows[-2]["close"], rows[-1]
    f = {x.metric: x for x in intraday_facts(bars("DJI.csv"), day)}
    assert f[Metric.INTRADAY_RANGE_PCT].value == pytest.approx(
        (r["high"] - r["low"]) / prev * 100, rel=1e-12)
    loc = f[Metric.CLOSE_LOCATION]
    assert loc.value == pytest.approx((r["close"] - r["low"]) / (r["high"] - r["low"]))
    assert loc.context.at_high is (r["close"] >= r["high"])
    reversed_gain = r["high"] > prev > r["close"]
    reversed_drop = r["low"] < prev < r["close"]
    assert (Metric.INTRADAY_REVERSAL in f) is (reversed_gain or reversed_drop)
    if Metric.INTRADAY_REVERSAL in f:
        ext = r["high"] if reversed_gain else r["low"]
        assert f[Metric.INTRADAY_REVERSAL].value == pytest.approx((ext / prev - 1) * 100)


def test_closed_at_session_high_days_vs_naive(bars):
    """Every ^RUT session of 2024 that closed at its high, found by both."""
    rows = [r for r in naive_rows("RUT.csv") if r["date"].year == 2024]
    naive = [r["date"] for r in rows if r["close"] == r["high"] and r["high"] > r["low"]]
    got = []
    for r in rows:
        f = {x.metric: x for x in intraday_facts(bars("RUT.csv"), r["date"])}
        if Metric.CLOSE_LOCATION in f and f[Metric.CLOSE_LOCATION].context.at_high:
            got.append(r["date"])
    assert got == naive


def test_flat_close_only_bar_has_no_range():
    frame = conform(pl.DataFrame({"symbol": ["T"] * 2, "date": [dt.date(1950, 1, 3),
                                                                 dt.date(1950, 1, 4)],
                                  "open": [10.0, 11.0], "high": [10.0, 11.0],
                                  "low": [10.0, 11.0], "close": [10.0, 11.0],
                                  "source": ["t"] * 2}))
    assert intraday_facts(frame, dt.date(1950, 1, 4)) == []


# --- 2s/10s ----------------------------------------------------------------------------------

@pytest.mark.parametrize("day", [dt.date(2022, 7, 6), dt.date(2023, 7, 3), dt.date(2024, 9, 4),
                                 dt.date(2024, 11, 25), dt.date(2024, 11, 11)])
def test_2s10s_spread_vs_naive(bars, day):
    ten = {r["date"]: r["close"] for r in upto("DGS10.csv", day)}
    two = {r["date"]: r["close"] for r in upto("DGS2.csv", day)}
    common = sorted(set(ten) & set(two))
    spread = [round((ten[d] - two[d]) * 100, 6) for d in common]
    f = yield_spread_fact(bars("DGS10.csv"), bars("DGS2.csv"), day)
    assert f.metric is Metric.YIELD_SPREAD_BP and f.unit == "bp"
    assert f.as_of == common[-1] and f.value == spread[-1]
    assert f.context.change_bp == round(spread[-1] - spread[-2], 6)
    assert f.context.inverted is (spread[-1] < 0)
    changed = (spread[-1] < 0) != (spread[-2] < 0)
    assert f.context.sign_changed is changed
    same = [k for k in range(len(spread) - 1) if (spread[k] < 0) == (spread[-1] < 0)]
    assert f.context.since == (common[same[-1]] if same else None)
    assert len(f.evidence) == 4


def test_2s10s_first_positive_after_inversion_found_by_naive_loop(bars):
    ten = {r["date"]: r["close"] for r in naive_rows("DGS10.csv")}
    two = {r["date"]: r["close"] for r in naive_rows("DGS2.csv")}
    common = sorted(set(ten) & set(two))
    s = [(d, ten[d] - two[d]) for d in common if d >= dt.date(2022, 7, 1)]
    # the first non-negative spread after the 2022 inversion had lasted 100+ common dates
    run, first = 0, None
    for d, v in s:
        if v < -1e-9:
            run += 1
        elif run >= 100:
            first = d
            break
        else:
            run = 0
    assert first is not None
    f = yield_spread_fact(bars("DGS10.csv"), bars("DGS2.csv"), first)
    assert f.context.sign_changed and f.context.direction == "gain"
    assert f.context.since < dt.date(2022, 7, 7)


# --- through the engine ----------------------------------------------------------------------

def test_engine_answers_the_new_families(bars):
    """The engine's answerers for these metrics return the family functions' Facts."""
    from marketdesk.facts.engine import answer
    from marketdesk.facts.moves import change_count_fact
    from marketdesk.facts.query import FactQuery, NoAnswer, Params, PeriodSpec

    day = dt.date(2022, 6, 13)
    g = bars("GSPC.csv")
    f = answer(FactQuery("^GSPC", Metric.BEAR_MARKET, PeriodSpec.day(day)), g)
    assert f == bear_market_fact(g, day)
    up = answer(FactQuery("^GSPC", Metric.FIRST_CLOSE_ABOVE, PeriodSpec.day(dt.date(2024, 11, 11)),
                          params=Params(threshold=6000)), g)
    assert up == level_cross_fact(g, dt.date(2024, 11, 11), 6000)
    below = answer(FactQuery("^GSPC", Metric.FIRST_CLOSE_BELOW,
                             PeriodSpec.day(dt.date(2024, 11, 11)), params=Params(threshold=6000)),
                   g)
    assert isinstance(below, NoAnswer) and below.reason == "not_applicable"
    dj = bars("DJI.csv")
    rec = answer(FactQuery("^DJI", Metric.CHANGE_PTS_RECORD, PeriodSpec.day(dt.date(2026, 2, 23)),
                           params=Params(direction="down")), dj)
    assert rec.context.record_date == dt.date(2020, 3, 16)
    sat = answer(FactQuery("^DJI", Metric.CHANGE_PTS_RANK, PeriodSpec.day(dt.date(2024, 11, 23))),
                 dj)
    assert isinstance(sat, NoAnswer) and sat.reason == "no_bar"
    drought = answer(FactQuery("^GSPC", Metric.RECORD_DROUGHT,
                               PeriodSpec.day(dt.date(2024, 1, 19))), g)
    assert drought.value == 512
    rise = answer(FactQuery("^RUT", Metric.RISE_TO_RECORD_CLOSE,
                            PeriodSpec.day(dt.date(2020, 3, 16))), bars("RUT.csv"))
    assert round(rise.value, 2) == 67.80
    spread = answer(FactQuery("DGS10", Metric.YIELD_SPREAD_BP,
                              PeriodSpec.day(dt.date(2024, 11, 25))),
                    bars("DGS10.csv"), other=bars("DGS2.csv"))
    assert spread.value == 6.0
    count = answer(FactQuery("^DJI", Metric.CHANGE_COUNT, PeriodSpec.day(dt.date(2026, 2, 23)),
                             params=Params(threshold=1000)), dj)
    assert count == change_count_fact(dj, dt.date(2026, 2, 23), 1000)
