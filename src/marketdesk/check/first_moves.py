"""The first move of its kind in a while: "its first monthly drop since January", "its first
weekly gain in five weeks", "for its first loss in eight months".

Each is a FIRST_MOVE_SINCE claim: ``extra["unit"]`` days / weeks / months / quarters,
``extra["move"]`` up or down, and either ``extra["since"]`` (ISO day, ``YYYY-MM`` or ``YYYY``: the
last earlier move of that kind) or ``value`` (the periods since it)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import calendar as cal
from ..facts.model import Metric
from .entities import Mention, blocker_before, subject_before
from .model import ArticleDate, Claim, ClaimPeriod
from .periods import find_period
from .phrase_claims import since_after
from .wording import NUMBER_WORDS
from .firstchar import guarded

__all__ = ["first_move_claims"]

_ADJ_UNIT = {"daily": "days", "weekly": "weeks", "monthly": "months", "quarterly": "quarters"}
_NOUN_UNIT = {"day": "days", "session": "days", "week": "weeks", "month": "months",
              "quarter": "quarters"}
_COUNT_UNIT = {"days": "days", "sessions": "days", "trading days": "days", "weeks": "weeks",
               "months": "months", "quarters": "quarters"}
_FIRST = re.compile(
    r"\b(?:its|their|the|a)\s+first\s+(?:(?P<adj>daily|weekly|monthly|quarterly)\s+)?"
    r"(?P<noun>drop|decline|loss|fall|gain|rise|advance|increase|rally|"
    r"(?:down|up|losing|winning|negative|positive)\s+(?:day|session|week|month|quarter))\s+"
    r"(?:(?P<since>since)\b|in\s+(?:(?:more than|over|nearly|almost|about)\s+)?"
    r"(?P<n>\d{1,2}|a|an|" + "|".join(NUMBER_WORDS[2:]) + r")\s+"
    r"(?P<unit>days|sessions|trading days|weeks|months|quarters)\b)", re.I)
_DOWN = re.compile(r"drop|decline|loss|fall|down|losing|negative", re.I)


def first_move_claims(text: str, s0: int, s1: int, ms: list[Mention], fallback: str | None,
                      date: ArticleDate, figures: Sequence[Claim] = ()) -> Iterator[Claim]:
    """The FIRST_MOVE_SINCE claims of the sentence ``text[s0:s1]``, at the end of the period of
    the move the sentence states before it (``figures``: "fell 4.8% in September for its first
    loss in eight months": September's last session), else at the article's session when the
    sentence names no period; ``extra["period_sure"]`` is False when it names one this reading
    could not place (a miss is then not checkable)."""
    assert date.session is not None, "claims are read against a session (check() gives one)"
    sentence = text[s0:s1]
    for m in _FIRST.finditer(text, s0, s1):
        noun = m["noun"].lower()
        unit = _ADJ_UNIT.get((m["adj"] or "").lower()) or next(
            (u for w, u in _NOUN_UNIT.items() if noun.endswith(w)), None)
        count_unit = _COUNT_UNIT.get((m["unit"] or "").lower())
        unit = unit or count_unit or "days"
        if count_unit and count_unit != unit:
            continue        # "its first weekly gain in three months": not a count of weeks
        extra: dict[str, object] = {"unit": unit, "move": "down" if _DOWN.search(noun) else "up"}
        end = m.end()
        value: float | None = None
        if m["since"]:
            named = since_after(text, m.end(), s1, date.session)
            if named is None:
                continue
            end, extra["since"] = named
        else:
            n = m["n"].lower()
            value = 1.0 if n in ("a", "an") else float(n) if n.isdigit() else \
                float(NUMBER_WORDS.index(n))
        symbol, subj, anchor = subject_before(ms, m.start(), fallback)
        if blocker_before(text, subj.end if subj is not None else s0, m.start()) is not None:
            continue
        moves = [c for c in figures if c.span[0] < m.start() and c.subject == symbol and
                 c.metric in (Metric.CHANGE_PCT, Metric.PERIOD_RETURN, Metric.CHANGE_PTS,
                              Metric.PERIOD_CHANGE_PTS)]
        day, sure = date.session, find_period(sentence, date.session, date.published) is None
        p = moves[-1].period if moves else None
        if p is not None and p.kind == "month" and p.year and p.month:
            day, sure = min(cal.last_session_of_month(p.year, p.month), date.session), True
        elif p is not None and p.kind in ("day", "mtd", "wtd", "qtd", "none"):
            day, sure = p.end, True
        extra["period_sure"] = sure
        extra["anchor"] = anchor
        yield Claim(sentence=sentence, span=(m.start(), end), subject=symbol,
                    subject_text=subj.text if subj is not None else "",
                    metric=Metric.FIRST_MOVE_SINCE, period=ClaimPeriod("day", day),
                    value=value, unit="count" if value is not None else "none", decimals=0,
                    text=text[m.start():end].strip(), extra=extra)


# the sentence scan above, behind a first-character lookahead (the same matches, faster)
_FIRST = guarded(_FIRST)
