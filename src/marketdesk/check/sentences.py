"""Sentence splitting that survives market prose: "U.S.", "Nov. 8", "2,442.03", "4.262%", "3 p.m.".

A sentence ends at ``.``, ``!`` or ``?`` followed by whitespace and an upper-case letter, a digit
or a quote -- unless the word before the period is a known abbreviation (``U.S.``, ``Nov.``,
``Inc.``, ``p.m.``) -- and always at a blank line or a line break before a capital (headlines) or
a bullet.
Decimal points never split (no whitespace follows them).
"""

from __future__ import annotations

import re

__all__ = ["split_sentences", "ABBREVIATIONS", "MAX_SENTENCE"]

#: The longest stretch read as one sentence (characters). Real sentences are far shorter; a
#: longer run (a table, a list, junk) is cut so that the work per sentence stays bounded.
MAX_SENTENCE = 1200

ABBREVIATIONS: frozenset[str] = frozenset({
    "u.s", "u.k", "e.u", "u.n", "inc", "corp", "co", "ltd", "st", "mr", "mrs", "ms", "dr", "jr",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "a.m", "p.m", "no", "vs", "etc", "e.g", "i.e", "approx", "est", "dept", "gov", "sen", "rep",
})

_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])")
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[\u2022\u00b7\u25aa\u2023\u25e6*]|--?)?\s*[A-Z\"'\u201c\u2018])")
#   (a line that starts a bullet -- "  \u2022 The Dow ended up 511.24" -- is a sentence too)
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.*[\"'\u201d\u2019)\]]*$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the period at ``dot`` ends an abbreviation rather than a sentence."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha() and word != "i"   # initials: "J. Powell"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``, stripped of surrounding whitespace."""
    cuts: set[int] = set()
    for m in _BREAK.finditer(text):
        cuts.add(m.start())
    for m in _END.finditer(text):
        first_dot = m.start()
        if text[first_dot] == "." and _is_abbreviation(text, first_dot):
            continue
        cuts.add(m.end())
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        seg = text[start:cut]
        lstrip = len(seg) - len(seg.lstrip())
        a, b = start + lstrip, start + len(seg.rstrip())
        while b - a > MAX_SENTENCE:     # not prose: cut at a space so work stays linear
            k = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
            k = k if k > a else a + MAX_SENTENCE
            spans.append((a, k))
            a = k + 1 if text[k:k + 1] == " " else k
        if b > a:
            spans.append((a, b))
        start = cut
    return spans
