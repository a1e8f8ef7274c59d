"""The checker's one entry point: :func:`check`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from .. import calendar as cal
from ..errors import MarketdeskError
from ..instruments import load_instruments
from .claims import claims_by_sentence, figures_by_sentence
from .document import dateline_month_day
from .model import ArticleDate, CheckResult, Claim, Verdict
from .quantities import Quantity
from .session import INDEXES, SessionFrame, frame_session
from .summary import summarize
from .verdict_worker import SPLIT_FROM, VerdictWorker, judge_sentence
from .verify import BarSource, Verifier

if TYPE_CHECKING:
    from ..desk import Desk
    from .document import Published

__all__ = ["check", "frame_of"]

_HEADER = re.compile(r"^#[^\n]*?\bpublished:\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2}))?",
                     re.I | re.M)


def _header_published(text: str) -> tuple[dt.date, dt.time | None] | None:
    """A ``# ... published: YYYY-MM-DD[THH:MM]`` header line at the top of the text."""
    m = _HEADER.search(text[:2000])
    if not m:
        return None
    try:
        d = dt.date.fromisoformat(m[1])
        t = dt.time(int(m[2]), int(m[3])) if m[2] else None
    except ValueError:
        return None
    return d, t


def frame_of(text: str, verifier: Verifier, *, as_of: dt.date | None = None,
             published: "Published | None" = None,
             quantities: list[Quantity] | None = None) -> ArticleDate:
    """The session frame of ``text`` (see :mod:`.session`) as the result's ``article_date``;
    ``quantities``: the figures of ``text``, if they are found already."""
    if as_of is not None:
        s = cal.session_on_or_before(as_of)
        return ArticleDate(s, None, "session given by the caller", "after_close", 1.0)
    series = {sym: b for sym in INDEXES if (b := verifier.bars(sym)) is not None}
    if published is not None:
        frame = frame_session(text, series, published=published.date, time=published.time,
                              utc_offset=published.utc_offset, quantities=quantities)
        how = published.how
    elif (stamp := _header_published(text)) is not None:
        frame = frame_session(text, series, published=stamp[0], time=stamp[1],
                              quantities=quantities)
        how = "header line"
    else:
        frame = frame_session(text, series, month_day=dateline_month_day(text),
                              quantities=quantities)
        how = ""
    text_how = frame.how if not how else f"{frame.how} ({how})"
    return ArticleDate(frame.session, frame.published, text_how, frame.timing, frame.confidence,
                       frame.evidence, frame.alternatives)


def _frame(date: ArticleDate) -> SessionFrame:
    # ArticleDate.timing is a plain str; frame_of only sets Timing values
    return SessionFrame(date.session, date.published, date.timing,  # type: ignore[arg-type]
                        date.confidence, date.how, date.evidence, date.alternatives)


def check(text: str, *, as_of: dt.date | None = None, published: "Published | None" = None,
          desk: "Desk | BarSource | None" = None, points: int = 4,
          budget: float | None = None) -> CheckResult:
    """Find the numeric market claims in ``text``, recompute each from ``desk``, summarize.

    ``as_of`` pins the session the article reports; else ``published`` (a publication time) or a
    stamp in the text and the stated figures decide it (:mod:`.session`); an article with no such
    evidence is undated and its claims are not checkable. ``desk``: a
    :class:`marketdesk.desk.Desk` (or anything with ``bars(symbol)``); default: ``Desk()`` on the
    default store. ``points``: number of summary points (3 to 5). ``budget``: seconds of
    verification allowed (the web's requests have one); claims left when it runs out are
    returned as not checkable and ``truncated`` is set.
    """
    from ..desk import Desk

    deadline = time.monotonic() + budget if budget is not None else None
    if desk is None:
        desk = Desk(read_only=True)
    # a long text's claims are judged in a second process while this one reads on (not under a
    # time budget: a web request stays in its own process)
    worker = VerdictWorker.start() if budget is None and len(text) >= SPLIT_FROM and \
        isinstance(desk, Desk) else None
    try:
        verifier = Verifier(desk)
        figures = figures_by_sentence(text)     # read once, for the frame and the claims
        date = frame_of(text, verifier, as_of=as_of, published=published,
                        quantities=[q for qs in figures.values() for q in qs])
        if date.session is None:
            parse_date = _latest(verifier) or dt.date.today()
            claims = [c for got in claims_by_sentence(
                text, dataclasses.replace(date, session=parse_date), figures) for c in got]
            verdicts = tuple(Verdict(c, "not_checkable", "The article is undated: no "
                                     "publication stamp, and its stated figures do not fix a "
                                     "session (give its publication date or the session it "
                                     "reports).") for c in claims)
        else:
            symbols = list(desk.symbols().get_column("symbol")) \
                if worker is not None and isinstance(desk, Desk) else []
            verdicts = tuple(_judged(text, figures, date, verifier, worker, deadline, symbols))
    finally:
        if worker is not None:
            worker.close()
    truncated = any(v.reason.startswith("Not checked: the time budget") for v in verdicts)
    stored = [_in_store(v.claim, verifier) for v in verdicts]
    kept = tuple(v for v, ok in zip(verdicts, stored) if ok)
    return CheckResult(text=text, article_date=date, verdicts=kept,
                       summary=summarize(text, kept, k=max(3, min(5, points))),
                       truncated=truncated,
                       skipped=tuple(v for v, ok in zip(verdicts, stored) if not ok))


def _judged(text: str, figures: dict[tuple[int, int], list[Quantity]], date: ArticleDate,
            verifier: Verifier, worker: VerdictWorker | None, deadline: float | None,
            symbols: list[str]) -> Iterator[Verdict]:
    """The verdicts of the claims of ``text`` (its sentences' ``figures``), sentence by
    sentence: by ``worker`` if there is one, given the bars of ``symbols`` (and by this process
    if it fails), until ``deadline``."""
    frame = _frame(date)
    if worker is not None:
        worker.setup(frame, {s: b for s in symbols if (b := verifier.bars(s)) is not None})
    sentences: list[list[Claim]] = []
    for claims in claims_by_sentence(text, date, figures):
        sentences.append(claims)
        if worker is not None:
            worker.submit(claims)
    judged = worker.verdicts(sentences) if worker is not None else None
    if judged is not None:
        for vs in judged:
            yield from vs
        return
    for claims in sentences:
        if deadline is not None and time.monotonic() > deadline:
            yield from (Verdict(c, "not_checkable", "Not checked: the time budget for this "
                                "request ran out.") for c in claims)
        else:
            yield from judge_sentence(claims, frame, verifier)


def _in_store(claim: Claim, verifier: Verifier) -> bool:
    """A claim about an instrument the store holds (or a fund whose index it holds): one that
    gets a verdict. A figure bound to no instrument, to a non-instrument ("blocked") or to one
    without data is skipped instead."""
    if claim.subject is None or claim.extra.get("blocked"):
        return False
    inst = load_instruments().get(claim.subject)
    return verifier.bars(inst.tracks if inst is not None and inst.tracks else claim.subject) \
        is not None


def _latest(verifier: Verifier) -> dt.date | None:
    """The last ^GSPC session in the store: only a reference for parsing dates in an undated
    text (a month without a year), never the session a claim is checked at."""
    try:
        bars = verifier.bars("^GSPC")
    except MarketdeskError:
        return None
    # the max of a date column is a date
    return cast("dt.date | None", bars.get_column("date").max()) if bars is not None else None
