"""Score a wrap's text against the wire facts of ``wire_days`` (issue 12's measure).

For each recorded fact the text is searched where a reader would look: the sentences about the
fact's subject (a sentence that names no instrument belongs to the one named before it). A fact
is **present** when the sentence renders its value (the value computed from the CSV rows, at one
or two decimals) in the metric's wording, **wrong** when the sentence states the metric with
another value, **missing** otherwise. The lead is the body's first sentence: its first named
instrument and the angles its words carry ("bear market", "point ... in data going back",
"record close", "since ..."), with the lead paragraph's second sentence when it is about the same
instrument ("The Dow's drop of 1,175.21 points was its largest on record.").

Run as a script to print the table for the store in ``$MARKETDESK_DB`` (``python
tests/wire_score.py``); ``tests/test_wrap_wires.py`` holds the floors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

NAMES: dict[str, tuple[str, ...]] = {
    "^GSPC": ("S&P 500",), "^DJI": ("Dow",), "^IXIC": ("Nasdaq",),
    "^RUT": ("Russell 2000",), "^VIX": ("VIX", "Volatility Index", "fear gauge"),
    "DGS2": ("2-year",), "DGS10": ("10-year",),
}
YIELDS = ("DGS2", "DGS10")
VERBS = (r"rose|fell|gained|lost|dropped|jumped|climbed|slid|sank|tumbled|surged|added|shed|"
         r"declined|advanced|rallied|plunged|slipped|edged(?: up| down| lower| higher)?|"
         r"rebounded|soared|dipped|retreated|skidded|slumped|climbed|rocketed")
_MONTHS = {"Jan.": 1, "Feb.": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
           "Aug.": 8, "Sept.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12, "January": 1,
           "February": 2, "August": 8, "September": 9, "October": 10, "November": 11,
           "December": 12}
_DATE = (r"(?:(?P<mon>Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.|"
         r"January|February|August|September|October|November|December)\s+(?:(?P<day>\d{1,2})"
         r"(?:,\s+(?P<yr>\d{4}))?|(?P<yr2>\d{4}))|(?P<yr3>\d{4}))")
_COUNT = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ORD = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


@dataclass(frozen=True)
class Verdict:
    """One fact's result: ``status`` present / wrong / missing, and the sentence looked at."""

    day: str
    subject: str
    metric: str
    value: str
    status: str
    where: str = ""


def sentences(text: str) -> list[str]:
    """The text's sentences, paragraph by paragraph (AP abbreviations kept inside)."""
    out: list[str] = []
    for para in text.split("\n\n"):
        para = " ".join(para.split())
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", para) if s]
    return out


def _named(sentence: str) -> list[str]:
    hits = []
    for sym, names in NAMES.items():
        pos = [sentence.find(n) for n in names if n in sentence]
        if pos:
            hits.append((min(pos), sym))
    return [s for _, s in sorted(hits)]


def attributed(text: str) -> list[tuple[str, list[str]]]:
    """Each sentence with the subjects it is about (the last named ones when it names none)."""
    out, last = [], []  # type: list[tuple[str, list[str]]], list[str]
    for para in text.split("\n\n"):
        last = []
        for s in sentences(para):
            named = _named(s)
            if named:
                last = named
            out.append((s, named or last))
    return out


def _about(text: str, subject: str) -> list[str]:
    return [s for s, subs in attributed(text) if subject in subs]


def _renderings(v: float, digits: tuple[int, ...] = (1, 2)) -> set[str]:
    return {f"{abs(v):,.{d}f}" for d in digits}


def _since_dates(sentence: str, ref_year: int) -> list[tuple[int, int | None]]:
    out = []
    for m in re.finditer(r"since " + _DATE, sentence):
        year = m.group("yr") or m.group("yr2") or m.group("yr3")
        month = _MONTHS.get(m.group("mon") or "")
        out.append((int(year) if year else ref_year, month))
    return out


def _day_since_clauses(sentence: str) -> list[str]:
    """The 'largest ... since D' stretches of a sentence that speak of one day's move."""
    out = []
    for m in re.finditer(r"(?=((?:largest|biggest|best|worst|steepest)\b(?:(?!\bsince\b|"
                         r"\blargest\b)[^;])*?since " + _DATE + "))", sentence):
        words = m.group(1)
        if re.search(r"monthly|annual|weekly|week|month|year|two-day|three-day|four-day|"
                     r"five-day|point|close", words.split(" since ")[0]):
            continue
        out.append(words)
    return out


def score_fact(text: str, day: str, subject: str, metric: str, value: str,
               truth: float | str | None) -> Verdict:
    """The verdict on one fact; ``truth`` is the value computed from the CSV rows (a number, a
    date string, or None when the metric is a state)."""
    ref_year = int(day[:4])
    about = _about(text, subject) if subject != "ALL" else sentences(text)

    def verdict(status: str, where: str = "") -> Verdict:
        return Verdict(day, subject, metric, value, status, where)

    def first(pattern: str) -> str | None:
        return next((s for s in about if re.search(pattern, s)), None)

    if metric in ("change_pct",):
        want = _renderings(float(truth or 0))
        want |= {f"{abs(round(float(truth or 0))):d}"} if abs(float(truth or 0)) >= 10 else set()
        for s in about:
            m = re.search(rf"\b(?:{VERBS})\s+(?:up\s+|down\s+)?(\d[\d,]*(?:\.\d+)?)%", s)
            if m:
                return verdict("present" if m.group(1) in want else "wrong", s)
        return verdict("missing")
    if metric == "change_pts":
        want = _renderings(float(truth or 0), (2,)) | {f"{abs(round(float(truth or 0))):,d}"}
        for s in about:
            for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)[ -]points?\b", s):
                if m.group(1) in want:
                    return verdict("present", s)
        return verdict("missing")
    if metric in ("close", "yield_level"):
        want = _renderings(float(truth or 0), (2,))
        hit = next((s for s in about if any(w in s for w in want)), None)
        return verdict("present" if hit else "missing", hit or "")
    if metric == "record_close":
        want = _renderings(float(truth or 0), (2,))
        hit = next((s for s in about if "record" in s and any(w in s for w in want)), None)
        return verdict("present" if hit else "missing", hit or "")
    if metric == "pts_record":
        hit = first(r"point[^;]*?(in data going back|ever\b|in (its )?history|on record)|"
                    r"(record|largest|biggest) (one-day )?point")
        return verdict("present" if hit else "missing", hit or "")
    if metric == "pct_record":
        hit = next((s for s in about if re.search(
            r"(largest|biggest|worst|best)(?:(?!point|month|annual|year|week)[^;,])*?"
            r"(in data going back|on record|ever\b)", s)), None)
        return verdict("present" if hit else "missing", hit or "")
    if metric in ("largest_since", "yield_largest_since"):
        want = str(truth or value)
        for s in about:
            for clause in _day_since_clauses(s):
                for year, month in _since_dates(clause, ref_year):
                    got = f"{year:04d}" + (f"-{month:02d}" if month else "")
                    if got.startswith(want) or want.startswith(got) and len(got) >= 4:
                        return verdict("present", s)
                    return verdict("wrong", s)
        return verdict("missing")
    if metric == "bear_market":
        hit = first(r"bear market")
        return verdict("present" if hit else "missing", hit or "")
    if metric == "drawdown":
        want = _renderings(float(truth or 0))
        hit = next((s for s in about if any(f"{w}% below" in s for w in want)), None)
        return verdict("present" if hit else "missing", hit or "")
    if metric == "year_gains_erased":
        hit = first(r"(erased|erasing|wiped out|wiping out|gave up|giving up)[^.]*gains for "
                    r"the year|(turned|slipped|fell) (negative|lower) for the year")
        return verdict("present" if hit else "missing", hit or "")
    if metric == "lowest_close_since":
        want = str(truth)
        for s in about:
            for m in re.finditer(r"lowest close since " + _DATE, s):
                year = m.group("yr") or m.group("yr2") or m.group("yr3") or str(ref_year)
                month = _MONTHS.get(m.group("mon") or "")
                got = f"{year}" + (f"-{month:02d}" if month else "") + (
                    f"-{int(m.group('day')):02d}" if m.group("day") else "")
                return verdict("present" if want.startswith(got) else "wrong", s)
        return verdict("missing")
    if metric == "streak":
        n = abs(int(value))
        words = rf"({_COUNT[n]}|{_ORD[n]}|{n})" if n < 10 else rf"({n}|{n}th)"
        hit = first(rf"\b{words}\b[^.]*?(straight|consecutive|in a row|losing streak|"
                    rf"winning streak)|{words}-(day|session) (losing|winning) streak")
        return verdict("present" if hit else "missing", hit or "")
    if metric == "move_sessions":
        n = int(value.split(":")[0])
        want = _renderings(float(truth or 0))
        hit = next((s for s in about if re.search(rf"\b({_COUNT[n]}|{n})[- ](sessions?|days?|"
                                                  r"trading days)", s)
                    and any(f"{w}%" in s for w in want)), None)
        return verdict("present" if hit else "missing", hit or "")
    if metric == "intraday_low_pts":
        want = _renderings(float(truth or 0), (2,)) | {f"{abs(round(float(truth or 0))):,d}"}
        hit = next((s for s in about for m in re.finditer(
            r"as much as (\d[\d,]*(?:\.\d+)?) points", s) if m.group(1) in want), None)
        return verdict("present" if hit else "missing", hit or "")
    if metric == "yield_change_bp":
        want = {f"{abs(round(float(truth or 0))):d}"}
        for s in about:
            m = re.search(r"(\d+(?:\.\d+)?) basis points?", s)
            if m:
                return verdict("present" if m.group(1) in want else "wrong", s)
        return verdict("missing")
    if metric == "group_move":
        limit = abs(int(value))
        hit = first(rf"\bAll (three|four|five)\b[^.]*?\b(?:{VERBS})\b[^.]*?more than {limit}%")
        return verdict("present" if hit else "missing", hit or "")
    raise ValueError(f"no rule for metric {metric!r}")


def lead_angles(sentence: str) -> set[str]:
    """The angles a lead sentence carries (see ``wire_days.LEADS``)."""
    angles = {"move"}
    if "bear market" in sentence:
        angles.add("bear_market")
    if re.search(r"point[^;]*?(in data going back|ever\b|history|on record)", sentence):
        angles.add("pts_record")
    if re.search(r"(largest|biggest|worst|best) one-day[^;]*?in data going back", sentence):
        angles.add("pct_record")
    if "record close" in sentence:
        angles.add("record_close")
    if "lowest close since" in sentence:
        angles.add("lowest_close_since")
    if _day_since_clauses(sentence):
        angles.add("largest_since")
    return angles


def lead_of(text: str) -> tuple[str | None, set[str], bool]:
    """The body's first sentence: its first named subject, its angles, whether it names the
    weekday."""
    body = text.split("\n\n", 1)[1] if "\n\n" in text else text
    lead = sentences(body.split("\n\n", 1)[0])
    first = lead[0] if lead else ""
    named = _named(first)
    subject = named[0] if named else None
    if len(lead) > 1 and _named(lead[1]) in ([], [subject]) and subject is not None:
        first = f"{first} {lead[1]}"      # the lead's second sentence, about the same subject
    angles = lead_angles(first) | ({"yield"} if subject in YIELDS else set())
    return subject, angles, any(w in first for w in WEEKDAYS)


def lead_ok(text: str, accepted: tuple[tuple[str, str], ...]) -> bool:
    subject, angles, weekday = lead_of(text)
    return weekday and any(subject == s and a in angles for s, a in accepted)


def iso(d: dt.date) -> str:
    return d.isoformat()


if __name__ == "__main__":   # the table for the store in $MARKETDESK_DB
    import os
    import sys
    from collections import Counter
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from wire_days import DAYS, FACTS, LEADS
    from wire_truth import truth_of

    from marketdesk.desk import Desk
    from marketdesk.wrap import wrap

    counts: Counter[str] = Counter()
    leads = 0
    with Desk(os.environ["MARKETDESK_DB"], read_only=True) as desk:
        for day in DAYS:
            text = wrap(desk, day).text()
            ok = lead_ok(text, LEADS[day])
            leads += ok
            rows = [score_fact(text, *f[:4], truth_of(*f)) for f in FACTS if f[0] == day]
            c = Counter(v.status for v in rows)
            counts.update(c)
            print(f"{day}  lead {'yes' if ok else 'NO '} {lead_of(text)[0]!s:6} "
                  f"present {c['present']:2}/{len(rows):2}  wrong {c['wrong']}")
            for v in rows:
                if v.status != "present":
                    print(f"      {v.status:8} {v.subject:6} {v.metric:20} {v.value} "
                          f"{v.where[:100]}")
    total = sum(counts.values())
    print(f"coverage {counts['present']}/{total} = {counts['present'] / total:.1%}, "
          f"wrong {counts['wrong']}, leads {leads}/{len(DAYS)}")
