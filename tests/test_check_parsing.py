"""Parsing units of the checker: sentences, quantities, periods, article dates, HTML."""

from __future__ import annotations

import datetime as dt

from marketdesk.check.article import article_date, html_to_text
from marketdesk.check.compare import matches
from marketdesk.check.periods import find_period
from marketdesk.check.quantities import find_quantities
from marketdesk.check.sentences import split_sentences

NOV25 = dt.date(2024, 11, 25)


def test_sentences_survive_abbreviations_and_decimals():
    text = ("The U.S. market rose. It closed at 2,442.03 on Nov. 8, 2021, after the yield hit "
            "4.262% at 3 p.m. Eastern time. Stocks fell!")
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == ["The U.S. market rose.",
                   "It closed at 2,442.03 on Nov. 8, 2021, after the yield hit 4.262% at 3 p.m. "
                   "Eastern time.", "Stocks fell!"]


def test_quantities_skip_names_dates_and_times():
    text = "The Russell 2000 rose about 1.5% to 2,442.03 on Nov. 8, 2021 at 3 p.m., the 10-year fell 14.7 bps."
    got = [(q.text, q.unit, q.decimals, q.qualifier) for q in find_quantities(text)]
    assert got == [("about 1.5%", "pct", 1, "about"), ("2,442.03", "level", 2, "exact"),
                   ("14.7 bps", "bp", 1, "exact")]


def test_periods_relative_to_article_date():
    def kind(t):
        p = find_period(t, NOV25)
        return (p.kind, p.year, p.month, p.end) if p else None

    assert kind("so far in November") == ("mtd", 2024, 11, NOV25)
    assert kind("this year") == ("ytd", 2024, None, NOV25)
    assert kind("in October") == ("month", 2024, 10, NOV25)
    assert kind("in December") == ("month", 2023, 12, NOV25)
    assert kind("on Friday")[3] == dt.date(2024, 11, 22)
    assert kind("on November 8, 2021")[3] == dt.date(2021, 11, 8)
    assert kind("in November 2021") == ("month", 2021, 11, NOV25)


def test_rounding_rules():
    assert matches(1.5, 1.47, 1, "exact") and not matches(1.6, 1.47, 1, "exact")
    assert matches(5, -5.05, 0, "about") and not matches(5, 6.6, 0, "about")
    assert matches(11, 11.17, 0, "more_than") and not matches(12, 11.17, 0, "more_than")
    assert matches(10, 11.17, 0, "double_digit") and not matches(10, 9.99, 0, "double_digit")


def test_article_date_from_asian_stamp():
    d = article_date("Wallstreetcn\n2024.11.26 02:37\nbody", None, None)
    assert d.session == NOV25 and d.published == dt.date(2024, 11, 26)
    assert article_date("x", dt.date(2024, 11, 24), None).session == dt.date(2024, 11, 22)


def test_html_text_drops_scripts_and_nav():
    html = ("<html><head><style>p{}</style><script>var x=1.5;</script></head><body><nav>Home 9%"
            "</nav><p>The S&amp;P 500 rose 0.3%.</p><p>Next</p></body></html>")
    text = html_to_text(html)
    assert "The S&P 500 rose 0.3%." in text and "var x" not in text and "Home" not in text


def test_week_phrases_of_weekend_and_weekly_stories():
    sat, fri = dt.date(2025, 8, 16), dt.date(2025, 8, 14)
    p = find_period("finished last week with a gain", fri, sat)     # a Saturday story
    assert (p.kind, p.start, p.end) == ("since", dt.date(2025, 8, 8), dt.date(2025, 8, 15))
    p = find_period("finished last week with a gain", dt.date(2025, 8, 11), dt.date(2025, 8, 11))
    assert (p.start, p.end) == (dt.date(2025, 8, 1), dt.date(2025, 8, 8))   # a Monday story
    assert find_period("finished a choppy week with a gain", fri).kind == "wtd"
