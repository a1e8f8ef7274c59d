"""Universe fact sheets: the facts kernels mapped over many symbols, in-process or on Spark.

    import marketdesk.scale as scale
    rows = scale.universe_facts("bars.parquet", as_of="2024-11-25")       # polars, local engine
    rows = scale.universe_facts(frame, engine="spark")                    # same rows, on Spark
    scale.universe_breadth(rows)     # {'symbols': ..., 'at_record': ..., 'above_200d': ...}

Input: a long table ``symbol, date, close`` (``open, high, low, adj_close, source`` may be there
and are not needed) as a polars frame, a Parquet path, or a :class:`~marketdesk.desk.Desk` /
:class:`~marketdesk.store.Store` (every stored symbol). Output: one row per symbol, columns in
:data:`~.kernel.ROW_SCHEMA` (documented in :mod:`marketdesk.scale.kernel`). pyspark is imported
only for ``engine="spark"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import polars as pl

__all__ = ["Engine", "universe_breadth", "universe_facts"]

Engine = Literal["local", "spark"]


def _as_date(value: dt.date | str | None) -> dt.date | None:
    from ..calendar import parse_date   # the one date parser (DateError names the parameter)

    return None if value is None else parse_date(value, "as_of")


def _store_frame(obj: Any) -> "pl.DataFrame":
    """Every stored symbol's bars (each day from the first source that has it)."""
    import polars as pl

    store = getattr(obj, "store", obj)
    symbols = store.symbols()["symbol"].to_list()
    return pl.concat([store.bars(s) for s in symbols]) if symbols else pl.DataFrame()


def universe_facts(source: Any, as_of: dt.date | str | None = None,
                   metrics: Sequence[str] | None = None, engine: Engine = "local", *,
                   progress: Callable[[int, int], None] | None = None,
                   spark: Any = None) -> "pl.DataFrame":
    """One fact-sheet row per symbol of ``source`` as of ``as_of`` (None: each symbol's last bar).

    ``source``: a polars frame in the long bar layout, a Parquet path (file, folder or glob), or
    a Desk/Store. ``metrics``: the columns to keep (names in ``kernel.METRICS``; ``symbol`` and
    ``date`` always come). ``engine``: ``"local"`` (polars, batched for large Parquet inputs) or
    ``"spark"`` (``spark``: a SparkSession; default a local one). ``progress(done, total)`` is
    called per batch by the local engine.
    """
    import polars as pl

    from .kernel import select_metrics

    day = _as_date(as_of)
    cols = select_metrics(metrics)
    if not isinstance(source, (pl.DataFrame, str, Path)):
        if hasattr(source, "store") or hasattr(source, "symbols"):
            source = _store_frame(source)
        else:
            raise TypeError("source must be a polars DataFrame, a Parquet path or a Desk/Store; "
                            f"got {type(source).__name__}")
    if isinstance(source, pl.DataFrame):
        missing = [c for c in ("symbol", "date", "close") if c not in source.columns]
        if missing:
            raise ValueError(f"the universe frame lacks column(s) {', '.join(missing)}")
    if isinstance(source, (str, Path)) and not any(ch in str(source) for ch in "*?[") \
            and not Path(source).exists():
        raise FileNotFoundError(f"no Parquet file or folder at {source}")
    if engine == "local":
        from .local import run_local

        out = run_local(source, day, progress=progress)
    elif engine == "spark":
        from .spark import run_spark

        out = run_spark(source, day, spark=spark)
    else:
        raise ValueError(f"engine must be 'local' or 'spark'; got {engine!r}")
    return out.select(cols)


def universe_breadth(result: "pl.DataFrame") -> dict[str, Any]:
    """See :func:`marketdesk.scale.breadth.universe_breadth`."""
    from .breadth import universe_breadth as _breadth

    return _breadth(result)
