"""Reading an article: plain text, a saved HTML page, or stdin; and the date it speaks from.

The reading itself is :mod:`marketdesk.check.document` (:func:`read_document` gives the text, the
publication time and every date clue); :func:`read_article`, :func:`html_to_text` and
:func:`find_stamp` are the older names over it.

The article date (the session its "today" and "on Monday" mean), in order of preference:

1. ``as_of`` given by the caller;
2. a publication stamp in the text, ``2024.11.26 02:37`` / ``2024-11-26 02:37`` / ``Nov. 26, 2024``
   near the top. A stamp with a time before 09:30 is taken as published before that day's New York
   session -- e.g. an Asian site's 02:37 on the 26th is the evening of the 25th in New York -- so
   the session is the latest one *before* the stamp's date; otherwise the latest on or before it;
3. the latest session in the data (the caller passes it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import calendar as cal
from .document import find_stamps, html_main_text, read_document, sanitize
from .model import ArticleDate

__all__ = ["read_article", "html_to_text", "article_date", "find_stamp"]


def html_to_text(html: str) -> str:
    """The readable main text of an HTML page (scripts, styles, navigation and boxes dropped)."""
    return html_main_text(sanitize(html))


def read_article(source: str | Path | None) -> str:
    """The article text of a file (``.html``/``.htm`` or anything starting as HTML: its main text)
    or of stdin (``None`` or ``"-"``): header and ``# note:`` lines removed, control characters
    stripped (see :func:`marketdesk.check.document.read_document`)."""
    return read_document(source).text


def find_stamp(text: str, head: int = 600) -> tuple[dt.date, dt.time | None] | None:
    """A publication stamp (date and time) in the first ``head`` characters of ``text``, or None."""
    stamps = find_stamps(text[:head])
    if not stamps:
        return None
    # a stamp found by find_stamps always has a date (Clue.date is None only for datelines)
    return stamps[0].date, stamps[0].time  # type: ignore[return-value]


def article_date(text: str, as_of: dt.date | None, latest: dt.date | None) -> ArticleDate:
    """The session the article speaks from (see the module docstring for the rules)."""
    if as_of is not None:
        return ArticleDate(cal.session_on_or_before(as_of), None, "given (as_of)")
    stamp = find_stamp(text)
    if stamp is not None:
        d, t = stamp
        if t is not None and t < dt.time(9, 30):
            return ArticleDate(cal.previous_session(d), d,
                               f"publication stamp {d} {t:%H:%M}: before that day's New York "
                               "session (a time in Asia is the previous evening in New York)")
        return ArticleDate(cal.session_on_or_before(d), d, f"publication stamp {d}")
    if latest is None:
        raise ValueError("No article date: pass as_of, or load data so the latest session is known.")
    return ArticleDate(latest, None, "latest session in the data")
