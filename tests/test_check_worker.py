"""A long text's claims judged in a second process (check.verdict_worker) give the verdicts one
process gives, and a worker that fails leaves the verdicts whole.

The text is the real articles of shared/articles, read where they lie, joined into one long text;
the threshold is lowered so that this text is a "long" one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marketdesk.check import api, verdict_worker
from marketdesk.check.verdict_worker import VerdictWorker


@pytest.fixture(scope="module")
def long_text(shared_data: Path) -> str:
    folder = shared_data.parent / "articles"
    texts = ["".join(line for line in p.read_text(encoding="utf-8").splitlines(keepends=True)
                     if not line.startswith("# note:"))
             for p in sorted(folder.glob("[0-9]*.txt"))[:30]]
    assert len(texts) == 30, f"the real articles are missing from {folder}"
    return "\n\n".join(texts)


def _rows(result):
    return [v.to_dict() for v in result.verdicts], [v.to_dict() for v in result.skipped]


@pytest.fixture(scope="module")
def one_process(long_text, desk):
    return _rows(api.check(long_text, desk=desk))


def test_worker_gives_the_verdicts_of_one_process(long_text, desk, one_process, monkeypatch):
    used = []
    real = VerdictWorker.verdicts

    def verdicts(self, sentences):
        got = real(self, sentences)
        used.append(got is not None)
        return got

    monkeypatch.setattr(api, "SPLIT_FROM", 1000)
    monkeypatch.setattr(VerdictWorker, "verdicts", verdicts)
    got = _rows(api.check(long_text, desk=desk))
    assert used == [True], "the worker was not used, or failed"
    assert len(got[0]) > 300
    assert got == one_process


def test_a_worker_that_dies_leaves_the_verdicts_whole(long_text, desk, one_process,
                                                      monkeypatch):
    real = VerdictWorker.setup

    def setup(self, frame, bars):
        self._proc.kill()               # gone before the first claim
        real(self, frame, bars)

    monkeypatch.setattr(api, "SPLIT_FROM", 1000)
    monkeypatch.setattr(VerdictWorker, "setup", setup)
    assert _rows(api.check(long_text, desk=desk)) == one_process


def test_no_worker_under_a_time_budget_or_for_a_short_text(long_text, desk, monkeypatch):
    started = []
    monkeypatch.setattr(VerdictWorker, "start", classmethod(lambda cls: started.append(1)))
    api.check(long_text, desk=desk, budget=600)
    api.check(long_text[:verdict_worker.SPLIT_FROM - 1], desk=desk)
    assert started == []
