"""Dating an article and bounding the work, as a user runs the checker (no ``--as-of``).

Expected sessions come from the seed stories and from the corpus's own labels
(shared/articles/gold.jsonl ``as_of``), never from the checker.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from marketdesk.check import check
from marketdesk.check.claims import MAX_FIGURES
from marketdesk.check.sentences import MAX_SENTENCE
from marketdesk.desk import Desk


@pytest.fixture(scope="module")
def desk(loaded_db: Path):
    with Desk(loaded_db, read_only=True) as d:
        yield d


def _corpus(shared_data: Path) -> Path:
    return shared_data.parent / "articles"


def _text(path: Path) -> str:
    return "".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith("# note:"))


def test_seed_000_dates_itself(seed_text, desk):
    """No stamp: its stated closes (2442.03 on 2024-11-25) and "November 11, 2024" date it."""
    result = check(seed_text(0), desk=desk)
    assert result.article_date.session == dt.date(2024, 11, 25)
    counts = result.counts()
    assert counts["supported"] >= 15 and counts["contradicted"] == 0, counts


def test_seed_001_without_options(seed_text, desk):
    """Stamped 2024.11.26 02:37 (Asia): the Monday session; the intraday-record error and the
    21% YTD are contradicted, nothing else."""
    result = check(seed_text(1), desk=desk)
    assert result.article_date.session == dt.date(2024, 11, 25)
    bad = sorted(v.claim.text.strip() for v in result.verdicts if v.status == "contradicted")
    assert bad == ["21%", "2442.74"], bad


def test_undated_text_is_not_checked_against_the_latest_session(desk):
    result = check("The S&P 500 rose 1.2% and the Dow gained 300 points.", desk=desk)
    assert result.article_date.session is None
    assert result.verdicts and {v.status for v in result.verdicts} == {"not_checkable"}
    assert all("undated" in v.reason for v in result.verdicts)


def test_a_dateline_without_a_year_and_a_stated_change_date_an_undated_text(desk):
    """"Sept. 6 (UPI) --" gives the day but not the year; the one stated change settles the year.
    The same sentence without the dateline stays undated (one figure alone is not enough)."""
    from naive_rows import naive_rows

    rows = naive_rows("DJI.csv")
    k = next(i for i, r in enumerate(rows) if r["date"] >= dt.date(2022, 9, 1)
             and abs(r["close"] - rows[i - 1]["close"]) >= 100)
    day, pts = rows[k]["date"], rows[k]["close"] - rows[k - 1]["close"]
    body = (f"The Dow Jones Industrial Average {'rose' if pts > 0 else 'fell'} "
            f"{abs(pts):,.2f} points.")
    dated = check(f"{day:%b}. {day.day} (UPI) -- {body}", desk=desk)
    assert dated.article_date.session == day, dated.article_date
    assert [v.status for v in dated.verdicts] == ["supported"]
    assert check(body, desk=desk).article_date.session is None


def test_a_stamp_whose_sessions_match_none_of_the_stated_closes_yields_to_them(desk):
    """Stamped a year off (a page's modified date), a story whose two stated closes with cents
    are both one other session's is dated to that session, not judged against the stamp's."""
    from naive_rows import naive_rows

    dji = {r["date"]: r["close"] for r in naive_rows("DJI.csv")}
    spx = {r["date"]: r["close"] for r in naive_rows("GSPC.csv")}
    day = next(d for d in sorted(dji) if d >= dt.date(2016, 5, 2) and d in spx)
    text = (f"# published: {day.replace(year=day.year - 1)}\n\nThe Dow Jones Industrial Average "
            f"closed at {dji[day]:,.2f} and the S&P 500 ended at {spx[day]:,.2f}.")
    result = check(text, desk=desk)
    assert result.article_date.session == day, result.article_date
    assert [v.status for v in result.verdicts] == ["supported", "supported"]


def test_stories_published_the_next_day_report_the_previous_session(shared_data, desk):
    """The corpus lists the articles published the day after the session they describe; the
    frame must find that session from the text and the data (the label's as_of)."""
    corpus = _corpus(shared_data)
    gold = [json.loads(line) for line in (corpus / "gold.jsonl").read_text().splitlines()]
    sessions: dict[str, Counter[str]] = {}
    for g in gold:
        sessions.setdefault(g["article"], Counter())[g["as_of"]] += 1
    right = total = 0
    for art in ("003", "019", "031", "061", "065", "082"):
        want = dt.date.fromisoformat(sessions[art].most_common(1)[0][0])
        got = check(_text(corpus / f"{art}.txt"), desk=desk).article_date.session
        total += 1
        right += got == want
    assert right >= 5, f"{right}/{total} next-day stories dated to the session they report"


def test_time_budget_marks_the_rest_not_checked(seed_text, desk):
    result = check(seed_text(1), desk=desk, budget=0.0)
    assert result.truncated
    assert all(v.status == "not_checkable" for v in result.verdicts)


def test_work_is_bounded_per_sentence(desk):
    """A run of figures with no sentence breaks is cut into bounded pieces: claims grow with the
    text's length, never faster."""
    text = "# source: x | published: 2024-11-25\n" + "The S&P 500 rose 1.5% " * 2_000
    result = check(text, desk=desk)
    pieces = len(text) // (MAX_SENTENCE // 2) + 1
    assert len(result.verdicts) <= pieces * MAX_FIGURES
