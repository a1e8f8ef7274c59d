"""Opening the DuckDB file: where it lives, waiting for another process's lock, clear errors.

DuckDB lets one process at a time open a file for writing (and no reader may open it meanwhile).
:func:`open_duckdb` retries while the file is locked, up to ``lock_timeout`` seconds, then raises a
:class:`StoreError` naming the path and the process holding the lock.

:func:`recognise` tells marketdesk's own stores (a ``marketdesk_schema`` table, or the four tables
of a store made before it) from other DuckDB files, which are refused and left as they are;
:func:`damaged` is the error for a file DuckDB cannot read (truncated, corrupt blocks), with how to
recover. Each connection gets a ``memory_limit`` (``$MARKETDESK_MEMORY_LIMIT``, default
``DEFAULT_MEMORY_LIMIT``): past it DuckDB spills to disk instead of growing.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

from ..errors import StoreError

DB_ENV = "MARKETDESK_DB"
LOCK_TIMEOUT_ENV = "MARKETDESK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
MEMORY_LIMIT_ENV = "MARKETDESK_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "512MB"
#: the tables of a marketdesk store made before the version table (schema version 1)
V1_TABLES = frozenset({"bars", "instruments", "loads", "source_order"})

_HINT = f"Pass --db PATH (or db=...) to use another file, or set {DB_ENV}."
_LOCK_RE = re.compile(r"Could not set lock|Conflicting lock", re.IGNORECASE)
_PID_RE = re.compile(r"PID (\d+)")


def default_path() -> Path:
    """``$MARKETDESK_DB`` if set, else ``<user data dir>/marketdesk/marketdesk.duckdb``."""
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("marketdesk")) / "marketdesk.duckdb"


def default_lock_timeout() -> float:
    """``$MARKETDESK_LOCK_TIMEOUT`` seconds if set and numeric, else 10."""
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def prepare_path(path: Path, *, read_only: bool) -> None:
    """Check ``path`` can hold the store, creating its parent folder for a writer."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file. {_HINT}")
    if read_only:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create the folder for the store {path}: "
                         f"{exc.strerror or exc}. {_HINT}") from None
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"The store {path} is not writable. {_HINT}")
    if not path.exists() and not os.access(path.parent, os.W_OK):
        raise StoreError(f"Cannot create the store {path}: folder {path.parent} is not writable. "
                         f"{_HINT}")


def open_duckdb(path: Path, *, read_only: bool, lock_timeout: float) -> Any:
    """A DuckDB connection to ``path``, waiting up to ``lock_timeout`` s for another process."""
    import duckdb

    deadline = time.monotonic() + max(lock_timeout, 0.0)
    pause = 0.05
    limit = os.environ.get(MEMORY_LIMIT_ENV, "").strip() or DEFAULT_MEMORY_LIMIT
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            try:
                con.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
            except duckdb.Error:
                raise StoreError(f"{MEMORY_LIMIT_ENV}={limit!r} is not a DuckDB memory limit "
                                 "(e.g. 512MB, 2GB).") from None
            return con
        except duckdb.Error as exc:
            text = str(exc)
            if not _LOCK_RE.search(text):
                if "not a valid DuckDB database" in text and path.stat().st_size > 0:
                    raise StoreError(f"{path} is not a DuckDB database file (nor a marketdesk "
                                     f"store). {_HINT}", path=path, reason="foreign") from None
                if path.is_file() and (path.stat().st_size == 0 or "Cannot open" not in text):
                    raise damaged(path, exc) from None
                raise StoreError(f"Cannot open the store {path}: {text}. {_HINT}",
                                 path=path) from None
            if time.monotonic() >= deadline:
                pid = _PID_RE.search(text)
                who = f" (pid {pid.group(1)})" if pid else ""
                raise StoreError(
                    f"The store {path}: database is locked by another marketdesk process{who}; "
                    f"waited {lock_timeout:g} s. Try again when it has finished.") from None
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def damaged(path: Path, exc: BaseException) -> StoreError:
    """The error for a store DuckDB cannot read: what DuckDB said (its first line) and how to
    recover (the file is never written to). Other DuckDB failures are said as they are."""
    import duckdb

    said = str(exc).split("\n")[0][:300]
    if not (isinstance(exc, (duckdb.IOException, duckdb.SerializationException))
            or "orrupt" in said or "checksum" in said):
        return StoreError(f"The store {path}: DuckDB failed ({said}); nothing was written.",
                          path=path)
    return StoreError(f"The store {path} is damaged or truncated ({said}); marketdesk will not "
                      "read or write it. Move it aside and load your files into a new store.",
                      path=path, reason="damaged")


def recognise(con: Any, path: Path) -> int | None:
    """The schema version of the marketdesk store open on ``con``; None for a DuckDB file with
    no tables at all (a new store). Raises :class:`StoreError` for another application's file."""
    import duckdb

    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()}
        if "marketdesk_schema" in tables:
            rows = con.execute("SELECT max(version) FROM marketdesk_schema").fetchall()
            version = int(rows[0][0] or 0)
            from .ddl import SCHEMA_VERSION

            if version > SCHEMA_VERSION:
                raise StoreError(f"The store {path} has schema version {version}, made by a newer "
                                 f"marketdesk (this one reads up to {SCHEMA_VERSION}); upgrade "
                                 "marketdesk.", path=path, reason="newer")
            return version
    except duckdb.Error as exc:
        raise damaged(path, exc) from None
    if not tables:
        return None
    if tables == V1_TABLES:
        return 1
    shown = ", ".join(sorted(tables)[:6]) + (", ..." if len(tables) > 6 else "")
    raise StoreError(f"{path} is a DuckDB database of another application (tables: {shown}), not a "
                     f"marketdesk store; it was left as it is. {_HINT}", path=path,
                     reason="foreign")


def verify(con: Any, path: Path) -> None:
    """Read every block of every table (a hash over all columns), so that a truncated file or a
    corrupt block is found before a load writes anything; raises :func:`damaged`."""
    import duckdb

    try:
        tables = con.execute("SELECT table_name FROM duckdb_tables() "
                             "WHERE database_name = current_database()").fetchall()
        for (table,) in tables:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "AND database_name = current_database()", [table]).fetchall()]
            con.execute(f'SELECT count(*), sum(hash({", ".join(chr(34) + c + chr(34) for c in cols)})) '
                        f'FROM "{table}"').fetchall()
    except duckdb.Error as exc:
        raise damaged(path, exc) from None


__all__ = ["DB_ENV", "LOCK_TIMEOUT_ENV", "DEFAULT_LOCK_TIMEOUT", "MEMORY_LIMIT_ENV",
           "DEFAULT_MEMORY_LIMIT", "default_path", "default_lock_timeout", "prepare_path",
           "open_duckdb", "recognise", "verify", "damaged"]
