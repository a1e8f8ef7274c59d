"""The words the claim parser keys on, shared by the figure rules (:mod:`.claims`) and the
worded-claim rules (:mod:`.phrase_claims`): forecasts, clause bounds, falling nouns, number and
ordinal words."""

from __future__ import annotations

import re

from .firstchar import guarded

__all__ = ["PAST_MOVES", "FORECAST", "TO_DATE_PROJECTION", "forecast_kind", "CLAUSE_END", "DOWN_NOUNS", "NUMBER_WORDS", "ORD_WORDS", "BEST_MONTH",
           "MONTH_PLURAL", "clause"]

#: Past-tense verbs of a market move, as a regex alternation ("fell", "rallied", "skidded").
PAST_MOVES = (r"rose|fell|gained|lost|dropped|jumped|climbed|slid|sank|tumbled|surged|added|shed|"
              r"declined|advanced|rallied|plunged|slipped|edged|rebounded|soared|dipped|"
              r"retreated|skidded|slumped|nosedived|plummeted|tanked|cratered|leapt|leaped|"
              r"spiked|roared|sagged")
FORECAST = re.compile(r"\b(?:(?-i:may)(?!\s+\d)|might|could|will|would|expected to|poised to|forecasts?|"
                       r"projected|likely to|set to|on track to|on pace to|(?:on track|on pace|set|"
                       r"poised|headed|heading) for|(?:headed|heading) to(?:ward)?)\b", re.I)
#: A projection stated on the figure to date ("heading for their worst year since 2008", "on
#: track for a quarterly gain of 15.65%", "would be its best month since 1987"): judged on the
#: period so far; a miss is not checkable (the period is not over).
TO_DATE_PROJECTION = re.compile(r"\b(?:(?:on track|on pace|set|poised|headed|heading)\s+(?:for|to"
                                r"(?:ward)?)|would be)\b", re.I)


def forecast_kind(lead: str) -> str | None:
    """``"to_date"`` when the last forecast cue in ``lead`` projects the period so far (see
    :data:`TO_DATE_PROJECTION`), ``"projection"`` for any other ("could", "expected to"), else
    None."""
    last = None
    for last in FORECAST.finditer(lead):
        pass
    if last is None:
        return None
    return "to_date" if TO_DATE_PROJECTION.match(lead, last.start()) else "projection"


CLAUSE_END = re.compile(r",(?!\s*(?:19|20)\d{2}\b)|;|\s(?:and|while|but|as|after|before)\s",
                        re.I)   # (not the comma of "May 20, 2013")
DOWN_NOUNS = ("decline", "drop", "fall", "loss", "decrease", "slide", "selloff", "sell-off",
              "tumble", "plunge", "slump", "rout", "retreat")
#: Counts of a span of time in words ("in two years", "for the first time in a year").
SPAN_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
#: The same words as a pattern ("a|an|one|...").
SPAN_WORD = "|".join(SPAN_WORDS)
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                 "seventeen", "eighteen", "nineteen", "twenty")
ORD_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
              "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth")
#: A calendar month's name, or its plural ("Septembers").
MONTH_PLURAL = re.compile(r"\b(january|february|march|april|may|june|july|august|september|"
                          r"october|november|december)s?\b", re.I)
BEST_MONTH = re.compile(r"\b(best|worst)[- ]performing month|\b(best|worst) month\b", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s+while\b", re.I)
# scanned for every figure and sentence: behind guards (the same matches, faster)
FORECAST, CLAUSE_END, MONTH_PLURAL, BEST_MONTH, _CLAUSE_BREAK = map(guarded, (
    FORECAST, CLAUSE_END, MONTH_PLURAL, BEST_MONTH, _CLAUSE_BREAK))


def clause(text: str, pos: int, s0: int, s1: int) -> tuple[int, int]:
    """The clause of ``text[s0:s1]`` holding ``pos``: split at ";" and ", while"."""
    a, b = s0, s1
    for m in _CLAUSE_BREAK.finditer(text, s0, s1):
        if m.end() <= pos:
            a = m.end()
        elif m.start() >= pos:
            b = m.start()
            break
    return a, b
