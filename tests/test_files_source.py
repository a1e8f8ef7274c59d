"""The file source: every real file loads as it is; bad input fails naming file, line and column.

Expected values come from shared/data/SOURCES.md (its summary table and reference checks), from an
independent read of the files with the csv module, or from hand-made files with hand-computed
answers. Never from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest

from marketdesk.errors import DataFormatError, SymbolError
from marketdesk.schema import BAR_SCHEMA
from marketdesk.sources.file_normalize import unadjust_dividends
from marketdesk.sources.files import (
    FileQuery,
    infer_symbol,
    read_file,
    read_manifest,
    sniff_format,
)

FIXTURES = Path(__file__).parent / "fixtures" / "files"
D = dt.date.fromisoformat

# From SOURCES.md's summary table: file -> (symbol, first date, last date, data rows kept).
# VIXCLS: 9446 data rows of which 301 have an empty value (dropped).
EXPECTED = {
    "RUT.csv": ("^RUT", "1987-09-10", "2026-02-23", 9686),
    "RUT_since2016.csv": ("^RUT", "2016-06-28", "2026-08-21", 2552),
    "GSPC.csv": ("^GSPC", "1927-12-30", "2026-02-27", 24656),
    "GSPC_since2016.csv": ("^GSPC", "2016-06-28", "2026-08-21", 2552),
    "DGS10.csv": ("DGS10", "1962-01-02", "2026-08-20", 16144),
    "DGS2.csv": ("DGS2", "1976-06-01", "2026-08-20", 12552),
    "DJI.csv": ("^DJI", "1992-01-02", "2026-02-23", 8596),
    "IXIC.csv": ("^IXIC", "2016-06-28", "2026-08-21", 2552),
    "NASDAQCOM.csv": ("^IXIC", "1971-02-05", "2026-08-20", 14003),
    "VIX.csv": ("^VIX", "1990-01-02", "2026-02-23", 9103),
    "VIXCLS.csv": ("^VIX", "1990-01-02", "2026-03-17", 9446 - 301),
    "IWM.csv": ("IWM", "2000-05-26", "2026-08-21", 6598),
    "SPY.csv": ("SPY", "1993-01-29", "2026-08-21", 8448),
    "QQQ.csv": ("QQQ", "1999-03-10", "2026-08-21", 6906),
    "IWO.csv": ("IWO", "2000-07-28", "2025-12-26", 6392),
    "VBK.csv": ("VBK", "2005-01-03", "2026-05-01", 5366),
    "RTY_F.csv": ("RTY=F", "2017-07-10", "2026-02-23", 2173),
}
# What the file alone says (no manifest): header, ticker column or file name.
INFERRED = {**{f: s for f, (s, *_) in EXPECTED.items()},
            "NASDAQCOM.csv": "NASDAQCOM", "VIXCLS.csv": "VIXCLS"}


@pytest.fixture(scope="module")
def folder(shared_data: Path) -> Path:
    """The shared data folder (the fixture may give its MANIFEST.csv)."""
    return shared_data.parent if shared_data.is_file() else shared_data


def on(frame: pl.DataFrame, day: str) -> dict:
    rows = frame.filter(pl.col("date") == D(day))
    assert rows.height == 1, f"{day}: {rows.height} rows"
    return rows.row(0, named=True)


def csv_closes(path: Path) -> dict[dt.date, float]:
    """Independent read: date -> close (or FRED value) with the csv module; empty values skipped."""
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    if header[0] == "Price":  # yfinance three header lines
        body = rows[3:]
    names = [h.lower() for h in header]
    col = names.index("close") if "close" in names else 1
    return {D(r[0][:10]): float(r[col]) for r in body if r and r[col] not in ("", ".")}


# ---------------------------------------------------------------- real files ---------------------


def test_manifest_lists_every_file(folder: Path) -> None:
    listed = read_manifest(folder)
    assert {p.name for p, _ in listed} == set(EXPECTED)
    assert all(p.is_file() for p, _ in listed)
    assert dict((p.name, s) for p, s in listed)["GSPC.csv"] == "^GSPC"


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_every_file_loads(bars, file: str) -> None:
    symbol, first, last, n = EXPECTED[file]
    frame = bars(file)
    assert frame.schema == pl.Schema(BAR_SCHEMA)
    assert frame.height == n
    assert frame["symbol"].unique().to_list() == [symbol]
    assert frame["source"].unique().to_list() == [f"file:{file}"]
    assert frame["date"][0] == D(first) and frame["date"][-1] == D(last)
    assert frame["date"].is_sorted() and frame["date"].is_unique().all()
    assert frame["close"].null_count() == 0


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_symbol_inferred_without_manifest(folder: Path, file: str) -> None:
    frame = read_file(folder / file)
    assert frame["symbol"].unique().to_list() == [INFERRED[file]]


@pytest.mark.parametrize("file", sorted(set(EXPECTED) - {"IWO.csv"}))
def test_closes_equal_an_independent_csv_read(bars, folder: Path, file: str) -> None:
    expected = csv_closes(folder / file)
    got = dict(zip(bars(file)["date"].to_list(), bars(file)["close"].to_list()))
    assert got == expected


def test_sniffed_formats(folder: Path) -> None:
    assert sniff_format(folder / "RUT.csv") == "yahoo"
    assert sniff_format(folder / "GSPC.csv") == "yfinance-multiheader"
    assert sniff_format(folder / "RUT_since2016.csv") == "ibkr"
    assert sniff_format(folder / "DGS10.csv") == "fred"
    assert sniff_format(folder / "VIXCLS.csv") == "fred"
    assert sniff_format(folder / "IWO.csv") == "yfinance-history"


def test_rut_spot_values(bars) -> None:
    row = on(bars("RUT.csv"), "2024-11-25")
    assert row["close"] == pytest.approx(2442.030029, abs=1e-6)
    assert row["high"] == pytest.approx(2466.489990, abs=1e-6)
    assert row["open"] == pytest.approx(2419.08, abs=0.005)
    assert row["adj_close"] is None
    assert on(bars("RUT.csv"), "2021-11-08")["close"] == pytest.approx(2442.739990, abs=1e-6)
    assert on(bars("RUT_since2016.csv"), "2024-11-25")["close"] == 2442.03


def test_gspc_three_header_lines(bars) -> None:
    frame = bars("GSPC.csv")
    assert on(frame, "2024-11-11")["close"] == pytest.approx(6001.350098, abs=1e-6)
    assert on(frame, "2024-11-25")["close"] == pytest.approx(5987.370117, abs=1e-6)
    assert (frame["adj_close"] == frame["close"]).all()  # SOURCES.md: equal on every row


def test_fred_close_only(bars) -> None:
    row = on(bars("DGS10.csv"), "2024-11-25")
    assert row["close"] == 4.27
    assert row["open"] is None and row["high"] is None and row["low"] is None
    assert row["volume"] is None
    assert on(bars("DGS10.csv"), "2024-11-22")["close"] == 4.41
    assert bars("DGS10.csv").filter(pl.col("date") == D("2024-11-11")).height == 0  # Veterans Day
    assert on(bars("VIXCLS.csv"), "2024-11-25")["close"] == 14.60


def test_iwo_rebuilt_from_dividends(bars) -> None:
    frame = bars("IWO.csv")
    assert frame.schema["date"] == pl.Date
    end, start = on(frame, "2024-11-25"), on(frame, "2023-12-29")
    assert end["close"] == pytest.approx(314.56, abs=0.005)
    assert end["close"] / start["close"] - 1 == pytest.approx(0.2472, abs=0.00005)
    assert end["adj_close"] < end["close"]  # the file's adjusted close is kept
    assert end["open"] <= end["high"] and end["low"] <= end["close"] <= end["high"]


def test_vbk_adjusted_close(bars) -> None:
    frame = bars("VBK.csv")
    assert frame["adj_close"].null_count() == 0
    assert on(frame, "2024-11-25")["close"] == pytest.approx(301.65, abs=0.005)
    assert on(frame, "2024-11-25")["close"] / on(frame, "2023-12-29")["close"] - 1 == \
        pytest.approx(0.2477, abs=0.00005)


def test_unadjust_rebuilds_vbk_close(folder: Path) -> None:
    """SOURCES.md: the IWO rule applied to VBK's AdjClose and Dividends gives VBK's Close."""
    with open(folder / "VBK.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    adj = [float(r["AdjClose"]) for r in rows]
    frame = pl.DataFrame({"symbol": "VBK", "date": [r["Date"] for r in rows], "open": adj,
                          "high": adj, "low": adj, "close": adj,
                          "dividends": [float(r["Dividends"]) for r in rows]})
    rebuilt = unadjust_dividends(frame)["close"].to_list()
    traded = [float(r["Close"]) for r in rows]
    assert sum(float(r["Dividends"]) > 0 for r in rows) > 50
    assert rebuilt == pytest.approx(traded, rel=2e-6)


# ---------------------------------------------------------------- hand-made files ----------------


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def test_history_fixture_gives_traded_prices() -> None:
    frame = read_file(FIXTURES / "history_dividends.csv")
    assert frame["symbol"].unique().to_list() == ["TEST"]  # from the ticker column
    assert frame["date"].to_list() == [D("2024-03-18"), D("2024-03-19"), D("2024-03-20")]
    assert frame["close"].to_list() == pytest.approx([100, 101, 102], abs=1e-9)
    assert frame["open"].to_list() == pytest.approx([99, 100, 101], abs=1e-9)
    assert frame["high"].to_list() == pytest.approx([101, 102, 103], abs=1e-9)
    assert frame["low"].to_list() == pytest.approx([98, 99, 100], abs=1e-9)
    assert frame["adj_close"].to_list() == pytest.approx([9801 / 101, 99, 102], abs=1e-9)


def test_column_order_case_and_extras(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", """
        Volume,Adj Close,low,HIGH,Open,Close,Date,Note
        10,1.5,0.5,2.5,1.0,2.0,2024-01-03,hello
        ,1.4,0.4,2.4,0.9,1.9,2024-01-02,
        """)
    frame = read_file(path, "IWM")
    assert frame["date"].to_list() == [D("2024-01-02"), D("2024-01-03")]  # sorted
    assert frame.row(1, named=True) == {
        "symbol": "IWM", "date": D("2024-01-03"), "open": 1.0, "high": 2.5, "low": 0.5,
        "close": 2.0, "adj_close": 1.5, "volume": 10.0, "source": "file:x.csv"}
    assert frame["volume"][0] is None


def test_fred_formats(tmp_path: Path) -> None:
    old = write(tmp_path, "old.csv", "DATE,DGS2\n2024-11-22,4.37\n2024-11-28,.\n2024-11-25,4.21\n")
    frame = read_file(old)
    assert frame["symbol"].unique().to_list() == ["DGS2"]  # from the series header
    assert frame["close"].to_list() == [4.37, 4.21]
    assert frame["open"].null_count() == 2
    new = write(tmp_path, "DGS10.csv", "date,value\n2024-11-25,4.27\n2024-11-11,\n")
    assert read_file(new)["symbol"].to_list() == ["DGS10"]  # from the file name


def test_other_date_and_number_spellings(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", 'Date;Close;Volume\n11/25/2024;"$2,442.03";1 000\n'
                                    '20241126;2,450.5;nan\n')
    frame = read_file(path, "^RUT", source="manual")
    assert frame["date"].to_list() == [D("2024-11-25"), D("2024-11-26")]
    assert frame["close"].to_list() == [2442.03, 2450.5]
    assert frame["volume"].to_list() == [1000.0, None]
    assert frame["source"].unique().to_list() == ["manual"]


def test_crlf_and_quoted_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", b'"Date","Close","Volume"\r\n"2024-01-02","1.5","7"\r\n'
                                    b"2024-01-03,x,8\r\n")
    fails(path, line=3, column="Close")
    path.write_bytes(path.read_bytes().replace(b",x,", b",2,"))
    frame = read_file(path, "SPY")
    assert frame.select("close", "volume").rows() == [(1.5, 7.0), (2.0, 8.0)]


def test_exact_duplicates_dropped_and_unsorted_sorted(tmp_path: Path) -> None:
    path = write(tmp_path, "SPY.csv", """
        Date,Close
        2024-01-04,3
        2024-01-02,1
        2024-01-04,3
        2024-01-03,2
        """)
    frame = read_file(path)
    assert frame["close"].to_list() == [1.0, 2.0, 3.0]


def test_blank_lines_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "SPY.csv", "Date,Close\n2024-01-02,1\n\n2024-01-03,2\n\n")
    assert read_file(path).height == 2


def test_ticker_column_with_several_symbols(tmp_path: Path) -> None:
    path = write(tmp_path, "long.csv", """
        date,ticker,close
        2024-01-02,SPX,1
        2024-01-02,RUT,2
        2024-01-03,SPX,3
        """)
    frame = read_file(path)
    assert frame.select("symbol", "date", "close").rows() == [
        ("^GSPC", D("2024-01-02"), 1.0), ("^GSPC", D("2024-01-03"), 3.0),
        ("^RUT", D("2024-01-02"), 2.0)]
    with pytest.raises(SymbolError, match="2 tickers"):
        read_file(path, "^RUT")


def test_explicit_symbol_wins_and_is_canonical(tmp_path: Path) -> None:
    path = write(tmp_path, "RUT.csv", "Date,Close\n2024-01-02,1\n")
    assert read_file(path, "SPX")["symbol"].to_list() == ["^GSPC"]
    assert read_file(path, "mytick")["symbol"].to_list() == ["MYTICK"]


def test_parquet(tmp_path: Path) -> None:
    frame = pl.DataFrame({
        "Date": [dt.datetime(2024, 1, 3, 0, 0), dt.datetime(2024, 1, 2, 0, 0)],
        "Close": [2.0, 1.0], "Adj Close": [1.9, 0.9], "Volume": [5, 6], "Ticker": ["IWM", "IWM"],
    }).with_columns(pl.col("Date").dt.replace_time_zone("America/New_York"))
    path = tmp_path / "data.parquet"
    frame.write_parquet(path)
    assert sniff_format(path) == "parquet"
    got = read_file(path)
    assert got.select("symbol", "date", "close", "adj_close", "volume").rows() == [
        ("IWM", D("2024-01-02"), 1.0, 0.9, 6.0), ("IWM", D("2024-01-03"), 2.0, 1.9, 5.0)]
    canonical = tmp_path / "canon.parquet"
    got.write_parquet(canonical)
    assert read_file(canonical).equals(got.with_columns(source=pl.lit("file:canon.parquet")))


def test_infer_symbol_from_names() -> None:
    assert infer_symbol("a/RUT.csv") == "^RUT"
    assert infer_symbol("a/^SPX.csv") == "^GSPC"
    assert infer_symbol("RUT_since2016.csv") == "^RUT"
    assert infer_symbol("RTY_F.csv") == "RTY=F"
    assert infer_symbol("DGS10.parquet") == "DGS10"
    assert infer_symbol("prices.csv") is None
    assert infer_symbol("prices.csv", "^SPX") == "^GSPC"
    assert infer_symbol("prices.csv", "ABC") == "ABC"


def test_file_query_parse() -> None:
    q = FileQuery.parse("~/x.csv", " ", None)
    assert q.symbol is None and not str(q.path).startswith("~")
    assert q.source_label == "file:x.csv"


# ---------------------------------------------------------------- bad input ----------------------


def fails(path: Path, *, line: int | None, column: str | None = None, symbol: str | None = "SPY",
          match: str | None = None) -> DataFormatError:
    with pytest.raises(DataFormatError, match=match) as info:
        read_file(path, symbol)
    err = info.value
    assert err.path == str(path) and str(path) in str(err)
    assert err.line == line
    if line is not None:
        assert f"line {line}" in str(err)
    if column is not None:
        assert err.column == column and repr(column) in str(err)
    return err


def test_bad_number_names_line_and_column(tmp_path: Path) -> None:
    rows = "".join(f"2024-01-{d:02d},1,2,0.5,1.5,100\n" for d in range(2, 7))
    path = write(tmp_path, "x.csv", "Date,Open,High,Low,Close,Volume\n" + rows
                 + "2024-01-08,1,2,0.5,abc,100\n")
    err = fails(path, line=7, column="Close", match="number")
    assert err.value == "abc"


def test_bad_date_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "Date,Close\n2024-01-02,1\n2024-13-45,2\n")
    assert fails(path, line=3, column="Date", match="date").value == "2024-13-45"


def test_missing_date_in_a_row(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "Date,Close\n2024-01-02,1\n,2\n")
    fails(path, line=3, column="Date", match="no date")


def test_line_numbers_after_blank_lines_and_three_header_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "Price,Close,Open\nTicker,SPY,SPY\nDate,,\n"
                                    "2024-01-02,1,1\n\n2024-01-03,1,x\n")
    fails(path, line=6, column="Open")


def test_line_number_far_into_a_large_file(tmp_path: Path) -> None:
    """Blocks are cut at ~2 MB; the line number must survive the cut."""
    day = dt.date(1800, 1, 1)
    lines = [f"{day + dt.timedelta(days=i)},{i}.25,{'z' * 40}\n" for i in range(60_000)]
    lines[54_321] = lines[54_321].replace(".25,", ".2.5,")
    path = write(tmp_path, "SPY.csv", "Date,Close,Note\n" + "".join(lines))
    assert path.stat().st_size > 3_000_000
    fails(path, line=54_323, column="Close")


def test_missing_columns(tmp_path: Path) -> None:
    fails(write(tmp_path, "a.csv", "Close,Open\n1,2\n"), line=1, column="Date", match="no date")
    fails(write(tmp_path, "b.csv", "Date,Open,High\n2024-01-02,1,2\n"), line=1, match="no close")


def test_empty_and_header_only(tmp_path: Path) -> None:
    fails(write(tmp_path, "a.csv", b""), line=1, match="empty")
    fails(write(tmp_path, "b.csv", b"  \n\n"), line=1, match="empty")
    fails(write(tmp_path, "c.csv", "Date,Close\n"), line=2, match="no data rows")
    fails(write(tmp_path, "d.csv", "date,value\n2024-01-01,.\n"), line=2, match="no data rows")


def test_binary_files(tmp_path: Path) -> None:
    fails(write(tmp_path, "a.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), line=1, match="PNG")
    fails(write(tmp_path, "b.csv", b"Date,Close\n2024-01-02,1\n\x00\x01\x02"), line=3, match="NUL")
    fails(write(tmp_path, "c.csv", b"Date,Close\n2024-01-02,1\n2024-01-03,\xff\xfe1\n"), line=3,
          match="UTF-8")
    fails(write(tmp_path, "d.parquet", b"PAR1 not really parquet"), line=None, match="Parquet")


def test_too_many_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "Date,Close\n2024-01-02,1\n2024-01-03,2,3\n")
    fails(path, line=3, match="3 fields")


def test_conflicting_duplicate_dates_name_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "Date,Close\n2024-01-02,1\n2024-01-03,2\n2024-01-02,1.5\n")
    err = fails(path, line=4, column="Date", match="lines 2 and 4")
    assert "2024-01-02" in str(err)


def test_symbol_not_inferable(tmp_path: Path) -> None:
    path = write(tmp_path, "prices.csv", "Date,Close\n2024-01-02,1\n")
    with pytest.raises(SymbolError, match="--symbol") as info:
        read_file(path)
    assert "prices.csv" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    fails(tmp_path / "nope.csv", line=None, match="no such file")


def test_manifest_errors(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("Date,Close\n2024-01-02,1\n")
    (tmp_path / "MANIFEST.csv").write_text("file,symbol\na.csv,^RUT\nb.csv,\n")
    with pytest.raises(DataFormatError, match="line 3") as info:
        read_manifest(tmp_path)
    assert info.value.value == "b.csv"
    (tmp_path / "b.csv").write_text("Date,Close\n2024-01-02,1\n")
    assert read_manifest(tmp_path) == [(tmp_path / "a.csv", "^RUT"), (tmp_path / "b.csv", None)]
    (tmp_path / "MANIFEST.csv").write_text("name,symbol\na.csv,^RUT\n")
    with pytest.raises(DataFormatError, match="'file'"):
        read_manifest(tmp_path)


# ---------------------------------------------------------------- large files --------------------

LARGE_SCRIPT = """
import resource, sys
from marketdesk.sources.files import read_file


def peak_mb():
    # VmHWM: this process's own peak. ru_maxrss is not used because Linux carries the parent's
    # peak over into a child started with vfork/exec (pytest workers are big).
    try:
        with open("/proc/self/status") as fh:
            return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


for path in sys.argv[1:]:
    frame = read_file(path, "SPY")
    print(frame.height, frame["close"][-1], frame["date"][-1], peak_mb())
"""


def write_padded(path: Path, n: int, pad: int) -> float:
    """A bar file of ``n`` days from 1900-01-01 whose bulk is an ignored column; size in MiB."""
    start = dt.date(1900, 1, 1)
    with open(path, "w") as fh:
        fh.write("Date,Open,High,Low,Close,Volume,Note\n")
        fh.writelines(f"{start + dt.timedelta(days=i)},1.5,2.5,0.5,{i}.5,100,{'x' * pad}\n"
                      for i in range(n))
    return path.stat().st_size / 2**20


def test_large_file_is_streamed(tmp_path: Path) -> None:
    """A ~200 MB file is read with memory that does not grow with the file: in one process, read
    a ~40 MB file and then the ~200 MB one; peak RSS stays well below the big file's size and grows
    by a small fraction of the size difference (a whole-file read would grow by about that much)."""
    n = 45_000                                     # 1900-01-01 to 2023: inside the calendar
    write_padded(tmp_path / "tiny.csv", n, 0)      # the baseline: imports and the parsed frame
    small_mb = write_padded(tmp_path / "small.csv", n, 800)
    big_mb = write_padded(tmp_path / "big.csv", n, 4400)
    assert big_mb > 180
    env = {**os.environ, "POLARS_MAX_THREADS": "2"}  # thread arenas would scale with the cores
    out = subprocess.run([sys.executable, "-c", LARGE_SCRIPT, str(tmp_path / "tiny.csv"),
                          str(tmp_path / "small.csv"), str(tmp_path / "big.csv")],
                         capture_output=True, text=True, check=True,
                         timeout=120, env=env).stdout.splitlines()
    tiny, small, big = (line.split() for line in out)
    for got in (tiny, small, big):
        assert int(got[0]) == n
        assert float(got[1]) == n - 1 + 0.5
        assert got[2] == str(dt.date(1900, 1, 1) + dt.timedelta(days=n - 1))
    base, peak_small, peak_big = float(tiny[3]), float(small[3]), float(big[3])
    # a whole-file read would add at least the file's size above the baseline
    assert peak_big - base < 0.5 * big_mb, (
        f"peak RSS {peak_big:.0f} MB (baseline {base:.0f} MB) for a {big_mb:.0f} MB file")
    assert peak_big - peak_small < 0.2 * (big_mb - small_mb), (peak_small, peak_big)
