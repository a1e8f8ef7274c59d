"""The facts engine: FactQuery -> Fact | NoAnswer, and the one period resolver.

Two kinds of check, both on the real data in ../shared/data:

- every answerer returns the same Fact as the family function it wraps (called directly here);
- every period kind resolves to the base and end closes a plain loop over the CSV rows finds, and
  the figure over it equals the ratio (or bp difference) of those CSV closes. The expected numbers
  come from the CSV files (read here with the csv module), never from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache

import pytest

from conftest import data_dir
from marketdesk.facts import (
    contexts,
    day,
    drawdowns,
    periods,
    ranks,
    records,
    relative,
    seasonality,
    streaks,
    yields,
)
from marketdesk.facts import engine as engine_module
from marketdesk.facts.engine import answer, clear_cache, registered_metrics
from marketdesk.facts.model import Fact, Metric
from marketdesk.facts.periods import PeriodUnresolved, resolve
from marketdesk.facts.query import FactQuery, NoAnswer, Params, PeriodSpec

D = dt.date
NOV25 = D(2024, 11, 25)


# --------------------------------------------------------------- the CSV, read plainly --

@lru_cache(maxsize=None)
def csv_rows(file: str) -> tuple[tuple[dt.date, float, float | None], ...]:
    """(date, close, high) of every row of a data file with a value, in file order.

    Handles the three layouts of the shared data: Yahoo (``Date,Close,High,...``), newer
    yfinance (three header lines: Price / Ticker / Date) and FRED (``date,value``, blank or
    ``.`` for a missing value)."""
    with open(data_dir() / file, newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        cols = {name.strip().lower(): i for i, name in enumerate(header)}
        ci = cols.get("close", cols.get("value"))
        hi = cols.get("high")
        out = []
        for row in reader:
            try:
                d = D.fromisoformat(row[0][:10])
            except ValueError:      # yfinance's Ticker / Date lines
                continue
            if not row[ci] or row[ci] == ".":
                continue
            high = float(row[hi]) if hi is not None and row[hi] else None
            out.append((d, float(row[ci]), high))
    return tuple(out)


def close_on(file: str, d: dt.date) -> float:
    (c,) = [c for dd, c, _ in csv_rows(file) if dd == d]
    return c


def last_before(file: str, d: dt.date) -> tuple[dt.date, float]:
    """The last CSV row strictly before ``d``."""
    best = None
    for dd, c, _ in csv_rows(file):
        if dd < d:
            best = (dd, c)
    assert best is not None
    return best


def last_on_or_before(file: str, d: dt.date) -> tuple[dt.date, float]:
    return last_before(file, d + dt.timedelta(days=1))


def pct(a: float, b: float) -> float:
    return (b / a - 1.0) * 100.0


def fact(x: Fact | NoAnswer) -> Fact:
    assert isinstance(x, Fact), x
    return x


def no(x: Fact | NoAnswer) -> NoAnswer:
    assert isinstance(x, NoAnswer), x
    return x


def q(subject: str, metric: Metric, spec: PeriodSpec, **kw) -> FactQuery:
    return FactQuery(subject, metric, spec, **kw)


# ------------------------------------------------------------------------ the query --

def test_queries_are_frozen_and_hashable():
    a = q("^RUT", Metric.PERIOD_RETURN, PeriodSpec.mtd(NOV25))
    b = q("^RUT", Metric.PERIOD_RETURN, PeriodSpec.mtd(NOV25))
    c = q("^RUT", Metric.PERIOD_RETURN, PeriodSpec.mtd(NOV25), params=Params(granularity="day"))
    assert a == b and hash(a) == hash(b) and len({a, b, c}) == 2
    with pytest.raises(AttributeError):
        a.subject = "^GSPC"  # type: ignore[misc]
    with pytest.raises(ValueError):
        PeriodSpec.quarter(2022, 5)


def test_registry_covers_the_vocabulary_the_checker_uses():
    want = {Metric.CLOSE, Metric.HIGH, Metric.LOW, Metric.OPEN, Metric.CHANGE_PTS,
            Metric.CHANGE_PCT, Metric.INTRADAY_HIGH_CHANGE_PCT, Metric.INTRADAY_LOW_CHANGE_PCT,
            Metric.PERIOD_RETURN, Metric.PERIOD_TOTAL_RETURN, Metric.PERIOD_CHANGE_PTS,
            Metric.YIELD_LEVEL, Metric.YIELD_CHANGE_BP, Metric.LARGEST_SINCE,
            Metric.LARGEST_OF_YEAR, Metric.RECORD_CLOSE, Metric.RECORD_HIGH,
            Metric.RECORD_CLOSE_COUNT, Metric.PCT_FROM_RECORD_CLOSE, Metric.DRAWDOWN,
            Metric.STREAK, Metric.LONGEST_STREAK, Metric.HIGHEST_CLOSE_SINCE,
            Metric.LOWEST_CLOSE_SINCE, Metric.N_YEAR_HIGH, Metric.N_YEAR_LOW,
            Metric.WEEK52_HIGH, Metric.WEEK52_LOW, Metric.SEASONAL_AVERAGE,
            Metric.SEASONAL_MEDIAN, Metric.SEASONAL_PCT_UP, Metric.SEASONAL_BEST_MONTH,
            Metric.SEASONAL_WORST_MONTH, Metric.SPREAD}
    assert want <= registered_metrics()


# ------------------------------------------- each answerer = the function it wraps --

def _by(facts, metric):
    (f,) = [x for x in facts if x.metric is metric]
    return f


def test_day_answerers_equal_day_facts(bars):
    rut = bars("RUT.csv")
    direct = day.day_facts(rut, NOV25)
    for f in direct:
        assert fact(answer(q("^RUT", f.metric, PeriodSpec.day(NOV25)), rut)) == f


def test_period_answerers_equal_period_functions(bars):
    g, vbk = bars("GSPC.csv"), bars("VBK.csv")
    for kind in ("wtd", "mtd", "qtd", "ytd"):
        spec = PeriodSpec(kind, as_of=NOV25)
        assert fact(answer(q("^GSPC", Metric.PERIOD_RETURN, spec), g)) == \
            periods.period_return(g, NOV25, kind)
        assert fact(answer(q("VBK", Metric.PERIOD_TOTAL_RETURN, spec), vbk)) == \
            periods.period_return(vbk, NOV25, kind, total=True)
        assert fact(answer(q("VBK", Metric.PERIOD_RETURN, spec, basis="total_return"), vbk)) \
            == periods.period_return(vbk, NOV25, kind, total=True)
    assert fact(answer(q("^GSPC", Metric.PERIOD_RETURN, PeriodSpec.month(2024, 10)), g)) == \
        periods.month_return(g, 2024, 10)
    assert fact(answer(q("^GSPC", Metric.PERIOD_RETURN, PeriodSpec.quarter(2022, 2)), g)) == \
        periods.quarter_return(g, 2022, 2)
    assert fact(answer(q("^GSPC", Metric.PERIOD_RETURN, PeriodSpec.calendar_year(2023)), g)) \
        == periods.year_return(g, 2023)
    assert fact(answer(q("^GSPC", Metric.PERIOD_RETURN, PeriodSpec.since(D(2020, 11, 3), NOV25)),
                       g)) == periods.since_return(g, D(2020, 11, 3), NOV25)
    assert fact(answer(q("^GSPC", Metric.PERIOD_RETURN,
                         PeriodSpec.between(D(2022, 1, 3), D(2022, 6, 13))), g)) == \
        periods.range_return(g, D(2022, 1, 3), D(2022, 6, 13))
    # the kinds without a function of their own: range_return between the resolved closes
    for spec in (PeriodSpec.week(D(2020, 3, 20)), PeriodSpec.half(2022, 1),
                 PeriodSpec.sessions(3, NOV25), PeriodSpec.weeks52(NOV25)):
        res = resolve(spec, g)
        got = fact(answer(q("^GSPC", Metric.PERIOD_RETURN, spec), g))
        direct = periods.range_return(g, res.base, res.end)
        assert (got.value, got.evidence, got.context) == (direct.value, direct.evidence,
                                                          direct.context)
        assert (got.period.start, got.period.end, got.period.label) == res
    pts = fact(answer(q("^GSPC", Metric.PERIOD_CHANGE_PTS, PeriodSpec.ytd(NOV25)), g))
    assert pts.unit == "pts" and pts.value == periods.period_return(g, NOV25, "ytd") \
        .context.change_pts


def test_ranks_records_streaks_drawdowns_seasonality_equal_their_functions(bars):
    rut = bars("RUT.csv")
    day_spec = PeriodSpec.day(NOV25)
    for gran in ("day", "month", "year"):
        for f in ranks.rank_facts(rut, NOV25, gran):
            got = answer(q("^RUT", f.metric, day_spec, params=Params(granularity=gran)), rut)
            assert fact(got) == f
    assert fact(answer(q("^RUT", Metric.LARGEST_SINCE, PeriodSpec.mtd(NOV25)), rut)) == \
        _by(ranks.rank_facts(rut, NOV25, "month"), Metric.LARGEST_SINCE)
    for f in records.record_facts(rut, NOV25):
        assert fact(answer(q("^RUT", f.metric, day_spec), rut)) == f
    assert fact(answer(q("^RUT", Metric.DRAWDOWN, day_spec), rut)) == \
        drawdowns.current_drawdown(rut, NOV25)
    assert fact(answer(q("^RUT", Metric.MAX_DRAWDOWN, day_spec), rut)) == \
        drawdowns.max_drawdown(rut, NOV25)
    for unit in ("days", "weeks", "months"):
        assert fact(answer(q("^RUT", Metric.STREAK, day_spec, params=Params(unit=unit)), rut)) \
            == streaks.current_streak(rut, NOV25, unit)
    assert fact(answer(q("^RUT", Metric.LONGEST_STREAK, day_spec,
                         params=Params(direction="down")), rut)) == \
        streaks.longest_streak(rut, NOV25, "down")
    assert fact(answer(q("^RUT", Metric.LONGEST_STREAK, PeriodSpec.ytd(NOV25)), rut)) == \
        streaks.longest_streak(rut, NOV25, "up", start=D(2024, 1, 1))
    for f in seasonality.seasonal_facts(rut, NOV25, 12):
        spec = PeriodSpec.seasonal_month(12, as_of=NOV25)
        assert fact(answer(q("^RUT", f.metric, spec), rut)) == f
    spec = PeriodSpec.seasonal_month(11, years=(1990, 2020), as_of=NOV25)
    assert fact(answer(q("^RUT", Metric.SEASONAL_AVERAGE, spec), rut)) == _by(
        seasonality.seasonal_facts(rut, NOV25, 11, years=(1990, 2020)), Metric.SEASONAL_AVERAGE)


def test_yield_and_spread_answerers_equal_their_functions(bars):
    y, rut, g = bars("DGS10.csv"), bars("RUT.csv"), bars("GSPC.csv")
    assert fact(answer(q("DGS10", Metric.YIELD_LEVEL, PeriodSpec.day(NOV25)), y)) == \
        yields.yield_level(y, NOV25)
    for kind in ("day", "mtd", "ytd"):
        assert fact(answer(q("DGS10", Metric.YIELD_CHANGE_BP, PeriodSpec(kind, as_of=NOV25)),
                           y)) == yields.yield_change(y, NOV25, kind)
    for gran, p in (("day", "day"), ("month", "mtd"), ("year", "ytd")):
        got = answer(q("DGS10", Metric.LARGEST_SINCE, PeriodSpec.day(NOV25),
                       params=Params(granularity=gran)), y)
        assert fact(got) == yields.largest_change_since(y, NOV25, p)
    for kind in ("mtd", "ytd"):
        got = answer(q("^RUT", Metric.SPREAD, PeriodSpec(kind, as_of=NOV25)), rut, other=g)
        assert fact(got) == relative.spread(rut, g, NOV25, kind)
    got = answer(q("^RUT", Metric.SPREAD, PeriodSpec.between(D(2024, 1, 2), NOV25)), rut,
                 other=g)
    assert fact(got) == relative.spread_between(rut, g, D(2024, 1, 2), NOV25)


# ------------------------------------- period resolution against a loop over the CSV --

def _check_return(g, file, spec, base_date, end_date, subject="^GSPC"):
    """The engine's return over ``spec`` is the ratio of the CSV closes on the two dates."""
    f = fact(answer(q(subject, Metric.PERIOD_RETURN, spec), g))
    assert (f.period.start, f.period.end) == (base_date, end_date)
    assert f.as_of == end_date
    assert f.value == pytest.approx(pct(close_on(file, base_date), close_on(file, end_date)),
                                    rel=1e-12)
    return f


def test_quarter_and_half_and_year(bars):
    g, F = bars("GSPC.csv"), "GSPC.csv"
    # 2022 Q2: the close of 2022-03-31 to the close of 2022-06-30, found by the loop
    base, _ = last_before(F, D(2022, 4, 1))
    end, _ = last_before(F, D(2022, 7, 1))
    assert (base, end) == (D(2022, 3, 31), D(2022, 6, 30))
    _check_return(g, F, PeriodSpec.quarter(2022, 2), base, end)
    _check_return(g, F, PeriodSpec.half(2022, 1), last_before(F, D(2022, 1, 1))[0], end)
    _check_return(g, F, PeriodSpec.half(2022, 2), end, last_before(F, D(2023, 1, 1))[0])
    _check_return(g, F, PeriodSpec.calendar_year(2008), last_before(F, D(2008, 1, 1))[0],
                  last_before(F, D(2009, 1, 1))[0])
    _check_return(g, F, PeriodSpec.month(2020, 3), last_before(F, D(2020, 3, 1))[0],
                  last_before(F, D(2020, 4, 1))[0])


def test_week_is_friday_close_to_friday_close(bars):
    g, F = bars("GSPC.csv"), "GSPC.csv"
    # the week ending 2020-03-20: last close before Monday 03-16 to the last close of that week
    base, _ = last_before(F, D(2020, 3, 16))
    end, _ = last_before(F, D(2020, 3, 23))
    assert (base, end) == (D(2020, 3, 13), D(2020, 3, 20))
    for asked in (D(2020, 3, 20), D(2020, 3, 21), D(2020, 3, 22), D(2020, 3, 26)):
        _check_return(g, F, PeriodSpec.week(asked), base, end)   # Thu 26th: week not over
    # Good Friday 2024-03-29: the week's last session is Thursday 03-28
    _check_return(g, F, PeriodSpec.week(D(2024, 3, 28)), last_before(F, D(2024, 3, 25))[0],
                  D(2024, 3, 28))
    # the running week is said as such (wtd)
    _check_return(g, F, PeriodSpec.wtd(D(2020, 3, 18)), base, D(2020, 3, 18))


def test_to_date_sessions_weeks52_since_range(bars):
    g, F = bars("GSPC.csv"), "GSPC.csv"
    rows = [r for r in csv_rows(F) if r[0] <= NOV25]
    _check_return(g, F, PeriodSpec.sessions(3, NOV25), rows[-4][0], NOV25)
    _check_return(g, F, PeriodSpec.sessions(5, NOV25), rows[-6][0], NOV25)
    base52, _ = last_on_or_before(F, NOV25 - dt.timedelta(days=364))
    assert base52.weekday() == NOV25.weekday()
    _check_return(g, F, PeriodSpec.weeks52(NOV25), base52, NOV25)
    _check_return(g, F, PeriodSpec.mtd(NOV25), last_before(F, D(2024, 11, 1))[0], NOV25)
    _check_return(g, F, PeriodSpec.qtd(NOV25), last_before(F, D(2024, 10, 1))[0], NOV25)
    _check_return(g, F, PeriodSpec.ytd(NOV25), last_before(F, D(2024, 1, 1))[0], NOV25)
    _check_return(g, F, PeriodSpec.since(D(2020, 11, 3), NOV25), D(2020, 11, 3), NOV25)
    _check_return(g, F, PeriodSpec.between(D(2022, 1, 3), D(2022, 6, 13)), D(2022, 1, 3),
                  D(2022, 6, 13))
    # a Sunday as-of is the Friday session before it
    _check_return(g, F, PeriodSpec.mtd(D(2024, 11, 24)), last_before(F, D(2024, 11, 1))[0],
                  last_before(F, D(2024, 11, 24))[0])


def test_resolution_agrees_with_the_loop_on_many_dates(bars):
    """Every to-date kind, sessions and weeks52 on every 97th row of ^RUT's history."""
    rut, F = bars("RUT.csv"), "RUT.csv"
    rows = csv_rows(F)
    for i in range(300, len(rows), 97):
        d = rows[i][0]
        first_of = {"mtd": d.replace(day=1), "qtd": D(d.year, 3 * ((d.month - 1) // 3) + 1, 1),
                    "ytd": D(d.year, 1, 1), "wtd": d - dt.timedelta(days=d.weekday())}
        for kind, start in first_of.items():
            res = resolve(PeriodSpec(kind, as_of=d), rut)
            assert (res.base, res.end) == (last_before(F, start)[0], d), (kind, d)
        assert resolve(PeriodSpec.sessions(2, d), rut)[:2] == (rows[i - 2][0], d)
        assert resolve(PeriodSpec.weeks52(d), rut)[:2] == (
            last_on_or_before(F, d - dt.timedelta(days=364))[0], d)


def test_yield_changes_in_bp_over_any_period(bars):
    y, F = bars("DGS10.csv"), "DGS10.csv"
    rows = [r for r in csv_rows(F) if r[0] <= NOV25]
    cases = [(PeriodSpec.day(NOV25), rows[-2][:2]),
             (PeriodSpec.sessions(3, NOV25), rows[-4][:2]),
             (PeriodSpec.mtd(NOV25), last_before(F, D(2024, 11, 1))),
             (PeriodSpec.ytd(NOV25), last_before(F, D(2024, 1, 1))),
             (PeriodSpec.weeks52(NOV25), last_on_or_before(F, NOV25 - dt.timedelta(days=364))),
             (PeriodSpec.since(D(2024, 9, 18), NOV25), last_on_or_before(F, D(2024, 9, 18)))]
    for spec, (bdate, bval) in cases:
        f = fact(answer(q("DGS10", Metric.YIELD_CHANGE_BP, spec), y))
        assert f.unit == "bp" and f.as_of == NOV25 and f.period.start == bdate
        assert f.value == pytest.approx((close_on(F, NOV25) - bval) * 100.0, abs=1e-6)
    wk = fact(answer(q("DGS10", Metric.YIELD_CHANGE_BP, PeriodSpec.week(NOV25)), y))
    fri, prev_fri = last_before(F, D(2024, 11, 23)), last_before(F, D(2024, 11, 16))
    assert (wk.period.start, wk.period.end) == (prev_fri[0], fri[0])
    assert wk.value == pytest.approx((fri[1] - prev_fri[1]) * 100.0, abs=1e-6)


def test_records_and_extremes_against_the_loop(bars):
    rut, F = bars("RUT.csv"), "RUT.csv"
    rows = [r for r in csv_rows(F) if r[0] <= NOV25]
    rec_d, rec = max(((d, c) for d, c, _ in rows), key=lambda t: (t[1], -t[0].toordinal()))
    f = fact(answer(q("^RUT", Metric.RECORD_CLOSE, PeriodSpec.day(NOV25)), rut))
    assert (f.value, f.context.date) == (rec, rec_d)
    high = max(h for _, _, h in rows if h is not None)
    assert fact(answer(q("^RUT", Metric.RECORD_HIGH, PeriodSpec.day(NOV25)), rut)).value == high
    cur = rows[-1][1]
    since = [d for d, c, _ in rows[:-1] if c >= cur][-1]
    f = fact(answer(q("^RUT", Metric.HIGHEST_CLOSE_SINCE, PeriodSpec.day(NOV25)), rut))
    assert f.context.since_date == since == D(2021, 11, 8)
    # record closes of ^GSPC in 2021: closes strictly above every earlier close
    g_rows, best, count = csv_rows("GSPC.csv"), float("-inf"), 0
    for d, c, _ in g_rows:
        if c > best:
            best, count = c, count + (d.year == 2021)
    got = fact(answer(q("^GSPC", Metric.RECORD_CLOSE_COUNT, PeriodSpec.calendar_year(2021)),
                      bars("GSPC.csv")))
    assert got.value == count and got.as_of == last_before("GSPC.csv", D(2022, 1, 1))[0]


def test_spread_over_a_calendar_month_against_the_loop(bars):
    rut, g = bars("RUT.csv"), bars("GSPC.csv")
    f = fact(answer(q("^RUT", Metric.SPREAD, PeriodSpec.month(2024, 10)), rut, other=g))
    want = [pct(last_before(file, D(2024, 10, 1))[1], last_before(file, D(2024, 11, 1))[1])
            for file in ("RUT.csv", "GSPC.csv")]
    assert f.unit == "pp" and f.value == pytest.approx(want[0] - want[1], rel=1e-12)


def test_weekly_largest_since_against_the_loop(bars):
    rut, F = bars("RUT.csv"), "RUT.csv"
    asked = D(2024, 11, 22)
    weekly: dict[tuple[int, int], tuple[dt.date, float]] = {}
    for d, c, _ in csv_rows(F):
        if d <= asked:
            weekly[d.isocalendar()[:2]] = (d, c)      # the last close of each ISO week
    wk = list(weekly.values())
    moves = [pct(wk[k - 1][1], wk[k][1]) for k in range(1, len(wk))]
    cur = moves[-1]
    # the most recent earlier week at least as large (a gain) or as negative (a decline)
    j = max(k for k in range(len(moves) - 1)
            if (moves[k] >= cur if cur >= 0 else moves[k] <= cur))
    f = fact(answer(q("^RUT", Metric.LARGEST_SINCE, PeriodSpec.week(asked)), rut))
    assert f.value == pytest.approx(cur, rel=1e-12)
    assert f.context.since_period == wk[j + 1][0].isoformat()
    assert f.period.label == "week ended 2024-11-22"


# ------------------------------------------------------------------------ NoAnswer --

def test_no_bar_on_a_non_session(bars):
    rut = bars("RUT.csv")
    a = no(answer(q("^RUT", Metric.CLOSE, PeriodSpec.day(D(2024, 11, 24))), rut))
    assert a.reason == "no_bar" and "Sunday" in a.message and "2024-11-22" in a.message
    a = no(answer(q("^RUT", Metric.CHANGE_PCT, PeriodSpec.day(D(2024, 11, 28))), rut))
    assert a.reason == "no_bar" and "Thanksgiving" in a.message
    # a state as of a non-session is the previous session's, and Fact.as_of says which
    fri = last_before("RUT.csv", D(2024, 11, 24))[0]
    for m in (Metric.STREAK, Metric.RECORD_CLOSE, Metric.DRAWDOWN):
        assert fact(answer(q("^RUT", m, PeriodSpec.day(D(2024, 11, 24))), rut)).as_of == fri


def test_history_too_short_names_the_first_date(bars):
    dji = bars("DJI.csv")
    first = csv_rows("DJI.csv")[0][0]
    for spec in (PeriodSpec.calendar_year(1991), PeriodSpec.calendar_year(1992),
                 PeriodSpec.since(D(1987, 10, 19), NOV25), PeriodSpec.day(D(1990, 5, 1))):
        a = no(answer(q("^DJI", Metric.PERIOD_RETURN, spec), dji))
        assert a.reason == "history_too_short" and a.first_date == first == D(1992, 1, 2)
        assert "1992-01-02" in a.message
    assert fact(answer(q("^DJI", Metric.PERIOD_RETURN, PeriodSpec.calendar_year(1993)), dji))


def test_undefined_for_the_instrument_kind(bars):
    y, rut = bars("DGS10.csv"), bars("RUT.csv")
    for m in (Metric.CHANGE_PTS, Metric.CHANGE_PCT, Metric.PERIOD_RETURN, Metric.RECORD_HIGH):
        assert no(answer(q("DGS10", m, PeriodSpec.day(NOV25)), y)).reason == "undefined_for_kind"
    assert no(answer(q("^RUT", Metric.YIELD_CHANGE_BP, PeriodSpec.day(NOV25)), rut)).reason \
        == "undefined_for_kind"
    # the kind can be given instead of guessed from the bars
    assert no(answer(q("^RUT", Metric.CHANGE_PTS, PeriodSpec.day(NOV25)), rut,
                     kind="yield")).reason == "undefined_for_kind"


def test_a_running_month_asked_as_complete(bars):
    rut = bars("RUT.csv")
    spec = PeriodSpec.month(2024, 11, as_of=NOV25)
    a = no(answer(q("^RUT", Metric.PERIOD_RETURN, spec), rut))
    assert a.reason == "period_not_over" and "2024-11-29" in a.message
    running = fact(answer(q("^RUT", Metric.PERIOD_RETURN,
                            PeriodSpec.month(2024, 11, as_of=NOV25, partial_ok=True)), rut))
    assert running.value == pytest.approx(pct(last_before("RUT.csv", D(2024, 11, 1))[1],
                                              close_on("RUT.csv", NOV25)), rel=1e-12)
    assert not running.context.complete
    assert no(answer(q("^RUT", Metric.PERIOD_RETURN, PeriodSpec.quarter(2024, 4, as_of=NOV25)),
                     rut)).reason == "period_not_over"
    last = csv_rows("RUT.csv")[-1][0]      # the data end: a later month is not in them
    later = PeriodSpec.month(last.year + 1, 1, as_of=D(last.year + 1, 3, 1))
    assert no(answer(q("^RUT", Metric.PERIOD_RETURN, later), rut)).reason == "no_data"


def test_resolve_raises_with_the_reason(bars):
    with pytest.raises(PeriodUnresolved) as e:
        resolve(PeriodSpec.calendar_year(1991), bars("DJI.csv"))
    assert e.value.reason == "history_too_short" and e.value.first_date == D(1992, 1, 2)


# ------------------------------------------------------------------------- speed --

def test_ten_readings_of_a_claim_are_answered_from_the_cache(bars, monkeypatch):
    rut = bars("RUT.csv")
    readings = [q("^RUT", m, PeriodSpec.day(NOV25)) for m in (
        Metric.RECORD_CLOSE, Metric.RECORD_HIGH, Metric.PCT_FROM_RECORD_CLOSE,
        Metric.HIGHEST_CLOSE_SINCE, Metric.CLOSE, Metric.CHANGE_PCT, Metric.N_YEAR_HIGH)] + [
        q("^RUT", Metric.PERIOD_RETURN, s) for s in (PeriodSpec.mtd(NOV25), PeriodSpec.ytd(NOV25),
                                                     PeriodSpec.sessions(3, NOV25))]
    clear_cache()
    first = [answer(r, rut) for r in readings]          # the first pass fills the cache
    computed: list[object] = []
    get = engine_module._MEMO.get

    def spy(frame, key, compute):
        return get(frame, key, lambda: computed.append(key) or compute())

    monkeypatch.setattr(engine_module._MEMO, "get", spy)
    again = [answer(r, rut) for r in readings]
    assert computed == [] and again == first             # nothing is computed twice


# ------------------------------------------------- the fact sheet's facts, re-asked --

def _sheet_query(f: Fact, as_of: dt.date) -> tuple[FactQuery, bool]:
    """The engine query that asks for fact ``f`` of ``compute_facts`` (and whether it needs
    the comparison bars)."""
    m, k, c = f.metric, f.period.kind, f.context
    if m in (Metric.PERIOD_RETURN, Metric.PERIOD_TOTAL_RETURN, Metric.SPREAD):
        return q(f.subject, m, PeriodSpec(k, as_of=as_of)), m is Metric.SPREAD
    if m is Metric.YIELD_CHANGE_BP:
        return q(f.subject, m, PeriodSpec(k, as_of=as_of)), False
    if m in (Metric.RANK, Metric.LARGEST_SINCE, Metric.LARGEST_OF_YEAR):
        gran = {"day": "day", "month": "month", "mtd": "month", "year": "year",
                "ytd": "year"}[k]
        return q(f.subject, m, PeriodSpec.day(as_of), params=Params(granularity=gran)), False
    if m.value.startswith("seasonal_"):
        return q(f.subject, m, PeriodSpec.seasonal_month(f.period.month or 1,
                                                         as_of=as_of)), False
    if m is Metric.STREAK:
        assert isinstance(c, contexts.Streak)
        return q(f.subject, m, PeriodSpec.day(as_of), params=Params(unit=c.unit)), False
    return q(f.subject, m, PeriodSpec.day(as_of)), False


@pytest.mark.parametrize("as_of", [D(2020, 3, 16), D(2021, 11, 8), D(2024, 11, 6), NOV25])
def test_the_engine_answers_every_fact_of_the_sheet_identically(bars, as_of):
    """On a session every series has a bar for, each fact ``compute_facts`` gives (the engine's
    answer to one of the sheet's default queries) is also the answer to the query a reader
    builds from the fact itself (its metric, period kind and unit), as the checker will."""
    from marketdesk.facts.sheet import compute_facts

    rut, g, y = bars("RUT.csv"), bars("GSPC.csv"), bars("DGS10.csv")
    for subject, b, vs, kind in (("^RUT", rut, {"^GSPC": g}, "index"),
                                 ("^GSPC", g, {"^RUT": rut}, "index"),
                                 ("DGS10", y, {}, "yield")):
        facts = compute_facts(b, as_of, kind=kind, vs=vs)
        assert len(facts) > 10
        for f in facts:
            query, needs_other = _sheet_query(f, as_of)
            got = answer(query, b, other=next(iter(vs.values())) if needs_other else None,
                         kind=kind)
            assert got == f, (subject, f.metric, f.period.kind)


# ------------------------------------------------------- Fact.as_of: the session --

@pytest.mark.parametrize("file, kind, asked, session", [
    ("RUT.csv", "index", D(2024, 11, 30), D(2024, 11, 29)),     # a Saturday
    ("RUT.csv", "index", D(2024, 11, 28), D(2024, 11, 27)),     # Thanksgiving
    ("DGS10.csv", "yield", D(2024, 11, 11), D(2024, 11, 8)),    # Veterans Day: no FRED value
    ("DGS10.csv", "yield", D(2024, 12, 1), D(2024, 11, 29)),    # a Sunday
])
def test_every_fact_is_as_of_the_session_it_is_computed_at(bars, file, kind, asked, session):
    """``Fact.as_of`` is the session a fact is computed at (the series' last bar on or before the
    date asked, per the CSV rows), never the date asked: the sheet's facts and the family
    functions that take a date."""
    from marketdesk.facts.sheet import compute_facts

    b = bars(file)
    vs = {} if kind == "yield" else {"^GSPC": bars("GSPC.csv"), "DGS10": bars("DGS10.csv")}
    facts = compute_facts(b, asked, kind=kind, vs=vs,
                          vs_kinds={"^GSPC": "index", "DGS10": "yield"})
    assert len(facts) > 10
    assert {f.as_of for f in facts} == {session}, sorted(
        (f.metric.value, f.as_of) for f in facts if f.as_of != session)
    direct = [drawdowns.current_drawdown(b, asked), drawdowns.max_drawdown(b, asked),
              streaks.current_streak(b, asked), streaks.longest_streak(b, asked)]
    if kind == "yield":
        direct += [yields.yield_level(b, asked), yields.yield_change(b, asked, "mtd")]
        direct += [f for f in [yields.largest_change_since(b, asked)] if f is not None]
    else:
        spread = relative.spread(b, bars("GSPC.csv"), asked, "mtd")
        assert spread is not None
        direct.append(spread)
    assert {f.as_of for f in direct} == {session}
