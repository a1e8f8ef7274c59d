"""The checker's one entry point: :func:`check`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..errors import MarketdeskError
from .article import article_date
from .claims import extract_claims
from .model import CheckResult
from .summary import summarize
from .verify import BarSource, Verifier

if TYPE_CHECKING:
    from ..desk import Desk

__all__ = ["check", "LATEST_REFERENCE"]

#: The symbol whose last bar dates an article that has no date of its own.
LATEST_REFERENCE = "^GSPC"


def check(text: str, *, as_of: dt.date | None = None, desk: "Desk | BarSource | None" = None,
          points: int = 4) -> CheckResult:
    """Find the numeric market claims in ``text``, recompute each from ``desk``, summarize.

    ``as_of``: the article's session date (else a publication stamp in the text, else the latest
    ^GSPC bar). ``desk``: a :class:`marketdesk.desk.Desk` (or anything with ``bars(symbol)``);
    default: ``Desk()`` on the default store. ``points``: number of summary points (3 to 5).
    """
    if desk is None:
        from ..desk import Desk

        desk = Desk(read_only=True)
    latest = None
    if as_of is None:
        try:
            latest = desk.bars(LATEST_REFERENCE).get_column("date").max()  # type: ignore[assignment]
        except MarketdeskError:  # no data: the text's own date must do
            latest = None
    date = article_date(text, as_of, latest)  # type: ignore[arg-type]
    verifier = Verifier(desk)
    verdicts = tuple(verifier.verify(c) for c in extract_claims(text, date))
    return CheckResult(text=text, article_date=date, verdicts=verdicts,
                       summary=summarize(text, verdicts, k=max(3, min(5, points))))
