"""The session frame of an article: which session it reports, and when it was written.

A story is rarely about the day it is stamped with: wire closes are reposted the next morning,
foreign sites are already a day ahead, Monday papers report Friday, and live stories are written
while the market is open. The frame is decided from evidence, in this order of weight:

1. **The data**: the closing levels and point changes the text states (figures with two decimals
   and at least 100, the ones that identify a session), matched against the closes and changes of
   the stored indexes on each candidate session. A match is one cent wide (two official sources
   can differ by a cent).
2. **The words**: weekday names ("on Thursday") and explicit dates ("Nov. 25") that fall on a
   candidate session; time-of-day cues ("in afternoon trading", "at midday") that say the story
   was written during the session.
3. **The stamp**: a publication date makes that day's session and the previous one candidates; a
   time of day (New York) decides between them when the text does not.

An article with no stamp is dated by its stated figures against the whole store (two figures on
one session, or one close level with cents that only one session has). With no evidence at all
the article is **undated** -- never "as of the latest session in the store".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from .. import calendar as cal
from ..facts.lookup import CloseIndex, day_moves
from .firstchar import guarded
from .periods import find_dates
from .quantities import Quantity, find_quantities

__all__ = ["SessionFrame", "frame_session", "stated_figures", "INDEXES", "LIVE"]

#: The indexes whose stated closes and changes identify a session.
INDEXES: tuple[str, ...] = ("^GSPC", "^DJI", "^IXIC", "^RUT")
Timing = Literal["after_close", "during", "before_open", "unknown"]

#: Words that place a figure at a time of day other than the close.
LIVE = re.compile(
    r"\b(?:in (?:early|late|mid|midday|morning|afternoon|late-morning|early-afternoon|"
    r"late-afternoon)[- ]?(?:morning |afternoon )?trading|at midday|midday|mid-?morning|"
    r"(?:this|thursday|friday|monday|tuesday|wednesday) (?:morning|afternoon)|"
    r"shortly after the open(?:ing bell)?|after the opening bell|at the open(?:ing bell)?|"
    r"last traded|was last|were last|so far today|so far in the session|as of \d|"
    r"(?<!ended )(?<!closed )(?<!closes )(?<!ends )(?<!finished )"    # (an early close's hour)
    r"at \d{1,2}(?::\d{2})?\s*[ap]\.?m\.?|in afternoon|in morning|in the afternoon|"
    r"in the morning|on pace (?:to|for)|on track (?:to|for)|heading for|in early deals|"
    r"early on\b|earlier in the (?:day|session)|before the close|before close|before closing|"
    r"(?:an?|couple(?: of)?|few|\d+)\s+hours?\s+(?:before|after|into)\b|"
    r"ahead of the close|at one point|"
    r"as much as|as many as|were trading|was trading|is trading|are trading|"
    r"hovered|hovering|briefly|at session (?:highs?|lows?)|during trading|as high as|as low as|"
    r"recent trading|late trading|based on (?:the )?latest available data|"
    r"according to preliminary (?:data|figures)|preliminary (?:data|figures|close))\b", re.I)
#: "now" says the story was written during the session only together with other cues; after the
#: close ("is now down 14.6%") it is the close, so it counts for the frame, never for a figure.
_NOW = re.compile(r"\bnow\b", re.I)
_CITES_DATE = re.compile(r"[^.;]{0,12}?\b(?:hit|set|reached|touched|on|from|in)\s+(?:on\s+)?"
                         r"(?:(?:mon|tues|wednes|thurs|fri)day|jan|feb|mar|apr|may|jun|jul|aug|"
                         r"sep|oct|nov|dec)", re.I)
_CITES_BEFORE = re.compile(r"\b(?:high|low|record|peak|closing high|closing low)\s+(?:close\s+)?"
                           r"of\s*$", re.I)
_TODAY = re.compile(r"\btoday(?:'s)?\b", re.I)
#: A weekday after these words is a day before the story's session.
_BOUND_BEFORE = re.compile(r"\b(?:through|since|as of|until|till)\s+(?:last\s+)?$", re.I)
_WEEKDAY = re.compile(r"(?<!black )(?<!cyber )\b(monday|tuesday|wednesday|thursday|friday)(?:'s)?\b", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
# scanned over the whole text and at every figure: behind guards (the same matches, faster)
LIVE, _NOW, _WEEKDAY, _CITES_DATE, _CITES_BEFORE, _TODAY, _BOUND_BEFORE = map(guarded, (
    LIVE, _NOW, _WEEKDAY, _CITES_DATE, _CITES_BEFORE, _TODAY, _BOUND_BEFORE))


@dataclass(frozen=True, slots=True)
class SessionFrame:
    """Which session an article reports and how that was decided.

    ``session`` is None for an undated article. ``timing``: written after that session's close,
    during it, or before its open. ``confidence`` in [0, 1]. ``alternatives``: other sessions the
    evidence left open (readings may use them when the text names no day). ``evidence``: one
    line per clue, for the output.
    """

    session: dt.date | None
    published: dt.date | None
    timing: Timing
    confidence: float
    how: str
    evidence: tuple[str, ...] = ()
    alternatives: tuple[dt.date, ...] = ()
    matched: Mapping[dt.date, int] = field(default_factory=dict)

    @property
    def dated(self) -> bool:
        return self.session is not None


@dataclass(frozen=True, slots=True)
class _Figure:
    value: float
    decimals: int
    unit: str


def stated_figures(text: str, quantities: list[Quantity] | None = None) -> list[_Figure]:
    """Figures that can identify a session: levels and point changes >= 100 stated with cents.
    ``quantities``: the figures of ``text`` if already found (:func:`.find_quantities`)."""
    out = []
    for q in find_quantities(text) if quantities is None else quantities:
        if not (q.unit in ("level", "pts") and q.decimals == 2 and abs(q.value) >= 100
                and q.qualifier == "exact"):
            continue    # (the cheap tests first: most figures are no such close)
        if _CITES_DATE.match(text, q.end) or _CITES_BEFORE.search(text, max(0, q.start - 30),
                                                                   q.start):
            continue    # "its 52-week low of 10213.29 hit Wednesday, Dec. 28": another day's
        out.append(_Figure(abs(q.value), q.decimals, q.unit))
    return out


def _ny_time(time: dt.time | None, offset: dt.timedelta | None, day: dt.date
             ) -> tuple[dt.date, dt.time | None]:
    """The New York date and time of a stamp given with a UTC offset (or taken as New York)."""
    if time is None or offset is None:
        return day, time
    utc = dt.datetime.combine(day, time) - offset
    ny_offset = dt.timedelta(hours=-4 if _is_dst(utc.date()) else -5)
    local = utc + ny_offset
    return local.date(), local.time()


def _is_dst(d: dt.date) -> bool:
    """US daylight time (second Sunday of March to first Sunday of November), since 2007."""
    march = dt.date(d.year, 3, 8)
    start = march + dt.timedelta(days=(6 - march.weekday()) % 7)
    nov = dt.date(d.year, 11, 1)
    end = nov + dt.timedelta(days=(6 - nov.weekday()) % 7)
    return start <= d < end


def frame_session(text: str, series: Mapping[str, pl.DataFrame], *,
                  published: dt.date | None = None, time: dt.time | None = None,
                  utc_offset: dt.timedelta | None = None,
                  month_day: tuple[int, int] | None = None,
                  quantities: list[Quantity] | None = None) -> SessionFrame:
    """The session frame of ``text`` (see the module docstring). ``series``: bars of the indexes
    by symbol (any subset of :data:`INDEXES`); ``published``/``time``/``utc_offset``: the
    publication stamp, if there is one (a time without an offset is taken as New York time);
    ``month_day``: a dateline's month and day without a year ("Sept. 6 (UPI) --"), for an
    undated text: the sessions of that day (or the one before it) in any year are favoured.
    ``quantities``: the figures of ``text``, if they are found already (:func:`find_quantities`
    sentence by sentence)."""
    if quantities is None:
        quantities = find_quantities(text)   # read once: the whole text, for both uses
    figures = stated_figures(text, quantities)
    table = CloseIndex(series)
    evidence: list[str] = []
    live = len(LIVE.findall(text)) + len(_NOW.findall(text))
    if published is not None:
        day, t = _ny_time(time, utc_offset, published)
        try:
            s0 = cal.session_on_or_before(day)
        except Exception:  # noqa: BLE001 - outside the calendar: no session to report
            return SessionFrame(None, published, "unknown", 0.0,
                                f"the stamp {published} is outside the exchange calendar")
        cands = [s0, cal.previous_session(s0)]
        weight: defaultdict[dt.date, float] = defaultdict(float)
        hits: dict[dt.date, int] = {}
        moves = day_moves(series, cands)
        pcts = [q for q in quantities if q.unit == "pct" and q.decimals >= 1
                and q.qualifier == "exact" and abs(q.value) < 20]
        pct_hits: dict[dt.date, int] = {}
        # each figure's sessions looked up once, for both candidates
        found = [table.sessions_with(f.value, f.unit) for f in figures]
        for c in cands:
            n = sum(1 for days in found if c in days)
            hits[c] = n
            weight[c] += 2.0 * n
            rounded: dict[int, list[float]] = {}    # the day's moves at each precision, once
            for q in pcts:
                if q.decimals not in rounded:
                    rounded[q.decimals] = [round(abs(x), q.decimals) for x in moves.get(c, ())]
            p = sum(1 for q in pcts if any(abs(r - abs(q.value)) < 1e-9
                                           for r in rounded[q.decimals]))
            pct_hits[c] = p
            weight[c] += 0.4 * p
        plain = re.sub(r"\([^)\n]{0,40}\)", " ", text)   # "(Tuesday NZT)": another time zone
        for m in _WEEKDAY.finditer(plain):
            wd = _WEEKDAYS.index(m[1].lower())
            # "down 8.58% through Thursday", "since Wednesday's close": a day before the story's
            after = _BOUND_BEFORE.search(plain, max(0, m.start() - 12), m.start()) is not None
            for c in cands:
                if c.weekday() == wd:
                    if not after:
                        weight[c] += 0.8
                    elif c != s0:
                        weight[s0] += 0.8
        if day == s0 and _TODAY.search(plain):
            weight[s0] += 0.8      # "today (Dec. 26)", "Today's 4.7% increase": the stamp's day
        for mention in find_dates(text, s0):
            if mention.date is not None and mention.date in cands:
                weight[mention.date] += 0.8
        prior = s0
        if t is not None and day == s0 and t < dt.time(9, 30):
            prior = cands[1]
            evidence.append(f"stamped {day} {t:%H:%M} New York time, before that day's open")
        elif day != s0:
            evidence.append(f"stamped {published}, not a session: the last session is {s0}")
        weight[prior] += 0.5
        if len(figures) >= 2 and not any(hits.values()):
            # none of the stated closes is either candidate's, but two or more (and at least half
            # of them) are one other session's: the stamp is another day's (a page's modified
            # date, a wrong --published), and the figures date the story
            elsewhere = _store_votes(figures, table)
            if elsewhere:
                d, n = max(elsewhere.items(), key=lambda kv: (kv[1], kv[0]))
                if n >= max(2, len(figures) / 2) and \
                        sum(1 for v in elsewhere.values() if v == n) == 1:
                    return SessionFrame(d, published, "after_close", 0.8 if n >= 3 else 0.6,
                                        f"publication stamp {published}, but none of its "
                                        f"{len(figures)} stated closing figures is that day's "
                                        f"or the day before's; {n} are {d}'s",
                                        (f"{n} figure(s) match {d}",), tuple(cands), {d: n})
        best = max(cands, key=lambda c: (weight[c], c == prior))
        other = [c for c in cands if c != best]
        if hits[best]:
            evidence.append(f"{hits[best]} stated closing figure(s) match the closes or changes "
                            f"of {best}")
        timing: Timing = "after_close"
        if best == s0 and day == s0 and t is not None and dt.time(9, 30) <= t < dt.time(16, 0):
            timing = "during"
            evidence.append(f"stamped {t:%H:%M} New York time, during the session")
        elif best == s0 and not hits[best] and pct_hits[best] < 2 and (live >= 2 or figures):
            timing = "during"
            evidence.append("no stated closing figure matches the close of either session"
                            if figures else "time-of-day wording and no stated figure matches "
                            "the close")
        elif best != s0 and day == s0 and t is not None and t < dt.time(9, 30):
            timing = "after_close"
        conf = 0.95 if hits[best] >= 2 else 0.8 if hits[best] else 0.6
        how = f"publication stamp {published}" + (f" {time:%H:%M}" if time else "")
        if best != s0:
            how += f"; the story reports the previous session, {best}"
        return SessionFrame(best, published, timing, conf, how, tuple(evidence), tuple(other),
                            hits)
    # undated: the stated figures against the whole store. Each matching session gets a vote
    # per figure; a weekday the text names and being on or after the latest full date the text
    # states (a story reports its latest session) break ties between a story's session and the
    # earlier sessions it cites ("its record close of 2,442.74 set on Nov. 8, 2021").
    votes = _store_votes(figures, table)
    if votes:
        stated = [d.date for d in find_dates(text, dt.date.max.replace(year=9000))
                  if d.date is not None and d.explicit_year]
        latest = max(stated) if stated else None
        days = {_WEEKDAYS.index(m[1].lower()) for m in _WEEKDAY.finditer(text)}

        def score(d: dt.date) -> float:
            return votes[d] + 0.5 * (d.weekday() in days) + \
                0.5 * (latest is not None and d >= latest) + _on_dateline(d, month_day)

        ranked = sorted(votes, key=lambda d: (score(d), d), reverse=True)
        best_d = ranked[0]
        second = score(ranked[1]) if len(ranked) > 1 else 0.0
        if score(best_d) >= 1.5 and score(best_d) > second:
            n = votes[best_d]
            on_dateline = _on_dateline(best_d, month_day) > 0
            return SessionFrame(best_d, None, "after_close", 0.85 if n >= 2 else 0.6,
                                f"undated; {n} stated closing figure(s) match the closes and "
                                f"changes of {best_d}" + (", on the dateline's day" if
                                                          on_dateline else ""),
                                (f"{n} figure(s) match {best_d}",), (), {best_d: n})
    return SessionFrame(None, None, "unknown", 0.0,
                        "undated: no publication stamp and no stated closing figures that fix "
                        "a session")


def _store_votes(figures: list[_Figure], table: CloseIndex) -> Counter[dt.date]:
    """For each session of the store, how many of the stated closing figures it has (a cent of
    source difference allowed)."""
    votes: Counter[dt.date] = Counter()
    for f in figures:
        for d in table.sessions_with(f.value, f.unit, tol_cents=1):
            votes[d] += 1
    return votes


def _on_dateline(d: dt.date, month_day: tuple[int, int] | None) -> float:
    """A session's weight from a dateline's month and day: 1.0 when ``d`` is that day's session
    (or the last before it) in its year or the next, 0.6 when it is the session before that (a
    story dated the morning after); 0 otherwise."""
    if month_day is None:
        return 0.0
    best = 0.0
    for y in (d.year, d.year + 1):
        try:
            pub = dt.date(y, *month_day)
        except ValueError:
            continue                    # Feb. 29 in another year
        try:
            s0 = cal.session_on_or_before(pub)
        except Exception:  # noqa: BLE001 - outside the exchange calendar: no session
            continue
        if d == s0:
            return 1.0
        if d == cal.previous_session(s0):
            best = 0.6
    return best
