"""Pick the network provider of a symbol and fetch its bars: FRED for FRED series, else Yahoo.

FRED series are the Treasury constant-maturity yields (``DGS1MO`` ... ``DGS30``), T-bill rates
(``DTB3``...), spreads (``T10Y2Y``, ``T10Y3M``) and the few index closes FRED publishes
(``NASDAQCOM``, ``VIXCLS``, ``SP500``, ``DJIA``). A ``fred:`` or ``yahoo:`` prefix, or
``provider=``, forces a provider. Nothing here writes to the store.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from typing import Literal

import polars as pl

from .fred import fetch_fred
from .yahoo import fetch_yahoo

Provider = Literal["auto", "yahoo", "fred"]

FRED_SERIES: frozenset[str] = frozenset({
    "NASDAQCOM", "NASDAQ100", "VIXCLS", "SP500", "DJIA", "T10Y2Y", "T10Y3M", "T10YIE",
    "DFF", "EFFR", "SOFR", "DFEDTARU", "DFEDTARL", "BAMLH0A0HYM2", "DEXUSEU", "DEXJPUS",
    "DCOILWTICO", "DTWEXBGS",
})
_FRED_PATTERN = re.compile(r"^(DGS\d+(MO)?|DTB\d+|DTB\d+WK|DFII\d+)$")


def is_fred_series(symbol: str) -> bool:
    """True for a symbol FRED publishes (``DGS10``, ``DGS3MO``, ``NASDAQCOM``, ``VIXCLS``...) or
    an instrument of kind ``yield`` in the instrument table."""
    s = symbol.strip().upper()
    if s in FRED_SERIES or _FRED_PATTERN.match(s):
        return True
    from ..instruments import get_instrument  # the packaged table, read on first use

    instrument = get_instrument(symbol.strip())
    return instrument is not None and instrument.kind == "yield" and instrument.symbol == s


def provider_for(symbol: str) -> tuple[Literal["yahoo", "fred"], str]:
    """The provider of ``symbol`` and the symbol without a ``fred:``/``yahoo:`` prefix."""
    head, sep, rest = symbol.strip().partition(":")
    if sep and head.lower() in ("fred", "yahoo"):
        return ("fred" if head.lower() == "fred" else "yahoo"), rest.strip()
    return ("fred" if is_fred_series(symbol) else "yahoo"), symbol.strip()


def fetch(
    symbol: str,
    start: str | dt.date,
    end: str | dt.date | None = None,
    *,
    provider: Provider = "auto",
    retries: int = 4,
    timeout: float = 30.0,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> pl.DataFrame:
    """Canonical bars of ``symbol`` from its provider, ``start`` to ``end`` (inclusive).

    FRED series come back close-only with source ``"fred"`` (symbol upper-cased, ``DGS10``);
    everything else comes from Yahoo with source ``"yahoo"``. Raises ProviderError on failure.
    """
    chosen, sym = provider_for(symbol)
    if provider != "auto":
        chosen = provider
    fetch_one = fetch_fred if chosen == "fred" else fetch_yahoo
    return fetch_one(sym, start, end, retries=retries, timeout=timeout, backoff=backoff,
                     sleep=sleep)


__all__ = ["Provider", "FRED_SERIES", "is_fred_series", "provider_for", "fetch"]
