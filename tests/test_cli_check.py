"""`marketdesk check` end to end on the seed stories, and the Python entry point."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import marketdesk as md
from marketdesk.cli.app import app
from marketdesk.cli.check_command import CONTRADICTED_EXIT

runner = CliRunner()


def _seed_path(shared_data, n: int):
    (path,) = sorted((shared_data.parent / "seeds").glob(f"{n:03d}_*.txt"))
    return path


def test_check_seed_001_catches_the_intraday_record_error(loaded_db, shared_data):
    res = runner.invoke(app, ["check", str(_seed_path(shared_data, 1)), "--db", str(loaded_db)])
    assert res.exit_code == CONTRADICTED_EXIT, res.output
    assert "2,442.74 is the record close of 2021-11-08, not the record intraday high" in res.output
    assert "contradicted: 2" in res.output


def test_check_json_from_stdin_with_as_of(loaded_db):
    text = "The Russell 2000 rose 1.6% to 2,442.03 on Monday."
    res = runner.invoke(app, ["check", "-", "--as-of", "2024-11-25", "--db", str(loaded_db),
                              "--json"], input=text)
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    statuses = [v["status"] for v in payload["verdicts"]]
    assert statuses.count("contradicted") == 1 and statuses.count("supported") == 1


def test_check_html_escapes_the_article(loaded_db, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("<script>alert(1)</script> The S&P 500 rose 0.3% on Monday.")
    out = tmp_path / "a.html"
    res = runner.invoke(app, ["check", str(art), "--as-of", "2024-11-25", "--format", "html",
                              "--out", str(out), "--db", str(loaded_db)])
    assert res.exit_code == 0, res.output
    html = out.read_text()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "supported" in html


def test_python_entry_point_is_the_package(loaded_db, seed_text):
    result = md.check(seed_text(0), as_of="2024-11-25", db=loaded_db)
    counts = result.counts()
    assert counts.get("supported", 0) >= 15 and not counts.get("contradicted")


def test_on_record_claims_name_where_the_data_begin(loaded_db):
    # DJI.csv starts in 1992, so the 1987 crash is not in the data: the wrap says "in data going
    # back to 1992" rather than "on record", and the checker holds a wrong start year to account
    base = "The Dow Jones Industrial Average fell 12.93% to 20,188.52, its largest one-day drop"
    right = md.check(f"{base} in data going back to 1992.", as_of="2020-03-16", db=loaded_db)
    wrong = md.check(f"{base} in data going back to 1985.", as_of="2020-03-16", db=loaded_db)
    assert [v.status for v in right.verdicts] == ["supported"] * 3
    last = wrong.verdicts[-1]
    assert last.status == "contradicted" and "go back to 1992, not 1985" in last.reason


def test_out_creates_its_folder_or_says_why(loaded_db, tmp_path):
    out = tmp_path / "new" / "folder" / "check.md"
    res = runner.invoke(app, ["check", "-", "--as-of", "2024-11-25", "--format", "md",
                              "--out", str(out), "--db", str(loaded_db)],
                        input="The S&P 500 rose 0.3% on Monday.")
    assert res.exit_code == 0, res.output
    assert "supported" in out.read_text()
    res = runner.invoke(app, ["wrap", "2024-11-25", "--out", "/proc/no/such.txt",
                              "--db", str(loaded_db), "--json"])
    assert res.exit_code == 3
    assert "cannot create the folder for --out" in json.loads(res.stdout)["error"]["message"]
