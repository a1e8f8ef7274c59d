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

A second guard skips whole stretches. Most of the checker's scans read one sentence of a long
text (``pattern.finditer(text, s0, s1)``), and most sentences hold none of the words a pattern
needs: "its biggest gain since 2008" needs "largest", "biggest", "best", ... . :func:`needles`
computes, from the same parse tree, a few literal strings of which every match contains one;
for a pattern that has them, :func:`guarded` returns it behind a test that looks for them,
case-folded (:func:`fold`), in the stretch of a long text first (folded copies of the last few
long texts are kept). No needle in the stretch: no match there, and the pattern is not run.

A third makes the scan itself cheaper. A case-insensitive word list is tried word by word at
every position (the engine's quick rejection of an alternative works only for a case-sensitive
first character). :func:`folded_twin` writes the same pattern case-sensitively, in lower case,
for a copy of the text folded to lower case character for character (:func:`fold_keeping`):
it matches there exactly where the pattern matches the text. The twin scans; each match it
finds is taken from the pattern itself at that place (one anchored match), so the caller sees
the pattern's own match objects. A long text is folded once; a short one (a clause) only for
a long word list (:data:`MANY_WORDS`).

The answer is the pattern's own in every case; the tests compare every guarded pattern with the
plain one on real prose, sentence by sentence, and on random text with the characters Unicode
folds oddly. A guarded pattern with needles or a twin is a small object with the methods of a
compiled pattern (not an ``re.Pattern``: pass it to no ``re`` function, and a match's ``re`` is
the pattern inside).
"""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, cast

__all__ = ["first_chars", "guarded", "needles", "fold", "fold_keeping", "folded_twin", "cases",
           "ORIGINAL"]

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


def _looking_ahead(pattern: re.Pattern[str], ahead: str | None = None) -> re.Pattern[str]:
    """``pattern`` behind the lookahead ``ahead``, by default its first characters (itself when
    there is none)."""
    cls = first_chars(pattern) if ahead is None else ahead
    if cls is None:
        return pattern
    try:
        look = re.compile(f"(?={cls})(?:{pattern.pattern})", pattern.flags)
    except re.error:
        return pattern
    if look.groupindex != pattern.groupindex or look.groups != pattern.groups:
        return pattern
    return look


def guarded(pattern: re.Pattern[str], ahead: str | None = None,
            most_needles: int | None = None) -> re.Pattern[str]:
    """``pattern`` behind a lookahead of its first characters and, where it has
    :func:`needles`, a look for them in the stretch of a long text it is asked to scan (see the
    module docstring): the same matches, found faster. ``pattern`` itself where neither guard
    can be stated. ``ahead``: a lookahead written for the pattern instead of its first
    characters (it must hold wherever a match begins; the tests compare the two patterns);
    ``most_needles``: how many needles are worth looking for (default :data:`MAX_NEEDLES`;
    more for a costly scan)."""
    fast = _looking_ahead(pattern, ahead)
    words = needles(pattern, MAX_NEEDLES if most_needles is None else most_needles)
    # a pattern with a lookahead written for it is fast already
    twin = folded_twin(pattern) if ahead is None else None
    if twin is not None:
        twin = _looking_ahead(twin)
    if words is not None or twin is not None:
        # duck-typed: the methods and attributes of a compiled pattern, answered by ``fast``
        fast = cast("re.Pattern[str]", _Needled(fast, words or frozenset(), twin,
                                                _alternatives(pattern) >= MANY_WORDS))
    if fast is not pattern:
        ORIGINAL[fast] = pattern
    return fast


# -- needles -------------------------------------------------------------------------------

#: ``re.IGNORECASE`` matches an ASCII character only with its other case and, for i, s and k,
#: with the dotted and dotless i, the long s and the Kelvin sign; no other character of Unicode
#: matches an ASCII one (a test checks all of them).
_SPECIAL: dict[int, int] = {0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s"), 0x212A: ord("k")}
_FOLD: dict[int, int] = {**{c: c + 32 for c in range(ord("A"), ord("Z") + 1)}, **_SPECIAL}


def cases(c: str) -> str:
    """The characters ``re.IGNORECASE`` matches with the ASCII character ``c`` (itself first),
    for a case-sensitive class that does what the case-insensitive character does."""
    low = c.lower()
    return c + "".join(sorted({chr(k) for k, v in _FOLD.items() if chr(v) == low} | {low}
                              - {c}))


def fold(text: str) -> str:
    """``text`` in ASCII, one character for one: lower case, the characters that
    case-insensitively match an ASCII letter folded to it, every other non-ASCII character
    "?". An ASCII needle matched (case-insensitively or not) in ``text`` is in it, at the same
    place. (ASCII: one byte a character, the fastest kind of string to search.)"""
    if text.isascii():
        return text.lower()
    if any(chr(c) in text for c in _SPECIAL):
        text = text.translate(_SPECIAL)
    return text.encode("ascii", "replace").decode("ascii").lower()


def _folded_literal(c: Any, op: Any, av: Any, icase: bool) -> str | None:
    """The folded character an ASCII literal of the pattern matches (None: not a literal, or a
    non-ASCII one: :func:`fold` does not keep those)."""
    if op is not c.LITERAL or not 0 < av < 128 or av == ord("?"):
        return None
    return chr(av).lower()


def _best(options: list[set[str]], most: int) -> set[str] | None:
    """The most telling of several needle sets (each one enough): one worth looking for (at most
    ``most`` needles, each :func:`_telling`), then the longest shortest needle, then the fewest
    needles."""
    return max(options, key=lambda s: (_worth(s, most), min(map(len, s)), -len(s)), default=None)


def _worth(words: set[str], most: int) -> bool:
    return 0 < len(words) <= most and all(_telling(w) for w in words)


def _telling(word: str) -> bool:
    """A needle missing from most sentences: four letters or more ("since", "record"), or
    digits and marks ("19", ":", "a.m."), but not a short word or a piece of one ("the", "sh")."""
    w = word.strip()
    return w not in COMMON and (len(w) >= 4 or not w.replace(" ", "").isalpha())


def _zero_width(c: Any, op: Any) -> bool:
    return op in (c.AT, c.ASSERT, c.ASSERT_NOT)


def _leads(c: Any, items: Any, icase: bool) -> set[str]:
    """Strings one of which every match of a sequence begins with ("" when a match may begin
    otherwise): its first literals, and those of the alternatives that follow them."""
    head: list[str] = []
    for op, av in items:
        if _zero_width(c, op):
            continue
        ch = _folded_literal(c, op, av, icase)
        if ch is not None:
            head.append(ch)
            continue
        inner: set[str] | None = None
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner = _leads(c, sub, (icase or bool(add_flags & re.IGNORECASE)) and
                           not del_flags & re.IGNORECASE)
        elif op is c.BRANCH:
            inner = set().union(*(_leads(c, alternative, icase) for alternative in av[1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _leads(c, av[2], icase)
        prefix = "".join(head)
        if inner is None or len(inner) > 4 * MAX_NEEDLES:
            return {prefix}
        return {prefix + x for x in inner}
    return {"".join(head)}


def _needle_sequence(c: Any, items: Any, icase: bool, most: int) -> set[str] | None:
    options: list[set[str]] = []
    run: list[str] = []         # consecutive literals: one string of the match
    for op, av in items:
        if _zero_width(c, op):
            continue            # (consumes nothing: the literals around it are adjacent)
        ch = _folded_literal(c, op, av, icase)
        if ch is not None:
            run.append(ch)
            continue
        if run:
            options.append({"".join(run)})
            lead = _leads(c, [(op, av)], icase)      # the literals, then what follows them
            if "" not in lead:
                options.append({"".join(run) + x for x in lead})
            run = []
        inner = _needle_item(c, op, av, icase, most)
        if inner is not None:
            options.append(inner)
    if run:
        options.append({"".join(run)})
    return _best(options, most)


def _needle_item(c: Any, op: Any, av: Any, icase: bool, most: int) -> set[str] | None:
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            inner = _needle_sequence(c, alternative, icase, most)
            if inner is None:
                return None     # an alternative needs no needle: the branch needs none
            out |= inner
        # a needle that holds another is found only where the other is: the other suffices
        return {w for w in out if not any(v != w and v in w for v in out)}
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        inner_icase = (icase or bool(add_flags & re.IGNORECASE)) and \
            not del_flags & re.IGNORECASE
        return _needle_sequence(c, sub, inner_icase, most)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _needle_sequence(c, sub, icase, most) if low >= 1 else None
    if op is c.ATOMIC_GROUP:
        return _needle_sequence(c, av, icase, most)
    return None                 # classes, any character, lookarounds, anchors, references


#: More needles than this, or one of these (in nearly every sentence, see :func:`_telling`), and
#: looking for them costs about what the scan does: the pattern is scanned for directly.
MAX_NEEDLES = 6
COMMON = frozenset({"", "a", "an", "the", "of", "in", "to", "and", "or", "for", "on", "at", "by",
                    "it", "its", "is", "as", "s", "%", ",", ".", "-", "'", "$"})


def needles(pattern: re.Pattern[str], most: int = MAX_NEEDLES) -> frozenset[str] | None:
    """Strings, folded (:func:`fold`), of which every match of ``pattern`` contains one: in the
    folded text, a match's stretch holds one of them. None when there are none to state (or
    more than :data:`MAX_NEEDLES`). Lookarounds need no needle (they may look outside the
    stretch).

    >>> sorted(needles(re.compile(r"\\b(?:Largest|biggest)\\s+(?:gain|drop)s?", re.I)))
    ['biggest', 'largest']
    >>> needles(re.compile(r"\\d+%?")) is None
    True
    """
    try:
        parser, constants = _sre()
        tree = parser.parse(pattern.pattern, pattern.flags)
        found = _needle_sequence(constants, tree, bool(pattern.flags & re.IGNORECASE), most)
    except Exception:  # noqa: BLE001 - anything unexpected: no needles, the plain scan
        return None
    if not found or not _worth(found, most):
        return None
    return frozenset(found)


# -- the folded twin -------------------------------------------------------------------------

class _NoTwin(Exception):
    """This part of a pattern has no case-sensitive twin written here."""


_CATEGORY_TEXT = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
                  "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_AT_TEXT = {"AT_BEGINNING": "^", "AT_BEGINNING_STRING": r"\A", "AT_BOUNDARY": r"\b",
            "AT_NON_BOUNDARY": r"\B", "AT_END": "$", "AT_END_STRING": r"\Z"}


def _caseless(code: int) -> bool:
    """A character no case folding touches (a mark, a symbol, a space, a digit with no cases):
    ``re.IGNORECASE`` matches it only with itself (a test checks the checker's)."""
    ch = chr(code)
    if code < 128:
        return not ch.isalpha()
    return unicodedata.category(ch)[0] in "PSZN" and \
        ch.lower() == ch.upper() == ch.casefold() == ch


def _twin_char(code: int) -> str:
    """The folded text's character for a literal ``code`` of a case-insensitive pattern."""
    if code < 128:
        return chr(code).lower()
    if _caseless(code):
        return chr(code)
    raise _NoTwin


def _twin_class(c: Any, items: Any) -> str:
    out: list[str] = []
    for op, av in items:
        if op is c.NEGATE:
            out.insert(0, "^")
        elif op is c.LITERAL:
            out.append(re.escape(_twin_char(av)))
        elif op is c.RANGE:
            lo, hi = av
            if hi >= 128 and (hi - lo > 4096 or not all(map(_caseless, range(max(lo, 128),
                                                                             hi + 1)))):
                raise _NoTwin
            ascii_part = {chr(x).lower() for x in range(lo, min(hi, 127) + 1)}
            out += [re.escape(ch) for ch in sorted(ascii_part)]
            if hi >= 128:
                out.append(f"{re.escape(chr(max(lo, 128)))}-{re.escape(chr(hi))}")
        elif op is c.CATEGORY and str(av) in _CATEGORY_TEXT:
            out.append(_CATEGORY_TEXT[str(av)])
        else:
            raise _NoTwin
    return "[" + "".join(out) + "]"


def _twin(c: Any, items: Any) -> str:
    """A case-sensitive regex that matches the folded text (:func:`fold_keeping`) exactly where
    ``items``, case-insensitive, match the text: lower-case literals and classes, the same
    structure (groups made non-capturing)."""
    out: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(re.escape(_twin_char(av)))
        elif op is c.NOT_LITERAL:
            out.append(f"[^{re.escape(_twin_char(av))}]")
        elif op is c.IN:
            out.append(_twin_class(c, av))
        elif op is c.ANY:
            out.append(".")
        elif op is c.AT and str(av) in _AT_TEXT:
            out.append(_AT_TEXT[str(av)])
        elif op is c.CATEGORY and str(av) in _CATEGORY_TEXT:
            out.append(_CATEGORY_TEXT[str(av)])
        elif op is c.BRANCH:
            out.append("(?:" + _twin_branch(c, av[1]) + ")")
        elif op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _NoTwin           # a case-sensitive stretch, or other flags
            out.append("(?:" + _twin(c, sub) + ")")
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub = av
            times = f"{{{low},{'' if high is c.MAXREPEAT else high}}}"
            out.append("(?:" + _twin(c, sub) + ")" + times +
                       ("?" if op is c.MIN_REPEAT else "+" if op is c.POSSESSIVE_REPEAT else ""))
        elif op in (c.ASSERT, c.ASSERT_NOT):
            direction, sub = av
            mark = ("=" if op is c.ASSERT else "!")
            out.append(("(?" if direction == 1 else "(?<") + mark + _twin(c, sub) + ")")
        elif op is c.ATOMIC_GROUP:
            out.append("(?>" + _twin(c, av) + ")")
        else:
            raise _NoTwin               # back-references, ...
    return "".join(out)


def _twin_branch(c: Any, alternatives: Any) -> str:
    """The twin of a branch, its alternatives that begin with a literal grouped by it
    ("rose|rallied|fell" -> "r(?:ose|allied)|fell"): the engine tries each alternative of a
    branch in turn, so a long word list costs a try per word at every place; grouped, a word
    is tried only where its first letter is. Two alternatives that begin with different
    literals never match at the same place, so the order in which the engine meets them
    changes nothing; those with the same literal keep their order, and an alternative that
    does not begin with a literal stays where it is (the groups on either side of it are
    formed apart)."""
    out: list[str] = []
    run: dict[str, list[Any]] = {}          # first literal -> the rest of each alternative

    def flush() -> None:
        for ch, rests in run.items():
            out.append(re.escape(ch) + (_twin(c, rests[0]) if len(rests) == 1 else
                                        "(?:" + _twin_branch(c, rests) + ")"))
        run.clear()

    for alt in alternatives:
        head = alt[0] if len(alt) else None
        if head is not None and head[0] is c.LITERAL:
            run.setdefault(_twin_char(head[1]), []).append(alt[1:])
        else:
            flush()
            out.append(_twin(c, alt))
    flush()
    return "|".join(out)


def folded_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-sensitive twin of a case-insensitive ``pattern``: it matches the folded text
    (:func:`fold_keeping`, the same length) at exactly the places where ``pattern`` matches the
    text, and scans much faster -- a case-sensitive word list is skipped through, a
    case-insensitive one tried word by word. None where it cannot be written (a
    case-sensitive stretch inside, a back-reference, a non-ASCII letter).

    >>> twin = folded_twin(re.compile("(?:Rose|fell)s?", re.I))
    >>> twin.pattern, [m.span() for m in twin.finditer(fold_keeping("It ROSE, then fell"))]
    ('(?:rose|fell)(?:s){0,1}', [(3, 7), (14, 18)])
    """
    if not pattern.flags & re.IGNORECASE or pattern.flags & (re.ASCII | re.LOCALE):
        return None
    try:
        parser, constants = _sre()
        tree = parser.parse(pattern.pattern, pattern.flags)
        text = _twin(constants, tree)
        return re.compile(text, pattern.flags & (re.DOTALL | re.MULTILINE))
    except Exception:  # noqa: BLE001 - anything unexpected: no twin, the pattern's own scan
        return None


#: A pattern with this many alternatives (a word list) is scanned through its twin even in a
#: short text (a clause): folding the text costs less than trying the words one by one. With
#: fewer, only a long text (folded once) is.
MANY_WORDS = 40


def _alternatives(pattern: re.Pattern[str]) -> int:
    """How many alternatives the branches of ``pattern`` hold, all told."""
    try:
        parser, constants = _sre()
        tree = parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - (guarded() has parsed it already)
        return 0

    def count(x: object) -> int:
        if isinstance(x, tuple) and len(x) == 2 and x[0] is constants.BRANCH:
            return len(x[1][1]) + count(x[1])
        if isinstance(x, (tuple, list, parser.SubPattern)):
            return sum(count(y) for y in x)
        return 0

    return count(tree)


def fold_keeping(text: str) -> str:
    """``text`` in lower case, the four characters that match an ASCII letter
    case-insensitively (dotted and dotless i, long s, Kelvin sign) folded to it: one character
    for one, each still a word character, a space or a digit if it was one, and no other
    non-ASCII character made ASCII (a test checks all of Unicode)."""
    if not text.isascii() and any(chr(c) in text for c in _SPECIAL):
        text = text.translate(_SPECIAL)      # (U+0130 would lower-case to two characters)
    return text.lower()


#: Texts at least this long are folded once and kept (the article being read); shorter ones
#: (a clause, a sentence) are scanned directly, as is a stretch longer than :data:`_STRETCH`.
_LONG = 4096
_STRETCH = 20_000


class _Folded:
    """The folded copies (:func:`fold`) of the last few long texts asked about (the article,
    and the copies of it a reading makes), the last one first."""

    last: tuple[str, str] = ("", "")
    before: list[tuple[str, str]] = []

    @classmethod
    def of(cls, text: str) -> str:
        last = cls.last                 # (one read of each: checks may run in threads)
        if last[0] is text:
            return last[1]
        before = cls.before
        found = next((kept for kept in before if kept[0] is text), None) or (text, fold(text))
        cls.before = [last, *[kept for kept in before if kept is not found]][:3]
        cls.last = found
        return found[1]


class _Kept:
    """The :func:`fold_keeping` copies of the last few long texts (the article, and the
    copies of it a reading makes: masked, without asides) and of the last short one (a
    sentence, a clause: several patterns in a row read the same one)."""

    long: list[tuple[str, str]] = []
    short: tuple[str, str] = ("", "")

    @classmethod
    def of(cls, text: str) -> str:
        if len(text) < _LONG:
            short = cls.short           # (one read: checks may run in threads)
            if short[0] is not text:
                short = cls.short = (text, fold_keeping(text))
            return short[1]
        kept = cls.long
        for entry in kept:
            if entry[0] is text:
                return entry[1]
        folded = fold_keeping(text)
        cls.long = [(text, folded), *kept[:3]]
        return folded


class _Needled:
    """A compiled pattern behind its needles (:func:`needles`: a stretch of a long text without
    them is not scanned) and its folded twin (:func:`folded_twin`: the scan runs on the folded
    text, each match the twin finds is the pattern's own match at that place, taken there);
    otherwise the pattern's own methods and attributes. A match's ``re`` is the pattern
    inside."""

    __slots__ = ("_p", "_words", "_twin", "_short_twin", "pattern", "flags", "groups",
                 "groupindex")

    def __init__(self, p: re.Pattern[str], words: frozenset[str],
                 twin: re.Pattern[str] | None = None, short_twin: bool = False) -> None:
        self._p = p
        self._words = tuple(sorted(words, key=lambda w: (-len(w), w)))    # the longest first
        self._twin = twin
        self._short_twin = short_twin and twin is not None  # also for a short text
        self.pattern, self.flags, self.groups, self.groupindex = (
            p.pattern, p.flags, p.groups, p.groupindex)

    def _absent(self, string: str, pos: int, endpos: int) -> bool:
        """True if no needle lies in ``string[pos:endpos]`` (so no match does either); False
        when it has no needles, or for a short ``string`` or a long stretch (looking would
        cost what scanning does)."""
        if not self._words or len(string) < _LONG:
            return False
        if pos < 0:
            pos = 0                     # as the engine clips it (find would count from the end)
        if endpos - pos > _STRETCH:
            return False
        last = _Folded.last
        folded = last[1] if last[0] is string else _Folded.of(string)
        for w in self._words:
            if folded.find(w, pos, endpos) >= 0:
                return False
        return True

    def _through_twin(self, twin: re.Pattern[str], string: str, pos: int, endpos: int
                      ) -> Iterator[re.Match[str]]:
        p = self._p
        for t in twin.finditer(_Kept.of(string), pos, endpos):
            m = p.match(string, t.start(), endpos)
            if m is None or m.end() != t.end():     # (never: the twin matches where it does)
                yield from p.finditer(string, t.start(), endpos)
                return
            yield m

    def _from_first(self, twin: re.Pattern[str], folded: str, string: str,
                    first: re.Match[str], endpos: int) -> Iterator[re.Match[str]]:
        """:meth:`_through_twin` once the twin's first match ``first`` (not empty) is found:
        the twin's scan goes on where that match ends, as its own ``finditer`` would."""
        p = self._p
        t: re.Match[str] | None = first
        rest: Iterator[re.Match[str]] | None = None
        while t is not None:
            m = p.match(string, t.start(), endpos)
            if m is None or m.end() != t.end():     # (never: the twin matches where it does)
                yield from p.finditer(string, t.start(), endpos)
                return
            yield m
            if rest is None:
                rest = twin.finditer(folded, t.end(), endpos)
            t = next(rest, None)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize
               ) -> re.Match[str] | None:
        if self._words and len(string) >= _LONG and self._absent(string, pos, endpos):
            return None
        twin = self._twin if self._short_twin or len(string) >= _LONG else None
        if twin is None:
            return self._p.search(string, pos, endpos)
        t = twin.search(_Kept.of(string), pos, endpos)
        if t is None:
            return None
        m = self._p.match(string, t.start(), endpos)
        return m if m is not None and m.end() == t.end() else self._p.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize
              ) -> re.Match[str] | None:
        return self._p.match(string, pos, endpos)       # at one place: nothing to skip

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize
                  ) -> re.Match[str] | None:
        return self._p.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize
                 ) -> Iterator[re.Match[str]]:
        long = len(string) >= _LONG
        if self._words and long and self._absent(string, pos, endpos):
            return iter(())
        twin = self._twin if long or self._short_twin else None
        if twin is None:
            return self._p.finditer(string, pos, endpos)
        # the twin's first match looked for at once: most stretches have none, and then no
        # generator is started
        folded = _Kept.of(string)
        first = twin.search(folded, pos, endpos)
        if first is None:
            return iter(())
        if first.end() == first.start():    # (an empty match: the twin's own scan goes on)
            return self._through_twin(twin, string, pos, endpos)
        return self._from_first(twin, folded, string, first, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self._twin is None or not self._short_twin and len(string) < _LONG:
            return [] if self._words and self._absent(string, pos, endpos) else \
                self._p.findall(string, pos, endpos)
        found = self.finditer(string, pos, endpos)
        if self.groups == 0:
            return [m.group() for m in found]
        if self.groups == 1:
            return [m.groups("")[0] for m in found]
        return [m.groups("") for m in found]

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str,
            count: int = 0) -> str:
        return self._p.sub(repl, string, count)

    def subn(self, repl: str | Callable[[re.Match[str]], str], string: str,
             count: int = 0) -> tuple[str, int]:
        return self._p.subn(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self._p.split(string, maxsplit)

    def __repr__(self) -> str:
        return f"guarded({self._p!r})"
