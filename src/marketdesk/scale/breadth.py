"""Universe breadth: how many symbols are at records, at 52-week highs, up on the day, above
their 200-day average, from the rows of :func:`marketdesk.scale.universe_facts`."""

from __future__ import annotations

from typing import Any

import polars as pl

__all__ = ["universe_breadth"]



def _iso(d: Any) -> str:
    """A date column's max (a ``dt.date``; polars types it as any scalar) as ISO text."""
    return str(d.isoformat())

def universe_breadth(result: pl.DataFrame) -> dict[str, Any]:
    """Counts over the universe rows (each symbol as of its own last close).

    Keys: ``symbols``, ``as_of`` (the latest row date, ISO), ``at_record`` (last close set a new
    record close), ``at_52w_high`` (last close is the 52-week high), ``up_on_day`` /
    ``down_on_day`` (change_pct > 0 / < 0), ``above_200d`` (close above the mean of the last 200
    closes) out of ``with_200d`` (symbols with 200 closes), and ``pct_*`` shares in percent of
    ``symbols`` (``pct_above_200d`` of ``with_200d``). A column missing from ``result`` (a
    ``metrics`` selection without it) gives None.
    """
    n = result.height
    cols = set(result.columns)

    def count(expr: pl.Expr, needs: str) -> int | None:
        if needs not in cols:
            return None
        return int(result.select(expr.fill_null(False).sum()).item())

    out: dict[str, Any] = {
        "symbols": n,
        "as_of": _iso(result["date"].max()) if n and "date" in cols else None,
        "at_record": count(pl.col("is_record"), "is_record"),
        "at_52w_high": count(pl.col("at_52w_high"), "at_52w_high"),
        "up_on_day": count(pl.col("change_pct") > 0, "change_pct"),
        "down_on_day": count(pl.col("change_pct") < 0, "change_pct"),
        "above_200d": count(pl.col("above_200"), "above_200"),
        "with_200d": (int(result["above_200"].is_not_null().sum())
                      if "above_200" in cols else None),
    }
    for k in ("at_record", "at_52w_high", "up_on_day", "down_on_day"):
        out[f"pct_{k}"] = None if out[k] is None or n == 0 else 100.0 * out[k] / n
    w = out["with_200d"]
    out["pct_above_200d"] = None if not w else 100.0 * out["above_200d"] / w
    return out
