"""Reading an article: plain text, a saved HTML page, or stdin; and the date it speaks from.

HTML is reduced to its text with the standard library's ``html.parser``: ``script``, ``style``,
``nav``, ``header``, ``footer``, ``aside``, ``form``, ``noscript`` and ``svg`` are dropped, block
elements become line breaks.

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
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from .. import calendar as cal
from .model import ArticleDate
from .periods import month_number

__all__ = ["read_article", "html_to_text", "article_date", "find_stamp"]

_DROP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg",
         "template", "iframe", "button"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "tr", "blockquote", "pre", "ul", "ol", "table", "figcaption", "time"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.skip += 1
        elif tag in _BLOCK and not self.skip:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK and not self.skip:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\f\v]+", " ", data.replace("\n", " ")))


def html_to_text(html: str) -> str:
    """The readable text of an HTML page (scripts, styles and navigation dropped)."""
    p = _TextParser()
    p.feed(html)
    p.close()
    text = "".join(p.parts)
    lines = [ln.strip() for ln in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def read_article(source: str | Path | None) -> str:
    """The text of a file (``.html``/``.htm`` or anything starting with ``<``: HTML) or of stdin
    (``None`` or ``"-"``)."""
    if source is None or str(source) == "-":
        raw = sys.stdin.read()
    else:
        raw = Path(source).read_text(encoding="utf-8", errors="replace")
    head = raw.lstrip()[:200].lower()
    if str(source).lower().endswith((".html", ".htm")) or head.startswith(("<!doctype", "<html")):
        return html_to_text(raw)
    return raw


_STAMP = re.compile(r"\b(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?")
_WRITTEN = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),"
                      r"\s+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})\s*(a\.?m\.?|p\.?m\.?)?)?", re.I)


def find_stamp(text: str, head: int = 600) -> tuple[dt.date, dt.time | None] | None:
    """A publication date (and time) in the first ``head`` characters of ``text``, or None."""
    top = text[:head]
    m = _STAMP.search(top)
    if m:
        try:
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            d = None
        if d:
            t = dt.time(int(m[4]), int(m[5])) if m[4] else None
            return d, t
    m = _WRITTEN.search(top)
    if m:
        d = dt.date(int(m[3]), month_number(m[1]), int(m[2]))
        t = None
        if m[4]:
            hour = int(m[4]) % 12 + (12 if m[6] and m[6].lower().startswith("p") else 0)
            t = dt.time(hour if m[6] else int(m[4]), int(m[5]))
        return d, t
    return None


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
