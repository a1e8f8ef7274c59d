"""Instrument metadata: the symbols marketdesk knows, their names, and the names people write.

The table ships with the package as ``marketdesk/data/instruments.csv`` with columns

========= ====================================================================================
symbol    canonical symbol: Yahoo style for indices/ETFs/futures (``^RUT``, ``IWM``, ``RTY=F``),
          FRED series id for yields and FRED series (``DGS10``, ``NASDAQCOM``)
name      display name
kind      ``index`` | ``etf`` | ``stock`` | ``yield`` | ``future``
currency  ISO currency of the prices (yields are in percent of a USD instrument: ``USD``)
aliases   ``|``-separated names and tickers that writers use ("Russell 2000", "the Dow", "SPX")
tracks    optional: the symbol whose *level* this series follows in the same units, so a news
          figure about it may be about ``tracks`` (``RTY=F`` -> ``^RUT``, ``NASDAQCOM`` -> ``^IXIC``).
          ETFs do not "track" in this sense: their prices are not index levels.
========= ====================================================================================

Aliases are unique across the table, compared case-insensitively.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, get_args

import polars as pl

InstrumentKind = Literal["index", "etf", "stock", "yield", "future"]
KINDS: tuple[str, ...] = get_args(InstrumentKind)


@dataclass(frozen=True)
class Instrument:
    """One known instrument: canonical ``symbol``, display ``name``, ``kind``, price ``currency``,
    the ``aliases`` people write for it, and the symbol it ``tracks`` (same-level series) if any."""

    symbol: str
    name: str
    kind: InstrumentKind
    currency: str
    aliases: tuple[str, ...]
    tracks: str | None = None


def _key(text: str) -> str:
    """Lookup key: case-folded, inner whitespace collapsed."""
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=1)
def load_instruments() -> dict[str, Instrument]:
    """All packaged instruments by canonical symbol, in file order (cached).

    Raises ``ValueError`` if the packaged table is inconsistent (unknown kind, duplicate symbol or
    alias, ``tracks`` naming an unknown symbol) -- a packaging bug, caught by the tests.
    """
    text = resources.files("marketdesk").joinpath("data/instruments.csv").read_text("utf-8")
    out: dict[str, Instrument] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        kind = row["kind"].strip()
        if kind not in KINDS:
            raise ValueError(f"instruments.csv line {line}: unknown kind {kind!r}")
        symbol = row["symbol"].strip()
        if symbol in out:
            raise ValueError(f"instruments.csv line {line}: duplicate symbol {symbol!r}")
        aliases = tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip())
        out[symbol] = Instrument(symbol=symbol, name=row["name"].strip(), kind=kind,  # type: ignore[arg-type]
                                 currency=row["currency"].strip(), aliases=aliases,
                                 tracks=(row["tracks"] or "").strip() or None)
    for inst in out.values():
        if inst.tracks is not None and inst.tracks not in out:
            raise ValueError(f"instruments.csv: {inst.symbol} tracks unknown {inst.tracks!r}")
    _lookup_table(out)  # validates alias uniqueness
    return out


def _lookup_table(instruments: dict[str, Instrument]) -> dict[str, str]:
    table: dict[str, str] = {}
    for inst in instruments.values():
        for text in (inst.symbol, *inst.aliases):
            key = _key(text)
            if table.get(key, inst.symbol) != inst.symbol:
                raise ValueError(f"instruments.csv: {text!r} names both {table[key]} and {inst.symbol}")
            table[key] = inst.symbol
    return table


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    return _lookup_table(load_instruments())


def resolve_symbol(text: str) -> str | None:
    """The canonical symbol that ``text`` names, or ``None`` if unknown.

    Matches case-insensitively and exactly (whitespace collapsed) against symbols and aliases,
    then tries a bare ticker with a caret ("RUT" -> "^RUT") and the text without a leading
    "the " ("the S&P 500" -> "^GSPC"). "SPX" and "^SPX" give "^GSPC". It does not guess from
    file names; see ``marketdesk.sources.files.infer_symbol``.
    """
    table = _lookup()
    key = _key(text)
    if not key:
        return None
    candidates = [key, "^" + key]
    if key.startswith("the "):
        candidates += [key[4:], "^" + key[4:]]
    for cand in candidates:
        if cand in table:
            return table[cand]
    return None


def get_instrument(symbol: str) -> Instrument | None:
    """The instrument that ``symbol`` (or any alias of it) names, or ``None``."""
    resolved = resolve_symbol(symbol)
    return load_instruments()[resolved] if resolved is not None else None


def instruments_frame() -> pl.DataFrame:
    """The instrument table for the store: symbol, name, kind, currency, aliases (list[str]), tracks."""
    rows = list(load_instruments().values())
    return pl.DataFrame(
        {
            "symbol": [i.symbol for i in rows],
            "name": [i.name for i in rows],
            "kind": [i.kind for i in rows],
            "currency": [i.currency for i in rows],
            "aliases": [list(i.aliases) for i in rows],
            "tracks": [i.tracks for i in rows],
        },
        schema={"symbol": pl.Utf8, "name": pl.Utf8, "kind": pl.Utf8, "currency": pl.Utf8,
                "aliases": pl.List(pl.Utf8), "tracks": pl.Utf8},
    )


__all__ = [
    "Instrument",
    "InstrumentKind",
    "KINDS",
    "load_instruments",
    "resolve_symbol",
    "get_instrument",
    "instruments_frame",
]
