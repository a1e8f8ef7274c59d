"""The store's tables, created on first (writable) open, and what marks a file as marketdesk's.

``marketdesk_schema`` holds the schema version (``SCHEMA_VERSION``): a DuckDB file with it is a
marketdesk store; a file with other tables is another application's and is never written to.
``bars`` holds every source's rows side by side, unique on (symbol, date, source) -- enforced by
the load, which decides every key before it writes (no index: an index over millions of keys
would have to fit in memory) -- with the load that last wrote each row. ``source_order`` ranks a symbol's sources (lowest rank is read first);
``loads`` records every load that changed something; ``instruments`` is the registry of names.
"""

from __future__ import annotations

from typing import Any

#: 1: the tables below with a primary key on bars (before the version table); 2: no such key.
SCHEMA_VERSION = 2
VERSION_TABLE = "marketdesk_schema"

TABLES: dict[str, str] = {
    "bars": """
        CREATE TABLE IF NOT EXISTS bars (
            symbol    VARCHAR NOT NULL,
            date      DATE    NOT NULL,
            open      DOUBLE,
            high      DOUBLE,
            low       DOUBLE,
            close     DOUBLE,
            adj_close DOUBLE,
            volume    DOUBLE,
            source    VARCHAR NOT NULL,
            load_id   BIGINT
        )""",
    "instruments": """
        CREATE TABLE IF NOT EXISTS instruments (
            symbol   VARCHAR PRIMARY KEY,
            name     VARCHAR,
            kind     VARCHAR,
            currency VARCHAR,
            aliases  VARCHAR[],
            tracks   VARCHAR
        )""",
    "loads": """
        CREATE TABLE IF NOT EXISTS loads (
            load_id        BIGINT PRIMARY KEY,
            source         VARCHAR NOT NULL,
            origin         VARCHAR NOT NULL,
            content_hash   VARCHAR,
            rows_in        BIGINT NOT NULL,
            rows_inserted  BIGINT NOT NULL,
            rows_changed   BIGINT NOT NULL,
            rows_unchanged BIGINT NOT NULL,
            loaded_at      TIMESTAMPTZ NOT NULL
        )""",
    "source_order": """
        CREATE TABLE IF NOT EXISTS source_order (
            symbol VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            rank   INTEGER NOT NULL,
            PRIMARY KEY (symbol, source)
        )""",
}

#: Columns of ``instruments`` in table order.
INSTRUMENT_COLUMNS: list[str] = ["symbol", "name", "kind", "currency", "aliases", "tracks"]


def create_schema(con: Any) -> None:
    """Create every table that does not exist yet, and mark the file as a marketdesk store of
    ``SCHEMA_VERSION`` (idempotent)."""
    for ddl in TABLES.values():
        con.execute(ddl)
    con.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
    if not con.execute(f"SELECT count(*) FROM {VERSION_TABLE}").fetchall()[0][0]:
        con.execute(f"INSERT INTO {VERSION_TABLE} VALUES (?)", [SCHEMA_VERSION])


def migrate(con: Any, version: int) -> None:
    """Bring a store of an older ``version`` to ``SCHEMA_VERSION``, in one transaction."""
    if version >= SCHEMA_VERSION:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        if version < 2:  # drop the primary key of bars: copy into a table without it
            con.execute(TABLES["bars"].replace("IF NOT EXISTS bars", "_md_bars_v2"))
            con.execute("INSERT INTO _md_bars_v2 SELECT * FROM bars")
            con.execute("DROP TABLE bars")
            con.execute("ALTER TABLE _md_bars_v2 RENAME TO bars")
        create_schema(con)
        con.execute(f"UPDATE {VERSION_TABLE} SET version = ?", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


__all__ = ["TABLES", "INSTRUMENT_COLUMNS", "SCHEMA_VERSION", "VERSION_TABLE", "create_schema",
           "migrate"]
