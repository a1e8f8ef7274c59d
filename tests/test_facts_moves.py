"""Point and percent change ranks/records, N-point day counts and N-session moves, on the real
data, each against a naive loop over the CSV rows (tests/naive_rows.py, no marketdesk code)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from naive_rows import index_of, naive_rows, tied, upto

from marketdesk.facts.evidence import history_to
from marketdesk.facts.model import Metric
from marketdesk.facts.moves import (
    change_count_fact,
    change_rank_fact,
    change_record_facts,
    multi_day_move_facts,
)
from marketdesk.facts.ranks import day_rank_facts
from marketdesk.schema import conform

DJI_END = dt.date(2026, 2, 23)


def naive_changes(rows, basis):
    out = []
    for k in range(1, len(rows)):
        a, b = rows[k - 1]["close"], rows[k]["close"]
        if basis == "pts":
            out.append((rows[k]["date"], b - a))
        elif basis == "pct":
            out.append((rows[k]["date"], (b / a - 1.0) * 100.0))
        else:
            out.append((rows[k]["date"], round((b - a) * 100.0, 6)))
    return out


def naive_window(rows, n, basis):
    out = []
    for k in range(n, len(rows)):
        a, b = rows[k - n]["close"], rows[k]["close"]
        v = b - a if basis == "pts" else ((b / a - 1.0) * 100.0 if basis == "pct"
                                          else round((b - a) * 100.0, 6))
        out.append((rows[k - n]["date"], rows[k]["date"], v))
    return out


def naive_rank(values, x):
    """1 + how many values are strictly more extreme than x in x's direction (tie rule)."""
    s = 1 if x > 0 else -1
    return 1 + sum(1 for v in values if s * v > s * x and not tied(s * v, s * x))


def naive_since(seq, i):
    """Most recent j < i with seq[j] at least as extreme as seq[i], same direction."""
    x = seq[i]
    s = 1 if x > 0 else -1
    for j in range(i - 1, -1, -1):
        if tied(s * x, s * seq[j]):
            return j
    return None


# --- point records: the Dow figures ---------------------------------------------------

def test_dji_point_records_in_data_since_1992(bars):
    rows = naive_rows("DJI.csv")
    ch = naive_changes(rows, "pts")
    worst = min(ch, key=lambda t: t[1])
    best = max(ch, key=lambda t: t[1])
    facts = {f.context.direction: f for f in change_record_facts(bars("DJI.csv"), DJI_END)}
    assert facts["decline"].metric is Metric.CHANGE_PTS_RECORD
    assert facts["decline"].context.record_date == worst[0] == dt.date(2020, 3, 16)
    assert facts["decline"].value == pytest.approx(worst[1], abs=1e-9)
    assert round(facts["decline"].value, 2) == -2997.10
    assert facts["gain"].context.record_date == best[0] == dt.date(2025, 4, 9)
    assert round(facts["gain"].value, 2) == 2962.86 == round(best[1], 2)
    for f in facts.values():   # the statement says where the data start
        assert f.context.data_start == rows[0]["date"] == dt.date(1992, 1, 2)
        assert f.as_of == DJI_END and f.evidence
        assert f.context.is_new is False


@pytest.mark.parametrize("day", [dt.date(2020, 3, 16), dt.date(2025, 4, 9)])
def test_dji_record_day_is_new_and_rank_one(bars, day):
    rows = upto("DJI.csv", day)
    ch = [v for _, v in naive_changes(rows, "pts")]
    cur = ch[-1]
    direction = "gain" if cur > 0 else "decline"
    rec = {f.context.direction: f for f in change_record_facts(bars("DJI.csv"), day)}
    f = rec[direction]
    assert f.context.is_new is True and f.context.record_date == day
    earlier = [v for v in ch[:-1] if (v > 0) == (cur > 0)]
    prev = max(earlier) if cur > 0 else min(earlier)
    assert f.context.previous_record == pytest.approx(prev, abs=1e-9)
    r = change_rank_fact(bars("DJI.csv"), day)
    assert r.value == 1 == naive_rank(ch, cur)
    assert r.context.since is None and r.context.record_date == day
    assert {e.date for e in r.evidence} == {rows[-2]["date"], day}


@pytest.mark.parametrize("day", [dt.date(2020, 3, 12), dt.date(2022, 9, 13), dt.date(2024, 8, 5),
                                 dt.date(2024, 11, 6), dt.date(2025, 4, 4), DJI_END])
def test_point_rank_and_since_vs_naive(bars, day):
    rows = upto("DJI.csv", day)
    ch = [v for _, v in naive_changes(rows, "pts")]
    f = change_rank_fact(bars("DJI.csv"), day)
    assert f.metric is Metric.CHANGE_PTS_RANK and f.as_of == day
    assert f.value == naive_rank(ch, ch[-1])
    j = naive_since(ch, len(ch) - 1)
    assert f.context.since == (rows[j + 1]["date"] if j is not None else None)
    assert f.context.of == sum(1 for v in ch if (v > 0) == (ch[-1] > 0) and v != 0)


# --- N-point days ----------------------------------------------------------------------------

def test_thousand_point_days_count_and_fourth(bars):
    rows = naive_rows("DJI.csv")
    ch = naive_changes(rows, "pts")
    hits = [d for d, v in ch if abs(v) >= 1000]
    fourth = hits[3]
    f = change_count_fact(bars("DJI.csv"), fourth, 1000)
    assert f.metric is Metric.CHANGE_COUNT
    assert f.value == 4 and f.context.ordinal == 4 and f.context.qualifies is True
    assert f.context.since == hits[2] and f.context.first_date == hits[0]
    end = change_count_fact(bars("DJI.csv"), DJI_END, 1000)
    assert end.value == len(hits)
    assert len({e.date for e in end.evidence}) >= len(hits)     # every such day cited
    gains = [d for d, v in ch if v >= 1000]
    g = change_count_fact(bars("DJI.csv"), DJI_END, 1000, direction="gain")
    assert g.value == len(gains) and g.context.first_date == gains[0]
    drops = [d for d, v in ch if v <= -2000]
    d2 = change_count_fact(bars("DJI.csv"), DJI_END, 2000, direction="decline")
    assert d2.value == len(drops)


def test_count_threshold_tie_rule():
    # 0.3 - 0.1 == 0.19999999999999998 in floats: a move of exactly 0.2 counts as "at least 0.2"
    frame = conform(pl.DataFrame({"symbol": ["T"] * 2, "date": [dt.date(2024, 1, 2),
                                                                 dt.date(2024, 1, 3)],
                                  "close": [0.1, 0.3], "source": ["t"] * 2}))
    assert 0.3 - 0.1 < 0.2 and tied(0.2, 0.3 - 0.1)
    f = change_count_fact(frame, dt.date(2024, 1, 3), 0.2)
    assert f.value == 1 and f.context.ordinal == 1


# --- percent rank ----------------------------------------------------------------------------

@pytest.mark.parametrize("day", [dt.date(1987, 10, 19), dt.date(2008, 10, 13),
                                 dt.date(2020, 3, 16), dt.date(2020, 3, 24),
                                 dt.date(2025, 4, 9), dt.date(2024, 11, 25)])
def test_pct_rank_vs_naive_and_day_rank_facts(bars, day):
    rows = upto("GSPC.csv", day)
    ch = [v for _, v in naive_changes(rows, "pct")]
    f = change_rank_fact(bars("GSPC.csv"), day, basis="pct")
    assert f.metric is Metric.CHANGE_PCT_RANK
    assert f.value == naive_rank(ch, ch[-1])
    legacy = {x.metric: x for x in day_rank_facts(history_to(bars("GSPC.csv"), day))}
    assert f.value == legacy[Metric.RANK].value


def test_second_best_day_found_by_naive_loop(bars):
    """"Its second-best day": the first session in the data whose gain ranked 2nd as of then."""
    rows = naive_rows("DJI.csv")
    ch = [v for _, v in naive_changes(rows, "pct")]
    best = None
    target = None
    for k, v in enumerate(ch):
        if v <= 0:
            continue
        rank = 1 + sum(1 for w in ch[:k] if w > v and not tied(w, v))
        if rank == 2 and best is not None and k > 1000:
            target = k
            break
        best = v if best is None else max(best, v)
    assert target is not None
    day = rows[target + 1]["date"]
    f = change_rank_fact(bars("DJI.csv"), day, basis="pct")
    assert f.value == 2 and f.context.direction == "gain"


def test_pct_rank_ties_share_a_rank():
    # 0.30 -> 0.33 and 0.80 -> 0.88 are both +10 %; float arithmetic differs in the last bits
    closes = [0.80, 0.88, 0.30, 0.33]
    assert 0.88 / 0.80 - 1 != 0.33 / 0.30 - 1          # the trap: not equal as floats
    frame = conform(pl.DataFrame({"symbol": ["T"] * 4,
                                  "date": [dt.date(2024, 1, d) for d in (2, 3, 4, 5)],
                                  "close": closes, "source": ["t"] * 4}))
    f = change_rank_fact(frame, dt.date(2024, 1, 5), basis="pct")
    assert f.value == 1
    assert f.context.since == dt.date(2024, 1, 3)        # the tied earlier +10 % day


# --- multi-session moves ---------------------------------------------------------------------

def test_dgs2_three_session_drop_to_2023_03_13(bars):
    day = dt.date(2023, 3, 13)
    rows = upto("DGS2.csv", day)
    w = naive_window(rows, 3, "bp")
    vals = [v for _, _, v in w]
    move, since = multi_day_move_facts(bars("DGS2.csv"), day, 3, basis="bp")
    assert move.metric is Metric.YIELD_CHANGE_BP and move.period.kind == "window"
    assert move.value == vals[-1] == -102.0
    assert move.context.base_date == w[-1][0] == dt.date(2023, 3, 8)
    j = naive_since(vals, len(vals) - 1)
    assert since.metric is Metric.LARGEST_SINCE
    assert since.context.since == w[j][1] and since.context.since_value == vals[j]
    assert since.context.since.year == 1987      # "the largest since 1987"
    assert {e.date for e in since.evidence} == {w[-1][0], day, w[j][0], w[j][1]}


@pytest.mark.parametrize("n", [2, 3, 5])
@pytest.mark.parametrize("day", [dt.date(2020, 3, 16), dt.date(2022, 6, 13),
                                 dt.date(2024, 11, 25)])
def test_gspc_multi_day_moves_vs_naive(bars, n, day):
    rows = upto("GSPC.csv", day)
    w = naive_window(rows, n, "pct")
    vals = [v for _, _, v in w]
    move, since = multi_day_move_facts(bars("GSPC.csv"), day, n)
    assert move.metric is Metric.PERIOD_RETURN and move.period.label == f"{n} sessions"
    assert move.value == pytest.approx(vals[-1], rel=1e-12)
    j = naive_since(vals, len(vals) - 1)
    assert since.context.since == (w[j][1] if j is not None else None)
    assert since.context.on_record is (j is None)
    pts, _ = multi_day_move_facts(bars("GSPC.csv"), day, n, basis="pts")
    assert pts.value == pytest.approx(rows[-1]["close"] - rows[-1 - n]["close"], abs=1e-9)


def test_as_of_is_the_session(bars):
    saturday = dt.date(2024, 11, 23)
    f = change_rank_fact(bars("DJI.csv"), saturday)
    assert f.as_of == dt.date(2024, 11, 22) == f.period.end
    assert all(e.date <= f.as_of for e in f.evidence)


def test_vix_record_close_and_largest_jump_vs_naive(bars):
    """VIX level, change and records come from the generic families (VIXCLS: official close)."""
    rows = naive_rows("VIXCLS.csv")
    end = rows[-1]["date"]
    ch = naive_changes(rows, "pct")
    best = max(ch, key=lambda t: t[1])
    rec = {f.context.direction: f for f in change_record_facts(bars("VIXCLS.csv"), end,
                                                                  basis="pct")}
    assert rec["gain"].context.record_date == best[0]
    assert rec["gain"].value == pytest.approx(best[1], rel=1e-12)
    day = dt.date(2024, 8, 5)
    sub = upto("VIXCLS.csv", day)
    pct = [v for _, v in naive_changes(sub, "pct")]
    f = change_rank_fact(bars("VIXCLS.csv"), day, basis="pct")
    assert f.value == naive_rank(pct, pct[-1])
    assert index_of(sub, day) == len(sub) - 1


def test_since_index_equals_ranks_largest_since():
    import numpy as np

    from marketdesk.facts.moves import since_index
    from marketdesk.facts.ranks import largest_since

    rng = np.random.default_rng(7)
    v = np.round(rng.normal(size=400), 1)          # many exact ties
    v[::37] = np.nan
    for i in range(1, v.size):
        if np.isnan(v[i]) or v[i] == 0:
            continue
        d = "gain" if v[i] > 0 else "decline"
        assert since_index(v, i, d) == largest_since(v, i, direction=d)
