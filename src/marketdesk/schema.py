"""The one canonical bar schema that every source returns and the store keeps.

One row is one daily bar of one symbol from one source:

========== ========= ==================================================================
column     type      meaning
========== ========= ==================================================================
symbol     str       canonical symbol (``^RUT``, ``IWM``, ``DGS10``)
date       date      the session date (exchange-local; no time, no zone)
open       float64   price level; null for close-only series (FRED, yields)
high       float64   intraday high; null for close-only series
low        float64   intraday low; null for close-only series
close      float64   price level as traded (indices: the index level; yields: percent)
adj_close  float64   dividend- and split-adjusted close where the source gives one, else null
volume     float64   shares or contracts; null where the source has none
source     str       where the row came from (``file:RUT.csv``, ``yahoo``, ``fred``)
========== ========= ==================================================================

Rows are unique on (symbol, date, source) and sorted by symbol, date.
"""

from __future__ import annotations

import polars as pl

BAR_SCHEMA: dict[str, pl.DataType] = {
    "symbol": pl.Utf8(),
    "date": pl.Date(),
    "open": pl.Float64(),
    "high": pl.Float64(),
    "low": pl.Float64(),
    "close": pl.Float64(),
    "adj_close": pl.Float64(),
    "volume": pl.Float64(),
    "source": pl.Utf8(),
}
BAR_COLUMNS: list[str] = list(BAR_SCHEMA)
PRICE_COLUMNS: list[str] = ["open", "high", "low", "close", "adj_close"]


def empty_bars() -> pl.DataFrame:
    """An empty frame in the canonical bar schema."""
    return pl.DataFrame(schema=BAR_SCHEMA)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Cast and order ``frame`` into the canonical schema (missing optional columns become null).

    Raises ``KeyError`` naming the first missing required column (symbol, date, close, source).
    """
    for required in ("symbol", "date", "close", "source"):
        if required not in frame.columns:
            raise KeyError(required)
    exprs = [
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in BAR_SCHEMA.items()
    ]
    return frame.select(exprs).sort("symbol", "date")


__all__ = ["BAR_SCHEMA", "BAR_COLUMNS", "PRICE_COLUMNS", "empty_bars", "conform"]
