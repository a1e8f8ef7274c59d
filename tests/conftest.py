"""Shared test fixtures: the real data in ../shared/data, read where it lies.

``MARKETDESK_TEST_DATA`` points at the data folder (default ``../shared/data`` from the project
root). On a user's machine a missing folder skips the tests that need it; in CI (``CI=true``) it is
a failure.
"""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def data_dir() -> Path:
    return Path(os.environ.get("MARKETDESK_TEST_DATA", ROOT.parent / "shared" / "data")).resolve()


def seeds_dir() -> Path:
    return data_dir().parent / "seeds"


def require(path: Path, what: str) -> Path:
    """Return ``path`` if it exists; else fail in CI, skip elsewhere, saying how to get it."""
    if path.exists():
        return path
    msg = (f"{what} not found at {path}. Set MARKETDESK_TEST_DATA to the folder holding the "
           "shared data (its MANIFEST.csv), or place ../shared beside the project.")
    if IN_CI:
        pytest.fail(msg)
    pytest.skip(msg)


@lru_cache(maxsize=1)
def manifest() -> dict[str, str]:
    """file name -> symbol, from the data folder's MANIFEST.csv."""
    with open(data_dir() / "MANIFEST.csv", newline="") as fh:
        return {row["file"]: row["symbol"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=None)
def _read(file: str) -> pl.DataFrame:
    from marketdesk.sources.files import read_file

    return read_file(data_dir() / file, symbol=manifest()[file])


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data folder (fails in CI, skips elsewhere when absent)."""
    return require(data_dir() / "MANIFEST.csv", "Shared market data").parent


@pytest.fixture(scope="session")
def bars(shared_data: Path):
    """``bars("RUT.csv")`` -> that file's canonical bars (one source, unique sorted dates)."""

    def get(file: str) -> pl.DataFrame:
        return _read(file)

    return get


@pytest.fixture(scope="session")
def seed_text(shared_data: Path):
    """``seed_text(0)`` -> the text of seed story 000 in ../shared/seeds."""

    def get(n: int) -> str:
        folder = require(seeds_dir(), "Seed stories")
        (path,) = sorted(folder.glob(f"{n:03d}_*.txt"))
        return path.read_text(encoding="utf-8")

    return get



@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """In CI nothing may be skipped: a skip (missing data or dependency) counts as a failure."""
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which counts as a failure: {report.longrepr}"
    return report


@pytest.fixture(scope="session")
def loaded_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real DuckDB store holding every file of the shared data (per test worker)."""
    from marketdesk.desk import Desk

    db = tmp_path_factory.mktemp("store") / "shared.duckdb"
    with Desk(db) as desk:
        desk.load([shared_data])
    return db


@pytest.fixture(scope="module")
def desk(loaded_db: Path):
    """A read-only Desk on the loaded store, one per test module."""
    from marketdesk.desk import Desk

    with Desk(loaded_db, read_only=True) as d:
        yield d
