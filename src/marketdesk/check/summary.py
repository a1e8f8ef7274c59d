"""Key points of an article: extractive TextRank over sentences, offline and deterministic.

Sentences are nodes; the edge weight between two sentences is their content-word overlap divided by
``log(len_a) + log(len_b)`` (Mihalcea & Tarau 2004). Scores come from weighted PageRank (damping
0.85, 100 power iterations from a uniform start), multiplied by ``1 + 0.5 * claims in the
sentence`` so that sentences carrying checked figures are preferred. The top ``k`` sentences are
returned in article order, each with the verdicts of the claims inside it. Ties break by position.
Only the first :data:`MAX_SENTENCES` sentences are ranked (a news story puts its key points first;
TextRank is quadratic in the sentences it ranks, so a long text must not make it grow).
"""

from __future__ import annotations

import math
import re
from itertools import islice

import numpy as np

from .model import SummaryPoint, Verdict
from .sentences import split_sentences

__all__ = ["summarize", "STOPWORDS", "MAX_SENTENCES"]

#: Sentences ranked for the key points: the top of the article.
MAX_SENTENCES = 120

STOPWORDS: frozenset[str] = frozenset(
    "a an the and or but of in on at to for from by with as is are was were be been has have had "
    "its it this that these those which who whom than then so such into over under about after "
    "before since while during per up down more most less also not no yet just only very can may "
    "will would could should their there they them he she his her we our you your i according "
    "said says data shows show".split())
_WORD = re.compile(r"[a-z0-9&]+(?:[.'-][a-z0-9]+)*")


def _words(sentence: str) -> set[str]:
    return {w for w in _WORD.findall(sentence.lower()) if w not in STOPWORDS and len(w) > 1}


def _pagerank(weights: list[list[float]], damping: float = 0.85, iters: int = 100) -> list[float]:
    w = np.asarray(weights, dtype=float)
    n = len(w)
    out_sum = w.sum(axis=1)
    # row-normalised transitions; a sentence with no edges passes nothing on
    t = np.divide(w, out_sum[:, None], out=np.zeros_like(w), where=out_sum[:, None] > 0)
    score = np.full(n, 1.0 / n)
    for _ in range(iters):
        score = (1 - damping) / n + damping * (t.T @ score)
    return [float(x) for x in score]


def summarize(text: str, verdicts: tuple[Verdict, ...] = (), k: int = 4) -> tuple[SummaryPoint, ...]:
    """The ``k`` key sentences of ``text`` in order, each carrying the verdicts inside its span."""
    # the first MAX_SENTENCES sentences of four words or more (the rest are not read at all)
    spans = list(islice((s for s in split_sentences(text) if len(_words(text[s[0]:s[1]])) >= 4),
                        MAX_SENTENCES))
    if not spans:
        return ()
    words = [_words(text[a:b]) for a, b in spans]
    n = len(spans)
    w = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            overlap = len(words[i] & words[j])
            if overlap:
                denom = math.log(len(words[i]) + 1) + math.log(len(words[j]) + 1)
                w[i][j] = w[j][i] = overlap / denom
    rank = _pagerank(w)
    ranked = [v for v in verdicts if v.claim.span[0] < spans[-1][1]]   # one pass over them all
    inside = [tuple(v for v in ranked if a <= v.claim.span[0] < b) for a, b in spans]
    score = [r * (1 + 0.5 * len(vs)) for r, vs in zip(rank, inside)]
    order = sorted(range(n), key=lambda i: (-score[i], i))[:k]
    return tuple(SummaryPoint(text[spans[i][0]:spans[i][1]], spans[i], score[i], inside[i])
                 for i in sorted(order))
