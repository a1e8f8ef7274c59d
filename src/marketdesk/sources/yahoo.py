"""Yahoo Finance daily bars, in three steps: query -> raw chart JSON -> canonical bars.

The adapter calls the public endpoint that yfinance itself uses for daily history::

    GET {base}/v8/finance/chart/{symbol}?period1=..&period2=..&interval=1d
        &events=div,splits&includeAdjustedClose=true

(yfinance cannot be pointed at another host and adds a cookie/crumb dance this endpoint does not
need). ``base`` is ``https://query2.finance.yahoo.com`` unless ``MARKETDESK_YAHOO_URL`` is set.

Quirks that end here:

- ``timestamp`` holds epoch seconds of each session's open in exchange-local time. The session
  date is the *local* date in ``meta.exchangeTimezoneName``; reading it in UTC moves every bar of
  an exchange east of UTC (Sydney, Tokyo at some hours) to the previous day.
- A bar whose quote values are all null (a holiday Yahoo lists anyway) is dropped, and so is a bar
  without a close; a session listed twice (the live bar during trading) keeps its last row.
- ``chart.error`` (``"No data found, symbol may be delisted"``) becomes a ProviderError naming the
  symbol.

:func:`from_yfinance_frame` accepts a frame users already have from ``yfinance.download``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..calendar import parse_date
from ..errors import DateError, ProviderError, SymbolError
from ..schema import conform, empty_bars
from .http import HTTPStatusError, get

PROVIDER = "yahoo"
DEFAULT_BASE_URL = "https://query2.finance.yahoo.com"
ENV_BASE_URL = "MARKETDESK_YAHOO_URL"
_QUOTE_FIELDS = ("open", "high", "low", "close", "volume")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class YahooQuery:
    """Daily bars of one Yahoo symbol for sessions ``start`` to ``end`` (both inclusive)."""

    symbol: str
    start: dt.date
    end: dt.date | None = None

    @classmethod
    def parse(cls, symbol: str, start: str | dt.date,
              end: str | dt.date | None = None) -> YahooQuery:
        """Validate user input once (symbol not blank, ISO dates, start <= end)."""
        sym = (symbol or "").strip().upper()
        if not sym:
            raise SymbolError("A Yahoo symbol is required, e.g. ^RUT or IWM.", symbol=symbol)
        first = parse_date(start, "start")
        last = parse_date(end, "end") if end is not None else None
        if last is not None and last < first:
            raise DateError(f"end {last} is before start {first}.", value=last, param="end")
        return cls(sym, first, last)

    def url(self, base_url: str) -> str:
        """The chart endpoint for this symbol (the symbol percent-encoded: ``%5ERUT``)."""
        return f"{base_url.rstrip('/')}/v8/finance/chart/{urllib.parse.quote(self.symbol, safe='')}"

    def params(self, now: dt.datetime | None = None) -> dict[str, object]:
        """Query parameters. The window is widened by a day on each side (local dates east or
        west of UTC); :func:`transform` output is trimmed back to ``start..end``."""
        lo = dt.datetime.combine(self.start - dt.timedelta(days=1), dt.time(), dt.timezone.utc)
        if self.end is None:
            hi = now or dt.datetime.now(dt.timezone.utc)
        else:
            hi = dt.datetime.combine(self.end + dt.timedelta(days=2), dt.time(), dt.timezone.utc)
        return {
            "period1": int((lo - _EPOCH).total_seconds()),
            "period2": int((hi - _EPOCH).total_seconds()),
            "interval": "1d",
            "events": "div,splits",
            "includeAdjustedClose": "true",
        }


def resolve_base_url(override: str | None = None) -> str:
    """``override``, else ``$MARKETDESK_YAHOO_URL``, else Yahoo's public host."""
    return override or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL


def _fail(symbol: str, url: str | None, problem: str, status: int | None = None) -> ProviderError:
    return ProviderError(f"Yahoo Finance, {symbol}: {problem} ({url or 'payload'}).",
                         provider=PROVIDER, url=url, status=status)


def _chart_error(doc: Any) -> str | None:
    """The description of ``chart.error`` in a decoded document, if any."""
    if isinstance(doc, dict) and isinstance(doc.get("chart"), dict):
        err = doc["chart"].get("error")
        if err:
            if isinstance(err, dict):
                return str(err.get("description") or err.get("code") or err)
            return str(err)
    return None


def _column(values: Any, n: int, name: str, symbol: str, url: str | None) -> pl.Series:
    if values is None:
        return pl.Series(name, [None] * n, dtype=pl.Float64)
    if not isinstance(values, list) or len(values) != n:
        raise _fail(symbol, url, f"indicator {name!r} does not have one value per timestamp")
    try:
        return pl.Series(name, values, dtype=pl.Float64, strict=False)
    except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        raise _fail(symbol, url, f"indicator {name!r} is not numeric ({exc})") from None


def transform(payload: bytes, symbol: str, *, url: str | None = None) -> pl.DataFrame:
    """Chart JSON bytes -> canonical bars of ``symbol`` (source ``"yahoo"``); pure.

    Raises ProviderError naming the symbol for ``chart.error`` and for a payload that is not
    chart JSON (``url`` is only used in messages).
    """
    try:
        doc = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(symbol, url, f"the response is not JSON ({exc.__class__.__name__}: {exc})") \
            from None
    problem = _chart_error(doc)
    if problem:
        raise _fail(symbol, url, problem)
    try:
        result = doc["chart"]["result"][0]
        meta = result.get("meta") or {}
        indicators = result.get("indicators") or {}
    except (KeyError, IndexError, TypeError):
        raise _fail(symbol, url, "the response has no chart.result") from None
    stamps = result.get("timestamp") or []
    if not stamps:
        return empty_bars()
    n = len(stamps)
    quote = (indicators.get("quote") or [{}])[0] or {}
    adj = (indicators.get("adjclose") or [{}])[0] or {}
    cols = [_column(quote.get(f), n, f, symbol, url) for f in _QUOTE_FIELDS]
    cols.append(_column(adj.get("adjclose"), n, "adj_close", symbol, url))
    try:
        ts = pl.Series("ts", stamps, dtype=pl.Int64)
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        raise _fail(symbol, url, "timestamps are not integers") from None
    frame = pl.DataFrame([ts, *cols])
    tz = meta.get("exchangeTimezoneName")
    utc = pl.from_epoch(pl.col("ts"), time_unit="s").dt.replace_time_zone("UTC")
    if tz:
        date = utc.dt.convert_time_zone(str(tz)).dt.date()
    else:  # no zone name: fall back to the (current) offset in seconds
        offset = int(meta.get("gmtoffset") or 0)
        date = (utc + pl.duration(seconds=offset)).dt.date()
    try:
        frame = frame.with_columns(date.alias("date"))
    except pl.exceptions.PolarsError as exc:
        raise _fail(symbol, url, f"cannot read the exchange time zone {tz!r} ({exc})") from None
    frame = (
        frame.filter(pl.col("close").is_not_null())
        .unique(subset="date", keep="last", maintain_order=True)
        .with_columns(symbol=pl.lit(symbol), source=pl.lit(PROVIDER))
    )
    return conform(frame)


def from_yfinance_frame(frame: Any, symbol: str) -> pl.DataFrame:
    """A pandas frame from ``yfinance.download`` (or ``Ticker.history``) -> canonical bars.

    Accepts MultiIndex columns ``(Price, Ticker)`` (the default of ``download``) or flat columns,
    and a tz-aware or naive DatetimeIndex; the session date is the index's own local date. Adj
    Close fills ``adj_close`` when present. Note: ``download(auto_adjust=True)`` (the yfinance
    default) writes *adjusted* prices into Close; pass ``auto_adjust=False`` for traded prices.
    Rows without a close are dropped. Source ``"yahoo"``.
    """
    columns = frame.columns
    if getattr(columns, "nlevels", 1) > 1:
        tickers = set(columns.get_level_values(-1))
        if symbol not in tickers:
            raise SymbolError(f"{symbol} is not among the frame's tickers "
                              f"({', '.join(sorted(map(str, tickers)))}).", symbol=symbol,
                              suggestions=sorted(map(str, tickers)))

        def pick(name: str) -> Any:
            return frame[(name, symbol)] if (name, symbol) in columns else None
    else:
        def pick(name: str) -> Any:
            return frame[name] if name in columns else None

    if pick("Close") is None:
        raise ProviderError(f"yfinance frame for {symbol} has no Close column.",
                            provider=PROVIDER)
    index = frame.index
    if getattr(index, "tz", None) is not None:
        index = index.tz_localize(None)  # tz-aware -> the exchange's local wall time
    days = index.values.astype("datetime64[D]")
    data: dict[str, Any] = {"date": pl.Series("date", days).cast(pl.Date)}
    for src, dst in (("Open", "open"), ("High", "high"), ("Low", "low"), ("Close", "close"),
                     ("Adj Close", "adj_close"), ("Volume", "volume")):
        col = pick(src)
        if col is not None:
            data[dst] = pl.Series(dst, col.to_numpy(dtype="float64", na_value=float("nan")),
                                  dtype=pl.Float64).fill_nan(None)
    out = (pl.DataFrame(data).filter(pl.col("close").is_not_null())
           .with_columns(symbol=pl.lit(symbol), source=pl.lit(PROVIDER)))
    return conform(out)


def fetch_yahoo(
    symbol: str,
    start: str | dt.date,
    end: str | dt.date | None = None,
    *,
    base_url: str | None = None,
    retries: int = 4,
    timeout: float = 30.0,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> pl.DataFrame:
    """Daily bars of ``symbol`` from Yahoo Finance, ``start`` to ``end`` (inclusive; default to
    the latest), as canonical bars. Writes nothing. Raises ProviderError when Yahoo fails or
    knows no such symbol."""
    query = YahooQuery.parse(symbol, start, end)
    return _run(query, resolve_base_url(base_url), retries=retries, timeout=timeout,
                backoff=backoff, sleep=sleep)


def _run(query: YahooQuery, base: str, **retry: Any) -> pl.DataFrame:
    url = query.url(base)
    try:
        payload = get(url, params=query.params(), provider=PROVIDER,
                      what=f"{query.symbol} daily bars from Yahoo Finance", **retry)
    except HTTPStatusError as exc:
        try:
            problem = _chart_error(json.loads(exc.body))
        except (UnicodeDecodeError, json.JSONDecodeError):
            problem = None
        raise ProviderError(
            f"Yahoo Finance has no data for {query.symbol}: "
            f"{problem or f'HTTP {exc.status}'} ({exc.url}). Check the symbol "
            "(indices start with ^, e.g. ^RUT).",
            provider=PROVIDER, url=exc.url, status=exc.status) from None
    bars = transform(payload, query.symbol, url=url)
    keep = pl.col("date") >= query.start
    if query.end is not None:
        keep &= pl.col("date") <= query.end
    return bars.filter(keep)


__all__ = [
    "PROVIDER",
    "DEFAULT_BASE_URL",
    "ENV_BASE_URL",
    "YahooQuery",
    "resolve_base_url",
    "transform",
    "from_yfinance_frame",
    "fetch_yahoo",
]
