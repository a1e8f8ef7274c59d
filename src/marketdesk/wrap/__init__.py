"""wrap: the market story for a date, every figure rendered from a Fact (see ``compose``)."""

from __future__ import annotations

from .compose import DEFAULT_SUBJECTS, wrap
from .model import FORMATS, ChartSpec, Format, Wrap

__all__ = ["wrap", "Wrap", "ChartSpec", "Format", "FORMATS", "DEFAULT_SUBJECTS"]
