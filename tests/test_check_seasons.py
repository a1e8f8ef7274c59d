"""Seasonal claims beyond one month's average: the Santa Claus rally across years, how often a
calendar month fell against the others, a month's rank in an earlier year, a month's median.
Sentences are written here (not copied from any article); the numbers asserted come from plain
loops over the CSV rows in ../shared/data."""

from __future__ import annotations

import datetime as dt

from naive_rows import upto

from marketdesk.check.api import check
from marketdesk.check.claims import extract_claims
from marketdesk.check.model import ArticleDate
from marketdesk.facts.model import Metric


def claims(text: str, session: dt.date) -> list:
    return extract_claims(text, ArticleDate(session=session, how="test", published=None))


def verdicts(text: str, published: str, desk, metric: Metric) -> list:
    got = check(f"# source: test | published: {published}\n\n{text}", desk=desk).verdicts
    return [v for v in got if v.claim.metric is metric]


def santa_moves(day: dt.date) -> dict[int, float]:
    """{December's year: percent move} from the close before December's last five sessions to
    January's second close, windows complete by ``day``."""
    rows = upto("GSPC.csv", day)
    out = {}
    for y in sorted({r["date"].year for r in rows}):
        dec = [r for r in rows if r["date"].year == y and r["date"].month == 12]
        jan = [r for r in rows if r["date"].year == y + 1 and r["date"].month == 1]
        if len(dec) >= 6 and len(jan) >= 2:
            out[y] = (jan[1]["close"] / dec[-6]["close"] - 1) * 100
    return out


def test_santa_claus_rally_statistics_are_judged(desk):
    moves = santa_moves(dt.date(2023, 12, 19))
    since = [v for y, v in moves.items() if y >= 1950]
    share = round(100 * sum(v > 0 for v in since) / len(since))
    mean = sum(since) / len(since)
    last10 = [moves[y] for y in sorted(moves)[-10:]]
    downs = sum(v < 0 for v in last10)
    ups = [v for v in last10 if v > 0]
    text = ("The Santa Claus rally spans the final five trading days of December and the first "
            "two of January.\n\n"
            f"Since 1950, the S&P 500 has ended the rally period higher {share}% of the time, "
            f"with an average gain of {mean:.1f}%. Over the past 10 years, the index fell "
            f"during the rally {downs} times. In the years when it rose, the gain averaged "
            f"{sum(ups) / len(ups):.1f}%. Over the past 10 years it dropped during the rally "
            f"{downs + 3} times.")
    got = verdicts(text, "2023-12-20", desk, Metric.CALENDAR_WINDOW_STATS)
    assert [(v.claim.extra["stat"], v.status) for v in got] == [
        ("pct_up", "supported"), ("mean_or_up", "supported"), ("down", "supported"),
        ("mean_up", "supported"), ("down", "contradicted")]


def test_rally_statistics_need_the_rally_in_the_paragraph():
    text = ("Since 1950, the S&P 500 has ended the last week of the year higher 70% of the "
            "time, with an average gain of 1.3%.")
    got = claims(text, dt.date(2023, 12, 20))
    assert not [c for c in got if c.metric is Metric.CALENDAR_WINDOW_STATS]


def monthly(day: dt.date) -> dict[tuple[int, int], float]:
    """{(year, month): percent} from month-end closes, complete months by ``day``."""
    last = {}
    for r in upto("GSPC.csv", day):
        last[(r["date"].year, r["date"].month)] = r["close"]
    keys = sorted(last)
    return {k: (last[k] / last[p] - 1) * 100 for p, k in zip(keys, keys[1:]) if k != keys[-1]}


def test_a_months_rank_in_an_earlier_year_is_judged(desk):
    rets = monthly(dt.date(2023, 6, 1))
    of_2013 = {m: v for (y, m), v in rets.items() if y == 2013}
    best = max(of_2013, key=of_2013.get)
    worse = min(of_2013, key=of_2013.get)
    names = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
    text = (f"Back in 2013, {names[best - 1]} turned out to be the best month of the year for "
            f"stocks. In 2013 {names[worse - 1]} was the best month of the year for stocks.")
    got = verdicts(text, "2023-06-01", desk, Metric.YEAR_MONTH_RANK)
    assert [v.status for v in got] == ["supported", "contradicted"]
    assert not verdicts(text, "2023-06-01", desk, Metric.LARGEST_OF_YEAR)


def test_how_often_a_month_fell_against_the_others_is_judged(desk):
    rets = monthly(dt.date(2023, 6, 1))
    down = {m: sum(v < 0 for (y, mm), v in rets.items() if mm == m and 1928 <= y <= 2022)
            for m in range(1, 13)}
    up = {m: sum(v > 0 for (y, mm), v in rets.items() if mm == m and 1928 <= y <= 2022)
          for m in range(1, 13)}
    most, least = max(down, key=down.get), min(down, key=down.get)
    losing = [m for m in down if down[m] > up[m]]
    names = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
    text = (f"Going back to 1928, {names[most - 1]} has been the most common losing month for "
            f"the S&P 500. Since 1928, {names[least - 1]} has been the most common losing month "
            f"for the S&P 500. Since 1928, {names[most - 1]} has been the only month of the year "
            "for the S&P 500 to post a loss more often than a gain. Since 1928, "
            f"{names[least - 1]} has been the most common losing month for stocks.")
    got = verdicts(text, "2023-06-01", desk, Metric.SEASONAL_TALLY)
    assert [v.status for v in got] == [     # "stocks": the S&P 500 is a reading, not named
        "supported", "contradicted", "supported" if losing == [most] else "contradicted",
        "not_checkable"]


def test_a_months_median_over_the_last_n_years_is_judged(desk):
    rets = monthly(dt.date(2023, 6, 1))
    marches = sorted(v for (y, m), v in rets.items() if m == 3 and 2003 <= y <= 2022)
    median = (marches[9] + marches[10]) / 2
    text = (f"Over the 20-year span, the median March for the S&P 500 has returned {median:.2f}% "
            f"and the median March has returned {median + 1:.2f}%.")
    got = verdicts(text, "2023-02-10", desk, Metric.SEASONAL_MEDIAN)
    assert [(v.claim.extra.get("years"), v.status) for v in got] == [
        ([2003, 2022], "supported"), ([2003, 2022], "contradicted")]


def test_a_numbered_index_name_is_no_year_and_an_average_no_ranked_year():
    """"the Russell 2000 ... in December is 2.8%, the best month of the year": no year 2000."""
    text = ("The average return for the Russell 2000 in December is 2.8%, making it the "
            "best-performing month of the year.")
    assert not [c for c in claims(text, dt.date(2024, 11, 25))
                if c.metric is Metric.YEAR_MONTH_RANK]
