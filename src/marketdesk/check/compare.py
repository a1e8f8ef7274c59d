"""How a stated figure is judged against a computed one (DESIGN.md, "percent figures are rounded").

- ``exact``: the computed value rounded (half away from zero) to the stated decimals equals the
  stated value: "1.5%" is supported by 1.47, "1.6%" is not.
- ``about`` (about / nearly / approximately / around / roughly / almost): within one unit of the
  last stated digit after rounding: ``|round(computed, d) - stated| <= 10**-d``; "about 5
  percentage points" accepts 4 to 6 (5.05 rounds to 5).
- ``more_than`` / ``less_than``: computed > stated / computed < stated (magnitudes).
- ``at_least``: computed >= stated (magnitude).
- ``double_digit``: |computed| >= 10.

When the claim states a direction, the signs must agree first (a computed value that rounds to
zero agrees with any direction only under ``exact`` with a stated zero).

Source precision (Treasury yields): FRED's DGS10 is an end-of-day close to two decimals, wires
quote a 3 p.m. or intraday yield to three. A yield level within :data:`YIELD_LEVEL_TOL_BP` bp and
a change within :data:`YIELD_CHANGE_TOL_BP` bp of FRED's are "supported within source precision".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .model import Qualifier

__all__ = ["round_half_away", "matches", "within_source_precision", "YIELD_LEVEL_TOL_BP",
           "YIELD_CHANGE_TOL_BP", "fmt"]

#: A yield quoted at a time of day (a 3 p.m. Tradeweb figure, three decimals) vs FRED's close:
#: FRED's rounding (0.5 bp) plus 5 bp for the quote source; a one-day change: 1 bp (FRED's
#: rounding at both ends) plus 3 bp.
YIELD_LEVEL_TOL_BP: float = 5.5
YIELD_CHANGE_TOL_BP: float = 4.0


#: Rounded values already computed: one fact is judged against many stated figures, and the
#: decimal arithmetic is the costly part of a judgement. Bounded (cleared when full).
_ROUNDED: dict[tuple[float, int], float] = {}
_ROUNDED_MAX = 1 << 16


def round_half_away(x: float, decimals: int) -> float:
    """``x`` rounded half away from zero to ``decimals`` (via its shortest decimal repr)."""
    x = float(x)
    key = (x, decimals)
    got = _ROUNDED.get(key) if x else None      # 0.0 and -0.0 are one key but round apart
    if got is None:
        q = Decimal(1).scaleb(-decimals)
        got = float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))
        if x and x == x:                        # NaN is never found again: not kept
            if len(_ROUNDED) >= _ROUNDED_MAX:
                _ROUNDED.clear()
            _ROUNDED[key] = got
    return got


def matches(stated: float, computed: float, decimals: int, qualifier: Qualifier) -> bool:
    """True if ``computed`` supports ``stated`` under ``qualifier`` (signs already checked)."""
    s, c = abs(stated), abs(computed)
    if qualifier == "double_digit":
        return c >= 10.0
    if qualifier == "more_than":
        return c > s
    if qualifier == "less_than":
        return c < s
    if qualifier == "at_least":
        return c >= s
    r = round_half_away(computed, decimals)
    if qualifier == "about":
        return abs(abs(r) - s) <= 10.0 ** -decimals + 1e-9
    return abs(r - stated) < 10.0 ** -(decimals + 3)


def within_source_precision(stated: float, computed: float, tol: float) -> bool:
    """True if the two values are within ``tol`` (in the values' unit)."""
    return abs(stated - computed) <= tol + 1e-9


def fmt(x: float | None, decimals: int = 2) -> str:
    """A number for a reason sentence: thousands separators, ``decimals`` places."""
    if x is None:
        return "n/a"
    return f"{x:,.{decimals}f}"
