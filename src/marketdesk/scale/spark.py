"""The Spark engine: the same :func:`~.kernel.fact_rows` applied to each symbol's Arrow group.

``groupBy("symbol").applyInArrow(kernel, schema)`` (PySpark >= 4.0): Spark reads the Parquet,
shuffles the bars so each symbol's rows meet in one task, and hands each group to the kernel as a
``pyarrow.Table``; the kernel returns that symbol's row. Results are identical to the local
engine's because it is the same function.

Running on a cluster: install marketdesk (and its dependencies: polars, pyarrow, numpy) into the
Python environment of every executor, then submit a driver script::

    # driver.py
    from pyspark.sql import SparkSession
    from marketdesk.scale.spark import spark_fact_rows

    spark = SparkSession.builder.appName("universe-facts").getOrCreate()
    rows = spark_fact_rows(spark, "s3://bucket/bars/*.parquet", as_of="2024-11-25")
    rows.write.mode("overwrite").parquet("s3://bucket/facts/2024-11-25")

    spark-submit --master yarn --conf spark.executorEnv.PYSPARK_PYTHON=/opt/venv/bin/python \\
        --conf spark.pyspark.python=/opt/venv/bin/python driver.py

(``--archives venv.tar.gz#venv`` with ``spark.pyspark.python=./venv/bin/python`` ships a packed
virtualenv, made with ``venv-pack``, instead of a pre-installed one.) Spark needs Java 17+ for
PySpark 4 (Debian/Ubuntu: ``apt-get install openjdk-17-jre-headless``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from .kernel import ROW_SCHEMA, fact_rows

if TYPE_CHECKING:
    from pyspark.sql import DataFrame as SparkDataFrame
    from pyspark.sql import SparkSession

__all__ = ["local_session", "spark_fact_rows", "run_spark", "spark_schema"]

_DDL = {pl.Utf8: "string", pl.Date: "date", pl.Float64: "double", pl.Int64: "bigint",
        pl.Boolean: "boolean"}


def spark_schema() -> str:
    """:data:`~.kernel.ROW_SCHEMA` as a Spark DDL string."""
    return ", ".join(f"`{c}` {_DDL[type(t)]}" for c, t in ROW_SCHEMA.items())


def _arrow_schema() -> Any:
    import pyarrow as pa

    types = {pl.Utf8: pa.string(), pl.Date: pa.date32(), pl.Float64: pa.float64(),
             pl.Int64: pa.int64(), pl.Boolean: pa.bool_()}
    return pa.schema([(c, types[type(t)]) for c, t in ROW_SCHEMA.items()])


def _kernel(as_of: dt.date | None):
    """The function Spark calls per symbol group: Arrow in, the symbol's row as Arrow out."""
    def apply(table: Any) -> Any:
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        return fact_rows(frame, as_of).to_arrow().cast(_arrow_schema())
    return apply


def local_session(cores: int = 2, shuffle_partitions: int = 4,
                  memory: str = "2g") -> "SparkSession":
    """A ``local[cores]`` session whose Python workers run this interpreter (tests, benchmarks)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master(f"local[{cores}]").appName("marketdesk")
            .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", memory)
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate())


def spark_fact_rows(spark: "SparkSession", source: "str | Path | pl.DataFrame | SparkDataFrame",
                    as_of: dt.date | str | None = None) -> "SparkDataFrame":
    """The fact-sheet rows as a Spark DataFrame (lazy: write it, or collect with ``toArrow``).

    ``source``: Parquet path(s) readable by Spark, a polars frame (sent to Spark as Arrow), or a
    Spark DataFrame with ``symbol, date, close`` (and optionally ``source``).
    """
    from pyspark.sql import DataFrame as SparkDataFrame
    from pyspark.sql import functions as F

    from ..calendar import parse_date

    day = parse_date(as_of, "as_of") if isinstance(as_of, str) else as_of
    if isinstance(source, SparkDataFrame):
        sdf = source
    elif isinstance(source, pl.DataFrame):
        sdf = spark.createDataFrame(source.select(
            [c for c in ("symbol", "date", "close", "source") if c in source.columns]).to_arrow())
    else:
        sdf = spark.read.parquet(os.fspath(source))
    cols = [c for c in ("symbol", "date", "close", "source") if c in sdf.columns]
    sdf = sdf.select(*cols)
    if day is not None:
        sdf = sdf.where(F.col("date") <= F.lit(day))
    return sdf.groupBy("symbol").applyInArrow(_kernel(day), spark_schema())


def run_spark(source: "str | Path | pl.DataFrame", as_of: dt.date | None = None, *,
              spark: "SparkSession | None" = None) -> pl.DataFrame:
    """The rows collected into polars, sorted by symbol (a local session when none is given)."""
    session = spark or local_session()
    table = spark_fact_rows(session, source, as_of).toArrow()
    out = pl.from_arrow(table)
    assert isinstance(out, pl.DataFrame)
    return out.select(pl.col(c).cast(t) for c, t in ROW_SCHEMA.items()).sort("symbol")
