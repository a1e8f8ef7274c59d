"""Counts of periods meeting a condition in a window: "up or down at least 1% on 110 of the 253
trading days", "Of the 52 months since April 2020, just 17 of them have been negative, or
32.7%", "Of the past 50 Septembers, the S&P 500 has fallen 28 times", "only one down week over
the past 11", "the past four Septembers, all negative months", "With just 11 trading days so far
in 2018", "Of the 40 worst monthly selloffs, nine have occurred in September"; the ordinal forms
("for the second time in four days", "its third 2% drop of the year") are in
:mod:`.count_ordinals`.

Each is a PERIOD_COUNT claim (facts :mod:`~marketdesk.facts.counts`): ``value`` the stated
number and ``extra``:

- ``role``: ``count`` (periods meeting the condition), ``total`` (periods of the window),
  ``share`` (percent of the window), ``hit_share`` (percent of the periods meeting the condition
  that fall in ``hit_month``), ``ordinal`` (the session is the Nth such period);
- ``spec``: unit, move (up / down / either / any), threshold, basis, strict, calendar month;
  ``other_months``, ``among`` / ``among_worst`` where the words say so;
- ``window``: :class:`.count_words.Window`; ``stated_total``: the "M" of "N of the M";
- ``sure``: the words allow only this condition and window (else a miss is not checkable);
  ``anchor``: ``named`` when the sentence names the instrument;
- ``thresholds``: spans of the threshold figures, which are the condition, not claims
  (:func:`condition_spans` gives them, and the shares read here, to the figure reader).

A count needs a condition, a period noun and a window the text states; without them there is no
claim. A count of periods that follow an event ("in 8 of the last 10 years after a midterm
election") is another statistic, and no claim either."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..facts.model import Metric
from .count_build import CountBuilder, Counted, left_cond, qualifier_before, right_cond
from .count_ordinals import nth_time_claims, ordinal_claims
from .count_words import (MONTHS, NUM, UNIT, Cond, Window, complete_year_span, condition,
                          number, unit_of, window_after)
from .entities import Mention
from .firstchar import guarded
from .model import ArticleDate, Claim
from .periods import month_number

__all__ = ["condition_spans", "count_claims", "nth_time_claims"]

#: "110 of the 253 trading days", "28 of the past 50 Septembers", "eight of 10 years"
_N_OF_M = re.compile(rf"\b(?P<n>{NUM})\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+)?(?:(?P<rel>past|"
                     rf"last|previous|prior|latest)\s+)?(?P<m>{NUM})\s+(?:full\s+|calendar\s+)?"
                     rf"(?P<u>{UNIT})\b", re.I)
#: "Of the 52 months since April 2020, ...", "Of the past 50 Septembers, ...", "In the past six
#: weeks, ..."
_OF_THE_M = re.compile(rf"\b(?:(?:of|out of)\s+the\s+(?:(?P<rel>past|last|previous|prior|latest)\s+)?|"
                       rf"(?:in|over|during)\s+the\s+(?P<rel2>past|last|previous|prior)\s+)"
                       rf"(?P<m>{NUM})\s+(?:full\s+|calendar\s+)?(?P<u>{UNIT})\b", re.I)
#: the count in the clause after it: "just 17 of them", "fallen 28 times", "rose in 30"
_REST_COUNT = re.compile(rf"\b(?P<n>{NUM})\s+(?:of\s+(?:them|those|these)\b|times?\b|have\b|had\b|"
                         rf"were\b|saw\b|ended\b|closed\b|finished\b|posted\b)|\b(?:in|on)\s+"
                         rf"(?P<k>{NUM})\b(?!\s*(?:%|percent|of\b))", re.I)
#: "only one down week over the past 11", "33 weekly advances in the last 47"
_N_ADJ = re.compile(rf"\b(?P<n>(?!a\b){NUM}|no)\s+(?:(?P<adj>down|up|losing|winning|negative|positive|"
                    rf"declining|advancing)\s+(?P<u>{UNIT})|(?P<adj2>daily|weekly|monthly|"
                    rf"quarterly|annual|yearly)\s+(?P<noun>gains|losses|declines|drops|advances|"
                    rf"increases|rises|falls|decreases))\b", re.I)
_ADJ_UNIT = {"daily": "days", "weekly": "weeks", "monthly": "months", "quarterly": "quarters",
             "annual": "years", "yearly": "years"}
#: "in each of the past five weeks", "the past four Septembers, all negative months"
_EACH = re.compile(rf"\b(?:each|every\s+one|all)\s+of\s+(?:the|its)\s+(?P<rel>past|last|previous|"
                   rf"prior)\s+(?P<m>{NUM})\s+(?P<u>{UNIT})\b", re.I)
_ALL = re.compile(rf"\b(?:the|its)\s+(?P<rel>past|last|previous|prior)\s+(?P<m>{NUM})\s+"
                  rf"(?P<u>{UNIT})\s*,\s*(?:were\s+|have\s+been\s+)?all\s+(?P<adj>negative|positive|"
                  r"down|up|losing|winning|losses|gains|declines|advances|lower|higher)\b", re.I)
#: "With just 11 trading days so far in 2018", "five trading days into the year"
_SESSIONS = re.compile(rf"\b(?P<n>{NUM})\s+(?:trading\s+(?:days|sessions)|sessions)\s+(?:so\s+far\s+"
                       r"(?:in\s+(?:19|20)\d{2}|this\s+year)|into\s+(?:the\s+(?:new\s+)?year|"
                       r"(?:19|20)\d{2}))\b", re.I)
#: "Of the 40 worst monthly selloffs ..., as many as nine have occurred in September"
_AMONG = re.compile(rf"\b(?:of|among)\s+the\s+(?P<m>{NUM})\s+(?P<o>worst|best|biggest|largest|"
                    rf"steepest|deepest)\s+(?:(?P<adj>monthly|daily|weekly|one-day|single-day)\s+)?"
                    r"(?P<noun>selloffs|sell-offs|declines|drops|losses|months|days|weeks|gains|"
                    r"rallies|advances|routs|sessions)\b", re.I)
_AMONG_IN = re.compile(rf"\b(?:as many as\s+|fully\s+|only\s+|just\s+)?(?P<n>{NUM})\s+(?:of\s+them\s+)?"
                       rf"(?:have\s+)?(?:occurred|came|come|happened|took\s+place|were|fell)\s+in\s+"
                       rf"(?P<mo>{MONTHS})\b(?:\s*,\s*followed\s+by\s+(?P<mo2>{MONTHS})\s+with\s+"
                       rf"(?P<n2>{NUM})\b)?", re.I)
#: "..., compared to 38 days in 2019"
_VERSUS = re.compile(rf"\b(?:compared\s+(?:to|with)|versus|vs\.?|up\s+from|down\s+from|against)\s+"
                     rf"(?P<n>{NUM})\s+(?:(?:trading\s+)?(?:days|sessions|weeks|months)\s+)?(?:in|for|"
                     r"during)\s+(?P<y>(?:19|20)\d{2}|last\s+year)\b", re.I)
#: "..., including two rallies of more than 9%"
_INCLUDING = re.compile(rf"\b(?:including|with)\s+(?P<n>{NUM})\s+(?P<noun>rallies|gains|advances|jumps|"
                        r"surges|drops|declines|losses|selloffs|sell-offs|plunges|tumbles|slides|"
                        r"moves|swings)\s+of\s+(?P<t>(?:more than|over|at least)\s+\d+(?:\.\d+)?\s*"
                        r"(?:%|percent)|\d+(?:\.\d+)?\s*(?:%|percent)\s+or\s+more)", re.I)
#: "of the negative months, 23% of them have been Septembers"
_NEG_SHARE = re.compile(rf"\bof\s+the\s+(?P<adj>negative|positive|down|up|losing|winning|declining)"
                        rf"\s+(?P<u>months|weeks|years|quarters)\s*,\s*(?P<p>\d{{1,3}}(?:\.\d+)?)\s*"
                        rf"(?:%|percent)\s+(?:of\s+them\s+)?(?:have\s+been|were|came\s+in|occurred\s+"
                        rf"in|fell\s+in)\s+(?P<mo>{MONTHS})s?\b", re.I)
#: "fallen 38% of the time in the other 11 months"
_OTHER = re.compile(r"\b(?P<p>\d{1,3}(?:\.\d+)?)\s*(?:%|percent)\s+of\s+the\s+time\s+in\s+the\s+"
                    r"other\s+(?:11|eleven)\s+months\b", re.I)
#: a count of periods that follow some event: another statistic than a plain count
_RESTRICTED = re.compile(r"\s*(?:,\s*)?(?:after|following|when|in\s+which|that\s+followed|before|"
                         r"ahead\s+of|preceding|where|whose|if|of\s+(?:the|that|this|each|every|a)\s+"
                         r"(?:year|month|week|quarter|decade)|of\s+(?:19|20)\d{2}|in\s+(?:each|every)|"
                         r"around|during\s+(?:the\s+)?(?:\w+\s+){0,2}(?:period|rally|season|stretch))\b",
                         re.I)
_OPENS = re.compile(r"(?:^|[,;:]|\b(?:and|but|however))\s*$", re.I)
_UP_NOUN = re.compile(r"rall|gain|advanc|jump|surg|up|winning|positive|rise|increase|higher", re.I)


_Free = Callable[[int, int], bool]


def _decimals(p: str) -> int:
    return len(p.split(".")[1]) if "." in p else 0


def count_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                 date: ArticleDate, skip: Sequence[tuple[int, int]] = ()) -> list[Claim]:
    """The PERIOD_COUNT claims of the sentence ``text[s0:s1]`` that need no figure claim
    (``skip``: figures another reader took, e.g. a frequency's percent)."""
    b = CountBuilder(text, s0, s1, ms, fallback, date)
    seen: list[tuple[int, int]] = []

    def free(a: int, z: int) -> bool:
        return not any(x < z and a < y for x, y in seen)

    _n_of_m(b, seen, free, skip)
    _of_the_m(b, seen, free, skip)
    for m in _N_ADJ.finditer(text, s0, s1):          # "only one down week over the past 11"
        n = 0 if m["n"].lower() == "no" else number(m["n"])
        if n is None or not free(*m.span()):
            continue
        if m["adj"]:
            unit, month = unit_of(m["u"])
            move = "down" if re.match(r"down|losing|negative|declining", m["adj"], re.I) else "up"
        else:
            unit, month = _ADJ_UNIT[m["adj2"].lower()], None
            move = "up" if _UP_NOUN.search(m["noun"]) else "down"
        got = window_after(text, m.end(), s1, b.session, date.published)
        if got is None or _RESTRICTED.match(text, got[1], s1):
            continue
        w, _, wunit = got
        if wunit is not None and unit_of(wunit)[0] != unit:
            continue                    # "two weekly losses in the past three months"
        seen.append(m.span())
        b.add((m.start("n"), m.end()), n, "count", Counted(unit, month, Cond(move), w),
              qualifier=qualifier_before(text, m.start(), s0))
    for rx in (_EACH, _ALL):                          # "the past four Septembers, all negative"
        for m in rx.finditer(text, s0, s1):
            tot = number(m["m"])
            if tot is None or not free(*m.span()):
                continue
            unit, month = unit_of(m["u"])
            if rx is _ALL:
                neg = re.match(r"negative|down|losing|losses|declines|lower", m["adj"], re.I)
                cond: Cond | None = Cond("down" if neg else "up")
            else:
                cond = left_cond(text, s0, m.start()) or right_cond(text, m.end(), s1)
            if cond is None or _RESTRICTED.match(text, m.end(), s1):
                continue
            seen.append(m.span())
            b.add((m.start("m"), m.end("m")), tot, "count",
                  Counted(unit, month, cond, Window("last", m.group(), n=tot)), total=tot)
    for m in _SESSIONS.finditer(text, s0, s1):       # "11 trading days so far in 2018"
        n = number(m["n"])
        y = re.search(r"(?:19|20)\d{2}", m.group())
        if n is not None and (y is None or int(y.group()) == b.session.year):
            b.add((m.start("n"), m.end()), n, "total",
                  Counted("days", None, Cond("any"), Window("ytd", m.group())),
                  qualifier=qualifier_before(text, m.start(), s0), mention=False)
    _among(b, seen, free)
    ordinal_claims(b, free)
    _other_months(b, skip)
    return b.out


def _n_of_m(b: CountBuilder, seen: list[tuple[int, int]], free: _Free,
            skip: Sequence[tuple[int, int]]) -> None:
    """"close up or down at least 1% on 110 of the 253 trading days", "has risen in seven of
    the past eight sessions", "In 35 of the past 52 weeks, the index has gained"."""
    text, s0, s1 = b.text, b.s0, b.s1
    for m in _N_OF_M.finditer(text, s0, s1):
        n, tot = number(m["n"]), number(m["m"])
        if n is None or tot is None or n > tot or not free(*m.span()):
            continue
        unit, month = unit_of(m["u"])
        got = b.window(m["rel"], tot, m.end(), m.start())
        if got is None or _RESTRICTED.match(text, got[1], s1):
            continue
        w, wend = got
        cond = left_cond(text, s0, m.start()) or right_cond(text, wend, s1)
        lead = re.fullmatch(r"\s*(?:in|on|during)\s*", text[s0:m.start()], re.I)
        if cond is None and lead and (comma := re.match(r"\s*,", text[wend:s1])):
            cond = right_cond(text, wend + comma.end(), s1)
        if cond is None:
            continue
        seen.append(m.span())
        what = Counted(unit, month, cond, w)
        first = b.add((m.start("n"), m.end("n")), n, "count", what, total=tot,
                      qualifier=qualifier_before(text, m.start(), s0))
        if w.kind != "last":
            b.add((m.start("m"), m.end("u")), tot, "total", Counted(unit, month, Cond("any"), w),
                  total=tot, subj_pos=m.start())
        if first is not None:
            b.share(wend, s1, what, tot, skip, first)
            _versus_and_including(b, m.end(), what, first)


def _of_the_m(b: CountBuilder, seen: list[tuple[int, int]], free: _Free,
              skip: Sequence[tuple[int, int]]) -> None:
    """"Of the 52 months since April 2020, just 17 of them have been negative, or 32.7%",
    "Of the past 50 Septembers, the S&P 500 has fallen 28 times (56%)"."""
    text, s0, s1 = b.text, b.s0, b.s1
    for m in _OF_THE_M.finditer(text, s0, s1):
        tot = number(m["m"])
        if tot is None or not free(*m.span()) or not _OPENS.search(text[s0:m.start()]):
            continue
        unit, month = unit_of(m["u"])
        got = b.window(m["rel"] or m["rel2"], tot, m.end(), m.start())
        if got is None or _RESTRICTED.match(text, got[1], s1):
            continue
        w, wend = got
        comma = text.find(",", wend, s1)
        if comma < 0 or comma - wend > 40:
            continue
        stop = re.compile(r"[;—–]|\s(?:but|while)\s").search(text, comma + 1, s1)
        rest_end = stop.start() if stop else s1
        c = _REST_COUNT.search(text, comma + 1, rest_end)
        if c is None:
            continue
        g = "n" if c["n"] else "k"
        n = number(c[g])
        after = re.match(rf"\s+(?:trading\s+)?({UNIT})\b", text[c.end(g):rest_end], re.I)
        if n is None or n > tot or (after and unit_of(after[1])[0] != unit):
            continue        # ("In the past six weeks, ... on 8 days": days in weeks)
        cond_end = re.compile(r"[,(]").search(text, c.end(), rest_end)
        cend = cond_end.start() if cond_end else rest_end
        cond = condition(text, comma + 1, cend, (c.span(g),))
        if cond is None:
            continue
        seen.append((m.start(), c.end()))
        what = Counted(unit, month, cond, w)
        first = b.add(c.span(g), n, "count", what, total=tot, mention=False,
                      qualifier=qualifier_before(text, c.start(g), s0))
        if w.kind != "last":
            b.add((m.start("m"), m.end("u")), tot, "total", Counted(unit, month, Cond("any"), w),
                  total=tot, subj_pos=c.start(g), mention=False)
        if first is not None:
            tail = text.find(")", c.end(), rest_end)
            for pos in sorted({c.end(), cend, tail + 1 if tail >= 0 else c.end()}):
                b.share(pos, rest_end, what, tot, skip, first, mention=False)


def _versus_and_including(b: CountBuilder, pos: int, what: Counted, first: Claim) -> None:
    """"..., compared to 38 days in 2019" (the same condition, another year) and "including
    two rallies of more than 9%" (a condition of its own, the same window)."""
    t = b.text
    for v in _VERSUS.finditer(t, pos, b.s1):
        k = number(v["n"])
        y = b.session.year - 1 if v["y"].lower().startswith("last") else int(v["y"])
        if k is not None and what.cond.move != "any":
            b.add((v.start("n"), v.end()), k, "count",
                  Counted(what.unit, what.month, what.cond, Window("year", v["y"], year=y)),
                  qualifier=qualifier_before(t, v.start("n"), b.s0), subj_pos=first.span[0])
    for v in _INCLUDING.finditer(t, pos, b.s1):
        k = number(v["n"])
        c = condition(t, v.start("noun"), v.end())
        if k is None or c is None or what.unit != "days":
            continue
        move = "either" if re.match(r"moves|swings", v["noun"], re.I) else \
            "up" if _UP_NOUN.search(v["noun"]) else "down"
        c = Cond(move, c.threshold, c.basis, c.strict, c.sure, c.span)
        b.add((v.start("n"), v.end()), k, "count", Counted("days", what.month, c, what.window),
              subj_pos=first.span[0], sure=False)


def _among(b: CountBuilder, seen: list[tuple[int, int]], free: _Free) -> None:
    """"Of the 40 worst monthly selloffs ..., as many as nine have occurred in September,
    followed by October with six": the calendar months of the worst (best) periods."""
    text, s0, s1 = b.text, b.s0, b.s1
    for m in _AMONG.finditer(text, s0, s1):
        tot = number(m["m"])
        words = (m["adj"] or "").lower() + " " + m["noun"].lower()
        unit = "months" if "month" in words else "weeks" if "week" in words else \
            "days" if re.search(r"day|session", words) else None
        c = _AMONG_IN.search(text, m.end(), s1)
        if tot is None or unit is None or c is None or not free(m.start(), c.end()):
            continue
        worst = m["o"].lower() != "best" and not _UP_NOUN.search(m["noun"])
        seen.append((m.start(), c.end()))
        for g, mo in (("n", "mo"), ("n2", "mo2")):
            k = number(c[g]) if c[g] else None
            if k is not None:
                b.add(c.span(g), k, "count",
                      Counted(unit, month_number(c[mo]), Cond("any"), Window("all", m.group())),
                      total=tot, sure=False, mention=False,
                      more={"among": tot, "among_worst": worst})


def _other_months(b: CountBuilder, skip: Sequence[tuple[int, int]]) -> None:
    """Shares that lean on the count the sentence before opened with: "of the negative months,
    23% of them have been Septembers"; "fallen 38% of the time in the other 11 months"."""
    t, s0, s1 = b.text, b.s0, b.s1
    if _NEG_SHARE.search(t, s0, s1) is None and _OTHER.search(t, s0, s1) is None:
        return
    prev = _previous_count(b)
    if prev is None:
        return
    w, month, unit = prev
    for m in _NEG_SHARE.finditer(t, s0, s1):
        if unit != m["u"].lower() or any(a <= m.start("p") < z for a, z in skip):
            continue
        neg = re.match(r"negative|down|losing|declining", m["adj"], re.I)
        b.add((m.start("p"), m.end("p") + 1), float(m["p"]), "hit_share",
              Counted(unit, month, Cond("down" if neg else "up"), w), pct=True,
              decimals=_decimals(m["p"]), mention=False,
              more={"hit_month": month_number(m["mo"])})
    for m in _OTHER.finditer(t, s0, s1):
        cond = left_cond(t, s0, m.start())
        if month is None or cond is None or cond.threshold is not None:
            continue
        b.add((m.start("p"), m.end("p") + 1), float(m["p"]), "share",
              Counted("months", month, cond, w), pct=True, decimals=_decimals(m["p"]),
              mention=False, more={"other_months": True})


def _previous_count(b: CountBuilder) -> tuple[Window, int | None, str] | None:
    """The window of the count the sentence just before opened with ("Of the 52 months since
    April 2020, ..." / "Of the past 50 Septembers, ..."): (window, calendar month, unit)."""
    t = b.text
    found = list(_OF_THE_M.finditer(t, max(0, b.s0 - 300), b.s0))
    if not found or re.search(r"[.!?]\s", t[found[-1].end():b.s0].rstrip()[:-1]):
        return None                     # none, or not in the sentence just before
    m = found[-1]
    tot = number(m["m"])
    unit, month = unit_of(m["u"])
    if tot is None:
        return None
    if m["rel"] or m["rel2"]:
        if month is None:
            return None
        return Window("seasonal", m.group(), years=complete_year_span(tot, month, b.session)), \
            month, unit
    got = window_after(t, m.end(), b.s0, b.session, b.date.published)
    if got is None or got[0].kind == "last":
        return None
    return got[0], month, unit


def condition_spans(claims: Sequence[Claim]) -> list[tuple[int, int]]:
    """The threshold figures of count claims and the shares they read: not figure claims."""
    out: list[tuple[int, int]] = []
    for c in claims:
        if c.metric is Metric.PERIOD_COUNT:
            out += [(int(a), int(z)) for a, z in c.extra.get("thresholds", [])]
            if c.unit == "pct":
                out.append(c.span)
    return out


# the sentence scans above, behind a first-character lookahead (the same matches, faster)
(_N_OF_M, _OF_THE_M, _N_ADJ, _EACH, _ALL, _SESSIONS, _AMONG, _NEG_SHARE, _OTHER) = map(
    guarded, (_N_OF_M, _OF_THE_M, _N_ADJ, _EACH, _ALL, _SESSIONS, _AMONG, _NEG_SHARE, _OTHER))
