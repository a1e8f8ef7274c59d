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
