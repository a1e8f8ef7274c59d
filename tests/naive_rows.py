"""The shared data's CSV rows read with the csv module, for naive plain-Python twins of the facts.

Shares no code with marketdesk: each file's layout (see data/SOURCES.md) is handled here by hand.
Rows are dicts ``{"date": dt.date, "close": float, "high": float | None, "low": float | None}``
in file order, rows without a close left out.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from pathlib import Path

from conftest import data_dir


def _num(s: str | None) -> float | None:
    s = (s or "").strip()
    return None if s in ("", ".") else float(s)


@cache
def naive_rows(file: str) -> tuple[dict, ...]:
    path = Path(data_dir()) / file
    with open(path, newline="") as fh:
        lines = list(csv.reader(fh))
    header = lines[0]
    body = lines[1:]
    if header[0] == "Price":                       # yfinance multi-index: 3 header lines
        body = lines[3:]
    idx = {name: k for k, name in enumerate(header)}
    out = []
    for line in body:
        if not line:
            continue
        if "Close" in idx:
            close = _num(line[idx["Close"]])
            high, low = _num(line[idx["High"]]), _num(line[idx["Low"]])
        else:                                      # FRED: date, value
            close, high, low = _num(line[1]), None, None
        if close is None:
            continue
        out.append({"date": dt.date.fromisoformat(line[0][:10]), "close": close,
                    "high": high, "low": low})
    return tuple(out)


def upto(file: str, day: dt.date) -> list[dict]:
    """The rows dated on or before ``day``."""
    return [r for r in naive_rows(file) if r["date"] <= day]


def index_of(rows: list[dict] | tuple[dict, ...], day: dt.date) -> int:
    for k, r in enumerate(rows):
        if r["date"] == day:
            return k
    raise KeyError(day)


def tied(a: float, b: float, rtol: float = 1e-9, atol: float = 1e-12) -> bool:
    """b is at least as large as a under the project's stated tie rule (written out here)."""
    return b >= a - (rtol * abs(a) + atol)
