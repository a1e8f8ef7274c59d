"""The few exception classes of marketdesk.

Every error a user can meet is a :class:`MarketdeskError`. Each subclass carries the offending value
and builds a message that says what was wrong and what to do, naming the file, line, column, symbol
or date involved. Each class has an ``exit_code``; :func:`error_payload` is the one JSON shape of
an error, for the CLI's ``--json`` and the web API alike.

Messages say what is wrong, not which command to run: errors carry the facts a front end needs
(``NoDataError.symbols`` and ``.last_date``, ``SymbolError.in_store``) and the CLI adds its
command-line hints (``marketdesk.cli.hints``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any


class MarketdeskError(Exception):
    """Base class of every marketdesk error."""

    exit_code: int = 1


class DataFormatError(MarketdeskError):
    """A file or payload could not be read as bars: names the file, line and column."""

    exit_code = 3

    def __init__(
        self,
        problem: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.value = value
        self.hint = hint
        where = []
        if self.path:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        msg = (", ".join(where) + ": " if where else "") + problem
        if value is not None:
            msg += f" (got {shown_value(value)})"
        if hint:
            msg += f". {hint}"
        super().__init__(msg)


#: at most this many characters of an offending value are echoed into a message
MAX_SHOWN = 80


def shown_value(value: object) -> str:
    """``repr(value)`` cut to ``MAX_SHOWN`` characters, saying how long it was (a 200 MB cell
    is never echoed whole)."""
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return f"{value[:MAX_SHOWN]!r}... ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else f"{text[:MAX_SHOWN]}... ({len(text):,} characters)"


class SymbolError(MarketdeskError):
    """A symbol is unknown, missing or ambiguous."""

    exit_code = 4

    def __init__(self, message: str, *, symbol: str | None = None,
                 suggestions: list[str] | None = None, in_store: bool | None = None) -> None:
        self.symbol = symbol
        self.suggestions = list(suggestions or [])
        #: False when ``symbol`` has no bars in the store (loading it would help); None: not known.
        self.in_store = in_store
        if self.suggestions:
            message += f" Did you mean: {', '.join(self.suggestions)}?"
        super().__init__(message)


class DateError(MarketdeskError):
    """A date could not be parsed, or is outside the data or the calendar."""

    exit_code = 5

    def __init__(self, message: str, *, value: object = None, param: str | None = None) -> None:
        self.value = value
        self.param = param
        super().__init__(message)


class NoDataError(MarketdeskError):
    """The store holds no bars for what was asked.

    ``symbols``: the symbols whose bars are missing (empty when not about stored bars);
    ``last_date``: where their stored bars end, when the ask was past it (None: no bars at all).
    """

    exit_code = 6

    def __init__(self, message: str, *, symbols: Sequence[str] = (),
                 last_date: dt.date | None = None) -> None:
        self.symbols = tuple(symbols)
        self.last_date = last_date
        super().__init__(message)


class StoreError(MarketdeskError):
    """The DuckDB store cannot be opened, written or is locked by another process.

    ``path``: the store file, when the error is about one; ``reason``: ``"missing"`` (a read of a
    file that does not exist), ``"damaged"`` (truncated or corrupt), ``"foreign"`` (another
    application's file), ``"newer"``, or None.
    """

    exit_code = 7

    def __init__(self, message: str, *, path: str | Path | None = None,
                 reason: str | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.reason = reason
        super().__init__(message)


class ConflictError(StoreError):
    """A load would change values already stored for (symbol, date, source); nothing was written."""

    exit_code = 8

    def __init__(self, message: str, *, conflicts: object = None) -> None:
        self.conflicts = conflicts
        super().__init__(message)


class ProviderError(MarketdeskError):
    """A network provider (Yahoo, FRED) failed after retries; nothing was stored."""

    exit_code = 9

    def __init__(self, message: str, *, provider: str, url: str | None = None,
                 status: int | None = None) -> None:
        self.provider = provider
        self.url = url
        self.status = status
        super().__init__(message)


def error_payload(err: BaseException, *, hint: str | None = None) -> dict[str, Any]:
    """The one JSON error shape, ``{"error": {"type", "message", "exit_code"}}``, of the CLI
    (``--json``) and the web API. ``hint`` (the CLI's) is appended to the message."""
    name = getattr(err, "error_type", None) or type(err).__name__
    message = str(err) + (f" {hint}" if hint else "")
    return {"error": {"type": name, "message": message,
                      "exit_code": int(getattr(err, "exit_code", 1))}}


__all__ = [
    "error_payload",
    "shown_value",
    "MAX_SHOWN",
    "MarketdeskError",
    "DataFormatError",
    "SymbolError",
    "DateError",
    "NoDataError",
    "StoreError",
    "ConflictError",
    "ProviderError",
]
