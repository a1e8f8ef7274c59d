"""Counting claims: what the parser reads out of a sentence (written here, not copied from any
article) and the verdict against the real store, with the numbers from plain loops over
../shared/data (tests/naive_rows.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from naive_rows import upto

from marketdesk.check.api import check
from marketdesk.check.claims import extract_claims
from marketdesk.check.model import ArticleDate
from marketdesk.facts.model import Metric


def counts(text: str, session: dt.date) -> list:
    got = extract_claims(text, ArticleDate(session=session, how="test", published=None))
    return [c for c in got if c.metric is Metric.PERIOD_COUNT]


def figures(text: str, session: dt.date) -> list:
    got = extract_claims(text, ArticleDate(session=session, how="test", published=None))
    return [c for c in got if c.metric is not Metric.PERIOD_COUNT]


def verdicts(text: str, session: dt.date, desk) -> list:
    return [v for v in check(text, as_of=session, desk=desk).verdicts
            if v.claim.metric is Metric.PERIOD_COUNT]


def changes(file: str, day: dt.date, key=None) -> list[tuple[dt.date, float]]:
    """(closing session, % change) of each session, or of each ``key`` period, to ``day``."""
    last: dict = {}
    for r in upto(file, day):
        last[key(r["date"]) if key else r["date"]] = (r["date"], r["close"])
    ends = list(last.values())
    return [(b[0], (b[1] / a[1] - 1) * 100) for a, b in zip(ends, ends[1:], strict=False)]


D = dt.date(2023, 6, 30)


def test_n_of_m_reads_condition_window_and_total():
    got = counts("In a choppy 2022 the Nasdaq moved up or down more than 2% on 46 of the 251 "
                 "trading days.", D)
    count, total = got
    assert (count.value, count.extra["role"], count.subject) == (46, "count", "^IXIC")
    assert count.extra["spec"] == {"unit": "days", "move": "either", "threshold": 2.0,
                                   "basis": "pct", "strict": True, "month": None}
    assert count.extra["window"]["kind"] == "year" and count.extra["window"]["year"] == 2022
    assert (total.value, total.extra["role"]) == (251, "total")


def test_the_threshold_is_the_condition_not_a_figure():
    text = "The S&P 500 closed up or down at least 1% on 95 of the 249 sessions in 2021."
    assert [c.text for c in figures(text, D)] == []
    assert [c.value for c in counts(text, D)] == [95, 249]


def test_of_the_m_then_the_count_and_its_share():
    got = counts("Of the 40 months since January 2020, only 12 have been losing months for "
                 "the Dow, or 30%.", D)
    roles = {c.extra["role"]: c for c in got}
    assert roles["count"].value == 12 and roles["count"].extra["spec"]["move"] == "down"
    assert roles["total"].value == 40 and roles["count"].extra["stated_total"] == 40
    assert roles["share"].value == 30 and roles["share"].unit == "pct"
    assert roles["count"].extra["window"]["start"] == "2020-01-01"


def test_of_the_past_n_calendar_months():
    got = counts("Of the past 30 Junes, the Russell 2000 has climbed 17 times.", D)
    assert len(got) == 1
    c = got[0]
    assert (c.value, c.subject, c.extra["spec"]["month"], c.extra["window"]) == (
        17, "^RUT", 6, {"kind": "last", "text": "the past 30", "n": 30, "year": None,
                        "month": None, "start": None, "years": None})


def test_adjective_counts_and_each_of():
    one = counts("The Nasdaq has logged just two losing weeks in the last nine.", D)
    assert [(c.value, c.extra["spec"]["unit"], c.extra["spec"]["move"], c.extra["window"]["n"])
            for c in one] == [(2, "weeks", "down", 9)]
    each = counts("The Dow finished lower in each of the past three sessions.", D)
    assert [(c.value, c.extra["window"]["n"], c.extra["spec"]["move"]) for c in each] == [
        (3, 3, "down")]
    every = counts("Look at the S&P 500 over the last three Octobers, all positive months.", D)
    assert [(c.value, c.extra["spec"]["month"], c.extra["spec"]["move"]) for c in every] == [
        (3, 10, "up")]


def test_a_plural_subject_gives_one_claim_each():
    got = counts("All three major indexes have gained in six of the past eight weeks.", D)
    assert sorted(c.subject for c in got) == ["^DJI", "^GSPC", "^IXIC"]


def test_ordinals():
    day = dt.date(2023, 3, 10)
    fig = counts("The S&P 500 slid more than 1% on Friday for the second time in three days.",
                 day)
    assert [(c.value, c.extra["role"], c.extra["window"]["kind"], c.extra["spec"]["threshold"],
             c.extra["spec"]["strict"]) for c in fig] == [(2, "ordinal", "sessions", 1.0, True)]
    verb = counts("The Nasdaq closed lower for the third time in five sessions.", day)
    assert [(c.value, c.extra["spec"]["move"]) for c in verb] == [(3, "down")]
    that = counts("It was the fifth time this year that the Dow has fallen more than 1.5%.", day)
    assert [(c.value, c.extra["window"]["kind"], c.extra["spec"]["threshold"]) for c in that] \
        == [(5, "ytd", 1.5)]
    sized = counts("The Russell 2000 rose 2.4%, its fourth 2% gain of the year.", day)
    assert [(c.value, c.extra["spec"]["move"], c.extra["spec"]["threshold"]) for c in sized] \
        == [(4, "up", 2.0)]
    assert [c.text for c in figures("The Russell 2000 rose 2.4%, its fourth 2% gain of the "
                                    "year.", day)] == ["2.4%"]
    week = "The Nasdaq dived more than 3% on Thursday for the second time this week."
    assert [(c.value, c.extra["window"]["kind"], c.extra["spec"]["threshold"],
             c.extra["session"]) for c in counts(week, day)] == [(2, "wtd", 3.0, "2023-03-09")]
    assert figures(week, day) == []     # the figure is the count's condition, not a WTD move
    noun = counts("The Dow notched its sixth weekly gain in eight weeks.", day)
    assert [(c.value, c.extra["spec"]["unit"], c.extra["window"]["n"]) for c in noun] == [
        (6, "weeks", 8)]


@pytest.mark.parametrize("text", [
    "Nine of the 11 S&P 500 sectors fell.",                        # not periods
    "The Dow has risen in eight of the past 10 years after a midterm election.",  # a study
    "Mortgage applications fell in three of the last four weeks, while the S&P 500 rose.",
    "The S&P 500 has been right in eight of the past 10 years.",     # no move stated
    "The 10-year yield rose 10 basis points or more on 4 of the past 20 sessions.",  # bp
    "The S&P 500 rose for the second time in three weeks.",          # days counted in weeks
    "The index signaled a positive year last year.",
    "Nasdaq stocks advanced in two of the last five sessions, by 90% of the volume.",
    "The Nasdaq swung 2% or more intraday on 30 of the 60 sessions this year.",   # not closes
    "India's Sensex gained in three of the past four sessions.",     # not a stored index
    "The S&P 500 rose in two of the last three trading days of the year.",  # another window
    "The Dow outperformed the Nasdaq in four of the past five weeks.",   # a comparison
])
def test_no_count_claim(text):
    assert counts(text, D) == []


def test_a_forecast_is_not_checkable(desk):
    vs = verdicts("The S&P 500 is on track to rise for the fourth week out of five.", D, desk)
    assert all(v.status == "not_checkable" for v in vs)


# -------------------------------------------------------------------------- verdicts --

def test_n_of_m_verdicts_against_a_plain_loop(desk):
    day = dt.date(2023, 6, 30)
    last10 = changes("GSPC.csv", day)[-10:]
    up = sum(p > 0 for _, p in last10)
    ok = verdicts(f"The S&P 500 has gained in {up} of the past 10 sessions.", day, desk)
    assert [v.status for v in ok] == ["supported"]
    assert ok[0].computed == up
    wrong = verdicts(f"The S&P 500 has gained in {up - 3} of the past 10 sessions.", day, desk)
    assert [v.status for v in wrong] == ["contradicted"]


def test_a_count_that_fits_only_rounded_changes_is_not_checkable(desk):
    day = dt.date(2020, 12, 31)
    year = [p for d, p in changes("GSPC.csv", day) if d.year == 2020]
    exact = sum(abs(p) >= 1.0 for p in year)
    near = sum(abs(round(p, 2)) >= 1.0 for p in year)
    assert near == exact + 1
    text = "In 2020 the S&P 500 swung up or down at least 1% on {} of the {} trading days."
    ok = verdicts(text.format(exact, len(year)), day, desk)
    assert [v.status for v in ok] == ["supported", "supported"]
    rounded = verdicts(text.format(near, len(year)), day, desk)
    assert rounded[0].status == "not_checkable" and "rounded" in rounded[0].reason


def test_the_running_week_reading_is_not_checkable(desk):
    day = dt.date(2019, 12, 19)                         # a Thursday
    weeks = changes("GSPC.csv", day, lambda d: d.isocalendar()[:2])
    complete = sum(p < 0 for _, p in weeks[-12:-1])
    running = sum(p < 0 for _, p in weeks[-11:])
    assert complete != running
    ok = verdicts(f"The S&P 500 has posted {complete} down weeks over the past 11.", day, desk)
    assert [v.status for v in ok] == ["supported"]
    live = verdicts(f"The S&P 500 has posted {running} down weeks over the past 11.", day, desk)
    assert [v.status for v in live] == ["not_checkable"]


def test_the_stated_total_chooses_the_months(desk):
    day = dt.date(2024, 8, 30)                          # the last session of August
    months = [(d, p) for d, p in changes("GSPC.csv", day, lambda d: (d.year, d.month))
              if d >= dt.date(2021, 1, 1)]
    before = months[:-1]                                # leaving out August 2024
    down = sum(p < 0 for _, p in before)
    text = (f"Of the {len(before)} months since January 2021, {down} have been negative for "
            "the S&P 500.")
    assert {v.claim.extra["role"]: v.status for v in verdicts(text, day, desk)} == {
        "count": "supported", "total": "supported"}


def test_ordinal_verdicts(desk):
    day = dt.date(2018, 2, 8)
    last4 = changes("DJI.csv", day)[-4:]
    assert last4[-1][1] < 0
    big = sum(p <= last4[-1][1] for _, p in last4)
    ords = ["first", "second", "third", "fourth"]
    vs = verdicts(f"The Dow lost more than {abs(last4[-1][1]) - 0.01:.2f}% for the "
                  f"{ords[big - 1]} time in four days.", day, desk)
    assert [v.status for v in vs] == ["supported"]
