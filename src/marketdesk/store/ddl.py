"""The store's tables, created on first (writable) open.

``bars`` holds every source's rows side by side, keyed by (symbol, date, source), with the load that
last wrote each row. ``source_order`` ranks a symbol's sources (lowest rank is read first);
``loads`` records every load that changed something; ``instruments`` is the registry of names.
"""

from __future__ import annotations

from typing import Any

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
            load_id   BIGINT,
            PRIMARY KEY (symbol, date, source)
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
    """Create every table that does not exist yet (idempotent)."""
    for ddl in TABLES.values():
        con.execute(ddl)


__all__ = ["TABLES", "INSTRUMENT_COLUMNS", "create_schema"]
