"""The claim corpus in tests/check_corpus/claims.jsonl: every claim gets its hand-checked verdict."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from marketdesk.check import check

CORPUS = [json.loads(line) for line in
          (Path(__file__).parent / "check_corpus" / "claims.jsonl").read_text().splitlines()
          if line.strip()]


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 60
    assert {c["expected"] for c in CORPUS} == {"supported", "contradicted", "not_checkable"}


@pytest.mark.parametrize("case", CORPUS, ids=[f"{i}:{c['claim']}" for i, c in enumerate(CORPUS)])
def test_corpus_claim(case, desk):
    result = check(case["text"], as_of=dt.date.fromisoformat(case["as_of"]), desk=desk)
    found = [v for v in result.verdicts if v.claim.text.strip() == case["claim"]]
    assert found, f"claim not found; got {[v.claim.text for v in result.verdicts]}"
    assert found[0].status == case["expected"], found[0].reason


@pytest.mark.parametrize("text", ["Tesla shares rose 3.3% on Monday.",
                                  "The S&P 500 energy sector gained 5.14% on Monday.",
                                  "The yield on the 30-year Treasury bond jumped 9 basis points "
                                  "to 3.044% on Monday."])
def test_figures_about_other_things_are_not_claims(text, desk):
    """A stock, a sector or an unstored maturity is not a claim about a stored instrument: no
    verdict at all (a verdict on a non-claim is the checker's second-worst error)."""
    result = check(text, as_of=dt.date(2024, 11, 25), desk=desk)
    assert result.verdicts == (), [(v.claim.text, v.claim.subject, v.status) for v in result.verdicts]
