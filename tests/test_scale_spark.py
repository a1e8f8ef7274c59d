"""Spark engine parity: the same rows as the local engine, on a local[2] session.

Needs pyspark >= 4 and Java 17+; without them these tests skip (and fail in CI, by design)
saying what to install.
"""

from __future__ import annotations

import datetime as dt
import shutil

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import marketdesk.scale as scale
from scale_helpers import AS_OF, gbm_universe, shared_universe

INSTALL = ("the Spark engine needs `pip install 'pyspark>=4'` and Java 17+ "
           "(Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`)")


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark", minversion="4.0", reason=INSTALL)
    if shutil.which("java") is None and not __import__("os").environ.get("JAVA_HOME"):
        pytest.skip(INSTALL)
    from marketdesk.scale.spark import local_session

    session = local_session(cores=2, shuffle_partitions=2, memory="1g")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_shared_data_parity(spark, bars):
    from conftest import manifest

    u = shared_universe(bars, manifest())
    local = scale.universe_facts(u, AS_OF)
    remote = scale.universe_facts(u, AS_OF, engine="spark", spark=spark)
    assert remote.height == u["symbol"].n_unique()
    assert_frame_equal(local, remote)


def test_generated_parquet_parity(spark, tmp_path):
    u = gbm_universe(n_series=20, n_days=700, seed=5)
    path = tmp_path / "universe.parquet"
    u.write_parquet(path)
    as_of = dt.date(2021, 3, 15)
    local = scale.universe_facts(path, as_of)
    remote = scale.universe_facts(str(path), as_of, engine="spark", spark=spark,
                                  metrics=None)
    assert_frame_equal(local, remote)
    assert local.filter(pl.col("month_rank").is_not_null()).height > 10
