"""Whole articles in newswire styles (tests/check_corpus/articles/): recall and verdict accuracy.

Each ``NN_*.txt`` is a short market-close story written for this test in the style of a wire (AP,
Reuters, Bloomberg, CNBC, MarketWatch); its ``.expected.json`` lists every numeric claim -- the
figure's text as it appears, in order -- with the verdict worked out by hand from the shared CSVs
(``hand``), never from marketdesk. An expected claim is *found* when the checker reports a claim
whose span overlaps that text; the verdict is *correct* when its status equals the expected one.
Over the whole set both rates must be at least 90%.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path


from marketdesk.check import check

ARTICLES = Path(__file__).parent / "check_corpus" / "articles"
CASES = sorted(ARTICLES.glob("*.expected.json"))
MIN_RECALL = 0.90
MIN_ACCURACY = 0.90


def score_article(spec: dict, desk) -> tuple[int, int, int, list[str]]:
    """(expected claims, found, correct verdicts, notes on misses) for one article."""
    text = (ARTICLES / spec["article"]).read_text(encoding="utf-8")
    result = check(text, as_of=dt.date.fromisoformat(spec["as_of"]), desk=desk)
    verdicts = list(result.verdicts)
    used: set[int] = set()
    pos, found, correct, notes = 0, 0, 0, []
    for want in spec["claims"]:
        start = text.find(want["text"], pos)
        assert start >= 0, f"{spec['article']}: {want['text']!r} not in the article"
        end = pos = start + len(want["text"])
        hit = next((i for i, v in enumerate(verdicts) if i not in used
                    and v.claim.span[0] < end and start < v.claim.span[1]), None)
        if hit is None:
            notes.append(f"{spec['article']}: MISSED {want['text']!r} (expected {want['expected']})")
            continue
        used.add(hit)
        found += 1
        v = verdicts[hit]
        if v.status == want["expected"]:
            correct += 1
        else:
            notes.append(f"{spec['article']}: WRONG {want['text']!r}: got {v.status} "
                         f"({v.claim.metric.value if v.claim.metric else None}, "
                         f"{v.claim.subject}), expected {want['expected']} [{want['hand']}] "
                         f"-- {v.reason}")
    return len(spec["claims"]), found, correct, notes


def test_articles_exist():
    assert 6 <= len(CASES) <= 8
    for case in CASES:
        spec = json.loads(case.read_text())
        assert (ARTICLES / spec["article"]).exists()
        assert spec["claims"] and all("hand" in c for c in spec["claims"])
        words = len((ARTICLES / spec["article"]).read_text().split())
        assert 120 <= words <= 320, (case.name, words)


def test_article_recall_and_accuracy(desk):
    total = found = correct = 0
    notes: list[str] = []
    for case in CASES:
        n, f, c, miss = score_article(json.loads(case.read_text()), desk)
        total, found, correct = total + n, found + f, correct + c
        notes += miss
    recall, accuracy = found / total, correct / max(found, 1)
    summary = (f"recall {found}/{total} = {recall:.1%}; verdict accuracy {correct}/{found} = "
               f"{accuracy:.1%}\n" + "\n".join(notes))
    print(summary)
    assert recall >= MIN_RECALL and accuracy >= MIN_ACCURACY, summary
