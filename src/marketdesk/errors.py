"""The few exception classes of marketdesk.

Every error a user can meet is a :class:`MarketdeskError`. Each subclass carries the offending value
and builds a message that says what was wrong and what to do, naming the file, line, column, symbol
or date involved. The CLI maps the classes to exit codes (see ``EXIT_CODES``).
"""

from __future__ import annotations

from pathlib import Path


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
            msg += f" (got {value!r})"
        if hint:
            msg += f". {hint}"
        super().__init__(msg)


class SymbolError(MarketdeskError):
    """A symbol is unknown, missing or ambiguous."""

    exit_code = 4

    def __init__(self, message: str, *, symbol: str | None = None,
                 suggestions: list[str] | None = None) -> None:
        self.symbol = symbol
        self.suggestions = list(suggestions or [])
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
    """The store holds no bars for what was asked; the message says how to load them."""

    exit_code = 6


class StoreError(MarketdeskError):
    """The DuckDB store cannot be opened, written or is locked by another process."""

    exit_code = 7


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


__all__ = [
    "MarketdeskError",
    "DataFormatError",
    "SymbolError",
    "DateError",
    "NoDataError",
    "StoreError",
    "ConflictError",
    "ProviderError",
]
