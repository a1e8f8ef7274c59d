"""Opening the DuckDB file: where it lives, waiting for another process's lock, clear errors.

DuckDB lets one process at a time open a file for writing (and no reader may open it meanwhile).
:func:`open_duckdb` retries while the file is locked, up to ``lock_timeout`` seconds, then raises a
:class:`StoreError` naming the path and the process holding the lock.
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
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            text = str(exc)
            if not _LOCK_RE.search(text):
                raise StoreError(f"Cannot open the store {path}: {text}. {_HINT}") from None
            if time.monotonic() >= deadline:
                pid = _PID_RE.search(text)
                who = f" (pid {pid.group(1)})" if pid else ""
                raise StoreError(
                    f"The store {path}: database is locked by another marketdesk process{who}; "
                    f"waited {lock_timeout:g} s. Try again when it has finished.") from None
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


__all__ = ["DB_ENV", "LOCK_TIMEOUT_ENV", "DEFAULT_LOCK_TIMEOUT", "default_path",
           "default_lock_timeout", "prepare_path", "open_duckdb"]
