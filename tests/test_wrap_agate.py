"""The agate table of the md and html wraps ("How major U.S. stock indexes fared", issue 12):
every cell against a plain loop over the CSV rows of one real day.

2025-04-09, a Wednesday (the tariff-pause rally): the week runs from the previous Friday's close
(April 4), the year from the last close of 2024, so the three columns differ.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from wire_truth import series

DAY = dt.date(2025, 4, 9)
NAMES = {"S&P 500": "^GSPC", "Dow": "^DJI", "Nasdaq": "^IXIC", "Russell 2000": "^RUT"}
CELL = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})*\.\d{2}%?$")


def _expected(subject: str) -> list[float]:
    """Close, then points and percent for the day, the week to date and the year to date."""
    rows = [r for r in series(subject) if r["date"] <= DAY]
    assert rows[-1]["date"] == DAY
    close = rows[-1]["close"]
    monday = DAY - dt.timedelta(days=DAY.weekday())
    bases = [rows[-2]["close"],
             [r for r in rows if r["date"] < monday][-1]["close"],
             [r for r in rows if r["date"] < dt.date(DAY.year, 1, 1)][-1]["close"]]
    out = [close]
    for base in bases:
        out += [close - base, (close / base - 1.0) * 100.0]
    return out


@pytest.fixture(scope="module")
def story(loaded_db: Path):
    from marketdesk.desk import Desk
    from marketdesk.wrap import wrap

    with Desk(loaded_db, read_only=True) as desk:
        return wrap(desk, DAY, fmt="md")


def _md_rows(md: str) -> dict[str, list[str]]:
    lines = md.splitlines()
    start = lines.index("**How major U.S. stock indexes fared**")
    table = [ln for ln in lines[start + 1:start + 10] if ln.startswith("| ")]
    rows = [[c.strip().replace("\\&", "&") for c in ln.strip("|").split("|")] for ln in table]
    assert rows[0] == ["Index", "Close", "Day", "Day %", "Week", "Week %", "YTD", "YTD %"]
    return {r[0]: r[1:] for r in rows[1:]}


def test_md_table_matches_the_csv_rows(story):
    rows = _md_rows(story.render("md"))
    assert set(rows) == set(NAMES)
    for name, subject in NAMES.items():
        want = _expected(subject)
        got = rows[name]
        assert all(CELL.match(c) for c in got), got
        for cell, value in zip(got, want):
            assert abs(float(cell.rstrip("%").replace(",", "")) - value) <= 0.005 + 1e-9, (
                name, cell, value)


def test_html_table_has_the_same_cells(story):
    page = story.render("html")
    md = _md_rows(story.render("md"))
    assert "<caption>How major U.S. stock indexes fared</caption>" in page
    for name, cells in md.items():
        row = re.search(r"<tr><th scope=\"row\">" + re.escape(name.replace("&", "&amp;"))
                        + r"</th>(.*?)</tr>", page)
        assert row is not None, name
        assert re.findall(r"<td>(.*?)</td>", row.group(1)) == cells


def test_text_has_no_table(story):
    assert "How major U.S. stock indexes fared" not in story.render("text")
