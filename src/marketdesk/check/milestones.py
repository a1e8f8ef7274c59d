"""How long an index took between round levels: "just eight trading days after it ended above
25,000 for the first time", "It took the index only 24 sessions to move from 20,000 to 21,000",
"The 1,000-point rally from 24,000 to 25,000 took only 23 trading days", "12 days after it hit
25,000", "reaching the milestone just five months after reaching 21,000".

Also: "107 trading sessions spent between 1,000 point milestones" (the last two levels the
session's close passed), "the 3,630 days needed for the index to close above the 2,000 barrier",
"the previous 24-day record set in 1999 that took the index to 11,000 and matched in March 2017
when it hit 21,000"; and MILESTONE_COUNT claims: "crossed five 1,000-point marks ... in 2017",
"its seventh round-number milestone of the year".

Each gap is a MILESTONE_GAP claim: ``value`` the stated count, ``extra["from_level"]`` the level
first passed at the start, ``extra["to_level"]`` the level reached (None: the session the sentence
is about), ``extra["span_unit"]`` ``sessions`` / ``days`` (calendar) / ``either`` (a bare "days")
/ ``weeks`` / ``months`` / ``years``, ``extra["basis"]`` ``close`` when the text says closed or
ended, else ``either`` (a first trade above the level also fits "hit", "broke", "topped");
``extra["step"]`` with ``from_level`` None: the levels are the two multiples of the step the
session's close passed last; ``extra["in_year"]``: the year the level was first reached, as
stated."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..facts.model import Metric
from .entities import Mention, instrument_kind, subject_before
from .model import ArticleDate, Claim, ClaimPeriod
from .count_words import ordinal
from .wording import NUMBER_WORDS, ORD_WORDS
from .firstchar import guarded

__all__ = ["first_cross_claims", "milestone_claims", "milestone_count_claims"]

_N = r"\d{1,3},\d{3}|\d{1,4}|" + "|".join(NUMBER_WORDS[2:])
_UNIT = r"trading days|trading sessions|sessions|calendar days|days|weeks|months|years"
_LEVEL = r"\d{1,3},\d{3}|\d{4,6}"
_CROSS = (r"clos\w*|end\w*|finish\w*|settl\w*|hit|hitting|broke|break\w*|cross\w*|reach\w*|took out|"
          r"taking out|top\w*|surpass\w*|pass\w*|first")
#: "N sessions after/since ... [first] closed above L1"
_AFTER = re.compile(rf"\b(?:(?:just|only)\s+)?(?P<n>{_N})\s+(?P<unit>{_UNIT}),?\s+(?:after|since)\b"
                    rf"(?P<tail>[^.;:]{{0,70}}?)\b(?P<l1>{_LEVEL})\b", re.I)
#: "took (the index) (only) N sessions to move from L1 to L2"
_TOOK_FROM = re.compile(rf"\btook\s+(?:(?:the\s+)?[\w&-]+\s+)?(?:(?:just|only)\s+)?(?P<n>{_N})\s+"
                        rf"(?P<unit>{_UNIT})\s+to\s+(?:\w+\s+){{0,2}}?from\s+(?P<l1>{_LEVEL})\s+to\s+"
                        rf"(?P<l2>{_LEVEL})\b", re.I)
#: "the rally from L1 to L2 took (only) N sessions"
_FROM_TOOK = re.compile(rf"\bfrom\s+(?P<l1>{_LEVEL})\s+to\s+(?P<l2>{_LEVEL})\s+took\s+"
                        rf"(?:(?:just|only)\s+)?(?P<n>{_N})\s+(?P<unit>{_UNIT})\b", re.I)
#: "took (the index) N sessions to get to L2 from the first time it closed above L1"
_TOOK_TO = re.compile(rf"\btook\s+(?:(?:the\s+)?[\w&-]+\s+)?(?:(?:just|only)\s+)?(?P<n>{_N})\s+"
                      rf"(?P<unit>{_UNIT})\s+to\s+(?:get|climb|go|move|rise|rally)\s+to\s+"
                      rf"(?P<l2>{_LEVEL})\s+from\b(?P<tail>[^.;:]{{0,50}}?)\b(?P<l1>{_LEVEL})\b",
                      re.I)
_CROSS_VERB = (r"crossed|closed above|closed at|topped|hit|broke|breached|reached|surpassed|passed|"
               r"rose above|ended above|finished above")
_LEVEL_YEAR = rf"(?P<l>{_LEVEL})(?:\s+(?:points|mark|level|barrier))?\s+in\s+(?P<y>(?:19|20)\d{{2}})\b"
#: "The Dow first crossed 1,000 in 1972, 10,000 in 1999 ..., and 30,000 in 2020"
_FIRST_IN = re.compile(rf"\bfirst\s+(?:{_CROSS_VERB})\s+(?:the\s+)?{_LEVEL_YEAR}", re.I)
_NEXT_IN = re.compile(rf"(?:[^,;.]{{0,40}}?)?,?\s*(?:and\s+)?{_LEVEL_YEAR}", re.I)
#: "The Dow topped 40,000 for the first time in 2024"
_FIRST_TIME_IN = re.compile(rf"\b(?:{_CROSS_VERB})\s+(?P<l>{_LEVEL})(?:\s+points)?\s+for\s+the\s+"
                            rf"first\s+time\s+in\s+(?P<y>(?:19|20)\d{{2}})\b", re.I)
_STEP = r"(?P<step>\d{1,3}(?:,\d{3})?)[- ]point|(?P<round>round[- ]number)"
_MARKS = r"milestones?|marks?|levels?|thresholds?|barriers?"
#: "107 trading sessions spent between 1,000 point milestones"
_BETWEEN = re.compile(rf"\b(?P<n>{_N})\s+(?P<unit>{_UNIT})\s+(?:spent\s+|it\s+took\s+)?between\s+"
                      rf"(?:the\s+)?(?:{_STEP})\s+(?:{_MARKS})\b", re.I)
#: "the 3,630 days needed for the index to close above the 2,000 barrier"
_NEEDED = re.compile(rf"\b(?P<n>{_N})\s+(?P<unit>{_UNIT})\s+(?:needed|required|it\s+took)\s+"
                     rf"(?:for\s+(?:the\s+)?[\w&-]+\s+)?to\s+(?P<verb>{_CROSS})(?:\s+above)?\s+"
                     rf"(?:the\s+)?(?P<l2>{_LEVEL})\b", re.I)
_MON = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?")
#: "the previous 24-day record set in 1999 that took the index to 11,000 and matched in March
#: 2017 when it hit 21,000"
_RECORD_SET = re.compile(
    rf"\b(?P<n>\d{{1,4}})-(?:trading-)?(?P<unit>day|session)\s+(?:record|stretch|run|span)\s+"
    rf"(?:set\s+)?in\s+(?:{_MON}\s+)?(?P<y>(?:19|20)\d{{2}})\s+that\s+(?:took|brought|carried|"
    rf"lifted|sent)\s+(?:the\s+)?[\w&-]+\s+(?:to|above|past)\s+(?P<l2>{_LEVEL})\b"
    rf"(?:,?\s+and\s+(?:was\s+)?matched\s+in\s+(?:{_MON}\s+)?(?P<y3>(?:19|20)\d{{2}})\s+when\s+"
    rf"(?:it|the\s+[\w&-]+)\s+(?:{_CROSS})(?:\s+above)?\s+(?P<l3>{_LEVEL})\b)?", re.I)
#: "crossed five 1,000-point marks ... in 2017", "its seventh round-number milestone of the year"
_COUNTED = re.compile(
    rf"\b(?:{_CROSS})\s+(?:its\s+)?(?P<n>{_N}|\d{{1,2}}(?:st|nd|rd|th)|{'|'.join(ORD_WORDS)})\s+"
    rf"(?:{_STEP})\s+(?P<marks>{_MARKS})\b", re.I)
_IN_YEAR = re.compile(r"\b(?:in|during)\s+(?P<y>(?:19|20)\d{2})\b|(?P<this>\b(?:of|in)\s+the\s+"
                      r"year\b|\bthis\s+year\b|\bso\s+far\s+in\s+(?:19|20)\d{2}\b)", re.I)
#: "tied for the shortest such span in its history", "the fastest run between 1,000-point
#: milestones in history": a rank of the gaps over the index's whole history
_RANKED = re.compile(r"\b(?:tied\s+for\s+)?(?:the\s+)?(?P<w>shortest|fastest|quickest|longest|slowest)"
                     r"\s+(?:such\s+)?(?:time|span|stretch|run|climb|pace|rally|gap)\b[^.;]{0,60}?"
                     r"\b(?:in\s+(?:its|the\s+[\w&-]+(?:'s|’s)?|[\w&-]+(?:'s|’s))\s+(?:[\w-]+\s+)?"
                     r"history|ever|on\s+record|of\s+all\s+time)\b", re.I)
_GAP_TOPIC = re.compile(r"\bmilestones?\b|\bsuch\s+(?:span|stretch|gap)\b|[- ]point\s+marks\b",
                        re.I)
_CLOSE_WORDS = re.compile(r"\b(?:clos\w*|ended|ending|finish\w*|settl\w*)\b", re.I)


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _count(word: str) -> int:
    w = word.lower().replace(",", "")
    return int(w) if w.isdigit() else NUMBER_WORDS.index(w)


def _unit(word: str) -> str:
    w = word.lower()
    return {"trading days": "sessions", "trading sessions": "sessions", "sessions": "sessions",
            "session": "sessions", "day": "either",
            "calendar days": "days", "days": "either"}.get(w, w)


def _step(m: re.Match[str], sentence: str, level: float | None = None) -> float | None:
    """The spacing of the round levels: stated ("1,000-point"), else a level's own (1,000 for a
    multiple of 1,000, 100 for one of 100), else unknown."""
    if m.groupdict().get("step"):
        return _num(m["step"])
    stated = re.search(r"\b(\d{1,3}(?:,\d{3})?)[- ]point\s+(?:milestones?|marks?|rally|run|climb)",
                       sentence, re.I)
    if stated:
        return _num(stated[1])
    if level is not None:
        for step in (1000.0, 100.0):
            if level % step == 0:
                return step
    return None


def milestone_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                     date: ArticleDate) -> Iterator[Claim]:
    """The MILESTONE_GAP claims of the sentence ``text[s0:s1]`` (see the module docstring); each
    claim's ``extra["level_spans"]`` holds the spans of the two levels, which are not claims of
    their own."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    found: list[tuple[re.Match[str], float, float | None, str]] = []
    for m in _AFTER.finditer(text, s0, s1):
        if not re.search(rf"\b(?:{_CROSS})\b", m["tail"], re.I):
            continue
        l1 = _num(m["l1"])
        # the level reached: the last round level above L1 before the count ("closed above 26,000
        # for the first time ..., just eight trading days after it ended above 25,000")
        ups = [_num(x[0]) for x in re.finditer(_LEVEL, text[s0:m.start()])
               if _num(x[0]) > l1 and _num(x[0]) % 100 == 0]
        basis = "close" if _CLOSE_WORDS.search(m["tail"]) else "either"
        found.append((m, l1, ups[-1] if ups else None, basis))
    for pattern in (_TOOK_FROM, _FROM_TOOK, _TOOK_TO):
        for m in pattern.finditer(text, s0, s1):
            tail = m.groupdict().get("tail") or ""
            basis = "close" if _CLOSE_WORDS.search(tail) else "either"
            found.append((m, _num(m["l1"]), _num(m["l2"]), basis))
    extra_gaps: list[tuple[re.Match[str], float | None, float | None, str, float | None,
                           str | None, str]] = []
    for m in _BETWEEN.finditer(text, s0, s1):
        if (step := _step(m, sentence)) is not None:
            extra_gaps.append((m, None, None, "close", step, None, "n"))
    for m in _NEEDED.finditer(text, s0, s1):
        lvl = _num(m["l2"])
        if (step := _step(m, sentence, lvl)) is not None:
            basis = "close" if _CLOSE_WORDS.search(m["verb"]) else "either"
            extra_gaps.append((m, lvl - step, lvl, basis, step, None, "n"))
    for m in _RECORD_SET.finditer(text, s0, s1):
        for lk, yk in (("l2", "y"), ("l3", "y3")):
            if m[lk] is None:
                continue
            lvl = _num(m[lk])
            if (step := _step(m, sentence, lvl)) is not None:
                extra_gaps.append((m, lvl - step, lvl, "either", step, m[yk], lk))
    if _GAP_TOPIC.search(sentence):
        for m in _RANKED.finditer(text, s0, s1):
            symbol, subj, anchor = subject_before(ms, m.start(), fallback)
            if symbol is None or instrument_kind(symbol) not in ("index", "etf"):
                continue
            yield Claim(sentence=sentence, span=m.span(), subject=symbol,
                        subject_text=subj.text if subj is not None else "",
                        metric=Metric.MILESTONE_GAP, period=ClaimPeriod("none", date.session),
                        value=None, unit="none", decimals=0, text=m.group(),
                        extra={"rank": m["w"].lower(), "anchor": anchor})
    for m, lo, hi, basis, step, year, key in extra_gaps:
        symbol, subj, anchor = subject_before(ms, m.start(), fallback)
        if symbol is None or instrument_kind(symbol) not in ("index", "etf") or \
                (lo is not None and lo < 1000):
            continue
        spans = [list(m.span(k)) for k in ("l2", "l3") if k in m.groupdict() and m[k]]
        yield Claim(sentence=sentence, span=m.span(key),
                    subject=symbol, subject_text=subj.text if subj is not None else "",
                    metric=Metric.MILESTONE_GAP, period=ClaimPeriod("none", date.session),
                    value=float(_count(m["n"])), unit="count", decimals=0,
                    text=text[m.start("n"):m.end("unit")] + (f" to {m[key]}" if key != "n" else ""),
                    extra={"from_level": lo, "to_level": hi, "span_unit": _unit(m["unit"]),
                           "basis": basis, "step": step, "in_year": year,
                           "level_spans": spans, "anchor": anchor})
    for m, l1, l2, basis in found:
        if l1 < 1000 or (l2 is not None and l2 <= l1):
            continue
        symbol, subj, anchor = subject_before(ms, m.start(), fallback)
        if symbol is None or instrument_kind(symbol) not in ("index", "etf"):
            continue
        yield Claim(sentence=sentence, span=m.span("n"), subject=symbol,
                    subject_text=subj.text if subj is not None else "",
                    metric=Metric.MILESTONE_GAP, period=ClaimPeriod("none", date.session),
                    value=float(_count(m["n"])), unit="count", decimals=0,
                    text=text[m.start("n"):m.end("unit")],
                    extra={"from_level": l1, "to_level": l2, "span_unit": _unit(m["unit"]),
                           "basis": basis, "level_spans": [list(m.span("l1"))] + (
                               [list(m.span("l2"))] if "l2" in m.groupdict() else []),
                           "anchor": anchor})


def milestone_count_claims(text: str, s0: int, s1: int, ms: list[Mention],
                           fallback: str | None, date: ArticleDate) -> Iterator[Claim]:
    """MILESTONE_COUNT claims: "crossed five 1,000-point marks, ... in 2017" (a count), "hitting
    its seventh round-number milestone of the year" (an ordinal: the session's level is the
    seventh). The period is the year named after the figure, else "of the year" / "this year"
    (the year to date); neither: no claim. ``extra["step"]``: the levels' spacing (a round-number
    milestone: that of the level the sentence names)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    for m in _COUNTED.finditer(text, s0, s1):
        when = _IN_YEAR.search(text, m.end(), s1)
        if when is None:
            continue
        if m["round"]:
            named = [_num(x[0]) for x in re.finditer(_LEVEL, text[s0:m.start()])]
            step = _step(m, "", named[-1]) if named else None
        else:
            step = _step(m, sentence)
        is_ord = m["n"].lower() in ORD_WORDS or not m["n"].isalpha() and not m["n"].isdigit()
        n = ordinal(m["n"]) if is_ord else _count(m["n"])
        if step is None or n is None:
            continue
        symbol, subj, anchor = subject_before(ms, m.start(), fallback)
        if symbol is None or instrument_kind(symbol) not in ("index", "etf"):
            continue
        year = int(when["y"]) if when["y"] else date.session.year
        period = ClaimPeriod("ytd", date.session, year=year) if year == date.session.year else \
            ClaimPeriod("year", date.session, year=year)
        yield Claim(sentence=sentence, span=m.span("n"), subject=symbol,
                    subject_text=subj.text if subj is not None else "",
                    metric=Metric.MILESTONE_COUNT, period=period, value=float(n), unit="count",
                    decimals=0, text=text[m.start("n"):m.end("marks")],
                    extra={"step": step, "anchor": anchor, "ordinal": is_ord})


def first_cross_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                       date: ArticleDate) -> Iterator[Claim]:
    """"The Dow first crossed 10,000 in 1999, 20,000 in 2017": FIRST_CLOSE_ABOVE claims with
    ``extra["first_in"]`` the year its first close (or first trade) above the level came."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    hits: list[tuple[re.Match[str], str]] = []
    for m in _FIRST_IN.finditer(text, s0, s1):
        hits.append((m, m.group()))
        pos = m.end()
        while (n := _NEXT_IN.match(text, pos, s1)) is not None:
            hits.append((n, m.group()))
            pos = n.end()
    for m in _FIRST_TIME_IN.finditer(text, s0, s1):
        hits.append((m, m.group()))
    for m, words in hits:
        level = _num(m["l"])
        if level < 1000 or int(m["y"]) > date.session.year:
            continue
        symbol, subj, anchor = subject_before(ms, m.start(), fallback)
        if symbol is None or instrument_kind(symbol) not in ("index", "etf"):
            continue
        yield Claim(sentence=sentence, span=m.span("l"), subject=symbol,
                    subject_text=subj.text if subj is not None else "",
                    metric=Metric.FIRST_CLOSE_ABOVE, period=ClaimPeriod("none", date.session),
                    value=level, unit="level", decimals=0,
                    text=f"{m['l']} in {m['y']}",
                    extra={"level": level, "first_in": m["y"],
                           "basis": "close" if _CLOSE_WORDS.search(words) else "either",
                           "anchor": anchor})


# the sentence scans above, behind a first-character lookahead (the same matches, faster)
(_AFTER, _TOOK_FROM, _FROM_TOOK, _TOOK_TO, _FIRST_IN, _FIRST_TIME_IN, _BETWEEN, _NEEDED,
 _RECORD_SET, _COUNTED) = map(guarded, (_AFTER, _TOOK_FROM, _FROM_TOOK, _TOOK_TO, _FIRST_IN,
                                        _FIRST_TIME_IN, _BETWEEN, _NEEDED, _RECORD_SET, _COUNTED))
