"""How the story names instruments: "the Russell 2000", "the 10-year Treasury yield", "Dow".

Names come from the store's instrument table (or the packaged one); only the wording is decided
here: an article for indices and ETFs, the Treasury constant-maturity series as "the N-year
Treasury yield", and the short names headlines use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Names", "names_for"]

_TREASURY = re.compile(r"^(\d+)-(Year|Month) Treasury constant-maturity yield$", re.IGNORECASE)
#: Headline names (newswire short forms); others use the instrument name.
_SHORT = {"^DJI": "Dow", "^IXIC": "Nasdaq", "^GSPC": "S&P 500", "^RUT": "Russell 2000",
          "^VIX": "VIX"}


@dataclass(frozen=True, slots=True)
class Names:
    """The ways a story names one instrument."""

    symbol: str
    kind: str
    prose: str          # "the Russell 2000" (lower-case article, mid-sentence)
    short: str          # "Russell 2000" (headlines)
    possessive: str     # "the Russell 2000's"
    later: str = ""     # after the first reference: "the Dow", "the Nasdaq" (AP style)

    @property
    def title(self) -> str:
        """The prose name at the start of a sentence: "The Russell 2000"."""
        return self.prose[:1].upper() + self.prose[1:]

    @property
    def again(self) -> str:
        """The name after the first reference ("the Dow"); the prose name when it has none."""
        return self.later or self.prose


def names_for(symbol: str, row: dict[str, Any] | None) -> Names:
    """Names for ``symbol`` from its instrument row (``name``, ``kind``); the symbol if unknown."""
    name = (row or {}).get("name") or symbol
    kind = (row or {}).get("kind") or "index"
    m = _TREASURY.match(name)
    if m:
        base = f"{m.group(1)}-{m.group(2).lower()} Treasury yield"
        short = f"{m.group(1)}-{m.group(2).lower()} yield"
        return Names(symbol, kind, f"the {base}", short, f"the {base}'s", f"the {short}")
    prose = name if kind == "stock" or name == symbol else f"the {name}"
    short = _SHORT.get(symbol, name)
    return Names(symbol, kind, prose, short, f"{prose}'s",
                 f"the {short}" if symbol in _SHORT else prose)
