"""Fault injection through the real CLI, on a real DuckDB store loaded from the shared data.

Each class of bad input or fault is driven through ``marketdesk`` (the typer app, in-process,
exceptions not caught by the runner: a traceback fails the test). Each asserts the documented
exit code, a message that names what is wrong, the one JSON error shape under ``--json``, and that
every table of the store is unchanged afterwards (a checksum of every column of every table), or,
where the store cannot be read at all, that its bytes are unchanged.

The store is loaded once per worker (``loaded_db``) and copied into ``tmp_path`` for each test.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from marketdesk.cli.app import app

runner = CliRunner()


def invoke(*args: object, stdin: bytes | str | None = None) -> Any:
    res = runner.invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)
    assert "Traceback" not in res.output and "InternalError" not in res.output, res.output
    return res


def checksums(db: Path) -> dict[str, tuple[int, int]]:
    """table -> (rows, sum of a hash over every column): equal means byte-identical values."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
            cols = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE "
                                              "table_name = ?", [table]).fetchall()]
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows, digest = con.execute(f'SELECT count(*), sum(hash({quoted})) FROM "{table}"'
                                       ).fetchall()[0]
            out[table] = (int(rows), int(digest or 0))
        return out
    finally:
        con.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def db(loaded_db: Path, tmp_path: Path) -> Path:
    """A private copy of the loaded store."""
    copy = tmp_path / "store.duckdb"
    shutil.copy(loaded_db, copy)
    return copy


def refused(db: Path, args: list[object], code: int, pattern: str,
            stdin: bytes | str | None = None) -> str:
    """Run ``args`` against ``db`` as text and as --json: both exit ``code`` with a message
    matching ``pattern``; the tables are unchanged. Returns the text message."""
    import re

    before = checksums(db)
    res = invoke(*args, "--db", db, stdin=stdin)
    assert res.exit_code == code, res.output
    assert re.search(pattern, res.output, re.S), res.output
    res_json = invoke(*args, "--db", db, "--json", stdin=stdin)
    assert res_json.exit_code == code, res_json.output
    err = json.loads(res_json.stdout)["error"]
    assert set(err) == {"type", "message", "exit_code"} and err["exit_code"] == code
    assert re.search(pattern, err["message"], re.S), err["message"]
    assert checksums(db) == before
    return res.output


def shared_rows(shared_data: Path, name: str) -> list[list[str]]:
    with open(shared_data / name, newline="") as fh:
        return list(csv.reader(fh))


# -- bad files: nothing gets in -------------------------------------------------------------------
HEADER = "Date,Open,High,Low,Close,Adj Close,Volume\n"
GOOD = "2026-08-20,10,11,9,10.5,10.5,100\n2026-08-21,10.5,12,10,11,11,100\n"


@pytest.mark.parametrize("tail, line", [("2026-08-24,29", 4), ("2026-08-24,29\n", 4)])
def test_cut_off_last_line_is_refused(db: Path, tmp_path: Path, tail: str, line: int) -> None:
    f = tmp_path / "cut.csv"
    f.write_text(HEADER + GOOD + tail)
    refused(db, ["load", f, "--symbol", "CUTX"], 3, rf"cut\.csv, line {line}: 2 fields where the "
            r"header has 7.*cut short")


def test_short_row_in_the_middle_is_refused(db: Path, tmp_path: Path, shared_data: Path) -> None:
    rows = shared_rows(shared_data, "SPY.csv")
    text = "\n".join(",".join(r) for r in rows[:3000]) + "\n"
    lines = text.splitlines()
    lines[1500] = ",".join(lines[1500].split(",")[:3])
    f = tmp_path / "SPY.csv"
    f.write_text("\n".join(lines) + "\n")
    refused(db, ["load", f, "--symbol", "SPYX"], 3, r"line 1501: 3 fields")


def parquet(tmp_path: Path, name: str, close: list[Any], **extra: Any) -> Path:
    import datetime as dt

    n = len(close)
    frame = pl.DataFrame({"date": [dt.date(2026, 8, 17) + dt.timedelta(days=i) for i in range(n)],
                          "close": close, **extra})
    path = tmp_path / name
    frame.write_parquet(path)
    return path


def test_infinite_close_from_parquet_is_refused(db: Path, tmp_path: Path) -> None:
    f = parquet(tmp_path, "inf.parquet", [10.0, float("inf"), 11.0])
    refused(db, ["load", f, "--symbol", "INFX"], 3, r"inf\.parquet.*row 2.*infinite close.*2026-08-18")


def test_list_typed_parquet_column_is_refused(db: Path, tmp_path: Path) -> None:
    f = parquet(tmp_path, "list.parquet", [[1.0], [2.0]])
    refused(db, ["load", f, "--symbol", "LSTX"], 3, r"column 'close'.*List.*expected numbers")


@pytest.mark.parametrize("date", ["0001-01-03", "1801-03-02", "2199-06-01", "9999-12-31"])
def test_dates_outside_the_calendar_are_refused(db: Path, tmp_path: Path, date: str) -> None:
    f = tmp_path / "far.csv"
    f.write_text(HEADER + GOOD + f"{date},10,11,9,10.5,10.5,100\n")
    refused(db, ["load", f, "--symbol", "FARX"], 3,
            rf"far\.csv, line 4: 1 row\(s\) dated outside the exchange calendar.*{date}")


def test_zero_price_is_refused_but_not_a_zero_yield(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "zero.csv"
    f.write_text(HEADER + GOOD + "2026-08-24,10,11,0,10.5,10.5,100\n")
    refused(db, ["load", f, "--symbol", "ZERX"], 3, r"line 4: .*zero or negative low.*2026-08-24")
    y = tmp_path / "DGS1MO.csv"
    y.write_text("observation_date,DGS1MO\n2020-04-01,0.00\n2020-04-02,0.01\n")
    res = invoke("load", y, "--db", db, "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["inserted"] == 2


def test_nan_closes_are_dropped_by_name(db: Path, tmp_path: Path) -> None:
    f = parquet(tmp_path, "nan.parquet", [10.0, float("nan"), 11.0, float("nan")])
    res = invoke("load", f, "--symbol", "NANX", "--db", db, "--json")
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)[0]
    assert report["inserted"] == 2
    notes = [w["message"] for w in report["warnings"] if w["check"] == "nan_close"]
    assert notes == ["2 row(s) with a NaN close were left out: 2026-08-18, 2026-08-20"]
    shown = json.loads(invoke("show", "NANX", "--db", db, "--json").stdout)
    assert [r["date"] for r in shown] == ["2026-08-17", "2026-08-19"]


def test_conflicting_duplicate_within_a_file_is_refused(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "dup.csv"
    f.write_text(HEADER + GOOD + "2026-08-20,10,11,9,10.75,10.75,100\n")
    refused(db, ["load", f, "--symbol", "DUPX"], 3,
            r"DUPX 2026-08-20 appears twice with different values, on lines 2 and 4")


def test_folder_with_a_new_and_a_conflicting_file_writes_nothing(
        db: Path, tmp_path: Path, shared_data: Path) -> None:
    """The first file is new and valid, the second conflicts with the stored RUT.csv: the whole
    load is refused before the first write (it used to commit the first file)."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "AAA.csv").write_text(HEADER + GOOD)
    rows = shared_rows(shared_data, "RUT.csv")
    header, body = rows[0], rows[1:]
    close = header.index("Close")
    body[-1][close] = f"{float(body[-1][close]) + 1:.2f}"
    with open(folder / "RUT.csv", "w", newline="") as fh:
        csv.writer(fh).writerows([header, *body])
    (folder / "MANIFEST.csv").write_text("file,symbol\nAAA.csv,AAAX\nRUT.csv,^RUT\n")
    out = refused(db, ["load", folder], 8, r"RUT\.csv: 1 row\(s\) differ.*Nothing was written")
    assert body[-1][0] in out                      # the date of the changed close is named
    assert invoke("show", "AAAX", "--db", db).exit_code == 4   # the first file is not there


def test_huge_cell_is_not_echoed_whole(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "huge.csv"
    f.write_text(HEADER + GOOD + "2026-08-24,10,11,9," + "9" * 500_000 + "x,10.5,100\n")
    out = refused(db, ["load", f, "--symbol", "HUGX"], 3,
                  r"line 4, column 'Close': cannot read the close as a number.*500,001 characters")
    assert len(out) < 1000


def test_line_longer_than_the_limit_is_refused(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "long.csv"
    f.write_text(HEADER + GOOD + "2026-08-24," + "1" * (3 << 20) + "\n")
    refused(db, ["load", f, "--symbol", "LONX"], 3, r"line 4: a line longer than 1 MiB")


def test_invalid_utf8_is_reported_on_its_line(db: Path, tmp_path: Path, shared_data: Path) -> None:
    raw = (shared_data / "SPY.csv").read_bytes().split(b"\n")
    raw[6000] = raw[6000].replace(b"-", b"\xff", 1)       # past the first block that is sniffed
    f = tmp_path / "SPY.csv"
    f.write_bytes(b"\n".join(raw))
    refused(db, ["load", f, "--symbol", "SPYX"], 3, r"SPY\.csv, line 6001: bytes that are not UTF-8")


def test_control_characters_in_a_cell_are_escaped(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "esc.csv"
    f.write_text(HEADER + GOOD + "2026-08-24,10,11,9,\x1b]0;owned\x07,10.5,100\n")
    out = refused(db, ["load", f, "--symbol", "ESCX"], 3, r"cannot read the close")
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out


def test_sql_metacharacters_are_only_data(db: Path, tmp_path: Path) -> None:
    refused(db, ["show", "X'; DROP TABLE bars; --"], 4, r"Unknown symbol")


# -- stores: marketdesk's own, undamaged, existing ------------------------------------------------
BLOCK_HEADER, BLOCK_SIZE = 3 * 4096, 256 * 1024     # DuckDB's file header; its block size


def damage(db: Path, how: str) -> None:
    """``truncated``: the file cut to a tenth; ``corrupt``: every block holding the closes of
    ``bars`` overwritten (the checksums DuckDB keeps per block no longer match)."""
    if how == "truncated":
        with open(db, "r+b") as fh:
            fh.truncate(db.stat().st_size // 10)
        return
    con = duckdb.connect(str(db), read_only=True)
    blocks = [b for (b,) in con.execute(
        "SELECT DISTINCT block_id FROM pragma_storage_info('bars') "
        "WHERE column_name = 'close' AND block_id >= 0").fetchall()]
    con.close()
    assert blocks
    with open(db, "r+b") as fh:
        for block in blocks:
            fh.seek(BLOCK_HEADER + block * BLOCK_SIZE + 8)   # after the block's checksum
            fh.write(b"\xa5" * 4096)


@pytest.mark.parametrize("how", ["truncated", "corrupt"])
@pytest.mark.parametrize("command", [["load", "DGS2.csv"], ["show", "^RUT"],
                                     ["facts", "^RUT", "2024-11-25"], ["doctor"]])
def test_damaged_store_is_reported_with_how_to_recover(db: Path, shared_data: Path, how: str,
                                                       command: list[str]) -> None:
    """Every command that reads the damaged part says so (a load reads every block first)."""
    damage(db, how)
    before = file_digest(db)
    args = [shared_data / a if a.endswith(".csv") else a for a in command]
    res = invoke(*args, "--db", db)
    assert res.exit_code == 7, res.output
    assert "is damaged or truncated" in res.output and "Move it aside" in res.output
    assert f"mv {db} {db}.damaged" in res.output
    res = invoke(*args, "--db", db, "--json")
    err = json.loads(res.stdout)["error"]
    assert err["type"] == "StoreError" and err["exit_code"] == 7
    assert file_digest(db) == before


def test_truncated_store_fails_list_too(db: Path) -> None:
    damage(db, "truncated")
    res = invoke("list", "--db", db)
    assert res.exit_code == 7 and "is damaged or truncated" in res.output


def test_foreign_duckdb_is_refused_and_left_alone(tmp_path: Path, shared_data: Path) -> None:
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE bars (id INTEGER, note VARCHAR)")
    con.execute("INSERT INTO bars VALUES (1, 'theirs')")
    con.close()
    before = checksums(other)
    for args in (["load", shared_data / "DGS2.csv"], ["list"], ["show", "DGS2"]):
        res = invoke(*args, "--db", other, "--json")
        err = json.loads(res.stdout)["error"]
        assert res.exit_code == 7 and "another application (tables: bars)" in err["message"]
    assert checksums(other) == before              # no table added, none changed


def test_missing_store_is_an_error_for_readers(tmp_path: Path, shared_data: Path) -> None:
    typo = tmp_path / "typo.duckdb"
    for args in (["list"], ["show", "^RUT"], ["facts", "^RUT"], ["doctor"],
                 ["wrap", "2024-11-25"]):
        res = invoke(*args, "--db", typo)
        assert res.exit_code == 7, res.output
        assert "No store at" in res.output and f"marketdesk load FILE --db {typo}" in res.output
        assert not typo.exists()
    assert invoke("load", shared_data / "DGS2.csv", "--db", typo).exit_code == 0
    assert typo.exists()


def test_damaged_calendar_cache_is_rebuilt(db: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import marketdesk.calendar as cal

    monkeypatch.setenv("MARKETDESK_CACHE_DIR", str(tmp_path / "cache"))
    cache = cal._cache_file()
    for content in (b"", b"PK\x03\x04 truncated"):
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(content)
        cal._tables.cache_clear()
        res = invoke("facts", "^RUT", "2024-11-25", "--db", db, "--json")
        assert res.exit_code == 0, res.output
        assert cache.stat().st_size > 10_000              # written again, whole
    cal._tables.cache_clear()


# -- the commands' small promises -----------------------------------------------------------------
def test_symbols_are_normalized_on_read_as_on_load(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "mine.csv"
    f.write_text(HEADER + GOOD)
    assert invoke("load", f, "--symbol", "myidx", "--db", db).exit_code == 0
    for spelling in ("myidx", "MYIDX", " MyIdx "):
        res = invoke("show", spelling, "--db", db, "--json")
        assert res.exit_code == 0, res.output
        assert [r["close"] for r in json.loads(res.stdout)] == [10.5, 11.0]


@pytest.mark.parametrize("command", [["show", "QQQQZ"], ["facts", "QQQQZ", "2024-11-25"],
                                     ["wrap", "2024-11-25", "--focus", "QQQQZ"]])
def test_unknown_symbol_has_one_exit_code(db: Path, command: list[str]) -> None:
    refused(db, command, 4, r"QQQQZ")


def test_binary_stdin_is_refused(db: Path) -> None:
    refused(db, ["check", "-"], 3, r"not a text article", stdin=Path("/bin/ls").read_bytes())


@pytest.mark.parametrize("stamp", ["Feb. 30, 2024", "Nov. 26, 2024 25:99", "Jan. 1, 0000"])
def test_impossible_publication_stamps_leave_the_article_undated(db: Path, tmp_path: Path,
                                                                  stamp: str) -> None:
    art = tmp_path / "a.txt"
    art.write_text(f"{stamp}\n\nThe S&P 500 rose 1% to 5,000.\n")
    before = checksums(db)
    res = invoke("check", art, "--db", db, "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["article_date"]["session"] is None
    assert checksums(db) == before


@pytest.mark.parametrize("value", ["2024-02-30", "2024-11-26T25:99", "0000-01-01"])
def test_impossible_published_option_is_a_date_error(db: Path, tmp_path: Path, value: str) -> None:
    art = tmp_path / "a.txt"
    art.write_text("The S&P 500 rose 1% to 5,000.\n")
    refused(db, ["check", art, "--published", value], 5, r"--published: .* is not a date")


def test_markdown_output_is_escaped(db: Path, tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text("The S&P 500 rose 0.3% to 5,987.37 <script>alert(1)</script> on Monday, "
                   "Nov. 25, 2024.\n")
    res = invoke("check", art, "--as-of", "2024-11-25", "--format", "md", "--db", db)
    assert "<script>" not in res.stdout and "&lt;script>" in res.stdout


def test_wrap_charts_are_written_beside_the_output(db: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out" / "wrap.md"
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    res = invoke("wrap", "2024-11-25", "--format", "md", "--out", out, "--db", db)
    assert res.exit_code == 0, res.output
    pngs = sorted(p.name for p in out.parent.glob("*.png"))
    assert pngs and all(p.startswith("wrap-") for p in pngs)
    assert not list(elsewhere.iterdir())
    text = out.read_text()
    assert all(f"]({p})" in text for p in pngs)


def test_doctor_says_which_findings_are_errors(db: Path) -> None:
    res = invoke("doctor", "--db", db, "--json")
    issues = json.loads(res.stdout)
    errors = [i for i in issues if i["severity"] == "error"]
    assert res.exit_code == (10 if errors else 0)
    text = invoke("doctor", "--db", db)
    if errors:
        assert f"{len(errors)} finding(s) of severity error, so the exit code is 10" in text.output
        assert errors[0]["check"] in text.output.split("so the exit code is 10")[1]
