"""What a load did: the :class:`LoadReport`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class Finding(Protocol):
    """What a load warning must offer (``marketdesk.quality.QualityIssue`` does); the store
    does not compute them -- ``Desk.load`` attaches them."""

    @property
    def severity(self) -> str: ...

    @property
    def message(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class LoadReport:
    """Counts of one load (one transaction), and the quality warnings found in its frame
    (attached by ``Desk.load``; a bare ``Store.load`` leaves them empty).

    ``inserted + unchanged + changed == rows_in``. ``conflicts`` lists the first few values that a
    ``replace=True`` load overwrote, as dicts (symbol, date, column, old, new). ``load_id`` is None
    when the load changed nothing (such loads are not recorded in ``loads``).
    """

    symbols: tuple[str, ...]
    sources: tuple[str, ...]
    origin: str
    rows_in: int
    inserted: int
    unchanged: int
    changed: int
    conflicts: tuple[dict[str, Any], ...] = ()
    warnings: tuple[Finding, ...] = ()
    load_id: int | None = None

    @property
    def symbol(self) -> str:
        """The symbol loaded (several joined by ", ")."""
        return ", ".join(self.symbols)

    @property
    def source(self) -> str:
        """The source loaded (several joined by ", ")."""
        return ", ".join(self.sources)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict."""
        return {
            "symbol": self.symbol, "source": self.source, "symbols": list(self.symbols),
            "sources": list(self.sources), "origin": self.origin, "load_id": self.load_id,
            "rows_in": self.rows_in, "inserted": self.inserted, "unchanged": self.unchanged,
            "changed": self.changed,
            "conflicts": [{**c, "date": str(c["date"])} for c in self.conflicts],
            "warnings": [w.to_dict() for w in self.warnings],
        }


__all__ = ["LoadReport", "Finding"]
