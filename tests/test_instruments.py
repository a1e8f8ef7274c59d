"""The packaged instrument table and symbol resolution."""

from __future__ import annotations

import csv
from importlib import resources

import polars as pl
import pytest

from marketdesk.instruments import (
    KINDS,
    Instrument,
    get_instrument,
    instruments_frame,
    load_instruments,
    resolve_symbol,
)


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("Russell 2000", "^RUT"),
        ("russell 2000 index", "^RUT"),
        ("small-cap index", "^RUT"),
        ("the Russell", "^RUT"),
        ("RUT", "^RUT"),  # bare ticker without the caret
        ("^RUT", "^RUT"),
        ("S&P 500", "^GSPC"),
        ("the S&P 500", "^GSPC"),  # leading "the" ignored
        ("S&P", "^GSPC"),
        ("SPX", "^GSPC"),
        ("^SPX", "^GSPC"),  # Yahoo's other ticker for the same series
        ("GSPC", "^GSPC"),
        ("the Dow", "^DJI"),
        ("Dow Jones Industrial Average", "^DJI"),
        ("DJIA", "^DJI"),
        ("DJI", "^DJI"),
        ("Nasdaq Composite", "^IXIC"),
        ("Nasdaq", "^IXIC"),
        ("IXIC", "^IXIC"),
        ("NDX", "^NDX"),
        ("VIX", "^VIX"),
        ("10-year Treasury yield", "DGS10"),
        ("10-year yield", "DGS10"),
        ("10-Year  Treasury   bond yield", "DGS10"),  # case and spacing
        ("benchmark 10-year", "DGS10"),
        ("2-year yield", "DGS2"),
        ("dgs30", "DGS30"),
        ("iShares Russell 2000 Growth ETF", "IWO"),
        ("Vanguard Small-Cap Growth ETF", "VBK"),
        ("iShares Russell 2000 ETF", "IWM"),
        ("e-mini Russell 2000", "RTY=F"),
        ("E-mini Russell 2000 futures", "RTY=F"),
        ("rty=f", "RTY=F"),
        ("NASDAQCOM", "NASDAQCOM"),
        ("VIXCLS", "VIXCLS"),
        ("spy", "SPY"),
    ],
)
def test_resolve_symbol(text: str, symbol: str) -> None:
    assert resolve_symbol(text) == symbol


@pytest.mark.parametrize("text", ["", "   ", "Russell", "RUT_since2016", "RUT.csv", "XYZ123",
                                  "the"])
def test_resolve_symbol_unknown_is_none(text: str) -> None:
    assert resolve_symbol(text) is None


def test_required_instruments_and_tracks() -> None:
    inst = load_instruments()
    for sym in ["^GSPC", "^DJI", "^IXIC", "^RUT", "^NDX", "^VIX", "RTY=F", "SPY", "IWM", "QQQ",
                "IWO", "VBK", "DIA", "IWN", "VTI", "DGS1MO", "DGS3MO", "DGS2", "DGS5", "DGS10",
                "DGS30", "NASDAQCOM", "VIXCLS"]:
        assert sym in inst, sym
    assert inst["RTY=F"].tracks == "^RUT"
    assert inst["RTY=F"].kind == "future"
    assert inst["NASDAQCOM"].tracks == "^IXIC"
    assert inst["VIXCLS"].tracks == "^VIX"
    assert inst["^RUT"].tracks is None
    assert inst["IWM"].tracks is None  # an ETF's price is not the index level
    assert inst["DGS10"].kind == "yield"
    assert inst["IWO"].kind == "etf"
    assert inst["^GSPC"].kind == "index"
    assert isinstance(inst["^RUT"], Instrument)
    assert "Russell 2000" in inst["^RUT"].aliases


def test_table_is_consistent() -> None:
    """Read the packaged CSV independently: kinds valid, symbols and aliases unique."""
    text = resources.files("marketdesk").joinpath("data/instruments.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert [*rows[0].keys()] == ["symbol", "name", "kind", "currency", "aliases", "tracks"]
    symbols = [r["symbol"] for r in rows]
    assert len(symbols) == len(set(symbols))
    seen: dict[str, str] = {}
    for r in rows:
        assert r["kind"] in KINDS
        assert r["currency"] == "USD"
        assert not r["tracks"] or r["tracks"] in symbols
        for name in [r["symbol"], *filter(None, r["aliases"].split("|"))]:
            key = name.casefold()
            assert seen.setdefault(key, r["symbol"]) == r["symbol"], name
    assert len(load_instruments()) == len(rows)


def test_every_alias_resolves_to_its_instrument() -> None:
    for inst in load_instruments().values():
        for alias in (inst.symbol, *inst.aliases):
            assert resolve_symbol(alias) == inst.symbol
            assert resolve_symbol(alias.upper()) == inst.symbol


def test_get_instrument() -> None:
    got = get_instrument("small caps index")
    assert got is None
    rty = get_instrument("e-mini Russell 2000")
    assert rty is not None and rty.symbol == "RTY=F" and rty.name.startswith("E-mini")


def test_instruments_frame() -> None:
    frame = instruments_frame()
    assert frame.columns == ["symbol", "name", "kind", "currency", "aliases", "tracks"]
    assert frame.schema["aliases"] == pl.List(pl.String)
    assert frame["symbol"].is_unique().all()
    assert frame.height == len(load_instruments())
    row = frame.filter(pl.col("symbol") == "RTY=F").row(0, named=True)
    assert row["tracks"] == "^RUT"
    assert "e-mini Russell 2000" in row["aliases"]
