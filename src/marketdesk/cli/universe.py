"""`marketdesk facts --universe PATH`: one fact-sheet row per symbol of a Parquet universe.

The facts command calls :func:`run_universe`; the statistics come from
:func:`marketdesk.scale.universe_facts`, nothing is computed here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..errors import DataFormatError, MarketdeskError
from .render import console, emit_json, note, table

__all__ = ["run_universe"]

SHOWN = ["symbol", "date", "close", "change_pct", "ytd_pct", "month", "month_pct",
         "largest_since", "pct_from_record", "records_ytd", "drawdown_pct", "streak"]


def _as_of(value: str | None) -> dt.date | None:
    from ..calendar import parse_date

    return parse_date(value, "--as-of") if value is not None else None


def _progress_bar() -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.progress import TimeElapsedColumn

    return Progress(TextColumn("universe batches"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True, console=console(stderr=True))


def run_universe(path: Path, *, as_of: str | None = None, engine: str = "local",
                 out: Path | None = None, json_out: bool = False, top: int = 0) -> None:
    """Compute the universe rows of ``path``; write them to ``out`` (``.parquet`` or ``.csv``)
    and print the breadth, or print a table / JSON of the rows."""
    import polars as pl

    from .. import scale

    day = _as_of(as_of)
    if engine not in ("local", "spark"):
        raise MarketdeskError(f"--engine must be local or spark; got {engine!r}")
    try:
        if engine == "local":
            with _progress_bar() as bar:
                task = bar.add_task("", total=None)
                rows = scale.universe_facts(
                    path, day, engine="local",
                    progress=lambda i, n: bar.update(task, completed=i, total=n))
        else:
            try:
                import pyspark  # noqa: F401
            except ImportError:
                raise MarketdeskError("--engine spark needs `pip install 'pyspark>=4'` and "
                                      "Java 17+") from None
            rows = scale.universe_facts(path, day, engine="spark")
    except FileNotFoundError as err:
        raise DataFormatError(str(err), path=path) from None
    except (ValueError, pl.exceptions.PolarsError) as err:
        raise DataFormatError(str(err), path=path) from None
    breadth = scale.universe_breadth(rows)
    if out is not None:
        if out.suffix == ".csv":
            rows.write_csv(out)
        else:
            rows.write_parquet(out)
        if json_out:
            emit_json({"out": str(out), "rows": rows.height, "breadth": breadth})
        else:
            note(f"{rows.height} rows written to {out}")
            _breadth_table(breadth)
        return
    shown = rows.head(top) if top else rows
    if json_out:
        emit_json({"breadth": breadth, "rows": shown.to_dicts()})
        return
    table(f"universe {path.name}" + (f" as of {day}" if day else ""), SHOWN,
          [[_cell(r[c]) for c in SHOWN] for r in shown.iter_rows(named=True)],
          right=[c for c in SHOWN if c not in ("symbol", "date", "month", "largest_since")])
    _breadth_table(breadth)


def _cell(v: Any) -> str:
    from .render import fmt_num

    return fmt_num(v, 2)


def _breadth_table(b: dict[str, Any]) -> None:
    rows = [(k, b[k], "" if b.get(f"pct_{k}") is None else f"{b[f'pct_{k}']:.1f}%")
            for k in ("at_record", "at_52w_high", "up_on_day", "down_on_day", "above_200d")]
    table(f"breadth: {b['symbols']} symbols, latest {b['as_of']}", ["figure", "count", "share"],
          rows, right=["count", "share"])
