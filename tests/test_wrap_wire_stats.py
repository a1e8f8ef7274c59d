"""Statistics the wires print, in the wrap (issue 12): a first close above a round level, a new
52-week high or low, and weekly streaks counted in complete Friday-to-Friday weeks ("on pace for
its seventh straight weekly loss" during a week). Each expected figure comes from a plain loop
over the CSV rows (``wire_truth.series``), never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from wire_score import attributed
from wire_truth import series

ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
            "eighth", "ninth")
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
NAME = {"^GSPC": "S&P 500", "^DJI": "Dow", "^IXIC": "Nasdaq", "^RUT": "Russell 2000"}


def _rows(subject: str, day: dt.date) -> list[dict]:
    rows = [r for r in series(subject) if r["date"] <= day]
    assert rows[-1]["date"] == day
    return rows


def _first_above(subject: str, day: dt.date, level: float) -> bool:
    rows = _rows(subject, day)
    return rows[-1]["close"] > level and all(r["close"] <= level for r in rows[:-1])


def _week52(subject: str, day: dt.date) -> str | None:
    """"high" / "low" when the close is beyond every other close of the 365 days before."""
    rows = _rows(subject, day)
    window = [r["close"] for r in rows[:-1] if r["date"] >= day - dt.timedelta(days=365)]
    close = rows[-1]["close"]
    return "high" if close > max(window) else "low" if close < min(window) else None


def _weeks(subject: str, day: dt.date) -> tuple[int, str, float]:
    """The down / up run of complete weeks before ``day``'s week (each week's last close
    against the week before's) and the running week's move in percent."""
    rows = _rows(subject, day)
    monday = day - dt.timedelta(days=day.weekday())
    last_of_week: dict[dt.date, float] = {}
    for r in rows:
        if r["date"] < monday:
            last_of_week[r["date"] - dt.timedelta(days=r["date"].weekday())] = r["close"]
    closes = [last_of_week[k] for k in sorted(last_of_week)]
    down = closes[-1] < closes[-2]
    n = 0
    for a, b in zip(closes[-2::-1], closes[::-1]):
        if (b < a) if down else (b > a):
            n += 1
        else:
            break
    return n, "down" if down else "up", (rows[-1]["close"] / closes[-1] - 1.0) * 100.0


@pytest.fixture(scope="module")
def text(loaded_db: Path):
    from marketdesk.desk import Desk
    from marketdesk.wrap import wrap

    cache: dict[str, str] = {}
    with Desk(loaded_db, read_only=True) as desk:
        def get(day: str) -> str:
            if day not in cache:
                cache[day] = wrap(desk, day).text()
            return cache[day]
        yield get


def _about(text: str, subject: str) -> list[str]:
    return [s for s, subjects in attributed(text) if subjects and subjects[0] == subject]


@pytest.mark.parametrize(("day", "subject", "level"), [
    ("2024-05-17", "^DJI", 40000.0),    # the Dow's first close above 40,000
    ("2024-11-11", "^GSPC", 6000.0),    # the S&P 500's first close above 6,000
    ("2024-11-11", "^DJI", 44000.0),
])
def test_first_close_above_a_round_level(text, day, subject, level):
    assert _first_above(subject, dt.date.fromisoformat(day), level)
    said = f"It closed above {level:,.0f} for the first time."
    assert said in " ".join(_about(text(day), subject))


def test_a_level_crossed_again_is_not_a_first(text):
    later = [r for r in series("^DJI") if r["date"] > dt.date(2024, 5, 17)]
    again = next(b for a, b in itertools.pairwise(later)
                 if a["close"] <= 40000.0 < b["close"])
    assert not _first_above("^DJI", again["date"], 40000.0)
    assert "40,000 for the first time" not in text(again["date"].isoformat())


@pytest.mark.parametrize(("day", "subject"), [
    ("2018-12-24", "^DJI"), ("2018-12-24", "^GSPC"), ("2022-05-18", "^GSPC"),
    ("2024-11-11", "^RUT"), ("2022-09-13", "^IXIC"), ("2024-11-11", "^GSPC"),
])
def test_52_week_high_or_low(text, day, subject):
    want = _week52(subject, dt.date.fromisoformat(day))
    about = " ".join(_about(text(day), subject))
    said = re.findall(r"a 52-week (high|low)", about)
    if want is None or (want == "high" and "to a record close of" in about):
        assert said == [], about        # not one, or a record close says more
    else:
        assert said == [want], about


@pytest.mark.parametrize(("day", "subject"), [
    ("2022-05-18", "^GSPC"), ("2022-05-18", "^DJI"), ("2018-12-24", "^GSPC"),
])
def test_on_pace_for_a_weekly_streak(text, day, subject):
    n, direction, wtd = _weeks(subject, dt.date.fromisoformat(day))
    about = " ".join(_about(text(day), subject))
    said = re.findall(r"on pace for its (\w+) straight weekly (loss|gain)", about)
    same = (wtd < 0) if direction == "down" else (wtd > 0)
    if same and n + 1 >= 5:
        assert said == [(ORDINALS[n + 1], "loss" if direction == "down" else "gain")], about
    else:
        assert said == [], about
    assert not re.search(r"straight weeks", about), about   # a running week is no week yet


def test_weekly_streak_on_the_weeks_last_session(text):
    day = dt.date(2022, 5, 20)                 # a Friday: the week is complete
    n, direction, _ = _weeks("^GSPC", day + dt.timedelta(days=3))  # weeks through May 20
    assert direction == "down"
    about = " ".join(_about(text(day.isoformat()), "^GSPC"))
    assert f"has fallen for {WORDS[n]} straight weeks" in about
    assert "on pace" not in about


def _curve(day: dt.date) -> tuple[float, float]:
    """The 10-year minus the 2-year yield in bp on ``day`` and its change from the previous
    common date, by a plain loop over DGS10.csv and DGS2.csv."""
    ten = {r["date"]: r["close"] for r in series("DGS10") if r["date"] <= day}
    two = {r["date"]: r["close"] for r in series("DGS2") if r["date"] <= day}
    common = sorted(set(ten) & set(two))
    now, before = common[-1], common[-2]
    spread = (ten[now] - two[now]) * 100.0
    return spread, spread - (ten[before] - two[before]) * 100.0


@pytest.mark.parametrize("day", ["2023-03-13", "2024-11-25"])
def test_the_curve_when_it_is_the_story(text, day):
    """The 2s/10s spread is written when it moved 10 bp or more (or changed sign): on
    2023-03-13 the 2-year fell 57 bp and the curve moved with it; on 2024-11-25 it barely did."""
    spread, change = _curve(dt.date.fromisoformat(day))
    story = text(day)
    if abs(change) >= 10:
        side = "below" if spread < 0 else "above"
        assert re.search(rf"The 10-year (?:Treasury )?yield ended {abs(round(spread)):d} basis "
                         rf"points {side} the 2-year (?:Treasury )?yield\.", story), story
    else:
        assert not re.search(r"basis points (?:above|below) the", story)
    assert (day == "2023-03-13") == (abs(change) >= 10)
