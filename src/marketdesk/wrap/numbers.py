"""House rules for numbers in text: the one place that turns a Fact's value into characters.

- levels: thousands separators and 2 decimals ("2,442.03"); yields: 2 decimals with "%" ("4.27%")
- percent changes: 2 decimals by default ("1.47%"), 1 where the story rounds ("11.2%")
- basis points: whole ("14 basis points"); fractional only if the data has them
- points: thousands separators and 2 decimals ("35.36 points")
- percentage points: 2 decimals ("5.06 percentage points")

Rounding is half away from zero on the decimal value (``Decimal.quantize(ROUND_HALF_UP)`` of
``repr``), so 2.345 becomes 2.35 as a reader expects, not 2.34 as binary floats would give.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

#: AP style month abbreviations (March-July are never abbreviated).
AP_MONTHS: tuple[str, ...] = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.",
                              "Sept.", "Oct.", "Nov.", "Dec.")
MONTH_NAMES: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December")
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                             "Sunday")
_WORDS: tuple[str, ...] = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                           "nine")


def round_half_up(value: float, digits: int) -> Decimal:
    """``value`` rounded half away from zero to ``digits`` decimals, as a Decimal."""
    q = Decimal(1).scaleb(-digits)
    return Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP)


def number(value: float, digits: int = 2, *, signed: bool = False) -> str:
    """``1234.5`` -> ``"1,234.50"``; ``signed=True`` adds "+" for positive values."""
    d = round_half_up(value, digits)
    if d == 0:
        d = abs(d)  # never print "-0.00"
    text = f"{d:,.{digits}f}"
    return f"+{text}" if signed and d > 0 else text


def level(value: float, digits: int = 2) -> str:
    """An index or price level: ``"2,442.03"``."""
    return number(value, digits)


def pct(value: float, digits: int = 2, *, signed: bool = False, absolute: bool = False) -> str:
    """A percent value (already in percent): ``1.4693 -> "1.47%"``."""
    v = abs(value) if absolute else value
    return number(v, digits, signed=signed) + "%"


def yield_level(value: float, digits: int = 2) -> str:
    """A yield in percent: ``"4.27%"``."""
    return number(value, digits) + "%"


def bp(value: float, *, absolute: bool = False) -> str:
    """Basis points, whole unless the value has a fraction: ``-14.0 -> "-14"``."""
    v = abs(value) if absolute else value
    d = round_half_up(v, 1)
    return number(v, 0) if d == d.to_integral_value() else number(v, 1)


def pts(value: float, digits: int = 2, *, absolute: bool = False) -> str:
    """A change in index points: ``"35.36"``."""
    return number(abs(value) if absolute else value, digits)


def pp(value: float, digits: int = 2, *, absolute: bool = False) -> str:
    """Percentage points: ``"5.05"``."""
    return number(abs(value) if absolute else value, digits)


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def ordinal(n: int) -> str:
    """``51 -> "51st"``, ``12 -> "12th"``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ap_date(d: dt.date, ref: dt.date | None = None, *, weekday: bool = False) -> str:
    """AP style date: ``"Nov. 8, 2021"``; the year is left out when it is ``ref``'s year
    (``"Aug. 2"``); ``weekday=True`` prefixes the day name (``"Monday, Nov. 25"``)."""
    text = f"{AP_MONTHS[d.month - 1]} {d.day}"
    if ref is None or ref.year != d.year:
        text += f", {d.year}"
    return f"{WEEKDAYS[d.weekday()]}, {text}" if weekday else text


def count_word(n: int) -> str:
    """AP style counts: words below 10 (``6 -> "six"``), figures from 10 (``"11"``)."""
    return _WORDS[n] if 0 <= n < 10 else f"{n:,}"


_ORDINAL_WORDS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                  "eighth", "ninth")


def ordinal_word(n: int) -> str:
    """AP style ordinals: words below 10 (``5 -> "fifth"``), figures from 10 (``"12th"``)."""
    return _ORDINAL_WORDS[n] if 0 < n < 10 else ordinal(n)


def clock(t: dt.time) -> str:
    """AP style time of day: ``13:00 -> "1 p.m."``, ``13:30 -> "1:30 p.m."``."""
    hour = t.hour % 12 or 12
    mins = f":{t.minute:02d}" if t.minute else ""
    return f"{hour}{mins} {'a.m.' if t.hour < 12 else 'p.m.'}"


def by_unit(value: float | None, unit: str) -> str:
    """A Fact value in its unit, for tables (``pct`` -> "1.47%", ``bp`` -> "-14 bp")."""
    if value is None:
        return ""
    if unit == "pct":
        return pct(float(value))
    if unit == "yield_pct":
        return yield_level(float(value))
    if unit == "bp":
        return bp(float(value)) + " bp"
    if unit == "pp":
        return pp(float(value)) + " pp"
    if unit in ("level", "pts"):
        return level(float(value))
    if unit in ("corr", "beta", "ratio"):
        return number(float(value), 3)
    return f"{int(value):,}" if float(value).is_integer() else number(float(value))


__all__ = [
    "AP_MONTHS",
    "MONTH_NAMES",
    "WEEKDAYS",
    "ap_date",
    "bp",
    "by_unit",
    "clock",
    "count_word",
    "level",
    "number",
    "ordinal",
    "ordinal_word",
    "pct",
    "plural",
    "pp",
    "pts",
    "round_half_up",
    "yield_level",
]
