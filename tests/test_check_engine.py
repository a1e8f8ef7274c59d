"""The checker asks the facts engine: claims built by hand, judged on the real data.

Every number asserted comes from a plain loop over the CSV rows (:mod:`naive_rows`) or from a row of
../shared/articles/gold.jsonl, never from the code under test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from conftest import manifest
from naive_rows import index_of, naive_rows, upto

from marketdesk.check.model import Claim, ClaimPeriod
from marketdesk.check.verify import Verifier
from marketdesk.facts.model import Metric

D = dt.date


FILES = {"^GSPC": "GSPC.csv", "^DJI": "DJI.csv", "DGS2": "DGS2.csv", "DGS10": "DGS10.csv"}


class _Files:
    """A bar source over the shared CSV files (:data:`FILES`; each checked against the
    MANIFEST)."""

    def __init__(self, get: Any) -> None:
        self._get = get
        self._files = FILES
        assert all(manifest()[f] == sym for sym, f in FILES.items())

    def bars(self, symbol: str) -> pl.DataFrame:
        from marketdesk.errors import NoDataError

        if symbol not in self._files:
            raise NoDataError(f"no file for {symbol}")
        return self._get(self._files[symbol])


@pytest.fixture(scope="module")
def verifier(bars: Any) -> Verifier:
    return Verifier(_Files(bars))


def claim(subject: str, metric: Metric, end: dt.date, value: float | None = None, *,
          kind: str = "day", unit: str = "none", decimals: int = 0, n: int | None = None,
          start: dt.date | None = None, year: int | None = None, month: int | None = None,
          qualifier: str = "exact", sign: str | None = None, text: str = "",
          **extra: Any) -> Claim:
    period = ClaimPeriod(kind, end, year=year, month=month, start=start, n=n)  # type: ignore[arg-type]
    return Claim(sentence=text or "test", span=(0, 1), subject=subject, subject_text=subject,
                 metric=metric, period=period, value=value, unit=unit,  # type: ignore[arg-type]
                 decimals=decimals, qualifier=qualifier, direction=sign,  # type: ignore[arg-type]
                 text=text or str(value), extra=extra)


def _next_session(file: str, day: dt.date) -> dt.date:
    rows = naive_rows(file)
    return rows[index_of(rows, day) + 1]["date"]


# --- first close above / below a level ----------------------------------------------------

def _first_above(file: str, level: float) -> dt.date:
    return next(r["date"] for r in naive_rows(file) if r["close"] > level)


def test_first_close_above_6000(verifier: Verifier) -> None:
    day = _first_above("GSPC.csv", 6000)
    assert day == D(2024, 11, 11)
    v = verifier.verify(claim("^GSPC", Metric.FIRST_CLOSE_ABOVE, day, 6000, unit="level",
                              level=6000.0))
    assert v.status == "supported", v.reason
    rows = naive_rows("GSPC.csv")
    after = next(rows[k]["date"] for k in range(1, len(rows))
                 if rows[k]["close"] > 6000 and rows[k - 1]["close"] > 6000)  # not a first
    v = verifier.verify(claim("^GSPC", Metric.FIRST_CLOSE_ABOVE, after, 6000, level=6000.0))
    assert v.status == "contradicted" and "previous close" in v.reason


def test_first_close_above_gold_dow_19000(verifier: Verifier) -> None:
    # gold 004: "closed above the 19,000 barrier Tuesday for the first time" -> supported
    v = verifier.verify(claim("^DJI", Metric.FIRST_CLOSE_ABOVE, D(2016, 11, 22), 19000,
                              level=19000.0))
    assert v.status == "supported", v.reason


def test_first_close_above_since(verifier: Verifier) -> None:
    """A re-cross: "first close above L since D" is supported with the last earlier close above
    L and contradicted with another date."""
    rows = naive_rows("GSPC.csv")
    level = 4000.0
    found = None
    for k in range(1, len(rows)):
        if rows[k]["close"] > level >= rows[k - 1]["close"]:
            earlier = [r["date"] for r in rows[:k] if r["close"] > level]
            if earlier and rows[k]["date"].year >= 2022:
                found = (rows[k]["date"], earlier[-1])
                break
    assert found is not None
    day, last = found
    v = verifier.verify(claim("^GSPC", Metric.FIRST_CLOSE_ABOVE, day, level, level=level,
                              since=last.isoformat()[:7]))
    assert v.status == "supported", v.reason
    v = verifier.verify(claim("^GSPC", Metric.FIRST_CLOSE_ABOVE, day, level, level=level,
                              since="2001"))
    assert v.status == "contradicted"
    v = verifier.verify(claim("^GSPC", Metric.FIRST_CLOSE_ABOVE, day, level, level=level))
    assert v.status == "contradicted" and last.isoformat() in v.reason


def test_first_close_not_checkable_before_or_at_data_start(verifier: Verifier) -> None:
    first = naive_rows("DJI.csv")[0]
    assert first["date"].year == 1992 and first["close"] > 3000
    for day in (D(1991, 4, 17), first["date"]):
        v = verifier.verify(claim("^DJI", Metric.FIRST_CLOSE_ABOVE, day, 3000, level=3000.0))
        assert v.status == "not_checkable", (day, v.reason)
    v = verifier.verify(claim("^DJI", Metric.FIRST_CLOSE_ABOVE, D(1991, 4, 17), 3000,
                              level=3000.0))
    assert "1992-01-02" in v.reason


def test_first_close_below_on_a_close_above_is_contradicted(verifier: Verifier) -> None:
    rows = upto("GSPC.csv", D(2024, 11, 25))
    assert rows[-1]["close"] > 5000
    v = verifier.verify(claim("^GSPC", Metric.FIRST_CLOSE_BELOW, D(2024, 11, 25), 5000,
                              level=5000.0))
    assert v.status == "contradicted" and "not below" in v.reason


# --- record and ranked daily moves --------------------------------------------------------

def _changes(file: str, day: dt.date, pct: bool = False) -> list[tuple[dt.date, float]]:
    rows = upto(file, day)
    return [(rows[k]["date"], (rows[k]["close"] / rows[k - 1]["close"] - 1) * 100 if pct
             else rows[k]["close"] - rows[k - 1]["close"]) for k in range(1, len(rows))]


def test_dow_point_records_hold_only_since_1992(verifier: Verifier) -> None:
    ch = _changes("DJI.csv", D(2025, 4, 30))
    drop = min(ch, key=lambda t: t[1])
    gain = max(ch, key=lambda t: t[1])
    assert drop[0] == D(2020, 3, 16) and gain[0] == D(2025, 4, 9)
    for (day, _), want in ((drop, "decline"), (gain, "gain")):
        v = verifier.verify(claim("^DJI", Metric.CHANGE_PTS_RECORD, day,
                                  direction=want))
        assert v.status == "not_checkable" and "holds in the data since 1992" in v.reason


def test_gold_dow_biggest_point_gain_in_history(verifier: Verifier) -> None:
    # gold 022 / 021: 2018-12-26 "its biggest point gain in history" -> not checkable
    v = verifier.verify(claim("^DJI", Metric.CHANGE_PTS_RECORD, D(2018, 12, 26),
                              direction="gain"))
    assert v.status == "not_checkable" and "1992" in v.reason


def test_a_larger_move_in_the_data_contradicts_a_record(verifier: Verifier) -> None:
    day = D(2018, 12, 4)
    ch = _changes("DJI.csv", day)
    assert ch[-1][0] == day and any(c < ch[-1][1] for _, c in ch[:-1])
    v = verifier.verify(claim("^DJI", Metric.CHANGE_PTS_RECORD, day, direction="decline"))
    assert v.status == "contradicted" and "not the largest" in v.reason
    v = verifier.verify(claim("^DJI", Metric.CHANGE_PTS_RECORD, day, direction="gain"))
    assert v.status == "contradicted" and "Wrong direction" in v.reason


def test_sp500_percent_record_drop_is_supported(verifier: Verifier) -> None:
    ch = _changes("GSPC.csv", D(2024, 11, 25), pct=True)
    day = min(ch, key=lambda t: t[1])[0]
    assert day == D(1987, 10, 19)
    v = verifier.verify(claim("^GSPC", Metric.CHANGE_PCT_RECORD, day, direction="decline"))
    assert v.status == "supported", v.reason


def _rank(ch: list[tuple[dt.date, float]]) -> int:
    cur = ch[-1][1]
    same = [c for _, c in ch if (c < 0) == (cur < 0) and c != 0]
    return 1 + sum(1 for c in same if abs(c) > abs(cur) + 1e-9 * abs(cur))


def test_dow_point_ranks(verifier: Verifier) -> None:
    # gold 019: "the Dow's fourth-biggest point decline in history" on 2018-12-04 -> not checkable
    day = D(2018, 12, 4)
    r = _rank(_changes("DJI.csv", day))
    assert r == 4
    v = verifier.verify(claim("^DJI", Metric.CHANGE_PTS_RANK, day, 4, unit="ordinal",
                              direction="decline"))
    assert v.status == "not_checkable" and "1992" in v.reason
    v = verifier.verify(claim("^DJI", Metric.CHANGE_PTS_RANK, day, 2, unit="ordinal",
                              direction="decline"))
    assert v.status == "contradicted"             # three larger drops are in the data already
    # gold 016: 2018-02-08 "the second-biggest ever in terms of points" -> not checkable
    assert _rank(_changes("DJI.csv", D(2018, 2, 8))) == 2
    v = verifier.verify(claim("^DJI", Metric.CHANGE_PTS_RANK, D(2018, 2, 8), 2, unit="ordinal",
                              direction="decline"))
    assert v.status == "not_checkable"


# --- correction and bear market ------------------------------------------------------------

def _below_record(file: str, day: dt.date) -> tuple[float, float]:
    rows = upto(file, day)
    peak = max(r["close"] for r in rows)
    prev_peak = max(r["close"] for r in rows[:-1])
    return ((rows[-1]["close"] / peak - 1) * 100, (rows[-2]["close"] / prev_peak - 1) * 100)


def test_sp500_entered_bear_market_2022_06_13(verifier: Verifier) -> None:
    now, before = _below_record("GSPC.csv", D(2022, 6, 13))
    assert now <= -20 < before
    v = verifier.verify(claim("^GSPC", Metric.BEAR_MARKET, D(2022, 6, 13), entered=True))
    assert v.status == "supported", v.reason
    assert f"{abs(now):.2f}%" in v.reason
    nxt = _next_session("GSPC.csv", D(2022, 6, 13))
    assert _below_record("GSPC.csv", nxt)[0] <= -20
    v = verifier.verify(claim("^GSPC", Metric.BEAR_MARKET, nxt, entered=True))
    assert v.status == "contradicted" and "previous close" in v.reason
    v = verifier.verify(claim("^GSPC", Metric.BEAR_MARKET, nxt, entered=False))
    assert v.status == "supported"


def test_correction_gold_and_not(verifier: Verifier) -> None:
    # gold 016: the Dow "into a correction" on 2018-02-08, 10.36% below its record close
    now, _ = _below_record("DJI.csv", D(2018, 2, 8))
    assert round(now, 2) == -10.36
    v = verifier.verify(claim("^DJI", Metric.CORRECTION, D(2018, 2, 8), entered=False))
    assert v.status == "supported"
    assert _below_record("GSPC.csv", D(2024, 11, 25))[0] > -10
    v = verifier.verify(claim("^GSPC", Metric.CORRECTION, D(2024, 11, 25), entered=False))
    assert v.status == "contradicted"


# --- multi-session and period moves ---------------------------------------------------------

def test_gold_dgs2_three_session_moves(verifier: Verifier) -> None:
    # gold 055: "fallen 100 basis points ... since Wednesday" (-102 bp, 3 sessions) and
    # "Oct. 22, 1987, when the yield fell 117 basis points" (3 sessions to 1987-10-22)
    rows = upto("DGS2.csv", D(2023, 3, 13))
    assert round((rows[-1]["close"] - rows[-4]["close"]) * 100, 6) == -102.0
    v = verifier.verify(claim("DGS2", Metric.YIELD_CHANGE_BP, D(2023, 3, 13), -100, kind="sessions",
                              n=3, unit="bp", sign="down"))
    assert v.status == "supported" and v.computed == -102.0
    v = verifier.verify(claim("DGS2", Metric.YIELD_CHANGE_BP, D(1987, 10, 22), -117, kind="sessions",
                              n=3, unit="bp", sign="down"))
    assert v.status == "supported" and v.computed == -117.0


def test_gold_four_session_returns(verifier: Verifier) -> None:
    # gold 020: "The Dow has lost 8% and the S&P 7.7%" over four straight sessions to 2018-12-24
    for sym, stated, decimals in (("^GSPC", -7.7, 1), ("^DJI", -8.0, 0)):
        rows = upto(FILES[sym], D(2018, 12, 24))
        naive = (rows[-1]["close"] / rows[-5]["close"] - 1) * 100
        v = verifier.verify(claim(sym, Metric.PERIOD_RETURN, D(2018, 12, 24), stated,
                                  kind="sessions", n=4, unit="pct", decimals=decimals,
                                  sign="down"))
        assert v.status == "supported" and v.computed == pytest.approx(naive, abs=1e-3)


def test_period_points_ytd_month_since(verifier: Verifier) -> None:
    day = D(2024, 11, 25)
    rows = upto("GSPC.csv", day)
    base = [r for r in rows if r["date"].year == 2023][-1]["close"]
    ytd = rows[-1]["close"] - base
    v = verifier.verify(claim("^GSPC", Metric.PERIOD_CHANGE_PTS, day, round(ytd, 2), kind="ytd",
                              unit="pts", decimals=2, sign="up"))
    assert v.status == "supported" and v.computed == pytest.approx(ytd, abs=0.02)
    oct_end = [r for r in rows if r["date"] < D(2024, 11, 1)][-1]["close"]
    sep_end = [r for r in rows if r["date"] < D(2024, 10, 1)][-1]["close"]
    v = verifier.verify(claim("^GSPC", Metric.PERIOD_CHANGE_PTS, day, round(oct_end - sep_end, 2),
                              kind="month", year=2024, month=10, unit="pts", decimals=2))
    assert v.status == "supported" and v.computed == pytest.approx(oct_end - sep_end, abs=0.02)
    ev = rows[index_of(rows, D(2020, 11, 3))]["close"]
    v = verifier.verify(claim("^GSPC", Metric.PERIOD_CHANGE_PTS, day, round(rows[-1]["close"] - ev),
                              kind="since", start=D(2020, 11, 3), unit="pts"))
    assert v.status == "supported" and v.computed == pytest.approx(rows[-1]["close"] - ev, abs=0.02)


def test_yield_changes_mtd_and_since(verifier: Verifier) -> None:
    day = D(2024, 11, 25)
    rows = upto("DGS10.csv", day)
    base = [r for r in rows if r["date"] < D(2024, 11, 1)][-1]["close"]
    mtd = round((rows[-1]["close"] - base) * 100, 6)
    v = verifier.verify(claim("DGS10", Metric.YIELD_CHANGE_BP, day, mtd, kind="mtd", unit="bp"))
    assert v.status == "supported" and v.computed == mtd
    ev = rows[index_of(rows, D(2024, 9, 18))]["close"]
    since = round((rows[-1]["close"] - ev) * 100, 6)
    v = verifier.verify(claim("DGS10", Metric.YIELD_CHANGE_BP, day, since, kind="since",
                              start=D(2024, 9, 18), unit="bp"))
    assert v.status == "supported" and v.computed == since


def test_three_day_largest_since_is_never_a_contradiction(verifier: Verifier) -> None:
    # gold 055: "the largest three-day decline since Oct. 22, 1987" -> supported
    v = verifier.verify(claim("DGS2", Metric.LARGEST_SINCE, D(2023, 3, 13), granularity="sessions",
                              n=3, since="1987-10-22", direction="decline"))
    assert v.status in ("supported", "not_checkable"), v.reason
    if v.status == "supported":
        assert "1987-10-22" in v.reason


# --- no answer, cache -------------------------------------------------------------------------

def test_no_answer_reasons(verifier: Verifier) -> None:
    v = verifier.verify(claim("^GSPC", Metric.CLOSE, D(2024, 11, 23), 5000.0, unit="level",
                              decimals=2))
    assert v.status == "not_checkable" and "Saturday" in v.reason
    v = verifier.verify(claim("^DJI", Metric.CHANGE_PCT, D(1990, 5, 1), 1.0, unit="pct",
                              decimals=1))
    assert v.status == "not_checkable" and naive_rows("DJI.csv")[0]["date"].isoformat() in v.reason
    v = verifier.verify(claim("DGS10", Metric.CHANGE_PCT, D(2024, 11, 25), 1.0, unit="pct",
                              decimals=1))
    assert v.status == "not_checkable" and "yield" in v.reason


def test_answers_are_cached_per_query(bars: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from marketdesk.facts import engine

    calls: list[object] = []
    real = engine.answer

    def counting(query: Any, *a: Any, **k: Any) -> Any:
        calls.append(query)
        return real(query, *a, **k)

    monkeypatch.setattr(engine, "answer", counting)
    v = Verifier(_Files(bars))
    close = round(upto("GSPC.csv", D(2024, 11, 25))[-1]["close"], 2)
    c = claim("^GSPC", Metric.CLOSE, D(2024, 11, 25), close, unit="level", decimals=2)
    first = v.verify(c)
    assert v.verify(c) == first and first.status == "supported"
    assert len(calls) == 1
