"""FRED series (Treasury yields, NASDAQCOM, VIXCLS, ...) in three steps: query -> payload -> bars.

Without an API key the public graph CSV is used::

    GET {base}/graph/fredgraph.csv?id=DGS10&cosd=2024-11-01&coed=2024-11-30

(``base`` = ``https://fred.stlouisfed.org`` or ``$MARKETDESK_FRED_URL``). Its header is
``observation_date,DGS10`` today and was ``DATE,DGS10`` before; a missing value is an empty cell
today and was ``.`` before. With a key (parameter or ``$FRED_API_KEY``) the JSON API is used::

    GET {api}/fred/series/observations?series_id=DGS10&api_key=..&file_type=json
        &observation_start=..&observation_end=..

(``api`` = ``https://api.stlouisfed.org`` or ``$MARKETDESK_FRED_API_URL``; ``"."`` = missing).
Missing values are dropped, never zero. A FRED observation is a close only: ``close`` holds the
value (a yield in percent for DGS*), open/high/low/adj_close/volume are null, source ``"fred"``.
The API key never appears in an error message.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from ..calendar import parse_date
from ..errors import DateError, ProviderError, SymbolError
from ..schema import conform, empty_bars
from .http import HTTPStatusError, get

PROVIDER = "fred"
DEFAULT_BASE_URL = "https://fred.stlouisfed.org"
DEFAULT_API_URL = "https://api.stlouisfed.org"
ENV_BASE_URL = "MARKETDESK_FRED_URL"
ENV_API_URL = "MARKETDESK_FRED_API_URL"
ENV_API_KEY = "FRED_API_KEY"
DATE_HEADERS = ("observation_date", "DATE")
_SERIES_ID = re.compile(r"^[A-Za-z0-9_]{1,40}$")
_API_PAGE = 100_000  # FRED's largest page


@dataclass(frozen=True)
class FredQuery:
    """Observations of one FRED series from ``start`` to ``end`` (both inclusive)."""

    series: str
    start: dt.date
    end: dt.date | None = None

    @classmethod
    def parse(cls, series: str, start: str | dt.date,
              end: str | dt.date | None = None) -> FredQuery:
        """Validate user input once: a FRED id (letters, digits, _), ISO dates, start <= end."""
        sid = (series or "").strip().upper()
        if not _SERIES_ID.match(sid):
            raise SymbolError(f"{series!r} is not a FRED series id (e.g. DGS10, NASDAQCOM).",
                              symbol=series)
        first = parse_date(start, "start")
        last = parse_date(end, "end") if end is not None else None
        if last is not None and last < first:
            raise DateError(f"end {last} is before start {first}.", value=last, param="end")
        return cls(sid, first, last)

    def csv_url(self, base_url: str) -> str:
        """The graph CSV endpoint."""
        return f"{base_url.rstrip('/')}/graph/fredgraph.csv"

    def csv_params(self) -> dict[str, object]:
        """Query of the graph CSV (``coed`` left out when there is no end)."""
        return {"id": self.series, "cosd": self.start.isoformat(),
                "coed": self.end.isoformat() if self.end else None}

    def api_url(self, api_url: str) -> str:
        """The JSON API endpoint."""
        return f"{api_url.rstrip('/')}/fred/series/observations"

    def api_params(self, api_key: str, offset: int = 0) -> dict[str, object]:
        """Query of one page of the JSON API."""
        return {"series_id": self.series, "api_key": api_key, "file_type": "json",
                "observation_start": self.start.isoformat(),
                "observation_end": self.end.isoformat() if self.end else None,
                "limit": _API_PAGE, "offset": offset or None}


def _fail(series: str, url: str | None, problem: str, status: int | None = None) -> ProviderError:
    return ProviderError(f"FRED, {series}: {problem} ({url or 'payload'}).",
                         provider=PROVIDER, url=url, status=status)


def _bars(dates: pl.Series, values: pl.Series, series: str, url: str | None) -> pl.DataFrame:
    """Strings of dates and values -> bars; ``.``/empty values dropped, anything else must parse."""
    frame = pl.DataFrame({"raw_date": dates, "raw": values}).with_row_index("row")
    frame = frame.with_columns(
        date=pl.col("raw_date").str.strip_chars().str.to_date("%Y-%m-%d", strict=False),
        raw=pl.col("raw").str.strip_chars(),
    ).with_columns(
        close=pl.when(pl.col("raw").is_in([".", ""]) | pl.col("raw").is_null())
        .then(None).otherwise(pl.col("raw")).cast(pl.Float64, strict=False),
    )
    bad = frame.filter(
        pl.col("date").is_null()
        | (pl.col("close").is_null() & ~(pl.col("raw").is_in([".", ""]) | pl.col("raw").is_null())))
    if bad.height:
        row = bad.row(0, named=True)
        raise _fail(series, url, f"observation {row['row'] + 1} is not a date and a number "
                                 f"({row['raw_date']!r}, {row['raw']!r})")
    out = frame.filter(pl.col("close").is_not_null()).select(
        "date", "close", symbol=pl.lit(series), source=pl.lit(PROVIDER))
    return conform(out.unique(subset="date", keep="last"))


def transform_csv(payload: bytes, series: str, *, url: str | None = None) -> pl.DataFrame:
    """fredgraph.csv bytes (``observation_date,ID`` or older ``DATE,ID``) -> bars; pure."""
    text = payload.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("<"):
        raise _fail(series, url, "FRED answered with a web page instead of CSV; check the "
                                 "series id on https://fred.stlouisfed.org")
    if not text.strip():
        raise _fail(series, url, "the CSV is empty")
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise _fail(series, url, f"not a FRED CSV ({exc.__class__.__name__})") from None
    if frame.width != 2 or frame.columns[0] not in DATE_HEADERS:
        raise _fail(series, url, f"unexpected CSV header {','.join(frame.columns)!r}; expected "
                                 f"'observation_date,{series}' or 'DATE,{series}'")
    if frame.columns[1].upper() != series.upper():
        raise _fail(series, url, f"the CSV holds series {frame.columns[1]!r}, not {series!r}")
    if frame.height == 0:
        return empty_bars()
    return _bars(frame.to_series(0), frame.to_series(1), series, url)


def transform_json(payload: bytes, series: str, *, url: str | None = None) -> pl.DataFrame:
    """FRED API ``series/observations`` JSON bytes -> bars; pure."""
    return _observation_bars(_observations(_decode_json(payload, series, url), series, url),
                             series, url)


def _observation_bars(observations: list[Any], series: str, url: str | None) -> pl.DataFrame:
    if not observations:
        return empty_bars()
    dates = pl.Series("d", [o.get("date") if isinstance(o, dict) else None
                            for o in observations], dtype=pl.Utf8)
    values = pl.Series("v", [o.get("value") if isinstance(o, dict) else None
                             for o in observations], dtype=pl.Utf8)
    return _bars(dates, values, series, url)


def _decode_json(payload: bytes, series: str, url: str | None) -> Any:
    try:
        return json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(series, url, f"the response is not JSON ({exc})") from None


def _observations(doc: Any, series: str, url: str | None) -> list[Any]:
    if isinstance(doc, dict) and "error_message" in doc:
        raise _fail(series, url, str(doc["error_message"]), doc.get("error_code"))
    if not isinstance(doc, dict) or not isinstance(doc.get("observations"), list):
        raise _fail(series, url, "the response has no 'observations' list")
    return doc["observations"]


def _api_error(exc: HTTPStatusError, series: str) -> ProviderError:
    problem = f"HTTP {exc.status}"
    try:
        doc = json.loads(exc.body)
        if isinstance(doc, dict) and doc.get("error_message"):
            problem = str(doc["error_message"])
    except (UnicodeDecodeError, json.JSONDecodeError):
        pass
    return _fail(series, exc.url, f"{problem}; check the series id and the API key",
                 exc.status)


def fetch_fred(
    series: str,
    start: str | dt.date,
    end: str | dt.date | None = None,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    api_url: str | None = None,
    retries: int = 4,
    timeout: float = 30.0,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> pl.DataFrame:
    """Observations of FRED ``series`` from ``start`` to ``end`` as canonical bars (close only).

    Uses the JSON API when ``api_key`` (or ``$FRED_API_KEY``) is set, else the public graph CSV.
    Writes nothing. Raises ProviderError for an unknown series or a failed download.
    """
    query = FredQuery.parse(series, start, end)
    retry: dict[str, Any] = {"retries": retries, "timeout": timeout, "backoff": backoff,
                             "sleep": sleep, "provider": PROVIDER}
    key = api_key or os.environ.get(ENV_API_KEY)
    if key:
        bars = _fetch_api(query, key, api_url or os.environ.get(ENV_API_URL) or DEFAULT_API_URL,
                          retry)
    else:
        url = query.csv_url(base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL)
        try:
            payload = get(url, params=query.csv_params(),
                          what=f"FRED series {query.series}", **retry)
        except HTTPStatusError as exc:
            raise _fail(query.series, exc.url, f"FRED knows no such series (HTTP {exc.status}); "
                        "check the id on https://fred.stlouisfed.org", exc.status) from None
        bars = transform_csv(payload, query.series, url=url)
    keep = pl.col("date") >= query.start
    if query.end is not None:
        keep &= pl.col("date") <= query.end
    return bars.filter(keep)


def _fetch_api(query: FredQuery, key: str, api: str, retry: dict[str, Any]) -> pl.DataFrame:
    url = query.api_url(api)
    pages: list[pl.DataFrame] = []
    offset = 0
    while True:
        try:
            payload = get(url, params=query.api_params(key, offset), redact=("api_key",),
                          what=f"FRED series {query.series}", **retry)
        except HTTPStatusError as exc:
            raise _api_error(exc, query.series) from None
        doc = _decode_json(payload, query.series, url)
        observations = _observations(doc, query.series, url)
        pages.append(_observation_bars(observations, query.series, url))
        got, count = len(observations), int(doc.get("count") or 0)
        offset += got
        if got == 0 or offset >= count:
            break
    return conform(pl.concat(pages).unique(subset="date", keep="last"))


__all__ = [
    "PROVIDER",
    "DEFAULT_BASE_URL",
    "DEFAULT_API_URL",
    "ENV_BASE_URL",
    "ENV_API_URL",
    "ENV_API_KEY",
    "FredQuery",
    "transform_csv",
    "transform_json",
    "fetch_fred",
]
