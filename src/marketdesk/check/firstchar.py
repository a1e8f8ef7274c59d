"""Regexes that skip, at a glance, the positions where they cannot start.

Python's ``re`` tries a pattern at every position of the text it scans. A case-insensitive
pattern that opens with a word list ("\\b(?:rose|fell|...)") gets no fast skip from the engine,
so the checker's scans of every sentence spend most of their time failing at positions where no
match can begin. :func:`guarded` returns the same pattern behind a one-character lookahead,
``(?=[first characters])(?:pattern)``: the set of characters any non-empty match must begin
with, computed from the pattern's own parse tree. A lookahead never consumes, and every match
of the pattern begins with one of those characters, so the matches (spans, groups, names) are
exactly the pattern's own; only the scan is faster (about twice, on market prose).

Where the first characters cannot be stated (a pattern that can match the empty string, ``.``,
a negated class, a back-reference, a case-insensitive group in a case-sensitive pattern) the
pattern is returned unchanged.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

__all__ = ["first_chars", "guarded", "ORIGINAL"]

#: guarded pattern -> the pattern it guards (for the tests that compare the two).
ORIGINAL: dict[re.Pattern[str], re.Pattern[str]] = {}


class _Unknown(Exception):
    """The first characters of this part of a pattern cannot be stated as a class."""


def _sre() -> tuple[Any, Any]:
    # the standard library's own regex parser (a private module: any surprise means "unknown")
    return importlib.import_module("re._parser"), importlib.import_module("re._constants")


def _class_item(c: Any, op: Any, av: Any) -> str:
    if op is c.LITERAL:
        return f"\\U{av:08x}"
    if op is c.RANGE:
        return f"\\U{av[0]:08x}-\\U{av[1]:08x}"
    if op is c.CATEGORY:
        names = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
                 c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W"}
        if av in names:
            return names[av]
    raise _Unknown


def _sequence(c: Any, items: Any, flags: int) -> tuple[set[str], bool]:
    """First characters of a sequence of parsed items, and whether it can match empty."""
    out: set[str] = set()
    for op, av in items:
        first, nullable = _item(c, op, av, flags)
        out |= first
        if not nullable:
            return out, False
    return out, True


def _item(c: Any, op: Any, av: Any, flags: int) -> tuple[set[str], bool]:
    if op is c.LITERAL:
        return {_class_item(c, op, av)}, False
    if op is c.IN:
        if any(o is c.NEGATE for o, _ in av):
            raise _Unknown
        return {_class_item(c, o, a) for o, a in av}, False
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):          # zero-width: \b, ^, lookarounds
        return set(), True
    if op is c.BRANCH:
        out: set[str] = set()
        nullable = False
        for alternative in av[1]:
            first, empty = _sequence(c, alternative, flags)
            out |= first
            nullable = nullable or empty
        return out, nullable
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE and not flags & re.IGNORECASE:
            raise _Unknown       # "(?i:...)" inside a case-sensitive pattern
        return _sequence(c, sub, flags)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        first, empty = _sequence(c, sub, flags)
        return first, empty or low == 0
    if op is c.ATOMIC_GROUP:
        return _sequence(c, av, flags)
    raise _Unknown


def first_chars(pattern: re.Pattern[str]) -> str | None:
    """A character class that every non-empty match of ``pattern`` begins with (matched with the
    pattern's own flags), or None when it cannot be stated or the pattern can match empty.

    >>> fast = guarded(re.compile(r"\\b(?:up|down) \\d+", re.I))
    >>> [m.group() for m in fast.finditer("Up 5, down 7, sup 9")]
    ['Up 5', 'down 7']
    >>> first_chars(re.compile(r"x?")) is None
    True
    """
    try:
        parser, constants = _sre()
        first, nullable = _sequence(constants, parser.parse(pattern.pattern, pattern.flags),
                                    pattern.flags)
    except Exception:  # noqa: BLE001 - anything unexpected: no guard, the pattern as it is
        return None
    if nullable or not first:
        return None
    return "[" + "".join(sorted(first)) + "]"


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead of its first characters (see the module docstring): the
    same matches, found faster. ``pattern`` itself where its first characters are unknown."""
    cls = first_chars(pattern)
    if cls is None:
        return pattern
    try:
        fast = re.compile(f"(?={cls})(?:{pattern.pattern})", pattern.flags)
    except re.error:
        return pattern
    if fast.groupindex != pattern.groupindex or fast.groups != pattern.groups:
        return pattern
    ORIGINAL[fast] = pattern
    return fast
