"""The checker's fast scanning: guarded regexes find exactly the plain patterns' matches, and the
linear bookkeeping of taken spans answers as the plain scan over every earlier span did."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import marketdesk.check.entities as entities
import marketdesk.check.quantities as quantities
import marketdesk.check.session  # noqa: F401 - registers its guarded patterns
from marketdesk.check.firstchar import (ORIGINAL, first_chars, fold, fold_keeping, folded_twin,
                                        guarded, needles)
from marketdesk.check.sentences import split_sentences
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
def test_patterns_without_a_stated_first_character_get_no_lookahead(pattern: str, flags: int):
    p = re.compile(pattern, flags)
    assert first_chars(p) is None and guarded(p).pattern == p.pattern   # (needles, maybe)


def test_guarded_patterns_agree_on_real_prose():
    folder = require(seeds_dir().parent / "articles", "The shared articles")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("[0-9]*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt"))]
    text = "\n\n".join(texts)
    for fast, plain in ORIGINAL.items():
        assert _matches(fast, text) == _matches(plain, text), plain.pattern[:80]
        assert _matches(fast, text, 17) == _matches(plain, text, 17), plain.pattern[:80]


_EVERY_CHARACTER = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)


def test_folding_keeps_every_case_insensitive_match_of_an_ascii_character():
    # every character of Unicode that IGNORECASE matches to an ASCII one folds to it (lower
    # case), one character for one: a needle found in the folded text is where the match is;
    # the folded twin's text folds the same and keeps the rest
    text = _EVERY_CHARACTER
    folded, kept = fold(text), fold_keeping(text)
    assert len(folded) == len(kept) == len(text) and folded.isascii()
    for code in range(128):
        c = chr(code)
        for m in re.finditer(re.escape(c), text, re.I):
            assert folded[m.start()] == kept[m.start()] == c.lower(), (c, hex(ord(m.group())))
    specials = "\u0130\u0131\u017f\u212a"
    for a, b in zip(text, kept):
        if a != b:      # lower case: the same kind of character, ASCII only from ASCII
            assert (b.isascii() <= (a.isascii() or a in specials)) and all(
                bool(re.match(c, a)) == bool(re.match(c, b)) for c in (r"\w", r"\s", r"\d")), \
                hex(ord(a))


def test_the_non_ascii_characters_of_the_twins_match_only_themselves():
    # a twin keeps the patterns' non-ASCII literals (dashes, quotes, the minus sign) as they
    # are: IGNORECASE must match nothing else with them
    import re._constants as constants
    import re._parser as parser
    seen: set[str] = set()

    def walk(x: object) -> None:
        if isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], constants._NamedIntConstant):
            op, av = x
            if op is constants.LITERAL and av >= 128:
                seen.add(chr(av))
            elif op is constants.RANGE:
                seen.update(chr(c) for c in range(max(av[0], 128), av[1] + 1))
            else:
                walk(av)
        elif isinstance(x, (tuple, list, parser.SubPattern)):
            for y in x:
                walk(y)

    for plain in ORIGINAL.values():
        if folded_twin(plain) is not None:
            walk(parser.parse(plain.pattern, plain.flags))
    assert "\u2212" in seen            # (the minus sign of a figure): the walk finds them
    for ch in seen:
        assert re.findall(re.escape(ch), _EVERY_CHARACTER, re.I) == [ch], hex(ord(ch))


@pytest.mark.parametrize("pattern, flags, words", [
    (r"\b(?:largest|Biggest)\s+(?:gain|drop)s?\b", re.I, {"largest", "biggest"}),
    (r"\bwound up\b|closed|close[sd]? at", re.I, {"wound up", "close"}),
    (r"(?-i:March)\s+\d", re.I, {"march"}),
    (r"(?=[ab])(?:\bfoot|bars)", 0, {"foot", "bars"}),
    (r"\b(?:the|in) record", re.I, {" record"}),    # the longer needle
    (r"\b(?:the|in)\s", re.I, None),               # too short to be worth looking for
    (r"\b(?:a|b|c|d|e)close", re.I, {"close"}),     # not five needles: the one after them
    (r"\b\d+-(?:year|month)\b", re.I, {"-year", "-month"}),   # a mark, then the words after it
    (r"\bon th(?:at|is) day", re.I, {"on that", "on this"}),   # the parser's shared "th"
    (r"\d+(?:st|nd)?", 0, None),           # the only literals are optional
    (r"(?:upon|)\d", 0, None),             # an alternative with no literal
    (r"(?<=since )\d{4}", 0, None),        # a lookbehind may look before the stretch
    (r"caf\u00e9s? bars", re.I, {" bars"}),  # a non-ASCII letter under IGNORECASE: not a needle
])
def test_needles_of_a_pattern(pattern: str, flags: int, words: set[str] | None):
    got = needles(re.compile(pattern, flags))
    assert (set(got) if got is not None else None) == words


def test_needled_patterns_agree_sentence_by_sentence_on_real_prose():
    # the checker's own way of scanning: each sentence's stretch of the whole (long) text
    folder = require(seeds_dir().parent / "articles", "The shared articles")
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("[0-9]*.txt")))
    spans = split_sentences(text)
    for fast, plain in ORIGINAL.items():
        for a, b in spans:
            assert [(m.span(), m.groups()) for m in fast.finditer(text, a, b)] == \
                [(m.span(), m.groups()) for m in plain.finditer(text, a, b)], plain.pattern[:80]
            for how in ("search", "match"):
                got, want = getattr(fast, how)(text, a, b), getattr(plain, how)(text, a, b)
                assert (got and got.span()) == (want and want.span()), plain.pattern[:80]


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
        assert fast.findall(text) == plain.findall(text), (plain.pattern[:80], text)
        got, want = fast.search(text, 3), plain.search(text, 3)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))


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


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.integers(0, 5000))
def test_needled_patterns_agree_on_a_stretch_of_a_long_text(text: str, at: int):
    long = "x " * at + text + " y" * (5000 - at)      # long enough to be folded and kept
    a, b = 2 * at, 2 * at + len(text)
    for fast, plain in ORIGINAL.items():
        assert _matches_in(fast, long, a, b) == _matches_in(plain, long, a, b), \
            (plain.pattern[:80], text)
        assert bool(fast.search(long, a, b)) == bool(plain.search(long, a, b))
        assert fast.findall(long, a, b) == plain.findall(long, a, b)
        assert bool(fast.match(long, a, b)) == bool(plain.match(long, a, b))


def _matches_in(p: re.Pattern[str], text: str, a: int, b: int) -> list[tuple[object, ...]]:
    return [(m.span(), m.groups(), m.groupdict()) for m in p.finditer(text, a, b)]


def _masked_plain(text: str, start: int, end: int) -> tuple[str, int]:
    # the masking as first written: a list of characters, each digit inside a mask match replaced
    w0 = max(0, start - quantities._LOOKBEHIND)
    chars = list(text[w0:end])
    for pattern in quantities._MASKS:
        for m in pattern.finditer(text, max(0, start - 20), end):
            for i in range(max(m.start(), w0), min(m.end(), end)):
                if chars[i - w0].isdigit():
                    chars[i - w0] = "#"
    return "".join(chars), w0


def test_masking_agrees_with_the_character_list_on_real_prose():
    folder = require(seeds_dir().parent / "articles", "The shared articles")
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("[0-9]*.txt")))
    for a, b in split_sentences(text):
        assert quantities._masked(text, a, b) == _masked_plain(text, a, b)
    assert quantities._masked(text, 0, len(text)) == _masked_plain(text, 0, len(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET | st.sampled_from(["Nov. 8, 2021", "S&P 500", "\u0663\u00b2", "3 p.m.",
                                             "in 2019", "10:30", "2024-11-25"]),
                max_size=40).map("".join), st.integers(0, 30))
def test_masking_agrees_with_the_character_list_on_any_text(text: str, start: int):
    start = min(start, len(text))
    assert quantities._masked(text, start, len(text)) == _masked_plain(text, start, len(text))


def _alias_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = sorted(entities._pattern()[1], key=len, reverse=True)
    trie, flat = entities.alternation(words), entities.flat_alternation(words)
    assert trie != flat                  # the instrument aliases are written as a trie
    def compiled(body: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w&-])(?:{body})(?![\w&]|-\w)", re.I)
    return compiled(trie), compiled(flat)


def test_the_alias_trie_agrees_with_the_flat_alternation_on_real_prose():
    folder = require(seeds_dir().parent / "articles", "The shared articles")
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("[0-9]*.txt")))
    trie, flat = _alias_patterns()
    assert _matches(trie, text) == _matches(flat, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET | st.sampled_from(["Russell 2000", "russell  2000 growth", "Nasdaq",
                                             "Composite", "S&P 500 index", "SPDR", "Dow Jones ",
                                             "Industrial Average", "10-year Treasury", "ETF"]),
                max_size=30).map("".join))
def test_the_alias_trie_agrees_with_the_flat_alternation_on_any_text(text: str):
    trie, flat = _alias_patterns()
    assert _matches(trie, text) == _matches(flat, text), text


@pytest.mark.parametrize("words", [["ab", "a"], ["a b", "a  b", "ab"], ["abc", "abd", "ab", "b"],
                                   ["i", "\u0131"], ["a\tb", "a b"]])
def test_a_trie_matches_as_the_flat_alternation(words: list[str]):
    words = sorted(words, key=len, reverse=True)
    trie = re.compile(f"(?:{entities.alternation(words)})(?!\\w)", re.I)
    flat = re.compile(f"(?:{entities.flat_alternation(words)})(?!\\w)", re.I)
    for text in ("ab a b a  b abd abc b i \u0131 I a\tb", "a  b", "abcd ab"):
        assert _matches(trie, text) == _matches(flat, text)


def test_guarded_patterns_agree_while_threads_scan_other_texts():
    # the folded copies are shared (the last few texts): a check in another thread (the web
    # app's) reading another text must not hand one text's copy to the other
    import threading
    folder = require(seeds_dir().parent / "articles", "The shared articles")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("[0-9]*.txt"))]
    longs = ["\n\n".join(texts[i::3]) + " " * i for i in range(3)]
    fast, plain = entities.BLOCKERS, ORIGINAL[entities.BLOCKERS]
    want = [[_matches_in(plain, t, a, b) for a, b in split_sentences(t)] for t in longs]
    bad: list[int] = []

    def scan(i: int) -> None:
        t = longs[i]
        for _ in range(3):
            if [_matches_in(fast, t, a, b) for a, b in split_sentences(t)] != want[i]:
                bad.append(i)

    threads = [threading.Thread(target=scan, args=(i,)) for i in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not bad


@pytest.mark.parametrize("words", [["rose", "rallied", "fell", "r"], ["ab", "a", "b", "ab"],
                                   ["tech", "technology", "t\\w+", "tea", "x?", "te"],
                                   ["a(?:b|c)", "ad", "[ab]c", "ae", "b"]])
def test_a_twin_groups_its_alternatives_by_first_letter_and_matches_as_the_pattern(
        words: list[str]):
    # the twin tries the alternatives that begin with a letter only where that letter is;
    # the matches (spans) are the pattern's own, in order, whichever alternative wins
    pattern = re.compile(r"(?:" + "|".join(words) + r")(?:\s+\w)?", re.I)
    twin = folded_twin(pattern)
    assert twin is not None
    for text in ("Rose rallied, fell R ab a b AB", "technology tea te Tech-x", "abc ad ac bc ae",
                 "r\u0131se TECHNOLOGY x"):
        folded = fold_keeping(text)
        assert [m.span() for m in twin.finditer(folded)] == \
            [m.span() for m in pattern.finditer(text)], (words, text)
