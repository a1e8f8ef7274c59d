"""The CLI end to end, in-process (typer's runner) and as a real console script."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marketdesk.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_show_prints_the_bar_of_2024_11_25(loaded_db):
    res = invoke("show", "^RUT", "--from", "2024-11-20", "--to", "2024-11-26", "--db", loaded_db)
    assert res.exit_code == 0, res.output
    line = next(ln for ln in res.output.splitlines() if "2024-11-25" in ln)
    for value in ("2,419.08", "2,466.49", "2,419.08", "2,442.03"):
        assert value in line


def test_show_json_and_name_alias(loaded_db):
    res = invoke("show", "Russell 2000", "--from", "2024-11-25", "--to", "2024-11-25",
                 "--db", loaded_db, "--json")
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)
    assert row["symbol"] == "^RUT" and row["date"] == "2024-11-25"
    assert row["close"] == pytest.approx(2442.03, abs=0.005)
    assert row["high"] == pytest.approx(2466.49, abs=0.005)


def test_list_names_every_manifest_symbol(loaded_db, shared_data):
    import csv

    with open(shared_data / "MANIFEST.csv") as fh:
        wanted = {r["symbol"] for r in csv.DictReader(fh)}
    res = invoke("list", "--db", loaded_db, "--json")
    assert res.exit_code == 0, res.output
    assert wanted <= {r["symbol"] for r in json.loads(res.stdout)}


def test_reloading_the_same_folder_changes_nothing(shared_data, tmp_path):
    db = tmp_path / "s.duckdb"
    first = invoke("load", shared_data / "RUT.csv", "--db", db, "--json")
    assert first.exit_code == 0, first.output
    again = invoke("load", shared_data / "RUT.csv", "--db", db, "--json")
    assert again.exit_code == 0, again.output
    (rep,) = json.loads(again.stdout)
    assert rep["inserted"] == 0 and rep["changed"] == 0
    assert rep["unchanged"] == json.loads(first.stdout)[0]["inserted"] > 9000


def _bars_json(db: Path) -> str:
    res = invoke("show", "^RUT", "--db", db, "--json")
    return res.stdout


def test_bad_file_is_named_and_the_store_is_untouched(shared_data, tmp_path):
    db = tmp_path / "s.duckdb"
    assert invoke("load", shared_data / "RUT.csv", "--db", db).exit_code == 0
    before = _bars_json(db)
    bad = tmp_path / "RUT_bad.csv"
    bad.write_text("Date,Close,High,Low,Open,Volume\n2030-01-02,1,2,0.5,1,10\n2030-01-03,abc,2,1,1,10\n")
    res = invoke("load", bad, "--symbol", "^RUT", "--db", db, "--json")
    assert res.exit_code == 3
    err = json.loads(res.stdout)["error"]
    assert err["type"] == "DataFormatError"
    assert "RUT_bad.csv" in err["message"] and "line 3" in err["message"]
    assert _bars_json(db) == before


def test_unknown_symbol_suggests(loaded_db):
    res = invoke("show", "^RUTX", "--db", loaded_db, "--json")
    assert res.exit_code == 4
    assert "^RUT" in json.loads(res.stdout)["error"]["message"]


def test_the_cli_adds_what_to_run(loaded_db):
    """Lower layers raise typed errors; the CLI's message (JSON or not) adds the command."""
    res = invoke("facts", "^DJI", "2026-06-01", "--db", loaded_db, "--json")
    err = json.loads(res.stdout)["error"]
    assert res.exit_code == 6 and set(err) == {"type", "message", "exit_code"}
    assert "ends on 2026-02-23" in err["message"]
    assert "`marketdesk fetch ^DJI --start 2026-02-23`" in err["message"]
    res = invoke("show", "^RUTX", "--db", loaded_db)
    assert res.exit_code == 4 and "`marketdesk fetch ^RUTX`" in res.output


def test_bad_date_exit_code(loaded_db):
    res = invoke("show", "^RUT", "--from", "2024-02-30", "--db", loaded_db, "--json")
    assert res.exit_code == 5
    assert "--from" in json.loads(res.stdout)["error"]["message"]


def test_doctor_finds_the_known_disagreement(loaded_db):
    res = invoke("doctor", "--db", loaded_db, "--json")
    assert res.exit_code in (0, 10), res.output
    found = json.loads(res.stdout)
    assert any("2025-09-08" in json.dumps(i) and i["symbol"] == "^RUT" for i in found)
    assert any("2025-09-01" in json.dumps(i) and i["symbol"] == "^VIX" for i in found)


def test_console_script_help_is_fast_and_lists_commands():
    exe = shutil.which("marketdesk", path=str(Path(sys.executable).parent))
    assert exe, "the marketdesk console script is not installed in this environment"
    out = subprocess.run([exe, "--help"], capture_output=True, text=True, check=True).stdout
    for cmd in ("load", "fetch", "list", "show", "doctor"):
        assert re.search(rf"\b{cmd}\b", out)
    # heavy packages are imported lazily: --help must not pull in polars, duckdb or pandas
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; from marketdesk.cli.app import app; "
         "print(sorted(m for m in ('polars','duckdb','pandas','exchange_calendars') if m in sys.modules))"],
        capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "[]"


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    missing = [n for n in names if f"marketdesk {n}" not in readme]
    assert not missing, f"commands not in README.md: {missing}"


# ---- the fact sheet in sections (marketdesk.sheet_view) -------------------------------------
#
# Expected figures come from the CSV rows by plain loops (tests/naive_rows.py reads them with the
# csv module); the sheet must show them, in its sections, with the trivial rows left out.

import datetime as dt  # noqa: E402

NOV25 = dt.date(2024, 11, 25)
RANK_TEXT = re.compile(r"(\d+(st|nd|rd|th)-|the )(best|worst) of [\d,]+ (months|years|sessions) since ")


def _month_ends(rows: list[dict]) -> list[dict]:
    """The last row of each calendar month, in order."""
    out: list[dict] = []
    for r in rows:
        if out and (out[-1]["date"].year, out[-1]["date"].month) == (r["date"].year, r["date"].month):
            out[-1] = r
        else:
            out.append(r)
    return out


def _rank_among(values: list[float], current: float, best: bool) -> int:
    """1 + how many values are strictly better than ``current``."""
    return 1 + sum(1 for v in values if (v > current if best else v < current))


def _sheet(args: list[str], loaded_db) -> dict:
    res = invoke("facts", *args, "--db", loaded_db, "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _rows(sheet: dict) -> dict[str, dict]:
    return {r["key"]: r for s in sheet["sections"] for r in s["rows"]}


def _assert_nothing_trivial(sheet: dict) -> None:
    rows = [r for s in sheet["sections"] for r in s["rows"]]
    labels = [r["label"] for r in rows]
    assert len(labels) == len(set(labels)), labels                  # no "Return" four times
    assert not {"Rank", "Return", "Largest since", "Streak"} & set(labels), labels
    for r in rows:
        if r["section"] == "streaks":
            assert int(r["value"].replace(",", "")) >= 2, r        # no streak of one
        if "rank" in r["metrics"]:
            assert RANK_TEXT.search(r["detail"]), r               # says what it ranks
        assert r["evidence"], r


def test_facts_sheet_of_rut_in_sections(loaded_db):
    from naive_rows import upto

    rows = upto("RUT.csv", NOV25)
    today, prev = rows[-1], rows[-2]
    sheet = _sheet(["^RUT", "2024-11-25"], loaded_db)
    assert [s["key"] for s in sheet["sections"]] == ["day", "periods", "records", "streaks",
                                                    "seasonality"]
    _assert_nothing_trivial(sheet)
    by = _rows(sheet)
    pct = (today["close"] / prev["close"] - 1) * 100
    assert by["day.change"]["value"] == f"{pct:+.2f}%"
    assert by["day.change"]["detail"].startswith(
        f"{today['close'] - prev['close']:+,.2f} points from {prev['close']:,.2f} on {prev['date']}")
    # a Monday: the week to date is the day's change, left out
    assert NOV25.weekday() == 0 and "periods.wtd" not in by
    assert any(lo["metric"] == "period_return" and "day's change" in lo["reason"]
               for lo in sheet["left_out"])
    # month and year returns with their ranks, from month-end and year-end closes
    ends = _month_ends(rows)      # the first month (Sept. 1987) is partial: only a base
    monthly = [b["close"] / a["close"] - 1 for a, b in zip(ends, ends[1:])]
    first = ends[1]["date"]
    year_ends = [r for k, r in enumerate(ends) if r["date"].month == 12 or k == len(ends) - 1]
    yearly = [b["close"] / a["close"] - 1 for a, b in zip(year_ends, year_ends[1:])]
    mrank = _rank_among(monthly, monthly[-1], best=monthly[-1] >= 0)
    yrank = _rank_among(yearly, yearly[-1], best=yearly[-1] >= 0)
    assert by["periods.mtd"]["value"] == f"{monthly[-1] * 100:+.2f}%"
    assert (f"{ordinal(mrank)}-best of {len(monthly):,} months since "
            f"{first:%B %Y}") in by["periods.mtd"]["detail"]
    assert by["periods.ytd"]["value"] == f"{yearly[-1] * 100:+.2f}%"
    assert (f"{ordinal(yrank)}-best of {len(yearly)} years since "
            f"{year_ends[1]['date'].year}") in by["periods.ytd"]["detail"]
    # the record close, and the up streak counted back from the as-of close
    best = max(rows, key=lambda r: r["close"])
    assert by["records.close"]["value"] == f"{best['close']:,.2f}"
    assert by["records.close"]["detail"] == f"set {best['date']}"
    run = 0
    while rows[-1 - run]["close"] > rows[-2 - run]["close"]:
        run += 1
    assert by["streaks.days"]["value"] == str(run) and run >= 2
    assert by["streaks.days"]["label"] == "Up days in a row"
    assert any("streak of one" in lo["reason"] for lo in sheet["left_out"])
    # the JSON keeps its shape: every fact, most notable first, with its score
    assert {"subject", "as_of", "requested", "note", "facts"} <= set(sheet)
    assert len(sheet["facts"]) > len(by) and all("score" in f for f in sheet["facts"])


def test_facts_sheet_of_a_yield_in_percent_and_basis_points(loaded_db):
    from naive_rows import upto

    rows = upto("DGS10.csv", NOV25)
    today, prev = rows[-1], rows[-2]
    year_end = [r for r in rows if r["date"].year == NOV25.year - 1][-1]
    sheet = _sheet(["DGS10", "2024-11-25"], loaded_db)
    assert [s["key"] for s in sheet["sections"]][:2] == ["day", "periods"]
    assert "seasonality" not in [s["key"] for s in sheet["sections"]]
    _assert_nothing_trivial(sheet)
    by = _rows(sheet)
    assert by["day.yield"]["label"] == "Yield" and by["day.yield"]["value"] == f"{today['close']:.2f}%"
    change = round((today["close"] - prev["close"]) * 100)
    assert by["day.change"]["value"] == f"{change:+d} bp"
    assert by["day.change"]["detail"].startswith(f"from {prev['close']:.2f}% on {prev['date']}")
    ytd = round((today["close"] - year_end["close"]) * 100)
    assert by["periods.ytd"]["value"] == f"{ytd:+d} bp"
    for r in (r for s in sheet["sections"] for r in s["rows"]):
        if r["section"] == "periods":                       # changes: signed basis points
            assert re.fullmatch(r"[+-]\d+ bp", r["value"]), r
        if r["section"] == "records":                       # levels: percent
            assert "%" in r["value"] and "points" not in r["detail"], r


@pytest.mark.parametrize("day", ["2020-03-16", "2024-10-01"])
def test_facts_sheet_below_the_record_and_first_sessions(loaded_db, day):
    """^RUT on 2020-03-16: "below the record close" is close / record - 1 (-40.40 %), the rise to
    regain it (record / close - 1, +67.80 %) its own row; on 2024-10-01, the first session of a
    month and a quarter, those periods are the day's change and are left out, ranks included.
    Every fact is placed by a rule (no row of the catch-all)."""
    from naive_rows import upto

    when = dt.date.fromisoformat(day)
    rows = upto("RUT.csv", when)
    record = max(r["close"] for r in rows)
    close = rows[-1]["close"]
    sheet = _sheet(["^RUT", day], loaded_db)
    _assert_nothing_trivial(sheet)
    by = _rows(sheet)
    assert not [k for k in by if k.startswith("other.")]
    assert by["records.below_close"]["value"] == f"{(close / record - 1) * 100:+.2f}%"
    assert by["records.rise_to_close"]["value"] == f"{(record / close - 1) * 100:+.2f}%"
    if day == "2024-10-01":
        assert "periods.mtd" not in by and "periods.qtd" not in by and "periods.ytd" in by
        assert "month" not in by["periods.ytd"]["detail"]
        assert {lo["metric"] for lo in sheet["left_out"]
                if lo["reason"] == "the same span as the day's change"} >= {"period_return", "rank"}


def test_facts_table_prints_the_sections(loaded_db):
    res = invoke("facts", "^RUT", "2024-11-25", "--db", loaded_db)
    assert res.exit_code == 0, res.output
    out = res.output
    heads = ["The day", "Periods", "Records and drawdowns", "Streaks", "Seasonality"]
    assert [out.index(h) for h in heads] == sorted(out.index(h) for h in heads)
    sheet = _sheet(["^RUT", "2024-11-25"], loaded_db)     # the same rows as the JSON, in order
    lines = [ln for ln in out.splitlines() if ln.startswith("│ ") and not ln.startswith("│  ")]
    shown = [(ln.split("│")[1].strip(), ln.split("│")[2].strip()) for ln in lines]
    expected = [x for s in sheet["sections"]
                for x in [(s["title"], "")] + [(r["label"], r["value"]) for r in s["rows"]]]
    assert shown == expected
    assert not re.search(r"│ (rank|streak|period_return) ", out)    # no bare metric names
    top = invoke("facts", "^RUT", "2024-11-25", "--top", "3", "--db", loaded_db, "--json")
    sheet = json.loads(top.stdout)
    assert len(sheet["facts"]) == 3 and sum(len(s["rows"]) for s in sheet["sections"]) == 3


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def test_every_fact_of_every_symbol_is_placed_by_a_rule(loaded_db):
    """Every stored symbol, on its last day, in March 2020 and on the first session of a
    quarter: each fact is shown by a section's rule or left out with a reason, never by the
    catch-all; no label twice, no streak of one, every rank saying what it ranks."""
    from marketdesk.desk import Desk
    from marketdesk.errors import NoDataError
    from marketdesk.sheet_view import view

    seen = 0
    with Desk(loaded_db, read_only=True) as desk:
        for r in desk.symbols().iter_rows(named=True):
            for day in (r["last_date"], dt.date(2020, 3, 16), dt.date(2024, 10, 1)):
                if not r["first_date"] <= day <= r["last_date"]:
                    continue
                try:
                    sheet = desk.fact_sheet(r["symbol"], day)
                except NoDataError:
                    continue
                v = view(sheet)
                shown = {id(f) for row in v.rows() for f in row.facts}
                dropped = {id(f) for f, _ in v.left_out}
                assert shown | dropped == {id(f) for f in sheet.facts} and not shown & dropped
                assert not [row.key for row in v.rows() if row.key.startswith("other.")]
                _assert_nothing_trivial(v.to_dict())
                seen += 1
    assert seen >= 30
