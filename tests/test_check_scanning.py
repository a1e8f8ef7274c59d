"""The checker's fast scanning: guarded regexes find exactly the plain patterns' matches, and the
linear bookkeeping of taken spans answers as the plain scan over every earlier span did."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import marketdesk.check.entities as entities
import marketdesk.check.quantities  # noqa: F401 - registers its guarded patterns
import marketdesk.check.session  # noqa: F401 - registers its guarded patterns
from marketdesk.check.firstchar import ORIGINAL, first_chars, guarded
from marketdesk.check.spans import Covered

from conftest import require, seeds_dir

entities._pattern()           # the instrument-alias pattern is built (and guarded) on first use


def _matches(p: re.Pattern[str], text: str, pos: int = 0) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.groupdict()) for m in p.finditer(text, pos)]


def test_the_hot_patterns_are_guarded():
    # the scans the profile found hottest; a pattern whose first characters cannot be stated
    # would silently lose the guard
    assert {entities._DESCRIPTOR, entities.BLOCKERS, entities._pattern()[0]} <= set(ORIGINAL)
    assert len(ORIGINAL) >= 20


@pytest.mark.parametrize("pattern, first", [
    (r"\b(?:up|down)\s+\d", {"u", "d"}),
    (r"(?:about\s+)?\d+%", {"a", r"\d"}),
    (r"(?<!\w)[-+]?\d", {"-", "+", r"\d"}),
    (r"\s*(?:points?)", {r"\s", "p"}),
    (r"(a)\1", {"a"}),                  # a back-reference after the first character
])
def test_first_chars_of_a_pattern(pattern: str, first: set[str]):
    cls = first_chars(re.compile(pattern))
    assert cls is not None
    want = {f"\\U{ord(c):08x}" if len(c) == 1 else c for c in first}
    assert set(re.findall(r"\\U[0-9a-f]{8}|\\[dswDSW]", cls)) == want


@pytest.mark.parametrize("pattern, flags", [
    (r"x?", 0),                 # can match the empty string anywhere
    (r"(?:a|)b?", 0),
    (r".x", 0),                 # any character
    (r"[^a]x", 0),              # a negated class
    (r"(?i:a)b", 0),            # case-insensitive inside a case-sensitive pattern
])
def test_patterns_without_a_stated_first_character_are_left_alone(pattern: str, flags: int):
    p = re.compile(pattern, flags)
    assert first_chars(p) is None and guarded(p) is p


def test_guarded_patterns_agree_on_real_prose():
    folder = require(seeds_dir().parent / "articles", "The shared articles")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("[0-9]*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    text = "\n\n".join(texts)
    for fast, plain in ORIGINAL.items():
        assert _matches(fast, text) == _matches(plain, text), plain.pattern[:80]
        assert _matches(fast, text, 17) == _matches(plain, text, 17), plain.pattern[:80]


# letters of both cases (and the ones Unicode folds oddly), digits, market punctuation
_ALPHABET = st.sampled_from(list("abcdefimnoprstuwyABDINRSTW0125 .,%$&-'\n") +
                            ["\u017f", "\u212a", "\u0130", "\u2212", "\u2019", " points",
                             " percent", " rose ", " fell ", "the index", "S&P 500", "Dow",
                             "more than ", "Nov. 8", "10-year", "small caps", "2024"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_guarded_patterns_agree_on_any_text(text: str):
    for fast, plain in ORIGINAL.items():
        assert _matches(fast, text) == _matches(plain, text), (plain.pattern[:80], text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=12),
       st.integers(0, 45))
def test_covered_answers_as_the_scan_over_every_span(spans: list[tuple[int, int]], x: int):
    taken = Covered(0, 50)
    plain: list[tuple[int, int]] = []
    for a, n in spans:
        taken.add(a, a + n)
        plain.append((a, a + n))
        assert (x in taken) == any(a0 <= x < b0 for a0, b0 in plain)
