"""Rate sensitivity: rolling correlation and beta of an index's daily returns to a yield's changes.

Conventions:

- The two series are aligned on the dates both have (inner join of index closes and yield
  observations) *before* differencing, so each pair of changes spans the same interval: after a
  FRED holiday gap (Veterans Day) the index return and the yield change both run from the last
  common date. Nothing is forward-filled.
- ``ret_pct`` = (close / previous common close - 1) * 100, the index return in **percent**;
  ``dy_bp`` = 100 * (yield - previous common yield), the yield change in **basis points**, rounded
  to 6 decimals (see :mod:`marketdesk.facts.yields`).
- A window of N holds the last N common *changes* (N + 1 common observations). Correlation is
  Pearson's; beta is the OLS slope of ``ret_pct`` on ``dy_bp``, in **% per bp** (beta -0.05 means
  the index tended to fall 0.05 % for each 1 bp rise in the yield). Windows where the yield never
  moved have no correlation or beta (null / None).
- Computed with numpy sliding windows (two-pass, demeaned in each window), no loop over rows.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
from numpy.lib.stride_tricks import sliding_window_view

from . import contexts
from ..errors import NoDataError
from .evidence import evidence
from .model import Fact, Metric, Period

DEFAULT_WINDOW: int = 63

_COLS = ["date", "index_close", "yield_pct", "ret_pct", "dy_bp", "correlation", "beta"]


def aligned_changes(index_bars: pl.DataFrame, yield_bars: pl.DataFrame) -> pl.DataFrame:
    """``date, index_close, yield_pct, ret_pct, dy_bp`` on common dates (first row: null)."""
    a = index_bars.filter(pl.col("close").is_not_null()).select(
        "date", pl.col("close").alias("index_close"))
    b = yield_bars.filter(pl.col("close").is_not_null()).select(
        "date", pl.col("close").alias("yield_pct"))
    j = a.join(b, on="date", how="inner").sort("date")
    return j.with_columns(
        ((pl.col("index_close") / pl.col("index_close").shift(1) - 1.0) * 100.0).alias("ret_pct"),
        ((pl.col("yield_pct") - pl.col("yield_pct").shift(1)) * 100.0).round(6).alias("dy_bp"),
    )


def _rolling_corr_beta(x: np.ndarray, y: np.ndarray,
                       window: int) -> tuple[np.ndarray, np.ndarray]:
    """Correlation and slope of y on x over each trailing window of ``window`` points (NaN until
    full, and where x has no variance)."""
    n = x.size
    corr = np.full(n, np.nan)
    beta = np.full(n, np.nan)
    if n < window:
        return corr, beta
    xw = sliding_window_view(x, window)
    yw = sliding_window_view(y, window)
    xd = xw - xw.mean(axis=1, keepdims=True)
    yd = yw - yw.mean(axis=1, keepdims=True)
    sxy = (xd * yd).sum(axis=1)
    sxx = (xd * xd).sum(axis=1)
    syy = (yd * yd).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.where((sxx > 0) & (syy > 0), sxy / np.sqrt(sxx * syy), np.nan)
        b = np.where(sxx > 0, sxy / sxx, np.nan)
    corr[window - 1:] = c
    beta[window - 1:] = b
    return corr, beta


def rolling_sensitivity(index_bars: pl.DataFrame, yield_bars: pl.DataFrame,
                        window: int = DEFAULT_WINDOW) -> pl.DataFrame:
    """``date, index_close, yield_pct, ret_pct, dy_bp, correlation, beta`` on common dates.

    ``correlation`` / ``beta`` (% per bp) on a row cover the ``window`` changes ending there; null
    until the window is full. The first common date (no change) is dropped.
    """
    if window < 2:
        raise ValueError(f"window must be at least 2 observations; got {window}")
    ch = aligned_changes(index_bars, yield_bars).slice(1)
    corr, beta = _rolling_corr_beta(ch["dy_bp"].to_numpy(), ch["ret_pct"].to_numpy(), window)
    return ch.with_columns(
        pl.Series("correlation", corr).fill_nan(None),
        pl.Series("beta", beta).fill_nan(None),
    ).select(_COLS)


def window_facts(index_bars: pl.DataFrame, yield_bars: pl.DataFrame, as_of: dt.date,
                 window: int = DEFAULT_WINDOW) -> tuple[Fact, Fact]:
    """(ROLLING_CORRELATION, ROLLING_BETA) over the same last ``window`` common changes on or
    before ``as_of``, from one alignment of the two series (see the two functions below)."""
    if window < 2:
        raise ValueError(f"window must be at least 2 observations; got {window}")
    idx = index_bars.filter(pl.col("date") <= as_of)
    yld = yield_bars.filter(pl.col("date") <= as_of)
    ch = aligned_changes(idx, yld)
    subject = index_bars["symbol"][0] if index_bars.height else "?"
    versus = yield_bars["symbol"][0] if yield_bars.height else "?"
    if ch.height < window + 1:
        raise NoDataError(f"{subject} vs {versus}: {ch.height} common observations on or before "
                          f"{as_of}; a {window}-change window needs {window + 1}.")
    w = ch.tail(window + 1)
    corr, beta = _rolling_corr_beta(w["dy_bp"].to_numpy()[1:], w["ret_pct"].to_numpy()[1:],
                                    window)
    start, end = w["date"][0], w["date"][-1]
    dates = w["date"]
    ev = (evidence(idx.filter(pl.col("date").is_in(dates.implode())), "close")
          + evidence(yld.filter(pl.col("date").is_in(dates.implode())), "close"))
    c = None if np.isnan(corr[-1]) else float(corr[-1])
    b = None if np.isnan(beta[-1]) else float(beta[-1])

    def fact(metric: Metric) -> Fact:
        return Fact(
            subject=subject, metric=metric,
            period=Period(kind="window", end=end, start=start, label=f"{window} common sessions"),
            value=c if metric is Metric.ROLLING_CORRELATION else b,
            unit="corr" if metric is Metric.ROLLING_CORRELATION else "beta", as_of=end,
            context=contexts.Sensitivity(
                versus=versus, window=window, x="yield change (bp)", y="index return (pct)",
                beta_unit="pct per bp" if metric is Metric.ROLLING_BETA else None,
                correlation=c, beta=b),
            evidence=ev,
        )

    return fact(Metric.ROLLING_CORRELATION), fact(Metric.ROLLING_BETA)


def rolling_correlation(index_bars: pl.DataFrame, yield_bars: pl.DataFrame, as_of: dt.date,
                        window: int = DEFAULT_WINDOW) -> Fact:
    """ROLLING_CORRELATION of the index's daily % returns with the yield's daily bp changes over
    the last ``window`` common changes on or before ``as_of`` (unit ``corr``). Evidence: the
    window's ``window + 1`` index closes and yields."""
    return window_facts(index_bars, yield_bars, as_of, window)[0]


def rolling_beta(index_bars: pl.DataFrame, yield_bars: pl.DataFrame, as_of: dt.date,
                 window: int = DEFAULT_WINDOW) -> Fact:
    """ROLLING_BETA: OLS slope of the index's daily % return on the yield's daily bp change over
    the last ``window`` common changes on or before ``as_of``, in % per bp (unit ``beta``)."""
    return window_facts(index_bars, yield_bars, as_of, window)[1]


__all__ = ["DEFAULT_WINDOW", "aligned_changes", "rolling_sensitivity", "rolling_correlation",
           "rolling_beta", "window_facts"]
