"""The worded claims added for real wire text: what the parser reads out of a sentence (written
here, not copied from any article), and the verdict against the real store where the numbers come
from a plain loop over ../shared/data."""

from __future__ import annotations

import datetime as dt

import pytest
from naive_rows import index_of, naive_rows, upto

from marketdesk.check.api import check
from marketdesk.check.claims import extract_claims
from marketdesk.check.model import ArticleDate
from marketdesk.check.periods import find_period
from marketdesk.check.quantities import find_quantities
from marketdesk.facts.model import Metric


def claims(text: str, session: dt.date) -> list:
    return extract_claims(text, ArticleDate(session=session, how="test", published=None))


def verdicts(text: str, published: str, desk) -> list:
    return list(check(f"# source: test | published: {published}\n\n{text}", desk=desk).verdicts)


def first_close_above(file: str, level: float, column: str = "close") -> tuple[int, dt.date]:
    rows = naive_rows(file)
    k = next(i for i, r in enumerate(rows) if r[column] is not None and r[column] > level)
    return k, rows[k]["date"]


def test_a_figure_after_another_index_is_not_eaten_as_its_name():
    text = "The Dow fell 2.9%, the S&P 500 2.7% and the Nasdaq 2.2%."
    assert [q.text for q in find_quantities(text)] == ["2.9%", "2.7%", "2.2%"]


def test_period_edges():
    d = dt.date(2022, 5, 2)
    assert find_period("near 2.33% at the end of March", d).end == dt.date(2022, 3, 31)
    assert find_period("started 2022 trading at 0.73%", d).end == dt.date(2021, 12, 31)
    assert find_period("up from 3.8% at the start of the year", d).end == dt.date(2021, 12, 31)
    assert find_period("on the first day of 2022 trading", d).end == dt.date(2022, 1, 3)
    assert find_period("at the end of May", d) is None        # not over yet


def test_milestone_gap_claims_read_both_levels():
    text = ("The blue-chip average ended above 31,000 for the first time, only six sessions "
            "after it first closed above 30,000.")
    got = [c for c in claims(text, dt.date(2021, 1, 7)) if c.metric is Metric.MILESTONE_GAP]
    assert len(got) == 1 and got[0].value == 6 and got[0].subject == "^DJI"
    assert got[0].extra["from_level"] == 30000 and got[0].extra["to_level"] == 31000
    assert got[0].extra["span_unit"] == "sessions" and got[0].extra["basis"] == "close"


def test_milestone_gap_verdict_against_a_plain_loop(desk):
    i, first = first_close_above("DJI.csv", 30000)
    j, second = first_close_above("DJI.csv", 31000)
    n = j - i
    ok = verdicts(f"The Dow closed above 31,000 for the first time, just {n} trading days after "
                  "it ended above 30,000 for the first time.", second.isoformat(), desk)
    gap = [v for v in ok if v.claim.metric is Metric.MILESTONE_GAP]
    assert [v.status for v in gap] == ["supported"]
    bad = verdicts(f"The Dow closed above 31,000 for the first time, just {n + 5} trading days "
                   "after it ended above 30,000 for the first time.", second.isoformat(), desk)
    assert [v.status for v in bad if v.claim.metric is Metric.MILESTONE_GAP] == ["contradicted"]


def test_milestone_wordings_against_a_plain_loop(desk):
    """"N sessions spent between 1,000-point milestones" (the last two the close passed), "the
    N-day record set in YEAR that took the index to L", "crossed N 1,000-point marks in YEAR",
    and an all-time rank of the gaps, which ^DJI data from 1992 cannot settle."""
    i, d33 = first_close_above("DJI.csv", 33000)
    j, d34 = first_close_above("DJI.csv", 34000)
    k, d25 = first_close_above("DJI.csv", 25000)
    m, d26 = first_close_above("DJI.csv", 26000)
    rows = naive_rows("DJI.csv")
    base = [r["close"] for r in rows if r["date"].year < 2021][-1]
    top = max(r["close"] for r in rows if r["date"].year == 2021 and r["date"] <= d34)
    marks = int(top // 1000) - int(base // 1000)
    text = (f"The Dow Jones Industrial Average ended at a record. The close marked {j - i} trading "
            "sessions spent between 1,000-point milestones for the index, tied for the shortest "
            f"such span in its history. It beat the {m - k}-day record set in {d26.year} that "
            f"took the index to 26,000. The Dow crossed {marks} 1,000-point marks in 2021.")
    got = {v.claim.text: v.status for v in verdicts(text, d34.isoformat(), desk)
           if v.claim.metric in (Metric.MILESTONE_GAP, Metric.MILESTONE_COUNT)}
    assert got == {f"{j - i} trading sessions": "supported",
                   "tied for the shortest such span in its history": "not_checkable",
                   f"{m - k}-day to 26,000": "supported",
                   f"{marks} 1,000-point marks": "supported"}
    wrong = verdicts(f"The Dow Jones Industrial Average crossed {marks + 1} 1,000-point marks in "
                     "2021.", d34.isoformat(), desk)
    assert [v.status for v in wrong if v.claim.metric is Metric.MILESTONE_COUNT] == \
        ["contradicted"]


def test_first_cross_years_are_claims(desk):
    _, d20 = first_close_above("DJI.csv", 20000)
    _, d30 = first_close_above("DJI.csv", 30000)
    got = verdicts(f"The Dow first closed above 20,000 in {d20.year} and 30,000 in {d30.year}.",
                   "2026-02-06", desk)
    firsts = [v for v in got if v.claim.metric is Metric.FIRST_CLOSE_ABOVE]
    assert [(v.claim.value, v.status) for v in firsts] == [(20000, "supported"),
                                                          (30000, "supported")]


def test_record_runs_are_not_winning_streaks(desk):
    rows = naive_rows("DJI.csv")
    best, run, day = None, 0, None
    for r in rows:                       # the first run of three record closes in a row
        if best is None or r["close"] > best:
            run, best = run + 1, r["close"]
            if run == 3 and r["date"].year >= 2000:
                day = r["date"]
                break
        else:
            run = 0
    assert day is not None
    got = verdicts("The Dow Jones Industrial Average closed at a record high for a third "
                   "straight day.", day.isoformat(), desk)
    assert [(v.claim.metric, v.status) for v in got if v.claim.metric in (
        Metric.RECORD_STREAK, Metric.STREAK)] == [(Metric.RECORD_STREAK, "supported")]


def test_a_streak_said_to_be_over_is_the_one_that_ended_before_the_session(desk):
    """"fell Tuesday, ending its 8-day winning streak", "Its 8-day winning streak ended", "had
    risen for 8 straight sessions before Tuesday": the streak ended the session before, so the
    session's own (one-day) losing run must not make a true sentence "contradicted"."""
    rows = [r for r in naive_rows("DJI.csv") if r["date"].year >= 2010]
    run, found = 0, None
    for prev, r in zip(rows, rows[1:]):  # the first fall after a run of 5+ daily gains
        if r["close"] < prev["close"] and run >= 5:
            found = (run, r["date"])
            break
        run = run + 1 if r["close"] > prev["close"] else 0
    assert found is not None
    n, day = found
    wd = day.strftime("%A")
    got = verdicts(f"The Dow fell on {wd}, ending its {n}-day winning streak. "
                   f"The Dow fell on {wd}, snapping a {n + 1}-day winning streak.\n\n"
                   f"The Dow slipped on {wd}. Its {n}-day winning streak ended.\n\n"
                   f"The Dow had risen for {n} straight sessions before {wd}.",
                   day.isoformat(), desk)
    streaks = [(v.claim.value, v.status) for v in got if v.claim.metric is Metric.STREAK]
    assert streaks == [(n, "supported"), (n + 1, "contradicted"), (n, "supported"),
                       (n, "supported")]


def test_record_date_claim(desk):
    rows = [r for r in naive_rows("GSPC.csv") if r["date"] <= dt.date(2025, 3, 10)]
    top = max(rows, key=lambda r: r["close"])
    month = top["date"].strftime("%B")
    ok = verdicts(f"The S&P 500 is 8% below its record close set in {month}.", "2025-03-10", desk)
    assert [v.status for v in ok if v.claim.extra.get("set_on")] == ["supported"]
    wrong = "January" if month != "January" else "March"
    bad = verdicts(f"The S&P 500 is 8% below its record close set in {wrong}.", "2025-03-10",
                   desk)
    assert [v.status for v in bad if v.claim.extra.get("set_on")] == ["contradicted"]


@pytest.mark.parametrize("window", [50, 200])
def test_moving_average_claims(desk, window):
    day = dt.date(2024, 8, 9)
    closes = [r["close"] for r in naive_rows("QQQ.csv") if r["date"] <= day]
    avg = sum(closes[-window:]) / window
    ok = verdicts(f"The Invesco QQQ Trust's {window}-day moving average is ${avg:.2f}.",
                  day.isoformat(), desk)
    assert [v.status for v in ok if v.claim.metric is Metric.MOVING_AVERAGE] == ["supported"]
    bad = verdicts(f"The Invesco QQQ Trust's {window}-day moving average is ${avg * 1.05:.2f}.",
                   day.isoformat(), desk)
    assert [v.status for v in bad if v.claim.metric is Metric.MOVING_AVERAGE] == ["contradicted"]


def test_definitions_and_volume_are_not_claims():
    d = dt.date(2023, 3, 13)
    assert claims("One basis point is equal to 0.01 percentage point of the 2-year yield.", d) == []
    assert claims("Volume on the S&P 500 was 20% below its 30-day average.", d) == []


def test_first_move_since(desk):
    rows = [r for r in naive_rows("GSPC.csv") if r["date"] <= dt.date(2021, 9, 30)]
    ends: dict = {}
    for r in rows:
        ends[(r["date"].year, r["date"].month)] = r
    months = list(ends.values())
    down = [k for k in range(1, len(months) - 1) if months[k]["close"] < months[k - 1]["close"]]
    prev = months[down[-1]]["date"].strftime("%B")
    n = len(months) - 1 - down[-1]
    ok = verdicts(f"The S&P 500 fell in September, its first monthly drop since {prev}.",
                  "2021-09-30", desk)
    assert [v.status for v in ok if v.claim.metric is Metric.FIRST_MOVE_SINCE] == ["supported"]
    ok = verdicts(f"The S&P 500 fell 4.8% in September for its first loss in {n} months.",
                  "2021-10-01", desk)
    assert [v.status for v in ok if v.claim.metric is Metric.FIRST_MOVE_SINCE] == ["supported"]
    bad = verdicts(f"The S&P 500 fell 4.8% in September, its first monthly drop in {n + 3} "
                   "months.", "2021-09-30", desk)
    assert [v.status for v in bad if v.claim.metric is Metric.FIRST_MOVE_SINCE] == [
        "contradicted"]


def test_gains_erased_since_the_election(desk):
    from marketdesk.check.gains_erased import election_day

    assert election_day(2024) == dt.date(2024, 11, 5) and election_day(2020) == dt.date(2020, 11, 3)
    rows = [r for r in naive_rows("GSPC.csv") if r["close"] is not None]
    base = next(r["close"] for r in rows if r["date"] == dt.date(2024, 11, 5))
    for day in (dt.date(2025, 3, 10), dt.date(2025, 1, 21)):
        close = next(r["close"] for r in rows if r["date"] == day)
        want = "supported" if close <= base else "contradicted"
        got = verdicts("The S&P 500 has wiped out all of its gains since the election.",
                       day.isoformat(), desk)
        assert [v.status for v in got if v.claim.extra.get("erased")] == [want]


def test_figures_about_something_else_are_left_alone():
    d = dt.date(2018, 9, 20)
    text = ("The Russell 2000 rose 0.9% to 1,720.18. Weekly jobless claims slipped to 201,000. "
            "That is the lowest level since November 1969.")
    got = claims(text, d)
    assert [c.subject for c in got] == ["^RUT", "^RUT"]          # the index's own two figures
    assert claims("Home improvement retailer Lowe's rose $3.61, or 5 percent, to $76.07.", d) == []
    assert [c.metric for c in claims("The Dow finished 451 points shy of the 20,000 mark.", d)
            if c.metric is Metric.CHANGE_PTS] == []
    assert [c for c in claims("All three major indexes rose, with two climbing to new record "
                              "highs.", d) if c.metric is Metric.RECORD_CLOSE] == []
    assert claims("The natural support of 4.00% for the 10-year yield is in play.", d) == []


def test_more_wire_wordings(desk):
    d = dt.date(2021, 9, 28)
    got = claims("The Dow erased small gains from Monday, sliding 569.38 points, or 1.63%.", d)
    assert {c.extra["period_from"] for c in got} == {"context"}   # Monday is the gains' day
    got = claims("Yields rose across the curve, with the 10-year note topping 1.87%.", d)
    assert [c.metric for c in got] == [Metric.YIELD_LEVEL]
    got = claims("The Nasdaq sits more than 10% from its most recent high and ended below its "
                 "200-day moving average.", d)
    assert [(c.metric, c.extra.get("loose_peak")) for c in got] == [(Metric.DRAWDOWN, True)]
    got = verdicts("The 10-year Treasury yield jumped to climb above 1.9% in a brief spike, but "
                   "then eased.", "2021-09-28", desk)
    assert [v.status for v in got if v.claim.metric is Metric.YIELD_LEVEL] == ["not_checkable"]


def test_periods_that_belong_to_another_figure_or_the_lead():
    d = dt.date(2023, 12, 28)
    got = claims("The S&P 500 added 1.77 points to 4,783.35, leaving it up more than 24% for the "
                 "year.", d)
    assert [(c.text, c.extra["period_from"]) for c in got][0] == ("1.77 points", "context")
    got = claims("On Wednesday, the Dow touched 37,800 in the morning before it went on to end "
                 "the day down 0.1%.", d)
    assert [c.period.end for c in got if c.unit == "pct"] == [dt.date(2023, 12, 27)]
    got = claims("The Nasdaq climbed 0.8% from its own record set a day earlier.", d)
    assert [c.metric for c in got if c.unit == "pct"] == [Metric.CHANGE_PCT]
    got = claims("The Dow is up nearly 16% over the last year.", d)
    assert [c.period.start for c in got] == [dt.date(2022, 12, 29)]


def test_preliminary_figures_and_highest_in_a_span():
    d = dt.date(2018, 9, 25)
    got = claims("Based on the latest available data, the Dow fell 69.71 points to 26,492.34 and "
                 "the S&P 500 lost 3.79 points.", d)
    assert len(got) == 3 and all(c.extra.get("live") for c in got)
    got = claims("The Cboe Volatility Index climbed to its highest level in more than a week, "
                 "at 16.04.", d)
    assert [c.metric for c in got] == [Metric.CLOSE]


def test_noun_phrase_moves_and_extended_streaks():
    d = dt.date(2024, 12, 18)
    got = claims("That compares with a 2.1% rise for the Dow and a 0.1% drop for the Nasdaq.", d)
    assert [c.value for c in got] == [2.1, -0.1]
    got = claims("The Dow extended its losing streak to 10 consecutive days.", d)
    assert [(c.metric, c.value, c.direction) for c in got] == [(Metric.STREAK, 10.0, "down")]


def test_record_droughts(desk):
    rows = [r for r in naive_rows("GSPC.csv") if r["close"] is not None]
    best, last_rec, day, gap = None, None, None, None
    for k, r in enumerate(rows):                 # the first record after a 400+ session stretch
        if best is None or r["close"] > best:
            if last_rec is not None and k - last_rec - 1 >= 400 and r["date"].year >= 2000:
                day, gap = r["date"], k - last_rec - 1
                break
            best, last_rec = r["close"], k
    assert day is not None
    ok = verdicts(f"The S&P 500 notched its first record close in {gap} sessions.",
                  day.isoformat(), desk)
    assert [v.status for v in ok if v.claim.metric is Metric.RECORD_DROUGHT] == ["supported"]
    bad = verdicts(f"The S&P 500 notched its first record close in {gap + 9} sessions.",
                   day.isoformat(), desk)
    assert [v.status for v in bad if v.claim.metric is Metric.RECORD_DROUGHT] == ["contradicted"]
    # the stretch's rank is a figure of its own: the last stretch at least as long, by the loop
    recs, top = [], -1.0
    for k, r in enumerate(rows):
        if r["date"] <= day and r["close"] > top:
            recs.append(k)
            top = r["close"]
    gaps = [b - a - 1 for a, b in zip(recs, recs[1:])]
    earlier = next(g for g in reversed(gaps[:-1]) if g >= gaps[-1])
    for n, want in ((earlier, "supported"), (earlier + 7, "contradicted")):
        got = verdicts(f"The S&P 500 snapped its {gap} trading day streak without a record, the "
                       f"longest streak since the {n:,} trading day streak.", day.isoformat(), desk)
        assert [v.status for v in got if v.claim.metric is Metric.RECORD_DROUGHT] == \
            ["supported", want]


def test_recovery_verbs_and_sector_indexes():
    d = dt.date(2020, 9, 2)
    got = claims("The Nasdaq recovered from an early slide, adding 116.78 points.", d)
    assert [c.value for c in got] == [116.78]
    assert claims("The S&P 500 retailing index jumped 5.4 percent.", d) == []


def test_yield_data_talk_lines_and_levels(desk):
    got = verdicts("The 10-year yield rose 0.035 percentage point to 2.409% today.\n\n--Yield is "
                   "up 0.691 percentage point from 52 weeks ago\n\n--Yield is up 0.781 percentage "
                   "point from its 2022 closing low of 1.628% hit Monday, Jan. 3, 2022",
                   "2022-04-04", desk)
    changes = [v for v in got if v.claim.metric is Metric.YIELD_CHANGE_BP]
    assert [v.claim.period.kind for v in changes] == ["day", "since", "since"]
    d = dt.date(2022, 6, 13)
    got = claims("The 10-year yield is up sharply from where it started 2022 at 1.51%.", d)
    assert [c.metric for c in got] == [Metric.YIELD_LEVEL]
    assert claims("The price of the 10-year note fell 10/32 to 95 11/32.", d) == []
    got = claims("The 2-year yield rose as high as 3.497% during the day.", d)
    assert [c.metric for c in got] == [Metric.HIGH]


def test_breadth_tariffs_and_month_spans():
    d = dt.date(2025, 7, 1)
    assert claims("More than 80 percent of S&P 500 stocks closed lower.", d) == []
    assert claims("The S&P 500 fell as 25 percent tariffs on Canada took effect.", d) == []
    got = claims("In January-March, the Dow Jones fell 1.3%.", d)
    assert [(c.period.start, c.period.end) for c in got] == [(dt.date(2024, 12, 31),
                                                             dt.date(2025, 3, 31))]


def test_calendar_day_rankings_are_read():
    got = claims("The Nasdaq had its worst Black Friday session since 1960, while the Dow "
                 "logged the best Dec. 26 on record.", dt.date(2021, 11, 26))
    cal = [c for c in got if c.metric is Metric.CALENDAR_DAY_RANK]
    assert [(c.subject, c.extra["calendar_day"], c.extra["best"]) for c in cal] == [
        ("^IXIC", "black_friday", False), ("^DJI", "12-26", True)]
    assert cal[0].extra["since"] == 1960 and cal[1].extra.get("ever")
    # no scope, no claim: best of which years, it does not say
    assert not [c for c in claims("It was the Dow's best Christmas Eve session.",
                                  dt.date(2021, 12, 24)) if c.metric is Metric.CALENDAR_DAY_RANK]


def test_calendar_day_verdicts_follow_the_data_and_the_history(desk):
    """The S&P 500's session after Thanksgiving 2021 against a plain loop over the CSV rows: the
    worst since the last earlier year at least as weak; the Dow's data begin in 1992, after its
    history, so "since 1950" is not checkable for it."""
    rows = [r for r in naive_rows("GSPC.csv") if r["date"] <= dt.date(2021, 11, 26)]
    moves = {}
    for i, r in enumerate(rows[1:], 1):
        d = r["date"]
        nov_thu = [x for x in (dt.date(d.year, 11, k) for k in range(1, 31)) if x.weekday() == 3]
        if d.month == 11 and nov_thu[3] < d <= nov_thu[3] + dt.timedelta(days=4) and \
                d.year not in moves:
            moves[d.year] = (r["close"] / rows[i - 1]["close"] - 1) * 100
    cur = moves[2021]
    weaker = max(y for y, v in moves.items() if y < 2021 and v <= cur)
    text = ("The S&P 500 fell 2.3% on Friday, its worst Black Friday performance since {y}. "
            "The Dow had its worst day after Thanksgiving since 1950.")
    ok = {v.claim.subject: v.status for v in verdicts(text.format(y=weaker), "2021-11-26", desk)
          if v.claim.metric is Metric.CALENDAR_DAY_RANK}
    assert ok == {"^GSPC": "supported", "^DJI": "not_checkable"}
    # "since" the year before that one: that year was at least as weak, after it
    bad = [v.status for v in verdicts(text.format(y=weaker - 1), "2021-11-26", desk)
           if v.claim.metric is Metric.CALENDAR_DAY_RANK and v.claim.subject == "^GSPC"]
    assert bad == ["contradicted"]


def test_a_ranked_streak_in_the_next_sentence(desk):
    got = [v for v in verdicts("The Dow fell for a ninth consecutive session on Tuesday. This is "
                               "the longest losing streak for the index since February 1978.",
                               "2024-12-17", desk) if v.claim.metric is Metric.LONGEST_STREAK]
    assert [v.status for v in got] == ["not_checkable"]       # the data begin in 1992
    assert "history too short" in got[0].reason


def test_point_and_percentage_largest_since_are_two_claims():
    got = [c for c in claims("--Largest one-day point and percentage gain since Wednesday, "
                             "Nov. 30, 2022", dt.date(2022, 12, 29))
           if c.metric is Metric.LARGEST_SINCE]
    assert sorted(str(c.extra.get("measure")) for c in got) == ["pct", "pts"]
    assert {c.extra["since"] for c in got} == {"2022-11-30"}


def test_a_move_from_a_dated_low_or_high():
    got = [c for c in claims("The Nasdaq has rallied 25% from its June low, and the S&P 500 is "
                             "down 4% from a high in August.", dt.date(2022, 10, 20))
           if c.metric is Metric.CHANGE_FROM_EXTREME]
    assert [(c.subject, c.extra["low"], c.extra["window"][0]) for c in got] == [
        ("^IXIC", True, dt.date(2022, 6, 1)), ("^GSPC", False, dt.date(2022, 8, 1))]
    # an undated low is not this claim
    assert not [c for c in claims("The Nasdaq has rallied 25% from its low.", dt.date(2022, 10, 20))
                if c.metric is Metric.CHANGE_FROM_EXTREME]


def test_a_period_of_another_noun_is_not_the_figures():
    """"clawing back its losses from last week", "to recoup Monday's losses": the time of the
    losses; the figure is the session's move. "a 38% drop in 2008": the figure's own noun."""
    d = dt.date(2021, 3, 1)
    got = claims("The S&P 500 climbed 2.4%, clawing back nearly all of its losses from last week.",
                 d)
    assert [(c.metric, c.period.end) for c in got] == [(Metric.CHANGE_PCT, d)]
    got = claims("The Dow jumped more than 200 points to recoup Monday's losses.", d)
    assert [c.period.end for c in got] == [d]
    got = claims("The S&P 500 fell 38% in 2008.", d)
    assert got[0].period.year == 2008


def test_a_ranking_after_a_dated_move_is_that_days():
    d = dt.date(2021, 7, 21)
    got = [c for c in claims("The Dow rallied 550 points on Tuesday, after tumbling 725 points "
                             "on Monday for its worst session in eight months.", d)
           if c.metric is Metric.LARGEST_SINCE]
    assert [c.period.end for c in got] == [dt.date(2021, 7, 19)]


def test_definitions_negations_and_headline_periods():
    d = dt.date(2022, 5, 20)
    assert not claims("A bear market is widely defined as a drop of 20% from a recent peak.", d)
    assert not [c for c in claims("So the S&P 500 ends Monday not officially in a bear market.", d)
                if c.metric is Metric.BEAR_MARKET]
    got = claims("Wall Street Enters Bear Market With S&P 500 Down 20% on Year", d)
    assert [c.period.kind for c in got if c.value is not None] == ["ytd"]
    got = claims("S&P 500 falls 20% from record high", d)
    assert [c.metric for c in got] == [Metric.DRAWDOWN]


def test_fund_tickers_dates_with_commas_and_trades_above_a_level():
    d = dt.date(2013, 1, 2)
    got = claims("IWM surged 2.6% on Wednesday. SPY is up 2.7% over the past month. A spy rose 5%.",
                 d)
    assert [(c.subject, c.period.kind) for c in got][:2] == [("IWM", "day"), ("SPY", "since")]
    got = claims("The Russell 2000 first traded above the 1,000 level on May 20, 2013.",
                 dt.date(2017, 11, 1))
    assert [(c.metric, c.period.end) for c in got] == [(Metric.HIGH, dt.date(2013, 5, 20))]


def test_worded_signs_of_the_close(desk):
    """"inched into positive territory in the closing minutes": the sign of the session's
    change, from a plain loop over the CSV rows; components of an index are not the index."""
    rows = [r for r in naive_rows("NASDAQCOM.csv") if r["date"] <= dt.date(2020, 2, 28)]
    up = rows[-1]["close"] > rows[-2]["close"]
    text = (f"The Nasdaq inched into {'positive' if up else 'negative'} territory in the closing "
            "minutes of trading Friday. Notably, 21 components of the 30-stock index ended in "
            "positive territory.")
    got = [v for v in verdicts(text, "2020-02-28", desk) if v.claim.extra.get("sign_only")]
    assert [(v.claim.subject, v.status) for v in got] == [("^IXIC", "supported")]


def year_change(file: str, year: int) -> float:
    rows = naive_rows(file)
    last = [r for r in rows if r["date"].year == year - 1][-1]["close"]
    end = [r for r in rows if r["date"].year == year][-1]["close"]
    return (end / last - 1) * 100


def test_best_performing_index_follows_the_years_returns(desk):
    """"the X was the best-performing index in 2020": the year's returns of the three major
    indexes by a plain loop over the CSV rows decide which sentence holds."""
    ret = {"^GSPC": year_change("GSPC.csv", 2020), "^DJI": year_change("DJI.csv", 2020),
           "^IXIC": year_change("NASDAQCOM.csv", 2020)}
    best = max(ret, key=ret.get)
    names = {"^GSPC": "S&P 500", "^DJI": "Dow", "^IXIC": "Nasdaq"}
    for sym, name in names.items():
        got = [v for v in verdicts(f"The {name} was the best-performing index in 2020.",
                                   "2020-12-31", desk) if v.claim.extra.get("relative")]
        assert [v.status for v in got] == ["supported" if sym == best else "contradicted"]


def test_examples_of_members_do_not_take_the_pronoun():
    got = claims("The S&P 500 tracks 500 companies, including Apple, Microsoft and Amazon. This "
                 "year was its worst performance since 2008.", dt.date(2022, 12, 30))
    assert [c.subject for c in got if c.metric is Metric.LARGEST_SINCE] == ["^GSPC"]


def test_a_yield_largest_since_within_freds_rounding_is_not_checkable(desk):
    """FRED's 2-year moves (a plain loop over DGS2.csv): the later move that breaks "the largest
    one-day yield gain since Feb. 6" is within a few basis points of the session's, so the
    ranking is the quotes' to make; far apart, it is contradicted."""
    rows = [r for r in naive_rows("DGS2.csv") if r["date"] <= dt.date(2023, 3, 7)]
    bp = {b["date"]: round((b["close"] - a["close"]) * 100) for a, b in zip(rows, rows[1:])}
    cur = bp[dt.date(2023, 3, 7)]
    later = [d for d, x in bp.items() if dt.date(2023, 2, 6) < d < dt.date(2023, 3, 7) and x >= cur]
    assert later and abs(bp[later[-1]] - cur) <= 4          # the data make it a near tie
    text = "The 2-year yield rose 11 basis points. --Largest one-day yield gain since Monday, Feb. 6, 2023"
    got = [v for v in verdicts(text, "2023-03-07", desk) if v.claim.metric is Metric.LARGEST_SINCE]
    assert [v.status for v in got] == ["not_checkable"]


def test_bullets_counts_totals_and_earlier_figures():
    d = dt.date(2024, 2, 9)
    from marketdesk.check.sentences import split_sentences
    text = "Weekly statistics:\n  \u2022 The Dow ended up 1.2% for the week\n  \u2022 The S&P 500 rose 1.4%"
    assert len(split_sentences(text)) == 3
    assert not [c for c in claims("The S&P 500 has risen for the 14th week out of 15.", d)
                if c.metric is Metric.CLOSE]
    got = claims("The S&P 500 has risen 22.1% over the past 15 weeks, the largest 15-week advance "
                 "since a 22.5% gain during the period that ended Aug. 28, 2020.", d)
    assert got[0].period.kind == "since" and got[0].period.start == dt.date(2023, 10, 27)
    assert got[1].extra.get("past_event")


def test_fractions_of_a_percentage_point():
    got = find_quantities("fell by about two tenths of a percentage point, after half a "
                          "percentage point and a full percentage point")
    assert [(q.value, q.unit, q.qualifier) for q in got] == [
        (0.2, "pp", "about"), (0.5, "pp", "exact"), (1.0, "pp", "exact")]


def test_percentage_points_of_an_index_move_are_its_percent_change():
    d = dt.date(2018, 1, 17)
    moved = [c for c in claims("The Nasdaq gained a full percentage point.", d) if c.value]
    assert [(c.metric, c.unit, c.value) for c in moved] == [(Metric.CHANGE_PCT, "pct", 1.0)]
    versus = claims("The Nasdaq gained 3 percentage points more than the S&P 500 this year.", d)
    assert all(c.metric is not Metric.CHANGE_PCT for c in versus)


def test_same_level_as_a_month_against_a_plain_loop(desk):
    rows = naive_rows("GSPC.csv")
    day = dt.date(2022, 12, 30)
    close = next(r["close"] for r in rows if r["date"] == day)
    months = {}
    for r in rows:
        if dt.date(2019, 1, 1) <= r["date"] < dt.date(2022, 1, 1):
            months.setdefault((r["date"].year, r["date"].month), []).append(r["close"])
    inside = next(k for k, v in sorted(months.items()) if min(v) <= close <= max(v))
    outside = next(k for k, v in sorted(months.items()) if max(v) < close * 0.9)
    name = lambda k: dt.date(k[0], k[1], 1).strftime("%B %Y")  # noqa: E731
    for month, want in ((inside, "supported"), (outside, "not_checkable")):
        got = verdicts(f"The S&P 500 closed at the same level as {name(month)}.", "2022-12-30",
                       desk)
        assert [v.status for v in got if v.claim.extra.get("same_level")] == [want]


def test_best_monthly_performance_since_against_a_plain_loop(desk):
    """"its best monthly performance since April": the month to date against earlier months."""
    rows = [r for r in naive_rows("GSPC.csv") if r["date"] <= dt.date(2020, 11, 24)]
    ends = {}
    for r in rows:
        ends[(r["date"].year, r["date"].month)] = r["close"]
    keys = sorted(ends)
    ret = {k: ends[k] / ends[p] - 1 for p, k in zip(keys, keys[1:])}
    now = ret[(2020, 11)]
    since = max(k for k in keys[1:-1] if ret[k] >= now)
    name = dt.date(since[0], since[1], 1).strftime("%B %Y")
    wrong = dt.date(since[0], since[1] + 2, 1).strftime("%B %Y")
    for month, want in ((name, "supported"), (wrong, "not_checkable")):   # a projection: a miss
        got = verdicts(f"The S&P 500 is headed to its best monthly performance since {month}.",
                       "2020-11-24", desk)                         # may still come true
        assert [v.status for v in got if v.claim.metric is Metric.LARGEST_SINCE] == [want]


def test_treasury_yields_in_general_read_as_the_10_year_never_contradicted(desk):
    rows = [r for r in naive_rows("DGS10.csv") if r["close"] is not None]
    k = next(i for i, r in enumerate(rows) if r["date"] == dt.date(2023, 12, 13))
    day, close = rows[k]["date"], rows[k]["close"]
    since = next(r["date"] for r in reversed(rows[:k]) if r["close"] <= close)
    change_bp = round((close - rows[k - 1]["close"]) * 100)
    text = (f"Treasury yields fell to their lowest level since {since:%B}. "
            f"Treasury yields jumped {abs(change_bp) + 40} basis points.")
    got = [(v.claim.subject, v.status) for v in verdicts(text, day.isoformat(), desk)]
    assert got == [("DGS10", "supported"), ("DGS10", "not_checkable")]


def test_quarterly_streak_and_the_run_it_is_the_longest_since(desk):
    """"has risen for N consecutive quarters, its longest streak since an M-quarter run from Y1
    to Y2": the streak counts the quarter to date (not over: not checkable); the run is dated by
    its last year, against a plain loop over quarter-end closes."""
    day = dt.date(2017, 8, 2)
    rows = [r for r in naive_rows("DJI.csv") if r["date"] <= day]
    ends = {}
    for r in rows:
        ends[(r["date"].year, (r["date"].month - 1) // 3)] = (r["date"], r["close"])
    keys = sorted(ends)
    ups = [(k, ends[k][1] > ends[p][1]) for p, k in zip(keys, keys[1:])]
    n = next(i for i, (_, up) in enumerate(reversed(ups)) if not up)
    runs, cur = [], []
    for k, up in ups[:-n]:
        cur = cur + [k] if up else []
        if cur:
            runs.append(list(cur))
    last = max((r for r in runs if len(r) >= n), key=lambda r: r[-1])
    y1, y2 = last[0][0], last[-1][0]
    good = (f"The Dow has risen for {n} consecutive quarters, its longest streak since an "
            f"{len(last)}-quarter run from {y1} to {y2}.")
    bad = good.replace(f"to {y2}.", f"to {y2 - 1}.")
    for text, want in ((good, "supported"), (bad, "contradicted")):
        got = {v.claim.metric: v.status for v in verdicts(text, day.isoformat(), desk)}
        assert got == {Metric.STREAK: "not_checkable", Metric.LONGEST_STREAK: want}


def test_a_named_company_moving_is_no_claim_about_the_index():
    d = dt.date(2020, 10, 7)
    text = ("The S&P 500 rose 1.4%. United Airlines closed 4.3% higher and Delta gained 3.5%. "
            "Citigroup and Bank of America both fell more than 6%. Goldman's operating "
            "expenses surged 23%. Stocks rose 1.4% on Wednesday.")
    got = [(c.subject, c.value) for c in claims(text, d) if c.value is not None]
    assert got == [("^GSPC", 1.4), ("^GSPC", 1.4)]


def test_a_months_rank_over_a_whole_history_the_data_do_not_hold(desk):
    text = ("It's not a new phenomenon either, as September is the worst month over the long "
            "history of the Dow Jones Industrial Average.")
    got = [v for v in verdicts(text, "2024-08-30", desk)
           if v.claim.metric is Metric.SEASONAL_WORST_MONTH]
    assert [(v.claim.subject, v.status) for v in got] == [("^DJI", "not_checkable")]
    assert "history too short" in got[0].reason


def test_a_closing_level_ranked_at_a_time_of_day_is_not_checkable(desk):
    rows = [r for r in naive_rows("GSPC.csv") if r["date"] <= dt.date(2025, 3, 10)]
    close = rows[-1]["close"]
    since = next(r["date"] for r in reversed(rows[:-1]) if r["close"] <= close)
    plain = f"The S&P 500 closed at its lowest level since {since:%B}."
    timed_ = f"In afternoon trading, the S&P 500 was at its lowest level since {since:%B}."
    early = (f"The S&P 500 fell in a session that ended at 1 p.m., its lowest level since "
             f"{since:%B}.")                # an early close's hour is no time of day
    for text, want in ((plain, "supported"), (timed_, "not_checkable"), (early, "supported")):
        got = [v.status for v in verdicts(text, "2025-03-10", desk)
               if v.claim.metric is Metric.LOWEST_CLOSE_SINCE]
        assert got == [want], text


def test_worst_day_of_the_year_with_no_measure_stated(desk):
    """"its worst single-day performance of the year" when the day is the year's largest drop in
    points but not in percent: the words do not say which, so not checkable; a day that is the
    largest both ways is supported (a plain loop over the year's closes)."""
    rows = naive_rows("DJI.csv")

    def worst(day):
        base = max(x["date"] for x in rows if x["date"].year == day.year - 1)
        year = [(r["date"], r["close"]) for r in rows if r["date"].year == day.year
                or r["date"] == base]
        moves = [(d, b - a, b / a - 1) for (_, a), (d, b) in zip(year, year[1:]) if d <= day]
        today = moves[-1]
        return (all(m[1] > today[1] for m in moves[:-1]), all(m[2] > today[2] for m in moves[:-1]))

    both = next(d for d in (dt.date(2024, 8, 5), dt.date(2024, 12, 18)) if worst(d) == (True, True))
    pts_only = next(d for d in (dt.date(2024, 8, 5), dt.date(2024, 12, 18))
                    if worst(d) == (True, False))
    for day, want in ((both, "supported"), (pts_only, "not_checkable")):
        got = verdicts("The Dow Jones Industrial Average fell sharply, in its worst single-day "
                       "performance of the year.", day.isoformat(), desk)
        assert [v.status for v in got if v.claim.metric is Metric.LARGEST_OF_YEAR] == [want]


def test_a_record_set_earlier_in_the_week(desk):
    """"still near its all-time high set earlier in the week": the record close in force was set
    between the week's Monday and the day before (a plain loop finds the record's day)."""
    rows = [r for r in naive_rows("GSPC.csv") if r["date"] <= dt.date(2025, 10, 10)]
    best = max(range(len(rows)), key=lambda k: (rows[k]["close"], k))
    rec = rows[best]["date"]
    day = rows[-1]["date"]
    inside = rec.isocalendar()[:2] == day.isocalendar()[:2] and rec < day
    got = verdicts("The S&P 500 is still near its all-time high set earlier in the week.",
                   day.isoformat(), desk)
    assert [v.status for v in got if v.claim.metric is Metric.RECORD_CLOSE] == \
        ["supported" if inside else "contradicted"]
    late = verdicts("The S&P 500 is still near its all-time high set last week.", day.isoformat(),
                    desk)
    assert [v.status for v in late if v.claim.metric is Metric.RECORD_CLOSE] == \
        ["contradicted" if inside else "supported"]


def test_an_ordinal_streak_for_the_first_time_since(desk):
    """"its fourth consecutive negative quarter for the first time since 2001": the last run of
    as many falling quarters ended in that year (a plain loop over quarter-end closes)."""
    day = dt.date(2022, 12, 29)
    ends = {}
    for r in naive_rows("NASDAQCOM.csv"):
        if r["date"] <= day and r["close"] is not None:
            ends[(r["date"].year, (r["date"].month - 1) // 3)] = (r["date"], r["close"])
    keys = sorted(ends)
    downs = [(ends[k][0], ends[k][1] < ends[p][1]) for p, k in zip(keys, keys[1:])]
    n = next(i for i, (_, down) in enumerate(reversed(downs)) if not down)
    run, last_end = 0, None
    for d, down in downs[:-n]:
        run = run + 1 if down else 0
        if run >= n:
            last_end = d
    assert last_end is not None
    ords = ["first", "second", "third", "fourth", "fifth", "sixth"]
    for year, want in ((last_end.year, "supported"), (last_end.year + 3, "contradicted")):
        got = verdicts(f"The Nasdaq posted its {ords[n - 1]} consecutive negative quarter for "
                       f"the first time since {year}.", "2022-12-30", desk)
        assert [v.status for v in got if v.claim.metric is Metric.LONGEST_STREAK] == [want]


def test_a_funds_launch_date_is_its_first_session(desk):
    first = naive_rows("QQQ.csv")[0]["date"]
    for when, want in ((f"{first:%B} {first.day}, {first.year}", "supported"),
                       (f"{first:%B} {first.year}", "supported"),
                       (f"{first:%B} {first.day}, {first.year - 3}", "not_checkable")):
        got = verdicts(f"The Invesco QQQ Trust has been popular since its launch on {when}.",
                       "2024-03-08", desk)
        assert [v.status for v in got if v.claim.extra.get("launch")] == [want], when


def test_a_record_for_the_nth_time_this_year(desk):
    rows = [r for r in naive_rows("DJI.csv") if r["date"] <= dt.date(2018, 1, 17)]
    top, n = -1.0, 0
    for r in rows:
        if r["close"] > top:
            top = r["close"]
            n += r["date"].year == 2018
    ords = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
    for k, want in ((n, "supported"), (n + 2, "contradicted")):   # (one off: a source cent)
        got = verdicts(f"The Dow Jones Industrial Average closed at a record for the "
                       f"{ords[k - 1]} time this year.", "2018-01-17", desk)
        assert [v.status for v in got if v.claim.metric is Metric.RECORD_CLOSE_COUNT] == [want]


def test_negated_claims_are_not_judged_but_first_since_is_a_claim():
    d = dt.date(2016, 1, 13)
    got = claims("The Nasdaq didn't reach an all-time high. The Dow has yet to close above "
                 "17,000. The 10-year yield hasn't seen 3% since 2014.", d)
    assert [c.extra.get("negated") for c in got] == ["didn't", "has yet to", None]


def test_definitions_and_decline_thresholds_are_not_moves():
    d = dt.date(2016, 1, 13)
    got = claims("Stocks fell, sending the S&P 500 into a correction, or a drop of 10 percent "
                 "or more from its peak.", d)
    assert [c.metric for c in got] == [Metric.CORRECTION]      # the 10 percent defines it
    assert claims("The last time the S&P 500 suffered a 10% correction was in August of "
                  "2011.", d) == []


def test_level_and_period_wordings():
    d = dt.date(2014, 7, 3)
    got = claims("The Dow reached a high today of 17,074.65, a 1.3% gain from 16,851.84 points "
                 "where it ended last week.", d)
    assert [(c.text, c.metric) for c in got if c.unit != "pct"] == [
        ("17,074.65", Metric.HIGH), ("16,851.84 points", Metric.CLOSE)]
    up = [c for c in claims("The Dow is up 3% since January.", d) if c.text == "3%"][0]
    assert (up.period.kind, up.period.start) == ("since", dt.date(2013, 12, 31))
    best = [c for c in claims("The Nasdaq rose 2%, its best day since January.", d)
            if c.text == "2%"][0]
    assert best.period.kind != "since"       # the superlative's "since", not the move's


def test_a_record_set_in_a_named_month(desk):
    """"reached a record high in May": a new record close on one of that month's sessions (a
    plain loop over GSPC.csv finds the months of 2015 with one and without one)."""
    rows = [r for r in naive_rows("GSPC.csv") if r["date"] < dt.date(2016, 1, 1)]
    best, months = 0.0, set()
    for r in rows:
        if r["close"] > best:
            best = r["close"]
            if r["date"].year == 2015:
                months.add(r["date"].month)
    with_record = min(months)
    without = min(set(range(1, 13)) - months)
    name = dt.date(2015, with_record, 1).strftime("%B")
    other = dt.date(2015, without, 1).strftime("%B")
    got = verdicts(f"The S&P 500, which reached a record high in {name}, is down this year. "
                   f"The S&P 500 reached a record close in {other}.", "2016-01-13", desk)
    recs = [v.status for v in got if v.claim.metric in (Metric.RECORD_CLOSE, Metric.RECORD_HIGH)]
    assert recs == ["supported", "contradicted"]


def test_a_count_s_period_and_a_leading_last_week():
    d = dt.date(2021, 7, 9)                          # a Friday
    got = claims("The S&P 500 rose 1.1% to an all-time high for the second time this week.", d)
    move = [c for c in got if c.text == "1.1%"][0]
    assert move.metric is Metric.CHANGE_PCT and move.period.kind != "wtd"
    last = [c for c in claims("Last week, the S&P 500 closed down 5.8% for the week.", d)
            if c.text == "5.8%"][0]
    assert last.period.end == dt.date(2021, 7, 2)    # the Friday before: last week's close
    this = [c for c in claims("The S&P 500 lost 1.5% for the week and is below the high it "
                              "reached last week.", d) if c.text == "1.5%"][0]
    assert this.period.kind == "wtd"


def test_a_weekly_superlative_early_in_the_next_week_is_the_week_before(desk):
    """"The drop on Monday followed the worst weekly decline since May 2012", stamped Tuesday:
    the week that ended the Friday before, not the one-day week so far (weeks and the earlier
    worse one from a plain loop over GSPC.csv)."""
    rows = [r for r in naive_rows("GSPC.csv") if r["date"].year >= 2005]
    weeks: list[tuple[dt.date, float]] = []          # (last session of the week, its close)
    for r in rows:
        if weeks and weeks[-1][0].isocalendar()[:2] == r["date"].isocalendar()[:2]:
            weeks[-1] = (r["date"], r["close"])
        else:
            weeks.append((r["date"], r["close"]))
    rets = [(weeks[i][0], weeks[i][1] / weeks[i - 1][1] - 1) for i in range(1, len(weeks))]
    for i, (end, ret) in enumerate(rets):
        if end.year < 2014 or ret > -0.02:
            continue
        prev = next((e for e, x in reversed(rets[:i]) if x <= ret), None)
        if prev is not None and (end - prev).days > 400:
            break
    assert prev is not None
    monday = next(r["date"] for r in rows if r["date"] > end)
    tuesday = next(r["date"] for r in rows if r["date"] > monday)   # stamped the morning after
    got = verdicts(f"The S&P 500's drop on {monday:%A} followed its worst weekly decline since "
                   f"{prev:%B %Y}.", tuesday.isoformat(), desk)
    assert [v.status for v in got if v.claim.metric is Metric.LARGEST_SINCE] == ["supported"]


def _day(file: str, day: dt.date) -> tuple[dict, dict]:
    rows = naive_rows(file)
    k = index_of(rows, day)
    return rows[k - 1], rows[k]


def test_a_figure_too_far_off_to_be_a_misprint_is_not_refuted(desk):
    """A stated figure more than twice the move the data give (or a level 1.3 times off) is
    likelier about something else than a misprint: not checkable; a nearer miss is still
    contradicted."""
    prev, row = _day("DJI.csv", dt.date(2017, 1, 25))
    pct = (row["close"] / prev["close"] - 1) * 100
    cases = [(f"The Dow rose {pct * 5:.1f}% on Wednesday.", "not_checkable"),
             (f"The Dow rose {pct + 0.3:.1f}% on Wednesday.", "contradicted"),
             (f"The Dow closed at {row['close'] * 0.5:,.2f} on Wednesday.", "not_checkable"),
             (f"The Dow closed at {row['close'] + 10:,.2f} on Wednesday.", "contradicted")]
    for text, want in cases:
        got = verdicts(text, "2017-01-25", desk)
        assert [v.status for v in got] == [want], (text, [v.reason for v in got])


def test_wire_point_changes_without_the_unit_and_last_weeks_move(desk):
    """ "declined 11.69, or 1.4 percent, to 833.70, following a weekly drop of 5 percent" on a
    Monday: a change in points, and the week before's move (figures from a plain loop)."""
    monday = dt.date(2002, 9, 23)
    rows = naive_rows("GSPC.csv")
    k = index_of(rows, monday)
    prev, row = rows[k - 1], rows[k]
    week_start = next(r for r in reversed(rows[:k]) if r["date"] < dt.date(2002, 9, 16))
    week = (prev["close"] / week_start["close"] - 1) * 100
    pts, pct = row["close"] - prev["close"], (row["close"] / prev["close"] - 1) * 100
    assert pts < 0 and week < 0
    text = (f"The Standard & Poor's 500 index declined {-pts:.2f}, or {-pct:.1f} percent, to "
            f"{row['close']:.2f}, following a weekly drop of {-week:.0f} percent.")
    got = verdicts(text, "2002-09-24", desk)
    assert [v.claim.metric for v in got] == [Metric.CHANGE_PTS, Metric.CHANGE_PCT, Metric.CLOSE,
                                             Metric.PERIOD_RETURN]
    assert [v.status for v in got] == ["supported"] * 4, [v.reason for v in got]
    assert "the week that ended on 2002-09-20" in got[3].reason


def test_gave_up_is_a_loss():
    got = claims("The Dow gave up 114.98 points, or 0.7 percent.", dt.date(2015, 8, 31))
    assert [c.direction for c in got] == ["down", "down"]


def test_first_close_above_a_level_in_a_span_of_years(desk):
    session = dt.date(2011, 2, 1)
    rows = upto("DJI.csv", session)
    assert rows[-1]["close"] > 12000 and rows[-2]["close"] <= 12000
    last = next(r["date"] for r in reversed(rows[:-1]) if r["close"] > 12000)
    years = (session - last).days / 365.25
    half = round(years * 2) / 2
    said = f"{int(half)} 1/2" if half % 1 else f"{int(half)}"
    for n, want in ((said, "supported"), (f"{int(years) + 4}", "contradicted")):
        got = verdicts(f"The Dow Jones industrial average closed above 12,000 for the first "
                       f"time in {n} years.", "2011-02-01", desk)
        assert [v.status for v in got] == [want], [v.reason for v in got]


@pytest.mark.parametrize("text", [
    "Boeing surged 4.2 percent, the biggest gain in the Dow.",
    "Alcoa, a Dow component, fell $1.85, or 5 percent, to $34.65.",
    "Energy companies enjoyed the biggest gain among the 11 main sectors of the S&P 500, rising "
    "1.3 percent.",
    "The S&P Midcap 400 fell 0.2% for the week.",
    "The Dow Jones transportation average fell 1.2%.",
    "The New York Stock Exchange composite index gained 1.31 to 320.23.",
    "Microsoft's plunge was the equivalent of nearly 80 Dow points.",
    "The S&P 500 at one point fell into a correction, which is when an index falls 10 percent "
    "from a recent high.",
])
def test_members_other_indexes_and_definitions_are_not_the_index(text):
    got = claims(f"The Dow rose 0.3%. {text}", dt.date(2017, 1, 25))
    assert [c.text for c in got if c.metric is not Metric.CORRECTION] == ["0.3%"]


def test_a_missed_level_and_a_low_not_reached_since_are_not_judged():
    d = dt.date(2009, 2, 23)
    got = claims("The S&P 500 rose 10.84 to 1297.68, just missing its first close above 1,300. "
                 "The Dow hasn't traded below the 7,000 mark since October 1997.", d)
    assert {c.text: c.extra.get("negated") for c in got if c.extra.get("negated")} == {
        "above 1,300": "just missing", "7,000": "hasn't"}


@pytest.mark.parametrize("text", [
    "The S&P/Case-Shiller 20 City home-price index rose 13.3% on the year.",
    "The Oct. 27 plunge prompted the exchange to raise its circuit breaker from 350 points.",
    "Two of the three major indexes had gains of more than 13% for the year.",
    "The Dow left the blue-chip index just 178 points off its record high.",
    "It besting the 59 record highs achieved in 1925 and 1964.",
])
def test_other_things_thresholds_and_year_lists_are_not_figures_of_the_index(text):
    got = claims(f"The Dow rose 0.3%. {text}", dt.date(2017, 1, 25))
    assert [c.text for c in got if c.value is not None and c.metric not in (
        Metric.RECORD_CLOSE_COUNT,)] == ["0.3%"], [(c.text, c.metric) for c in got]


def test_crossed_during_the_session_and_a_high_on_a_named_day(desk):
    """ "Tops 9,900 But Ends at ..." and "reached X at its high on Thursday": the day's high
    (figures from a plain loop over the bars)."""
    rows = naive_rows("DJI.csv")
    k = next(i for i, r in enumerate(rows) if r["high"] and r["high"] > 9900 > r["close"]
             and r["date"].year == 1999)
    row = rows[k]
    got = verdicts(f"The Dow Tops 9,900 But Ends at {row['close']:,.2f}",
                   row["date"].isoformat(), desk)
    assert [(v.claim.metric, v.status) for v in got] == [(Metric.HIGH, "supported"),
                                                         (Metric.CLOSE, "supported")]
    thu = next(r for r in naive_rows("GSPC.csv") if r["date"] == dt.date(2023, 12, 28))
    got = verdicts(f"The S&P 500 reached {thu['high']:,.2f} at its high on Thursday, but backed "
                   "off by the close.", "2023-12-29", desk)
    assert [(v.claim.metric, v.status) for v in got] == [(Metric.HIGH, "supported")]


def test_first_close_above_in_a_named_month_and_a_recalled_streak(desk):
    rows = naive_rows("DJI.csv")
    first = next(r["date"] for r in rows if r["close"] > 12000)
    month = first.strftime("%B")
    got = verdicts(f"The Dow closed above 12,000 for the first time in {month} and kept "
                   "climbing.", "2006-12-29", desk)
    assert [v.status for v in got] == ["supported"], [v.reason for v in got]
    # a streak the sentence recalls is read on the day it ended
    closes = naive_rows("GSPC.csv")
    k = index_of(closes, dt.date(2025, 12, 24))
    n = 0
    while closes[k - n]["close"] > closes[k - n - 1]["close"]:
        n += 1
    assert n >= 2
    got = [c for c in claims(f"It is the longest winning streak since Wednesday, Dec. 24, 2025, "
                             f"when the S&P 500 rose for {n} straight trading days.",
                             dt.date(2026, 1, 26)) if c.metric is Metric.STREAK]
    assert [(c.value, c.period.end) for c in got] == [(n, dt.date(2025, 12, 24))]


def test_negations_past_perfect_and_quarters_are_not_refuted(desk):
    got = verdicts("The Dow closed up for the week but did not make it over the psychologically "
                   "important 13,000 mark. Fears had already pulled the S&P 500 10% below its "
                   "all-time high. Wall Street closed out its best quarter since 1998.",
                   "2012-02-17", desk)
    assert got and all(v.status == "not_checkable" for v in got), [v.reason for v in got]


@pytest.mark.parametrize("text", [
    "The Dow Jones U.S. Small-Cap Value Index closed at 8,651.01 for a loss of 52.29 points.",
    "The American Stock Exchange market value index fell 5.42 to 568.38.",
    "Energy stocks in the S&P 500 index fell 1.4%.",
    "Banks rose 1.4%, the biggest gain among the 10 industry groups in the S&P 500.",
    "Bond prices fell for the third straight session.",
    "Decliners beat advancers for the third straight day.",
    "Other major indexes also had their worst days since Sept. 17, 2001.",
])
def test_more_things_that_are_not_the_index(text):
    got = claims(f"The Dow rose 0.3%. {text}", dt.date(2008, 9, 15))
    assert [c.text for c in got] == ["0.3%"], [(c.text, c.metric) for c in got]


def test_a_run_of_records_is_not_a_count_and_a_pluperfect_move_is_not_refuted(desk):
    got = claims("The Dow notched its 11th straight record high.", dt.date(2017, 2, 24))
    assert [c.metric for c in got] == [Metric.RECORD_STREAK]
    got = verdicts("The Dow fell 4.4%. It had dropped 5.1% on the Monday after the attacks.",
                   "2008-09-15", desk)
    assert [v.status for v in got][1:] == ["not_checkable"], [v.reason for v in got]


def test_first_close_above_since_an_undated_event_is_not_refuted(desk):
    got = verdicts("The Dow closed above 13,000 for the first time since the financial crisis.",
                   "2012-02-28", desk)
    assert [v.status for v in got] == ["not_checkable"], [v.reason for v in got]


def test_a_qualifier_across_a_line_break_and_a_record_a_cent_off(desk):
    got = find_quantities("The S&P 500 ended more\nthan 20% below its record.")
    assert [(q.value, q.qualifier) for q in got] == [(20.0, "more_than")]
    rows = naive_rows("DJI.csv")
    k = index_of(rows, dt.date(1997, 8, 6))
    assert rows[k]["close"] > max(r["close"] for r in rows[:k])     # a record that day
    stated = rows[k]["close"] + 0.01
    got = verdicts(f"The Dow is below Aug. 6's record close of {stated:,.2f}.", "1997-09-02", desk)
    assert [v.status for v in got if v.claim.metric is Metric.RECORD_CLOSE] == ["supported"]


def test_a_move_from_an_n_month_high_in_a_named_month(desk):
    rows = naive_rows("VIX.csv")
    feb = [r for r in rows if r["date"].year == 2014 and r["date"].month == 2]
    peak = max(r["close"] for r in feb)
    last = next(r for r in rows if r["date"] == dt.date(2014, 5, 23))
    pct = (1 - last["close"] / peak) * 100
    got = verdicts(f"The VIX has retreated {pct:.0f} percent from a 14-month high in February.",
                   "2014-05-23", desk)
    assert [(v.claim.metric, v.status) for v in got] == [(Metric.CHANGE_FROM_EXTREME,
                                                          "supported")]
