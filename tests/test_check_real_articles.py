"""The checker on real published articles (shared/articles), run exactly as a user runs it.

``shared/tools/score_articles.py`` -- the corpus's own scorer, the one the checker is measured
with elsewhere -- runs ``marketdesk check FILE --format json`` on each of the 82 articles (the file
alone: no ``--as-of``, no ``--published``; the annotator's ``# note:`` lines removed) against a
real store of the shared data, and matches each annotated claim to a reported verdict. The figures
are printed (``-s`` shows them) and held to floors: the floors are the levels reached so far, so a
change that loses ground fails here. They are at or above the issue's targets (90 % found, 90 %
right, contradiction precision and recall 80 %); see the README's "Checking an article".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Floors: what the checker reaches on the corpus today (raise them as it improves).
FLOORS = {"recall": 0.93, "accuracy_all": 0.90, "contradiction_precision": 0.97,
          "contradiction_recall": 0.82}
#: "contradicted" said of a sentence the annotators found no claim in: at most this many.
MAX_UNMATCHED_CONTRADICTED = 3


@pytest.fixture(scope="module")
def scores(loaded_db: Path, shared_data: Path) -> dict[str, float]:
    scorer = shared_data.parent / "tools" / "score_articles.py"
    corpus = shared_data.parent / "articles"
    for need in (scorer, corpus / "gold.jsonl"):
        if not need.exists():
            pytest.fail(f"{need} not found: the real-article corpus lives in shared/ beside "
                        "shared/data")
    cli = Path(sys.executable).with_name("marketdesk")
    env = {**os.environ, "MARKETDESK_DB": str(loaded_db)}
    run = subprocess.run([sys.executable, str(scorer), str(cli), "--dir", str(corpus), "--json"],
                         capture_output=True, text=True, env=env, timeout=1800)
    assert run.stdout.strip(), run.stderr[-2000:]
    result: dict[str, float] = json.loads(run.stdout)
    print("\nreal articles:", {k: v for k, v in result.items() if k != "confusion"})
    return result


@pytest.mark.slow
@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_real_articles_floor(scores: dict[str, float], figure: str) -> None:
    assert scores[figure] >= FLOORS[figure], (figure, scores[figure], scores)


@pytest.mark.slow
def test_real_articles_few_contradictions_on_non_claims(scores: dict[str, float]) -> None:
    assert scores["unmatched_contradicted"] <= MAX_UNMATCHED_CONTRADICTED, scores


@pytest.mark.slow
def test_real_articles_true_statements_rarely_contradicted(scores: dict[str, float]) -> None:
    """The worst error: "contradicted" on a statement the reference calls supported."""
    said = scores["confusion"]
    false = said.get("supported->contradicted", 0) + said.get("not_checkable->contradicted", 0)  # type: ignore[attr-defined]
    assert false <= 1, said
