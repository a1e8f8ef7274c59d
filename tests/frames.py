"""Small synthetic bar frames for unit tests (real-data tests use the ``bars`` fixture)."""

from __future__ import annotations

import datetime as dt

import polars as pl

START = dt.date(2000, 1, 3)


def daily_closes(closes: list[float], symbol: str = "TEST") -> pl.DataFrame:
    """A close-only series on consecutive calendar days from 2000-01-03."""
    n = len(closes)
    return pl.DataFrame({
        "symbol": [symbol] * n,
        "date": pl.date_range(START, START + dt.timedelta(days=n - 1), eager=True),
        "close": [float(c) for c in closes],
        "source": ["test"] * n,
    })
