"""`marketdesk facts --universe`: rows and breadth from the CLI, errors in the one JSON shape."""

from __future__ import annotations

import json

import polars as pl
from typer.testing import CliRunner

from marketdesk.cli.app import app
from scale_helpers import gbm_universe

runner = CliRunner()


def test_universe_out_and_json(tmp_path):
    u = gbm_universe(n_series=6, n_days=400)
    src = tmp_path / "u.parquet"
    u.write_parquet(src)
    out = tmp_path / "rows.parquet"
    res = runner.invoke(app, ["facts", "--universe", str(src), "--as-of", "2020-03-31",
                              "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout)
    rows = pl.read_parquet(out)
    assert payload["rows"] == rows.height == 6
    assert rows["date"].max().isoformat() == payload["breadth"]["as_of"] <= "2020-03-31"
    closes = u.filter(pl.col("date") <= pl.date(2020, 3, 31)).group_by("symbol").agg(
        pl.col("close").last()).sort("symbol")
    assert rows["close"].to_list() == closes["close"].to_list()
    ups = payload["breadth"]["up_on_day"]
    assert ups == sum(1 for s in rows["symbol"]
                      if (c := u.filter((pl.col("symbol") == s)
                                        & (pl.col("date") <= pl.date(2020, 3, 31)))["close"])[-1]
                      > c[-2])


def test_universe_errors_have_one_shape(tmp_path):
    res = runner.invoke(app, ["facts", "--universe", str(tmp_path / "none.parquet"), "--json"])
    assert res.exit_code == 3
    assert json.loads(res.stdout)["error"]["type"] == "DataFormatError"
    res = runner.invoke(app, ["facts", "--universe", str(tmp_path / "none.parquet"),
                              "--as-of", "2020-13-01", "--json"])
    assert res.exit_code == 5
