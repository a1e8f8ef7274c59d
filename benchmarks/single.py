"""Part a: one long series (GSPC.csv, 1927-2026), marketdesk's full fact sheet vs the peer
libraries' own functions on the same closes, and a check that they agree on shared figures."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

from common import data_dir, timed

AS_OF = dt.date(2024, 11, 25)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def run(repeats: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(timing rows, agreement rows)."""
    warnings.filterwarnings("ignore")
    import empyrical
    import ffn
    import pandas as pd
    import polars as pl
    import quantstats as qs

    from marketdesk.facts import drawdowns, tables
    from marketdesk.facts.sheet import compute_facts, fact_sheet
    from marketdesk.sources.files import read_file

    bars = read_file(data_dir() / "GSPC.csv", symbol="^GSPC")
    hist = bars.filter(pl.col("date") <= AS_OF)
    close = pd.Series(hist["close"].to_numpy(),
                      index=pd.DatetimeIndex(hist["date"].to_pandas()), name="^GSPC")
    returns = close.pct_change().dropna()
    n = f"{hist.height:,} days"
    slow = max(3, repeats // 6)
    rows: list[dict[str, Any]] = []

    def add(tool: str, what: str, fn: Any, reps: int) -> Any:
        rows.append({"part": "a", "tool": tool, "task": what, "size": n, **timed(fn, reps)})
        return fn()

    sheet = add("marketdesk", "full fact sheet: compute_facts + fact_sheet",
                lambda: fact_sheet("^GSPC", compute_facts(bars, AS_OF), bars, AS_OF), repeats)
    md_monthly = add("marketdesk", "monthly return table (tables.monthly_returns)",
                     lambda: tables.monthly_returns(hist), repeats)
    md_mdd = add("marketdesk", "max drawdown fact (drawdowns.max_drawdown)",
                 lambda: drawdowns.max_drawdown(bars, AS_OF), repeats)
    stats = add("ffn", "calc_stats (all its stats incl. monthly table, drawdowns)",
                lambda: ffn.calc_stats(close), slow)
    qs_monthly = add("quantstats", "stats.monthly_returns", lambda: qs.stats.monthly_returns(
        returns), slow)
    add("quantstats", "stats.to_drawdown_series + drawdown_details",
        lambda: qs.stats.drawdown_details(qs.stats.to_drawdown_series(returns)), slow)
    qs_mdd = add("quantstats", "stats.max_drawdown", lambda: qs.stats.max_drawdown(close),
                 repeats)
    emp_monthly = add("empyrical", "aggregate_returns(monthly)",
                      lambda: empyrical.aggregate_returns(returns, "monthly"), slow)
    emp_mdd = add("empyrical", "max_drawdown", lambda: empyrical.max_drawdown(returns), repeats)

    # ---- agreement on the figures they share (months marketdesk defines; ffn/qs fill 0 elsewhere)
    md = md_monthly.select("year", "month", (pl.col("return_pct") / 100.0).alias("r"))
    agree: list[dict[str, Any]] = []

    def compare(name: str, get: Any) -> None:
        diffs = [abs(get(y, m) - r) for y, m, r in md.iter_rows()]
        worst = max(diffs)
        agree.append({"figure": "monthly returns", "versus": name, "compared": len(diffs),
                      "max_abs_diff": worst, "ok": worst <= 1e-9})

    ffn_table = stats.return_table
    compare("ffn calc_stats().return_table", lambda y, m: float(ffn_table.loc[y, MONTHS[m - 1]]))
    compare("quantstats stats.monthly_returns",
            lambda y, m: float(qs_monthly.loc[str(y), MONTHS[m - 1].upper()]))
    compare("empyrical aggregate_returns(monthly)", lambda y, m: float(emp_monthly.loc[(y, m)]))
    mdd = float(md_mdd.value) / 100.0
    for name, other in (("ffn calc_stats().max_drawdown", stats.max_drawdown),
                        ("quantstats stats.max_drawdown", qs_mdd),
                        ("empyrical max_drawdown", emp_mdd)):
        agree.append({"figure": "max drawdown", "versus": name, "compared": 1,
                      "max_abs_diff": abs(float(other) - mdd), "ok": abs(float(other) - mdd)
                      <= 1e-9, "value": mdd})
    rows[0]["note"] = f"{len(sheet.facts)} facts, as of {AS_OF}"
    return rows, agree
