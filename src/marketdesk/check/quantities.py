"""Numbers with units, qualifiers and directions in market prose.

A :class:`Quantity` is one stated figure: "1.5%", "14.7 basis points", "2,442.03", "about 5
percentage points", "over 11%", "double-digit percentage", "51st". Numbers inside names ("Russell
2000", "S&P 500", "10-year"), dates ("Nov. 8, 2021", "2024.11.26") and times ("3 p.m.", "02:37")
are not quantities.

Qualifiers (the comparison rule the verifier applies, see :mod:`.compare`): ``about`` (about,
around, roughly, approximately, nearly, almost, some, close to), ``more_than`` (more than, over,
above, in excess of, upwards of, just over), ``less_than`` (less than, under, below, just under),
``at_least``, ``double_digit``. Directions come from the nearest verb or noun before the figure:
up (rose, gained, surged, climbed, jumped, added, increase, gain, up, higher, advanced, rallied) or
down (fell, slid, dropped, declined, lost, slumped, tumbled, decrease, decline, down, lower).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .firstchar import cases, guarded
from .model import ClaimUnit, Direction, Qualifier
from .spans import Covered

__all__ = ["Quantity", "find_quantities", "direction_in", "UP_WORDS", "DOWN_WORDS"]

_NUM = r"[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNIT = (r"(?P<unit>%|\s?percent(?:age points?)?\b|\s?per cent\b|\s?pp\b|\s?basis[\s-]points?\b|"
         r"\s?bps?\b|(?:\s|-)?points?\b|\s?pts\b)?")
_QUAL_WORDS = ("about", "around", "roughly", "approximately", "nearly", "almost", "some",
               "close to", "more than", "just over", "over", "above", "in excess of",
               "upwards of", "less than", "just under", "under", "below", "at least")
_QUAL_ALT = "|".join(w.replace(" ", r"\s+") for w in _QUAL_WORDS)    # ("more\nthan": a line break)
_QUAL = rf"(?P<qual>{_QUAL_ALT})?"
_QTY = re.compile(rf"(?:{_QUAL}\s+(?:by\s+)?)?(?P<num>(?:(?<![\w.,:/-])|(?<=\bto)){_NUM})(?![\w]|[.,:/]\d)"
                  rf"{_UNIT}", re.I)
#: Where a figure can begin: at its sign or first digit; at the white space before it or
#: before "by" (an empty qualifier); at the first two letters of a qualifier -- spelled out in
#: both cases and looked at case-sensitively, so that the engine rejects most positions of a
#: sentence at once (the qualifier words, tried in turn, are the costly part of the scan).
_QUAL_STARTS: dict[str, set[str]] = {}
for _w in _QUAL_WORDS:
    _QUAL_STARTS.setdefault(_w[0], set()).add(_w[1])
_QTY_AHEAD = (r"[-−+\d]|\s+(?-i:[-−+\d]|[bB][yY]\s)|(?-i:" + "|".join(
    f"[{cases(a)}][{''.join(cases(b) for b in sorted(bs))}]"
    for a, bs in sorted(_QUAL_STARTS.items())) + ")")
_DOUBLE_DIGIT = re.compile(r"\bdouble[-\s]digit(?:\s+percentage)?\b", re.I)
#: "about two tenths of a percentage point", "half a percentage point", "a full percentage point"
_FRACTION = re.compile(
    rf"(?:{_QUAL}\s+(?:by\s+)?)?\b(?:(?P<k>a|one|two|three|four|five|six|seven|eight|nine)\s+"
    r"(?P<frac>tenths?|quarters?)\s+of|(?P<half>half)(?:\s+of)?|(?P<full>a\s+full|one\s+full))\s+"
    r"(?:a\s+)?percentage[\s-]points?\b", re.I)
_FRACTION_K = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9}
_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b(?!\s+time\b)", re.I)   # not "for the 1st time"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_MASKS = [
    re.compile(r"\b(?:russell|s&p|nasdaq|ftse|stoxx|nikkei|msci|dax|cac|topix|kospi)\s*-?\s*"
               r"\d+(?!\d|[.,]\d|\s*(?:%|percent))(?:\s+growth|\s+value)?", re.I),
    # ("the Nasdaq 2.2%" in "the Dow fell 2.9% and the Nasdaq 2.2%" is a figure, not a name)
    re.compile(r"\b\d+(?:\.\d+)?-(?:year|month|week|day|minute|hour)\b", re.I),
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?", re.I),
    re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?\d{{4}}\b", re.I),
    re.compile(r"\b\d{4}[-./]\d{1,2}[-./]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)", re.I),
    re.compile(r"\b\d{1,2}:\d{2}\b"),
    re.compile(r"\b(?:in|since|of|for|from|during|until|by|to|through)\s+(?:early\s+|late\s+|mid-)?"
               r"(?:19|20)\d{2}\b(?!\.\d|\s*(?:%|points|percent))", re.I),
    # "in 1925 and 1964", "in 2012, 2013 and 2019": every year of the list
    re.compile(r"\b(?:in|of|since|from|between|during)\s+(?:19|20)\d{2}(?:\s*,\s*(?:19|20)\d{2})*,?"
               r"\s+(?:and|or|&)\s+(?:19|20)\d{2}\b(?!\.\d|\s*(?:%|points|percent))", re.I),
    re.compile(r"\b(?:close|closing|closed out|end|ending|ended|start|starting|started|finish|"
               r"finished|began|begin|kick off|kicked off)\s+(?:out\s+)?(?:19|20)\d{2}\b(?!\.\d)",
               re.I),
    re.compile(r"\b(?:19|20)\d{2}(?=\s*(?:'s|,)?\s+(?:low|high|peak|election|crash|rally|"
               r"sell-?off|levels?)\b)", re.I),
]
_COUNT_NOUN = re.compile(r"\s+(?:[a-z-]+\s+){0,2}?(?:days?|sessions?|times|weeks?|months?|years?|"
                         r"stocks?|companies|members|shares|records?|cases|deaths|people|"
                         r"quarters?|hours?|minutes?|trading days|straight|consecutive|of the)\b",
                         re.I)
_MILESTONE = re.compile(r"\s*(?:milestones?|marks?|barriers?|levels?|increments?|thresholds?|"
                        r"moves|swings|days?|sessions?)\b", re.I)
#: "the 1,000-point rally from 24,000 to 25,000": the span between two round levels, not a move.
_LEVEL_SPAN = re.compile(r"\s+(?:rally|climb|run|advance|ascent|march|trek)\s+from\s+\d", re.I)
#: "its fourth 1,000-point drop": a kind of move counted, not this move's size.
_COUNTED = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                      r"\d+(?:st|nd|rd|th))\s+$", re.I)
_QUOTE_WIDGET = re.compile(r"(?:/quotes/\S+|realtime|\b[A-Z]{2,5})\s*$")
UP_WORDS = ("rose", "rise", "rises", "rising", "risen", "gained", "gain", "gains", "surged", "surge",
            "adding", "gaining", "advancing", "recovered", "recovering", "rebounding",
            "surges", "climbs", "jumps", "advances", "rallies", "soars",
            "climbed", "climb", "jumped", "jump", "added", "increase", "increased", "increases",
            "up", "higher", "advanced", "advance", "rallied", "rally", "soared", "rebounded",
            "grew", "outperformed", "ahead", "leapt", "leaped", "spiked", "rocketed", "popped",
            "firmed", "climbing", "jumping", "surging", "soaring", "rallying")
DOWN_WORDS = ("fell", "fall", "falls", "falling", "fallen", "slid", "slide", "slides", "dropped", "drop",
              "drops", "declines", "sinks", "tumbles", "plunges", "slumps", "declined",
              "decline", "decreased", "decrease", "lost", "loss", "slumped", "tumbled", "sank",
              "down", "lower", "retreated", "plunged", "slipped", "eased", "shed", "lagged",
              "behind", "trailed", "underperformed", "plummeted", "plummets", "plummet",
              "plummeting", "nosedived", "dived", "dove", "dipped", "dips", "skidded", "tanked",
              "cratered", "sagged", "negative", "sliding", "dropping", "sinking", "tumbling", "plunging",
              "erased", "erasing", "shaved", "shaving", "wiped", "wiping", "knocked", "losing",
              "shedding", "declining", "slipping", "retreating", "sagging",
              "gave up", "gives up", "giving up", "gave back", "gives back", "giving back")
# (the longest first: "gave up" is a loss, not "up")
_DIR = re.compile(r"\b(" + "|".join(sorted(UP_WORDS + DOWN_WORDS, key=len, reverse=True)) +
                  r")\b", re.I)
# scanned over every sentence: behind a first-character lookahead (the same matches, faster)
_DOUBLE_DIGIT, _FRACTION, _ORDINAL, _DIR = map(guarded, (_DOUBLE_DIGIT, _FRACTION, _ORDINAL, _DIR))
_QTY = guarded(_QTY, ahead=_QTY_AHEAD)
# all ten run over every sentence: a sentence without a month name, an index name, ... skips
# the scans that need one (twelve finds cost less than one scan)
_MASKS = [guarded(p, most_needles=12) for p in _MASKS]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One stated figure at ``start:end`` (including its qualifier and unit)."""

    start: int
    end: int
    value: float
    decimals: int
    unit: ClaimUnit
    qualifier: Qualifier
    text: str
    signed: bool = False


def _unit(raw: str | None, num: str) -> ClaimUnit:
    u = (raw or "").strip().lstrip("-").lower()
    if u in ("%", "percent", "per cent"):
        return "pct"
    if u.startswith("percentage point") or u == "pp":
        return "pp"
    if u.startswith("basis") or u in ("bp", "bps"):
        return "bp"
    if u.startswith("point") or u == "pts":
        return "pts"
    return "level"


def _qualifier(raw: str | None) -> Qualifier:
    q = " ".join((raw or "").lower().split())
    if q in ("more than", "just over", "over", "above", "in excess of", "upwards of"):
        return "more_than"
    if q in ("less than", "just under", "under", "below"):
        return "less_than"
    if q == "at least":
        return "at_least"
    return "about" if q else "exact"


#: Characters before a stretch that its masks may need to see ("Nov. 8" before "2021").
_LOOKBEHIND = 40


#: ASCII digits to "#" (str.translate), for a masked stretch that is all ASCII.
_HASH_DIGITS = {c: "#" for c in range(ord("0"), ord("9") + 1)}


def _masked(text: str, start: int, end: int) -> tuple[str, int]:
    """``text[w0:end]`` with the digits of names, dates and times masked, and ``w0``: only the
    stretch and a little before it, so reading a long text sentence by sentence stays linear."""
    w0 = max(0, start - _LOOKBEHIND)
    spans = sorted((max(m.start(), w0), min(m.end(), end)) for pattern in _MASKS
                   for m in pattern.finditer(text, max(0, start - 20), end))
    out: list[str] = []
    at = w0                             # copied up to here
    for a, b in spans:
        a = max(a, at)
        if a >= b:
            continue                    # inside a stretch masked already
        part = text[a:b]
        out += text[at:a], part.translate(_HASH_DIGITS) if part.isascii() else \
            "".join("#" if ch.isdigit() else ch for ch in part)
        at = b
    out.append(text[at:end])
    return "".join(out), w0


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """The stated figures in ``text[start:end]``, in order."""
    end = len(text) if end is None else end
    masked, w0 = _masked(text, start, end)
    a, b = start - w0, end - w0
    out: list[Quantity] = []
    for m in _DOUBLE_DIGIT.finditer(masked, a, b):
        out.append(Quantity(m.start() + w0, m.end() + w0, 10.0, 0, "pct", "double_digit",
                            m.group()))
    for m in _FRACTION.finditer(masked, a, b):
        if m["frac"]:
            tenth = m["frac"].lower().startswith("tenth")
            value = _FRACTION_K[m["k"].lower()] * (0.1 if tenth else 0.25)
            decimals = 1 if tenth else 2
        else:
            value, decimals = (0.5, 1) if m["half"] else (1.0, 0)
        s_ = m.start() + w0 + len(m.group()) - len(m.group().lstrip())
        out.append(Quantity(s_, m.end() + w0, round(value, 4), decimals, "pp",
                            _qualifier(m["qual"]), text[s_:m.end() + w0]))
    for m in _ORDINAL.finditer(masked, a, b):
        out.append(Quantity(m.start() + w0, m.end() + w0, float(m[1]), 0, "ordinal", "exact",
                            m.group()))
    taken = Covered(start, end)
    for q in out:
        taken.add(q.start, q.end)
    for m in _QTY.finditer(masked, a, b):
        n0, e = m.start("num") + w0, m.end() + w0
        if n0 in taken:
            continue
        num = m["num"].replace(",", "").replace("−", "-")
        decimals = len(num.split(".")[1]) if "." in num else 0
        unit = _unit(m["unit"], num)
        value = float(num)
        if unit == "level" and decimals == 0 and value < 10:
            continue   # small bare integers are counts and words, not market figures
        if unit == "pts" and (_MILESTONE.match(text, e) or m["unit"].startswith("-") and (
                _COUNTED.search(text, max(0, n0 - 20), n0) or _LEVEL_SPAN.match(text, e))):
            continue   # "1,000-point milestones", "its fourth 1,000-point drop": a step size
        if unit == "level" and decimals == 0 and _COUNT_NOUN.match(text, e):
            continue   # "on 110 of the 253 trading days", "30 major US stocks": counts
        if num[0] in "+-" and \
                _QUOTE_WIDGET.search(text, max(0, m.start() + w0 - 40), m.start() + w0):
            continue   # "SPX -0.57%": a live quote box pasted into the page, not the story
        if unit == "pts" and decimals == 0 and value >= 100:
            digits = num.lstrip("+-")
            decimals = -min(len(digits) - len(digits.rstrip("0")), len(digits) - 1)
            # "jumps 1,200 points": a round figure, stated to the hundreds
        s_ = (m.start("qual") if m["qual"] else m.start("num")) + w0
        out.append(Quantity(s_, e, value, decimals, unit, _qualifier(m["qual"]),
                            text[s_:e], signed=num[0] in "+-"))
    return sorted(out, key=lambda q: q.start)


def direction_in(text: str) -> Direction | None:
    """The direction of the last direction word in ``text`` (None if there is none)."""
    words = _DIR.findall(text)
    if not words:
        return None
    return "up" if words[-1].lower() in UP_WORDS else "down"
