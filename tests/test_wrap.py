"""The market wrap over the real store: the seed story's figures, every digit backed by a Fact,
closed and early-close days, missing data, determinism, golden files, the CLI command.

Expected figures come from the seed story / issue 4, never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import sys
from pathlib import Path

import pytest

from marketdesk.errors import NoDataError
from marketdesk.instruments import load_instruments

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "wrap"
sys.path.insert(0, str(ROOT / "scripts"))

_AP = {"Jan.": 1, "Feb.": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7, "Aug.": 8,
       "Sept.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


@pytest.fixture(scope="module")
def desk(loaded_db: Path):
    from marketdesk.desk import Desk

    with Desk(loaded_db, read_only=True) as d:
        yield d


@pytest.fixture(scope="module")
def wraps(desk):
    from marketdesk.wrap import wrap

    cache: dict[tuple, object] = {}

    def get(date: str, focus: str | None = None, fmt: str = "text"):
        key = (date, focus, fmt)
        if key not in cache:
            cache[key] = wrap(desk, date, focus=focus, fmt=fmt)
        return cache[key]

    return get


def _para_with(story, *needles: str) -> str:
    """The one paragraph holding every needle (fails if none)."""
    hits = [p.text for p in story.paragraphs if all(n in p.text for n in needles)]
    assert hits, f"no paragraph holds {needles}:\n{story.text()}"
    return hits[0]


@pytest.mark.parametrize("focus", [None, "^RUT"])
def test_seed_figures_2024_11_25(wraps, focus):
    story = wraps("2024-11-25", focus)
    text = story.text()
    # Russell 2000: day move, record intraday high, close just below the 2021 record close
    assert "Russell 2000 rose 1.5%" in text   # 1.47%, one decimal in prose (AP) and "to 2,442.03" in text
    assert "record intraday high of 2,466.49" in text
    assert "just below its record close of 2,442.74 from Nov. 8, 2021" in text
    assert "intraday high of 2,442.74" not in text          # the seed article's error
    # November: 11.17%, largest monthly gain since December 2023, vs the S&P 500's 4.94%
    assert "11.2%" in _para_with(story, "11.2%", "largest monthly gain since December 2023")
    assert "4.9%" in text
    # Dow record close, 10-year yield, YTD
    assert "record close of 44,736.57" in text
    assert "fell 14 basis points to 4.27%, its largest one-day drop since Aug. 2." in text
    assert "20.5%" in text and "25.5%" in text
    assert "51st record close of the year" in text           # the S&P 500's, from Nov. 11
    assert not story.closed and story.early_close is None


def test_default_focus_is_most_newsworthy(wraps):
    # 2024-11-25: the Dow set a record close, the strongest fact of the day
    assert wraps("2024-11-25").focus == "^DJI"
    assert wraps("2024-11-25", "^RUT").headline.text.startswith("Russell 2000")
    assert wraps("2024-11-25", "^RUT").paragraphs[0].text.startswith("The Russell 2000")


def _known_names() -> set[str]:
    out = set()
    for inst in load_instruments().values():
        out |= {inst.name.casefold(), *(a.casefold() for a in inst.aliases)}
    return out


def _parse_date(text: str, ref: dt.date) -> set[dt.date | str]:
    """A rendered date -> the dates/labels it can stand for (parsed here, not by the writer)."""
    text = text.removeprefix("Monday, ").removeprefix("Tuesday, ").removeprefix("Wednesday, ")
    text = text.removeprefix("Thursday, ").removeprefix("Friday, ")
    m = re.fullmatch(r"(\w+) (\d{4})", text)
    if m and m.group(1) in _MONTHS:
        return {f"{m.group(2)}-{_MONTHS.index(m.group(1)) + 1:02d}"}
    m = re.fullmatch(r"(\w+\.?) (\d{1,2})(?:, (\d{4}))?", text)
    if m and m.group(1) in _AP:
        return {dt.date(int(m.group(3) or ref.year), _AP[m.group(1)], int(m.group(2)))}
    return {text}


def _check_span(sp, ref: dt.date) -> None:
    from marketdesk.wrap.phrases import value_of

    fact = sp.fact
    raw = value_of(fact, sp.field)
    if sp.field.startswith("date:") and re.fullmatch(r"(19|20)\d\d", sp.text):
        assert str(raw)[:4] == sp.text, (sp.text, raw)     # "in data going back to 1992"
        return
    if sp.field.startswith("date:"):
        wanted = _parse_date(sp.text, ref)
        have = {raw if isinstance(raw, dt.date) else str(raw)[:10]}
        if isinstance(raw, str) and len(raw) == 10:
            have.add(dt.date.fromisoformat(raw))
        assert wanted & have, f"{sp.text!r} does not render {raw!r} ({fact.metric})"
        return
    if sp.field == "term":
        assert sp.text == "52-week" and fact.metric.value.startswith("week52_"), sp
        return
    if sp.field.startswith("bound:"):           # "All four major indexes fell more than 11%"
        assert float(sp.text.rstrip("%")) < abs(float(raw)), (sp.text, raw)
        return
    if sp.field.startswith("count:"):
        words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        ordinals = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                    "eighth", "ninth"]
        n = (words.index(sp.text) if sp.text in words else ordinals.index(sp.text)
             if sp.text in ordinals else int(re.sub(r"\D", "", sp.text)))
        assert n == int(raw), sp
        return
    shown = float(re.sub(r"[^\d.]", "", sp.text))
    digits = len(sp.text.rstrip("%").split(".")[1]) if "." in sp.text else 0
    assert abs(shown - abs(float(raw))) <= 0.5 * 10 ** -digits + 1e-9, (sp.text, raw, fact.metric)


CASES = ["2024-11-25", "2020-03-16", "2024-11-06", "2021-11-08", "2024-11-29", "2024-11-28"]


@pytest.mark.parametrize("date", CASES)
def test_every_digit_has_a_fact(wraps, date):
    story = wraps(date)
    names = _known_names()
    checked = 0
    for block in (story.headline, *story.paragraphs):
        covered = [False] * len(block.text)
        for sp in block.spans:
            assert block.text[sp.start:sp.end] == sp.text
            if sp.kind == "fact":
                assert sp.fact is not None and sp.fact.evidence
                _check_span(sp, story.session or story.requested)
                checked += 1
            elif sp.kind == "name":
                assert sp.text.casefold().removeprefix("the ").removesuffix("'s") in names, sp
            else:
                assert sp.kind == "calendar" and (story.closed or story.early_close), sp
            for i in range(sp.start, sp.end):
                covered[i] = True
        for m in re.finditer(r"\d+", block.text):
            assert all(covered[m.start():m.end()]), (
                f"{m.group()!r} at {m.start()} has no Fact: {block.text}")
    assert checked or story.closed


def test_holiday_is_closed(wraps, desk):
    story = wraps("2024-11-28")   # Thanksgiving Day 2024
    assert story.closed and story.reason == "Thanksgiving"
    assert story.previous_session == dt.date(2024, 11, 27)
    assert "closed" in story.text() and "Thanksgiving" in story.text()
    data = json.loads(story.render("json"))
    assert data["closed"] is True and data["reason"] == "Thanksgiving"
    assert data["previous_session"] == "2024-11-27"


def test_weekend_is_closed(wraps):
    story = wraps("2024-11-23")
    assert story.closed and story.reason == "weekend"
    assert story.previous_session == dt.date(2024, 11, 22)


def test_early_close_is_said(wraps):
    story = wraps("2024-11-29")   # the day after Thanksgiving: NYSE closes at 1 p.m.
    assert story.early_close == dt.time(13, 0)
    assert "in a holiday-shortened session that ended at 1 p.m." in story.text()
    assert wraps("2024-11-25").to_dict()["early_close"] is None


def test_date_after_the_data_raises(desk):
    from marketdesk.wrap import wrap

    last = max(desk.store.last_date(s) for s in ("^GSPC", "^RUT", "DGS10"))
    later = last + dt.timedelta(days=7 - last.weekday())      # the next Monday
    with pytest.raises(NoDataError) as err:
        wrap(desk, later)
    assert err.value.exit_code == 6 and err.value.last_date is not None
    from marketdesk.cli.hints import hint_for

    assert "marketdesk fetch" in hint_for(err.value)   # the CLI's hint, not the wrap's


def test_missing_instrument_is_left_out_with_a_note(desk):
    from marketdesk.wrap import wrap

    dji_last = desk.store.last_date("^DJI")
    gspc_last = desk.store.last_date("^GSPC")
    day = dji_last + dt.timedelta(days=7)
    while day.weekday() != 2:
        day += dt.timedelta(days=1)
    assert day < gspc_last, "the shared data no longer has ^DJI ending early"
    story = wrap(desk, day)
    assert "^DJI" not in story.subjects
    assert "Dow Jones" not in " ".join(p.text for p in story.paragraphs)
    assert any("^DJI" in n and "left out" in n for n in story.notes)


def test_deterministic_and_json(wraps, desk):
    from marketdesk.wrap import wrap

    a, b = wraps("2024-11-25", "^RUT", "md"), wrap(desk, "2024-11-25", focus="^RUT", fmt="md")
    assert a.render("md") == b.render("md") and a.render("json") == b.render("json")
    data = json.loads(a.render("json"))
    assert data["headline"]["text"] and 4 <= len(data["paragraphs"]) <= 8
    nums = [n for p in data["paragraphs"] for n in p["numbers"] if n["kind"] == "fact"]
    assert all(n["fact"]["evidence"] for n in nums)
    assert any(n["text"] == "2,442.03" and n["fact"]["subject"] == "^RUT" for n in nums)


@pytest.mark.parametrize("date", ["2024-11-25", "2020-03-16", "2024-11-06", "2021-11-08"])
def test_four_to_eight_paragraphs(wraps, date):
    assert 4 <= len(wraps(date).paragraphs) <= 8


def test_html_has_footnotes_and_embedded_charts(wraps):
    html = wraps("2024-11-25", "^RUT", "md").render("html")
    assert html.count("data:image/png;base64,") == 3
    assert 'id="fn1"' in html and "file:RUT.csv" in html


def test_chart_png_is_deterministic(wraps):
    from marketdesk.wrap.charts import png

    spec = wraps("2024-11-25", "^RUT", "md").charts[0]
    first = png(spec)
    assert first.startswith(b"\x89PNG") and first == png(spec)
    assert spec.hline is not None and spec.hline[1] == pytest.approx(2442.74, abs=0.005)


def _golden_cases():
    from regen_golden import CASES as cases

    return [(d, f, ext) for d, f in cases for ext in ("txt", "md")]


@pytest.mark.parametrize(("date", "focus", "ext"), _golden_cases())
def test_golden(desk, date, focus, ext):
    from regen_golden import golden_name, render_case

    path = GOLDEN / golden_name(date, focus, ext)
    got = render_case(desk, date, focus, ext)
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            str(path), "now"))
        pytest.fail(f"{path.name} differs (run scripts/regen_golden.py and review):\n{diff}")


@pytest.fixture(scope="module")
def cli():
    import typer
    from typer.testing import CliRunner

    from marketdesk.cli import wrap_command

    app = typer.Typer()
    wrap_command.register(app)

    @app.command("noop", hidden=True)
    def _noop() -> None:  # a second command keeps "wrap" a sub-command
        pass

    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_cli_text_json_and_errors(cli, loaded_db, tmp_path):
    r = cli("wrap", "2024-11-25", "--focus", "RUT", "--db", str(loaded_db))
    assert r.exit_code == 0 and "Russell 2000 rose 1.5%" in r.stdout
    r = cli("wrap", "2024-11-28", "--json", "--db", str(loaded_db))
    assert r.exit_code == 0 and json.loads(r.stdout)["closed"] is True
    r = cli("wrap", "2099-01-05", "--json", "--db", str(loaded_db))
    assert r.exit_code in (5, 6) and "error" in json.loads(r.stdout)
    if r.exit_code == 6:   # past the data: the CLI says what to run
        assert "marketdesk fetch" in json.loads(r.stdout)["error"]["message"]
    out = tmp_path / "story.md"
    r = cli("wrap", "2024-11-25", "--format", "md", "--out", str(out), "--db", str(loaded_db))
    assert r.exit_code == 0 and out.exists()
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "story-lead.png", "story-versus.png", "story-yield.png"]
    assert "(story-lead.png)" in out.read_text()
