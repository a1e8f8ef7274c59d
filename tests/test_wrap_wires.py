"""Issue 12: the wrap against what real wire close stories reported on twelve development days.

The stories' statistics (``wire_days.FACTS``, written down by hand from the stories) are first
checked against plain loops over the CSV rows (``wire_truth``), then looked for in the wrap's
text (``wire_score``): at least 90 % present, none printed with another value, and the stories'
lead (subject and angle, the weekday named) on every day.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from wire_days import DAYS, FACTS, LEADS
from wire_score import lead_of, lead_ok, score_fact
from wire_truth import consistent, truth_of


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f"{f[0]}-{f[1]}-{f[2]}")
def test_recorded_value_matches_the_data(fact):
    assert consistent(fact[2], fact[3], truth_of(*fact)), (fact, truth_of(*fact))


@pytest.fixture(scope="module")
def texts(loaded_db: Path) -> dict[str, str]:
    from marketdesk.desk import Desk
    from marketdesk.wrap import wrap

    with Desk(loaded_db, read_only=True) as desk:
        return {day: wrap(desk, day).text() for day in DAYS}


def test_wire_statistics_present_none_wrong(texts):
    verdicts = [score_fact(texts[f[0]], *f, truth_of(*f)) for f in FACTS]
    counts = Counter(v.status for v in verdicts)
    wrong = [v for v in verdicts if v.status == "wrong"]
    assert wrong == []
    missing = [(v.day, v.subject, v.metric, v.value) for v in verdicts if v.status == "missing"]
    assert counts["present"] / len(verdicts) >= 0.90, missing


@pytest.mark.parametrize("day", DAYS)
def test_wire_lead(texts, day):
    assert lead_ok(texts[day], LEADS[day]), (lead_of(texts[day]), texts[day])
