"""The DuckDB store: bars of every source, instruments, provenance; the only place that writes."""

from __future__ import annotations

from .db import Store
from .report import LoadReport

__all__ = ["Store", "LoadReport"]
