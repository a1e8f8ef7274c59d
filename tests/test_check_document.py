"""Reading an article as a document: its text, its header, its publication time, and the CLI over
many files. The corpus articles are read where they lie (../shared/articles), never copied."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import data_dir, require
from marketdesk.check.article import find_stamp, html_to_text, read_article
from marketdesk.check.document import (
    NotTextError,
    Published,
    PublishedError,
    document_from_string,
    find_stamps,
    parse_published,
    read_document,
    sanitize,
)
from marketdesk.cli.app import app
from marketdesk.cli.check_command import CONTRADICTED_EXIT
from marketdesk.errors import DateError, MarketdeskError

runner = CliRunner()
ET = dt.timedelta(hours=-5)
EDT = dt.timedelta(hours=-4)


def _articles() -> Path:
    return require(data_dir().parent / "articles", "The article corpus")


def test_every_corpus_header_line_gives_the_published_date():
    files = sorted(_articles().glob("*.txt"))
    assert len(files) >= 80
    for f in files:
        first = f.read_text(encoding="utf-8").split("\n", 1)[0]
        want = dt.date.fromisoformat(re.search(r"published: (\d{4}-\d{2}-\d{2})", first)[1])
        doc = read_document(f)
        assert doc.published is not None and doc.published.date == want, f.name
        assert doc.published.how == "header line", f.name
        assert doc.url and doc.url.startswith("http"), f.name
        assert not any(ln.startswith("# ") for ln in doc.text.split("\n")), f.name


def test_notes_are_dropped_and_offsets_point_into_the_body():
    text = ("# source: https://example.com/2016/11/18/story | published: 2016-11-18\n"
            "# note: the annotator says the session is 2016-11-17\n"
            "The Russell 2000 rose 1% on Thursday.\n# note: another note\nIt closed at 1,300.\n")
    doc = document_from_string(text, name="a.txt")
    assert "note" not in doc.text and "annotator" not in doc.text
    assert doc.text.startswith("The Russell 2000 rose 1%")
    assert doc.text[doc.text.index("It closed"):].startswith("It closed at 1,300.")
    assert doc.published == Published(dt.date(2016, 11, 18), None, None, "header line")
    assert doc.url == "https://example.com/2016/11/18/story"
    assert [c.how for c in doc.clues] == ["header line", "URL"]


def test_markdown_heading_is_the_title_and_stays_in_the_text():
    doc = document_from_string("# Dow closes above 19,000\n\nThe Dow rose.\n", name="a.md")
    assert doc.title == "Dow closes above 19,000" and doc.text.startswith("Dow closes above")
    assert doc.published is None


def test_saved_html_page_gives_body_and_date(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<!doctype html><html><head><title>Stocks rally | Example News</title>"
        '<meta property="og:title" content="Stocks rally as yields fall">'
        '<meta property="article:published_time" content="2024-11-25T16:30:00-05:00">'
        '<link rel="canonical" href="https://news.example/markets/stocks-rally">'
        "<script>var price = 9.99; trackPageview('1.5%');</script><style>p{color:red}</style>"
        "</head><body><header><a href='/'>Example News</a> Markets 12%</header>"
        "<nav><ul><li>Home</li><li>Markets 4%</li></ul></nav>"
        "<article><h1>Stocks rally as yields fall</h1>"
        '<div class="share-bar">Share 25%</div>'
        "<p>The S&amp;P 500 rose 0.3% to 5,987.37 on Monday.</p>"
        "<p>The Russell 2000 climbed 1.5%.</p><!-- 77% comment -->"
        "<aside>Related: Gold up 2%</aside></article>"
        "<footer>(c) 2024 Example 100%</footer><script>more()</script></body></html>",
        encoding="utf-8")
    doc = read_document(page)
    assert "The S&P 500 rose 0.3% to 5,987.37 on Monday." in doc.text
    assert "The Russell 2000 climbed 1.5%." in doc.text
    for junk in ("9.99", "Home", "Markets 4%", "Share 25%", "Gold", "100%", "77%", "color",
                 "12%"):
        assert junk not in doc.text, junk
    assert doc.published == Published(dt.date(2024, 11, 25), dt.time(16, 30), ET,
                                      "page metadata")
    assert doc.published.new_york() == dt.datetime(2024, 11, 25, 16, 30)
    assert doc.title == "Stocks rally as yields fall"
    assert doc.url == "https://news.example/markets/stocks-rally"
    assert read_article(page) == doc.text
    assert "0.3%" in html_to_text(page.read_text())


def test_stamps_near_the_top():
    def one(text: str) -> tuple[dt.date, dt.time | None, dt.timedelta | None]:
        (c,) = find_stamps(text)
        return c.date, c.time, c.utc_offset

    assert one("Wallstreetcn\n2024.11.26 02:37\nbody") == (dt.date(2024, 11, 26), dt.time(2, 37),
                                                          None)
    assert one("2024-11-26 02:37\nbody")[:2] == (dt.date(2024, 11, 26), dt.time(2, 37))
    assert one("By Jane Doe\nNov. 26, 2024 3:05 PM ET\nThe Dow") == (
        dt.date(2024, 11, 26), dt.time(15, 5), ET)
    assert one("Updated 4:12 PM EST, Tue November 26, 2024\nThe Dow") == (
        dt.date(2024, 11, 26), dt.time(16, 12), ET)
    assert one("Fortune, April 24, 2018, 6:52 PM ET\nx") == (dt.date(2018, 4, 24),
                                                            dt.time(18, 52), EDT)
    assert one("Published 09:15 IST, July 1, 2024\nx")[2] == dt.timedelta(hours=5, minutes=30)
    assert one("Dow posts a drop | 26 Nov 2021 | U.S. stocks fell on Friday as " + "x" * 80)[0] \
        == dt.date(2021, 11, 26)
    # a date inside a sentence is not a stamp
    assert find_stamps("The Dow first closed above 21,000 on March 1, 2017, when it ended the "
                       "trading day at 21,115.55.\n") == []
    assert find_stamp("Wallstreetcn\n2024.11.26 02:37\nbody") == (dt.date(2024, 11, 26),
                                                                  dt.time(2, 37))


@pytest.mark.parametrize("text", ["Feb. 30, 2024\nThe Dow rose.", "2024-11-26 25:99\nx",
                                  "Jan. 1, 0000\nx", "2024.13.45 10:00\nx", "13:61 PM Nov 3, 2020",
                                  "Updated 99:99 PM ET, Nov 31, 2024\nx", "0000-00-00\nx"])
def test_impossible_stamps_are_ignored(text):
    assert find_stamps(text) == []
    assert document_from_string(text).published is None


def test_datelines_take_their_year_from_another_clue():
    doc = document_from_string("# source: https://x.example/2018/01/17/story\n"
                               "Jan. 17 (UPI) -- The Dow closed above 26,000.\n")
    dateline = next(c for c in doc.clues if c.how == "dateline")
    assert dateline.month_day == (1, 17) and dateline.date == dt.date(2018, 1, 17)
    assert doc.published is not None and doc.published.how == "dateline"
    # across a year end: the nearest date
    doc = document_from_string("# url: https://x.example/2021/01/01/story\n"
                               "NEW YORK, Dec 31 (Reuters) - Stocks rose.\n")
    assert doc.published is not None and doc.published.date == dt.date(2020, 12, 31)
    # no other clue: the month and day are kept, unresolved
    doc = document_from_string("NEW YORK, March 16 (Reuters) - Stocks fell.\n")
    assert doc.published is None
    assert [(c.how, c.date, c.month_day) for c in doc.clues] == [("dateline", None, (3, 16))]
    doc = document_from_string("NEW YORK (AP) — Stocks fell.\n")
    assert doc.published is None and [c.text for c in doc.clues] == ["NEW YORK (AP) —"]


def test_published_option_values():
    assert parse_published("2024-11-25T16:30-05:00") == Published(
        dt.date(2024, 11, 25), dt.time(16, 30), ET, "given (--published)")
    assert parse_published("2024-11-25") == Published(dt.date(2024, 11, 25), None, None,
                                                      "given (--published)")
    assert parse_published("2024-07-01T09:15+05:30").utc_offset == dt.timedelta(hours=5,
                                                                                minutes=30)
    assert parse_published("2024-11-25T21:30Z").utc_offset == dt.timedelta(0)
    assert parse_published("2024-06-14T16:05 ET").utc_offset == EDT
    for bad in ("2024-02-30", "2024-11-25T25:99", "yesterday", "2024-11-25T16:30+25:00", "",
                "0000-01-01"):
        with pytest.raises(PublishedError) as err:
            parse_published(bad)
        assert repr(bad) in str(err.value) and isinstance(err.value, DateError)
    # the given time outranks the header line
    doc = document_from_string("# published: 2022-06-14\nText.\n",
                               published=parse_published("2022-06-15T08:00-04:00"))
    assert doc.published is not None and doc.published.date == dt.date(2022, 6, 15)
    assert doc.published.how == "given (--published)"


def test_sanitize_strips_escapes_and_refuses_binary():
    dirty = ("\x1b[31mThe Dow\x1b[0m rose 1%\x1b]0;owned\x07 on \x1b]8;;http://x\x1b\\Monday"
             "\x1b]8;;\x1b\\.\r\nNext\tline\x07\x08\u202e\x9b2J\n")
    assert sanitize(dirty) == "The Dow rose 1% on Monday.\nNext\tline\n"
    with pytest.raises(NotTextError, match="not a text article"):
        sanitize("abc\x00def")
    with pytest.raises(NotTextError):
        sanitize("".join(chr(i % 32) for i in range(1, 400)))


def test_binary_stdin_is_refused_cleanly():
    res = runner.invoke(app, ["check", "-", "--as-of", "2024-11-25", "--db", "/nonexistent.db"],
                        input=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert res.exit_code == 3, res.output
    assert "not a text article" in res.output and "Traceback" not in res.output
    assert isinstance(NotTextError(), MarketdeskError)


def test_bad_published_option_is_a_clean_error(loaded_db, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("The S&P 500 rose 0.3% on Monday.\n", encoding="utf-8")
    for bad in ("2024-02-30", "2024-11-25T25:99", "next tuesday"):
        res = runner.invoke(app, ["check", str(art), "--published", bad, "--db", str(loaded_db)])
        assert res.exit_code == DateError.exit_code, res.output
        assert bad in res.output and "--published" in res.output and res.exception is not None
        assert "Traceback" not in res.output
        res = runner.invoke(app, ["check", str(art), "--published", bad, "--db", str(loaded_db),
                                  "--json"])
        assert json.loads(res.stdout)["error"]["type"] == "PublishedError"


def test_published_option_reaches_the_check(loaded_db, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("The Russell 2000 rose 1.47% to 2,442.03 on Monday.\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(art), "--published", "2024-11-25T16:30-05:00",
                              "--db", str(loaded_db), "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    assert payload["article_date"]["session"] == "2024-11-25"
    assert {"article_date", "counts", "verdicts"} <= set(payload)


def test_many_articles_one_line_each_and_totals(loaded_db, tmp_path):
    seeds = sorted(require(data_dir().parent / "seeds", "Seed stories").glob("*.txt"))
    folder = tmp_path / "articles"
    folder.mkdir()
    for s in seeds[:2]:
        shutil.copy(s, folder / s.name)
    (folder / "ignored.csv").write_text("a,b\n1,2\n")
    res = runner.invoke(app, ["check", str(folder), "--db", str(loaded_db)])
    assert res.exit_code in (0, CONTRADICTED_EXIT), res.output
    lines = res.stdout.splitlines()
    per_article = [ln for ln in lines if any(s.name in ln for s in seeds[:2])]
    assert len(per_article) == 2, res.stdout
    assert "ignored.csv" not in res.stdout
    total = next(ln for ln in lines if "total" in ln)
    nums = [int(n) for n in re.findall(r"\d+", total)]
    per = [[int(n) for n in re.findall(r"(?<![\w-])\d+(?![\w-])", ln.split("│", 3)[-1])]
           for ln in per_article]
    assert nums == [sum(col) for col in zip(*per)], res.stdout
    # --json: a list, one full result per file; two files as arguments work the same
    res = runner.invoke(app, ["check", *map(str, sorted(folder.glob("*.txt"))),
                              "--db", str(loaded_db), "--json"])
    payload = json.loads(res.stdout)
    assert [Path(p["file"]).name for p in payload] == [s.name for s in seeds[:2]]
    assert all({"article_date", "counts", "verdicts"} <= set(p) for p in payload)
    contradicted = sum(p["counts"]["contradicted"] for p in payload)
    assert res.exit_code == (CONTRADICTED_EXIT if contradicted else 0)


def test_many_articles_report_an_unreadable_one(loaded_db, tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("The S&P 500 rose 0.3% on Monday.\n", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    res = runner.invoke(app, ["check", str(good), str(bad), "--as-of", "2024-11-25",
                              "--db", str(loaded_db)])
    assert res.exit_code == 3, res.output
    assert "not a text article" in res.stdout and "a.txt" in res.stdout
    res = runner.invoke(app, ["check", str(good), str(bad), "--as-of", "2024-11-25",
                              "--db", str(loaded_db), "--json"])
    first, second = json.loads(res.stdout)
    assert first["counts"]["supported"] >= 0 and second["error"]["type"] == "NotTextError"


def test_reading_a_megabyte():
    """A 1 MB text and a page of 50,000 paragraphs are read whole (their speed is measured in
    benchmarks/desk_speed.py, not here)."""
    para = ("NEW YORK (AP) — The S&P 500 rose 1.5% to 5,987.37 on Monday, Nov. 25, 2024, "
            "its 50th record this year.\n\x1b[1m# not a header\x1b[0m\n")
    doc = document_from_string(para * 8000)            # ~1 MB
    assert len(doc.text) > 900_000 and "\x1b" not in doc.text
    html = "<html><body><article>" + "<p>The Dow rose 1%.</p>" * 50_000 + "</article></body></html>"
    assert document_from_string(html, name="x.html").text.count("The Dow rose 1%.") == 50_000
