"""The fact sheet's JSON form, one shape for ``marketdesk facts --json`` and ``/api/facts``.

Every fact as the engine returned it (``FactSheet.to_dict()``: subject, as_of, requested, note,
facts with their scores), then the sheet as a reader sees it (:meth:`SheetView.to_dict`:
``sections`` with their rows, ``left_out`` with the reason for each fact not shown).
"""

from __future__ import annotations

from typing import Any

from ..facts.sheet import FactSheet
from .rules import view

__all__ = ["sheet_payload"]


def sheet_payload(sheet: FactSheet, top: int = 0) -> dict[str, Any]:
    """``sheet`` as JSON-ready data; ``top``: keep only the ``top`` most notable facts and rows
    (0: all)."""
    payload = sheet.to_dict()
    if top:
        payload["facts"] = payload["facts"][:top]
    payload.update(view(sheet).top(top).to_dict())
    return payload
