"""The claim corpus in tests/check_corpus/claims.jsonl: every claim gets its hand-checked verdict."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from marketdesk.check import check
from marketdesk.desk import Desk

CORPUS = [json.loads(line) for line in
          (Path(__file__).parent / "check_corpus" / "claims.jsonl").read_text().splitlines()
          if line.strip()]


@pytest.fixture(scope="module")
def desk(loaded_db):
    with Desk(loaded_db, read_only=True) as d:
        yield d


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 60
    assert {c["expected"] for c in CORPUS} == {"supported", "contradicted", "not_checkable"}


@pytest.mark.parametrize("case", CORPUS, ids=[f"{i}:{c['claim']}" for i, c in enumerate(CORPUS)])
def test_corpus_claim(case, desk):
    result = check(case["text"], as_of=dt.date.fromisoformat(case["as_of"]), desk=desk)
    found = [v for v in result.verdicts if v.claim.text.strip() == case["claim"]]
    assert found, f"claim not found; got {[v.claim.text for v in result.verdicts]}"
    assert found[0].status == case["expected"], found[0].reason
