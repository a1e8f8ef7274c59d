"""The DuckDB store: idempotent transactional loads, source order, reads, errors, locking.

Small hand-made frames for the semantics; the real RUT files for the two-source resolution.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from marketdesk.cli.hints import hint_for
from marketdesk.errors import ConflictError, DataFormatError, NoDataError, StoreError, SymbolError
from marketdesk.schema import BAR_COLUMNS
from marketdesk.store import Store
from marketdesk.store import load as load_module

D = dt.date


def frame(closes: dict[dt.date, float], *, source: str = "a", symbol: str = "^TEST") -> pl.DataFrame:
    """Bars with high = close + 1, low = close - 1."""
    dates = list(closes)
    c = [closes[d] for d in dates]
    return pl.DataFrame({"symbol": symbol, "date": dates, "open": c,
                         "high": [x + 1 for x in c], "low": [x - 1 for x in c], "close": c,
                         "volume": 100.0, "source": source})


WEEK = {D(2024, 11, 18): 10.0, D(2024, 11, 19): 11.0, D(2024, 11, 20): 12.0}
LATER = {D(2024, 11, 20): 12.5, D(2024, 11, 21): 13.0, D(2024, 11, 22): 14.0}


def snapshot(store: Store) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    return store.all_raw_bars(), store.loads(), store.symbols()


def assert_same(a: tuple[pl.DataFrame, ...], b: tuple[pl.DataFrame, ...]) -> None:
    for x, y in zip(a, b, strict=True):
        assert_frame_equal(x, y)


@pytest.fixture()
def store(tmp_path: Path):
    with Store(tmp_path / "sub" / "md.duckdb") as s:
        yield s


# -- loading -------------------------------------------------------------------------------------
def test_load_creates_parent_folder_and_reports_counts(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "md.duckdb"
    with Store(path) as s:
        report = s.load(frame(WEEK), origin="week.csv", content_hash="abc")
        assert (report.inserted, report.unchanged, report.changed, report.rows_in) == (3, 0, 0, 3)
        assert report.symbol == "^TEST" and report.source == "a" and report.load_id == 1
        loads = s.loads()
    assert path.exists()
    assert loads.select("origin", "content_hash", "rows_in", "rows_inserted").row(0) == (
        "week.csv", "abc", 3, 3)


def test_reload_is_idempotent(store: Store) -> None:
    store.load(frame(WEEK), origin="week.csv")
    before = snapshot(store)
    report = store.load(frame(WEEK), origin="week.csv")
    assert (report.inserted, report.unchanged, report.changed) == (0, 3, 0)
    assert report.load_id is None
    assert_same(before, snapshot(store))


def test_conflict_raises_and_writes_nothing(store: Store) -> None:
    store.load(frame(WEEK), origin="week.csv")
    before = snapshot(store)
    changed = frame({**WEEK, D(2024, 11, 19): 11.5, D(2024, 11, 25): 20.0})
    with pytest.raises(ConflictError) as err:
        store.load(changed, origin="revised.csv")
    msg = str(err.value)
    assert "revised.csv" in msg and "^TEST 2024-11-19 close: stored 11.0, new 11.5" in msg
    assert {"symbol": "^TEST", "column": "close", "old": 11.0, "new": 11.5}.items() <= next(
        c for c in err.value.conflicts if c["column"] == "close").items()
    assert_same(before, snapshot(store))   # not even the new 2024-11-25 row


def test_replace_updates_and_counts(store: Store) -> None:
    store.load(frame(WEEK), origin="week.csv")
    changed = frame({**WEEK, D(2024, 11, 19): 11.5, D(2024, 11, 21): 13.0})
    report = store.load(changed, origin="revised.csv", replace=True)
    assert (report.inserted, report.unchanged, report.changed) == (1, 2, 1)
    assert {(c["column"], c["old"], c["new"]) for c in report.conflicts} >= {("close", 11.0, 11.5)}
    got = store.bars("^TEST")
    assert got["close"].to_list() == [10.0, 11.5, 12.0, 13.0]
    assert store.loads()["rows_changed"].to_list() == [0, 1]


def test_failure_mid_load_rolls_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.load(frame(WEEK), origin="week.csv")
    before = snapshot(store)
    # the bars are inserted, then the source-order statement fails
    monkeypatch.setattr(load_module, "_ORDER_SQL", "INSERT INTO no_such_table VALUES (1)")
    with pytest.raises(Exception, match="no_such_table"):
        store.load(frame(LATER, source="b"), origin="later.csv")
    assert_same(before, snapshot(store))
    monkeypatch.undo()
    assert store.load(frame(LATER, source="b"), origin="later.csv").inserted == 3


@pytest.mark.parametrize("bad", [
    pl.DataFrame({"symbol": ["^TEST"], "date": [None], "close": [1.0], "source": ["a"]},
                 schema_overrides={"date": pl.Date}),
    pl.DataFrame({"symbol": ["^TEST"], "date": [D(2024, 11, 25)], "close": ["n/a"], "source": ["a"]}),
    pl.DataFrame({"symbol": ["^TEST"], "date": [D(2024, 11, 25)], "source": ["a"]}),
    pl.concat([frame(WEEK), frame(WEEK)]),
])
def test_bad_frame_is_rejected_before_writing(store: Store, bad: pl.DataFrame) -> None:
    store.load(frame(WEEK), origin="week.csv")
    before = snapshot(store)
    with pytest.raises(DataFormatError, match="bad.csv"):
        store.load(bad, origin="bad.csv")
    assert_same(before, snapshot(store))


def test_load_report_carries_quality_warnings(store: Store, tmp_path: Path) -> None:
    from marketdesk.desk import Desk

    bars = frame({D(2025, 9, 1): 15.0, D(2025, 9, 2): 16.0})
    assert store.load(bars, origin="vix.csv").warnings == ()   # the store runs no checks
    path = tmp_path / "vix.csv"
    bars.select("date", "open", "high", "low", "close", "volume").write_csv(path)
    with Desk(tmp_path / "desk.duckdb") as desk:                # Desk.load attaches them
        (report,) = desk.load([path], symbol="^TEST")
    assert [(w.check, w.dates) for w in report.warnings] == [("non_session", (D(2025, 9, 1),))]
    assert report.to_dict()["warnings"][0]["date"] == "2025-09-01"


# -- source order --------------------------------------------------------------------------------
def test_sources_resolve_in_load_order_and_primary_moves_first(store: Store) -> None:
    store.load(frame(WEEK, source="a"), origin="a.csv")
    store.load(frame(LATER, source="b"), origin="b.csv")
    assert store.sources("^TEST") == ["a", "b"]
    got = store.bars("^TEST")
    assert got["date"].to_list() == [D(2024, 11, d) for d in (18, 19, 20, 21, 22)]
    assert got["source"].to_list() == ["a", "a", "a", "b", "b"]
    assert got.filter(pl.col("date") == D(2024, 11, 20))["close"].item() == 12.0
    assert got.columns == BAR_COLUMNS

    store.set_primary("^TEST", "b")
    assert store.sources("^TEST") == ["b", "a"]
    assert store.bars("^TEST").filter(pl.col("date") == D(2024, 11, 20))["close"].item() == 12.5

    store.load(frame(WEEK, source="a"), origin="a.csv", primary=True)
    assert store.sources("^TEST") == ["a", "b"]
    with pytest.raises(NoDataError, match="no source 'c'"):
        store.set_primary("^TEST", "c")


def test_raw_bars_and_date_range(store: Store) -> None:
    store.load(frame(WEEK, source="a"), origin="a.csv")
    store.load(frame(LATER, source="b"), origin="b.csv")
    raw = store.raw_bars("^TEST")
    assert raw.height == 6
    assert raw.filter(pl.col("date") == D(2024, 11, 20))["source"].to_list() == ["a", "b"]
    assert store.raw_bars("^TEST", "b")["close"].to_list() == [12.5, 13.0, 14.0]
    ranged = store.bars("^TEST", "2024-11-19", D(2024, 11, 21))
    assert ranged["date"].to_list() == [D(2024, 11, 19), D(2024, 11, 20), D(2024, 11, 21)]


def test_symbols_last_date_instrument(store: Store) -> None:
    store.load(frame(WEEK, source="a"), origin="a.csv")
    store.load(frame(LATER, source="b"), origin="b.csv")
    store.load(frame({D(2024, 11, 18): 4.4}, symbol="DGS10", source="fred"), origin="fred")
    sym = store.symbols().filter(pl.col("symbol") == "^TEST").to_dicts()[0]
    assert sym["sources"] == ["a", "b"] and sym["rows"] == 5
    assert (sym["first_date"], sym["last_date"]) == (D(2024, 11, 18), D(2024, 11, 22))
    assert store.last_date() == D(2024, 11, 22)
    assert store.last_date("DGS10") == D(2024, 11, 18)
    assert store.last_date("NOPE") is None
    reg = store.instrument("DGS10")
    if reg is not None:                      # seeded from marketdesk.instruments when present
        assert reg["kind"] == "yield"
        assert store.symbols().filter(pl.col("symbol") == "DGS10")["kind"].item() == "yield"


# -- errors --------------------------------------------------------------------------------------
def test_unknown_symbol_suggests_close_matches(store: Store) -> None:
    store.load(frame(WEEK, symbol="^RUT"), origin="rut.csv")
    with pytest.raises(SymbolError) as err:
        store.bars("^RUTT")
    assert err.value.suggestions[0] == "^RUT" and err.value.in_store is False
    assert "marketdesk load FILE --symbol ^RUTT" in hint_for(err.value)   # the CLI's hint
    with pytest.raises(SymbolError) as none:      # unknown, no close match: still exit 4
        store.bars("ZZQX9")
    assert none.value.suggestions == [] and none.value.exit_code == 4
    assert re.search(r"marketdesk load FILE --symbol ZZQX9.*marketdesk fetch ZZQX9",
                     hint_for(none.value))


def test_registry_symbol_not_loaded_is_no_data(store: Store) -> None:
    if store.instrument("^GSPC") is None:
        pytest.skip("instrument registry (marketdesk.instruments) not available")
    with pytest.raises(NoDataError) as err:
        store.bars("^GSPC")
    assert "marketdesk fetch ^GSPC" in hint_for(err.value)


@pytest.mark.parametrize("where", ["/proc/x/md.duckdb", "/proc/x"])
def test_unwritable_path_is_a_store_error(where: str) -> None:
    with pytest.raises(StoreError) as err:
        Store(where)
    assert where in str(err.value) and "MARKETDESK_DB" in str(err.value)
    assert "--db" in str(err.value)


def test_folder_or_foreign_file_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
    junk = tmp_path / "junk.duckdb"
    junk.write_text("Date,Close\n2024-11-25,1\n" * 1000)
    with pytest.raises(StoreError, match="junk.duckdb"):
        Store(junk)


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MARKETDESK_DB", str(tmp_path / "env.duckdb"))
    assert Store.default_path() == tmp_path / "env.duckdb"
    monkeypatch.delenv("MARKETDESK_DB")
    path = Store.default_path()
    assert path.name == "marketdesk.duckdb" and "marketdesk" in path.parent.name


def test_read_only(tmp_path: Path) -> None:
    path = tmp_path / "md.duckdb"
    with Store(path) as s:
        s.load(frame(WEEK), origin="week.csv")
    with Store(path, read_only=True) as r:
        assert r.bars("^TEST")["close"].to_list() == [10.0, 11.0, 12.0]
        with pytest.raises(StoreError, match="read-only"):
            r.load(frame(LATER), origin="later.csv")
    missing = tmp_path / "none.duckdb"
    with pytest.raises(StoreError, match="No store at .*none.duckdb") as err:
        Store(missing, read_only=True)
    assert err.value.reason == "missing"
    assert not missing.exists()


def test_closed_store_raises(tmp_path: Path) -> None:
    s = Store(tmp_path / "md.duckdb")
    s.close()
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.symbols()


# -- concurrency (real processes) ----------------------------------------------------------------
_LOADER = textwrap.dedent("""
    import datetime as dt, sys
    import polars as pl
    from marketdesk.store import Store
    from marketdesk.errors import StoreError
    path, source, n, hold, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    dates = [dt.date(2000, 1, 3) + dt.timedelta(days=i) for i in range(n)]
    bars = pl.DataFrame({"symbol": "^RACE", "date": dates, "close": [float(i + 1) for i in range(n)],
                         "source": source})
    try:
        with Store(path, lock_timeout=timeout) as s:
            s.load(bars, origin=source)
            print("loaded", flush=True)
            if hold == "hold":
                sys.stdin.readline()          # keep the store open until told to go
    except StoreError as e:
        print("ERR", e, flush=True)
        sys.exit(3)
    print("OK", flush=True)
""")


def _spawn(path: Path, source: str, n: int, *, hold: bool = False,
           timeout: float = 60) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _LOADER, str(path), source, str(n), "hold" if hold else "go",
         str(timeout)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def test_racing_loads_both_commit(tmp_path: Path) -> None:
    path = tmp_path / "race.duckdb"
    procs = [_spawn(path, "p1", 3000), _spawn(path, "p2", 2000)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with Store(path, read_only=True) as s:
        raw = s.raw_bars("^RACE")
        assert raw.group_by("source").len().sort("source").rows() == [("p1", 3000), ("p2", 2000)]
        assert s.loads().height == 2


def test_locked_store_times_out_with_clear_error_and_stays_whole(tmp_path: Path) -> None:
    path = tmp_path / "lock.duckdb"
    holder = _spawn(path, "holder", 500, hold=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "loaded"
    loser = _spawn(path, "loser", 700, timeout=0.3)
    out, _ = loser.communicate(timeout=60)
    holder.communicate("go\n", timeout=60)
    assert loser.returncode == 3
    assert "database is locked by another marketdesk process" in out
    assert f"pid {holder.pid}" in out
    assert holder.returncode == 0
    with Store(path, read_only=True) as s:
        raw = s.raw_bars("^RACE")
        assert raw["source"].unique().to_list() == ["holder"] and raw.height == 500


def test_lock_wait_then_succeed(tmp_path: Path) -> None:
    path = tmp_path / "wait.duckdb"
    holder = _spawn(path, "holder", 10, hold=True)
    assert holder.stdin is not None and holder.stdout is not None
    assert holder.stdout.readline().strip() == "loaded"
    release = threading.Timer(0.3, lambda: (holder.stdin.write("go\n"), holder.stdin.flush()))
    release.start()
    try:
        with Store(path, lock_timeout=30) as s:   # waits for the holder to close, then reads it
            assert s.sources("^RACE") == ["holder"]
    finally:
        release.join()
        holder.communicate(timeout=60)
    assert holder.returncode == 0


# -- real data -----------------------------------------------------------------------------------
def test_rut_two_sources(bars, tmp_path: Path) -> None:
    rut, since = bars("RUT.csv"), bars("RUT_since2016.csv")
    with Store(tmp_path / "rut.duckdb") as s:
        first = s.load(rut, origin="RUT.csv")
        s.load(since, origin="RUT_since2016.csv")
        assert first.inserted == 9686       # rows listed in SOURCES.md
        got = s.bars("^RUT")
        day = got.filter(pl.col("date") == D(2024, 11, 25))
        assert day["close"].item() == pytest.approx(2442.03, abs=0.005)
        assert day["source"].item() == rut["source"][0]
        assert got["date"].max() == D(2026, 8, 21)
        assert got.filter(pl.col("date") > D(2026, 2, 23))["source"].unique().to_list() == [
            since["source"][0]]
        assert got["date"].is_unique().all() and got["date"].is_sorted()
        # RUT.csv's wrong 2025-09-08 close wins while it is first; the other source's when primary
        sep8 = pl.col("date") == D(2025, 9, 8)
        assert got.filter(sep8)["close"].item() == pytest.approx(2393.69, abs=0.005)
        again = s.load(since, origin="RUT_since2016.csv", primary=True)
        assert (again.inserted, again.changed, again.unchanged) == (0, 0, since.height)
        assert s.bars("^RUT").filter(sep8)["close"].item() == pytest.approx(2394.89, abs=0.005)
