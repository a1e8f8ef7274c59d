"""marketdesk: the numbers behind market news, computed from daily bars, written and checked."""

from __future__ import annotations

__version__ = "0.1.0"
