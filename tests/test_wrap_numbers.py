"""House rules for dates, counts and times in the wrap (AP style)."""

from __future__ import annotations

import datetime as dt

from marketdesk.wrap import numbers as nb


def test_ap_dates():
    ref = dt.date(2024, 11, 25)
    assert nb.ap_date(dt.date(2021, 11, 8), ref) == "Nov. 8, 2021"
    assert nb.ap_date(dt.date(2024, 8, 2), ref) == "Aug. 2"
    assert nb.ap_date(dt.date(2024, 9, 19), ref) == "Sept. 19"
    assert nb.ap_date(dt.date(2024, 3, 18), ref) == "March 18"
    assert nb.ap_date(ref, ref, weekday=True) == "Monday, Nov. 25"
    assert nb.ap_date(dt.date(2024, 11, 28), None, weekday=True) == "Thursday, Nov. 28, 2024"


def test_counts_and_clock():
    assert nb.count_word(6) == "six" and nb.count_word(11) == "11"
    assert nb.clock(dt.time(13, 0)) == "1 p.m." and nb.clock(dt.time(13, 30)) == "1:30 p.m."
    assert nb.ordinal(51) == "51st" and nb.ordinal(45) == "45th"
