"""The article as a document: its text, cleaned, and every clue to when it was published.

:func:`read_document` reads a text file, a saved HTML page or stdin and returns a
:class:`Document`: the article body (the text every offset of the checker points into), its title
and URL when known, its publication time (:class:`Published`) and all the date clues found
(:class:`Clue`), strongest first.

Clues, in order of strength (the first one with a date is ``Document.published``; a later clue on
the same date lends its time of day when the first has none):

1. ``given (--published)``: ``DATE[THH:MM[:SS][±HH:MM|Z|ET]]``, a bad value is a
   :class:`PublishedError`;
2. ``header line``: the metadata lines at the top of a text file, each ``# key: value`` (fields
   may be joined with `` | ``: ``# source: URL | published: 2022-06-14``). Every line that starts
   with ``# `` at the top is metadata, not article text (in a ``.md`` file a ``# Heading`` that is
   not ``key: value`` is the title and stays in the text); lines that start with ``# note:`` are
   annotators' notes and are dropped wherever they are;
3. ``page metadata``: a saved page's publication date (``htmldate``, metadata only) and its time
   from ``article:published_time`` / ``datePublished`` / ``<time datetime>``;
4. ``stamp near the top``: ``2024.11.26 02:37``, ``2024-11-26 02:37``, ``Nov. 26, 2024 3:05 PM
   ET``, ``Updated 4:12 PM EST, Tue November 26, 2024``, ``26 Nov 2021``, on a line of its own
   (little else on the line) or set off by ``|``; a date in a sentence is not a stamp;
5. ``dateline``: ``NEW YORK, March 16 (Reuters) -``, ``Jan. 1 (UPI) --``; a month and day without
   a year take the year from another clue (the nearest date), else stay unresolved
   (``Clue.month_day``); ``NEW YORK (AP) —`` is a dateline without a date;
6. ``URL``: ``/2016/11/18/`` or ``/2016-01-06/`` in the page's URL, the weakest clue.

Impossible dates and times (``Feb. 30, 2024``, ``25:99``, ``Jan. 1, 0000``) are not stamps. Time
zones: ET (New York, with its daylight-saving rule), EST/EDT, CT/MT/PT, GMT/UTC/Z, BST, CET/CEST,
IST (India), HKT, SGT, JST, KST, AEST/AEDT and numeric offsets.

:func:`sanitize` strips terminal escape sequences and control characters and refuses binary input
(:class:`NotTextError`). All of it is linear in the input: the stamp and dateline searches look at
the first lines only.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import DataFormatError, DateError

__all__ = ["Published", "Clue", "Document", "read_document", "document_from_text",
           "document_from_html", "parse_published", "sanitize", "find_stamps", "PublishedError",
           "NotTextError", "HOWS"]

#: The values of ``Published.how`` / ``Clue.how``, strongest first.
HOWS = ("given (--published)", "header line", "page metadata", "stamp near the top", "dateline",
        "URL")


class PublishedError(DateError):
    """``--published`` is not a date (and time) the checker can use."""

    def __init__(self, value: str, param: str = "--published", problem: str = "is not a date") -> None:
        super().__init__(f"{param}: {value!r} {problem}; use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
                         "[±HH:MM], e.g. 2024-11-25T16:30-05:00.", value=value, param=param)


class NotTextError(DataFormatError):
    """The input is binary (NUL bytes, or mostly not text): not a text article."""

    def __init__(self, path: str | Path | None = None, why: str = "") -> None:
        super().__init__(f"not a text article{f' ({why})' if why else ''}", path=path,
                         hint="Give a text file, a saved HTML page, or text on stdin")


@dataclass(frozen=True)
class Published:
    """When the article was published: the date, the local time and its UTC offset when known."""

    date: dt.date
    time: dt.time | None
    utc_offset: dt.timedelta | None
    how: str

    def new_york(self) -> dt.datetime | None:
        """The publication time in New York (naive, local), when both time and offset are known."""
        if self.time is None or self.utc_offset is None:
            return None
        utc = dt.datetime.combine(self.date, self.time) - self.utc_offset
        return utc + _ny_offset(utc.date())

    def to_dict(self) -> dict[str, Any]:
        off = None
        if self.utc_offset is not None:
            mins = int(self.utc_offset.total_seconds() // 60)
            off = f"{'+' if mins >= 0 else '-'}{abs(mins) // 60:02d}:{abs(mins) % 60:02d}"
        return {"date": self.date.isoformat(),
                "time": self.time.strftime("%H:%M") if self.time else None,
                "utc_offset": off, "how": self.how}


@dataclass(frozen=True)
class Clue:
    """One piece of evidence for the publication date.

    ``date`` is None for a clue without a full date: a dateline's month and day without a year
    (``month_day``), or a dateline without a date. ``start`` is the offset of ``text`` in
    ``Document.text`` (None for metadata outside the text)."""

    how: str
    date: dt.date | None
    time: dt.time | None = None
    utc_offset: dt.timedelta | None = None
    month_day: tuple[int, int] | None = None
    text: str = ""
    start: int | None = None


@dataclass(frozen=True)
class Document:
    """An article: its body text (header and note lines removed), publication time, title, URL."""

    text: str
    published: Published | None
    title: str | None
    url: str | None
    clues: tuple[Clue, ...] = ()


# --- cleaning ---------------------------------------------------------------------------------

_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"      # OSC ... BEL / ST
                      r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"         # DCS, PM, APC, SOS strings
                      r"|\x1b\[[0-?]*[ -/]*[@-~]?"              # CSI
                      r"|\x9b[0-?]*[ -/]*[@-~]?"                # 8-bit CSI
                      r"|\x1b[ -/]*[0-~]?")                     # other escapes
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_BAD = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")


def sanitize(text: str, *, path: str | Path | None = None) -> str:
    """``text`` without terminal escape sequences and control characters (``\\n`` and ``\\t`` are
    kept; ``\\r\\n``, ``\\r``, ``\\f`` and ``\\v`` become line breaks). Binary input (a NUL byte, or
    more than a tenth of the characters control or undecodable) is a :class:`NotTextError`."""
    if "\x00" in text:
        raise NotTextError(path, "it contains NUL bytes")
    if text and len(_BAD.findall(text)) > len(text) / 10:
        raise NotTextError(path, "mostly control or undecodable characters")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    return _CONTROL.sub("", _ESCAPES.sub("", text))


def _decode(data: bytes, path: str | Path | None) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotTextError(path, "not valid UTF-16") from None
    if b"\x00" in data:
        raise NotTextError(path, "it contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise NotTextError(path, "no text encoding fits it")
    return str(best)


# --- dates and times --------------------------------------------------------------------------

_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s*"
_ZONE_WORDS = {"ET": None, "EST": -300, "EDT": -240, "CT": "ct", "CST": -360, "CDT": -300,
               "MT": "mt", "MST": -420, "MDT": -360, "PT": "pt", "PST": -480, "PDT": -420,
               "GMT": 0, "UTC": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "IST": 330,
               "HKT": 480, "SGT": 480, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660}
_ZONE = (r"(?P<zone>(?:GMT|UTC)\s?[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|"
         + "|".join(sorted((z for z in _ZONE_WORDS if z != "Z"), key=len, reverse=True))
         + r")\b")
_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ap>[ap]\.?\s?m\b\.?))?"
_DATES = (
    re.compile(r"(?<![\d.])(?P<y>\d{4})[./-](?P<mo>\d{1,2})[./-](?P<d>\d{1,2})(?![\d])"),
    re.compile(rf"\b(?:{_WEEKDAY})?{_MON}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
               r"(?P<y>\d{4})\b", re.I),
    re.compile(rf"\b(?:{_WEEKDAY})?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}\.?,?\s+"
               r"(?P<y>\d{4})\b", re.I),
)
_TIME_AFTER = re.compile(rf"(?:\s*(?:,|at|/|-|–|—|·|\||T)?\s*){_TIME}(?:\s*{_ZONE})?", re.I)
_TIME_BEFORE = re.compile(rf"{_TIME}(?:\s*{_ZONE})?\s*,?\s*(?:on\s+)?(?:{_WEEKDAY})?$", re.I)
_STAMP_WORDS = re.compile(r"\b(?:published|updated|posted|modified|created|last updated|dated)"
                          r"\b(?:\s+on|\s+at|:)?\s*$", re.I)
_SEPARATED = re.compile(r"(?:^|[|•·])\s*$")
_SEPARATED_AFTER = re.compile(r"^\s*(?:$|[|•·])")


def _month(word: str) -> int:
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
            "dec").index(word.lower()[:3]) + 1


def _us_dst(d: dt.date) -> bool:
    """True if US daylight-saving time is in force on ``d`` (at noon)."""
    def sunday(month: int, nth: int) -> dt.date:
        first = dt.date(d.year, month, 1)
        first_sunday = first + dt.timedelta(days=(6 - first.weekday()) % 7)
        if nth > 0:
            return first_sunday + dt.timedelta(weeks=nth - 1)
        last = dt.date(d.year, month, 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30)
        return last - dt.timedelta(days=(last.weekday() + 1) % 7)
    if d.year >= 2007:
        return sunday(3, 2) <= d < sunday(11, 1)
    return sunday(4, 1) <= d < sunday(10, -1)


def _ny_offset(d: dt.date) -> dt.timedelta:
    return dt.timedelta(hours=-4 if _us_dst(d) else -5)


def _offset(zone: str | None, d: dt.date) -> dt.timedelta | None:
    if not zone:
        return None
    z = zone.strip().upper().replace(" ", "")
    m = re.fullmatch(r"(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?", z)
    if m:
        hours, mins = int(m[2]), int(m[3] or 0)
        if hours > 14 or mins > 59:
            return None
        return (1 if m[1] == "+" else -1) * dt.timedelta(hours=hours, minutes=mins)
    if z not in _ZONE_WORDS:
        return None
    val = _ZONE_WORDS[z]
    if isinstance(val, int):
        return dt.timedelta(minutes=val)
    base = _ny_offset(d)
    return base - dt.timedelta(hours={None: 0, "ct": 1, "mt": 2, "pt": 3}[val])


def _date(y: str, mo: str | int, d: str) -> dt.date | None:
    try:
        year = int(y)
        if not 1900 <= year <= 2100:
            return None
        return dt.date(year, int(mo) if str(mo).isdigit() else _month(str(mo)), int(d))
    except ValueError:
        return None


def _time(m: re.Match[str]) -> dt.time | None:
    """The time of a ``_TIME`` match, or None if impossible (``25:99``, ``13:00 PM``)."""
    h, mi, s = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if m["ap"]:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if m["ap"].lower().startswith("p") else 0)
    if h > 23 or mi > 59 or s > 59:
        return None
    return dt.time(h, mi, s)


_ISO = re.compile(r"\s*(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ]\s*" + _TIME
                  + r"(?:\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{2,5}))?)?\s*$")


def parse_published(value: str, param: str = "--published") -> Published:
    """``DATE[THH:MM[:SS][±HH:MM|Z|zone]]`` as a :class:`Published` (how ``given (--published)``);
    anything else -- or an impossible date, time or offset -- is a :class:`PublishedError`."""
    got = _parse_iso(value)
    if got is None:
        raise PublishedError(value, param)
    d, t, off = got
    return Published(d, t, off, HOWS[0])


def _parse_iso(value: str) -> tuple[dt.date, dt.time | None, dt.timedelta | None] | None:
    m = _ISO.match(value)
    if not m:
        return None
    d = _date(m["y"], m["mo"], m["d"])
    if d is None:
        return None
    t = off = None
    if m["h"]:
        t = _time(m)
        if t is None:
            return None
        if m["zone"]:
            off = _offset(m["zone"], d)
            if off is None:
                return None
    return d, t, off


def find_stamps(text: str, *, base: int = 0, max_lines: int = 12,
                max_chars: int = 2000) -> list[Clue]:
    """Publication stamps in the first lines of ``text`` (see the module docstring), in order."""
    out: list[Clue] = []
    pos, seen = 0, 0
    head = text[:max_chars]
    for line in head.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        seen += 1
        if seen > max_lines:
            break
        clue = _stamp_in_line(line[:300], base + start)
        if clue is not None:
            out.append(clue)
    return out


def _stamp_in_line(line: str, offset: int) -> Clue | None:
    for pattern in _DATES:
        for m in pattern.finditer(line):
            d = _date(m["y"], m["mo"] if "mo" in m.groupdict() else m["mon"], m["d"])
            if d is None:
                continue
            a, b = m.span()
            t = off = None
            after = _TIME_AFTER.match(line, b)
            before = _TIME_BEFORE.search(line[max(0, a - 40):a])
            tm = after or before
            if tm:
                t = _time(tm)
                if t is None:
                    continue  # "2024-11-26 25:99": not a stamp
                off = _offset(tm["zone"], d)
                if after:
                    b = after.end()
                else:
                    # tm is after or before, and after is None here: before is a match
                    a = max(0, a - 40) + before.start()  # type: ignore[union-attr]
            rest = (line[:a] + " " + line[b:]).strip(" \t.,;:|-–—")
            stamp_like = ((len(rest) <= 40 and len(rest.split()) <= 4
                           and not any(ch.isdigit() for ch in rest))
                          or _STAMP_WORDS.search(line[max(0, a - 30):a])
                          or line.lstrip().startswith("By ")
                          or (_SEPARATED.search(line[:a]) and _SEPARATED_AFTER.search(line[b:])))
            if stamp_like:
                return Clue(HOWS[3], d, t, off, text=line[a:b].strip(), start=offset + a)
    return None


_AGENCIES = (r"Reuters|AP|AFP|UPI|Bloomberg|Dow Jones|MarketWatch|CNN|CNN Business|CNBC|IANS|PTI|"
             r"Xinhua|Kyodo|Yonhap|RTTNews|dpa|ANI|TASS|Sputnik|AAP|CP|AP Photo|Reuters Breakingviews"
             r"|IFR|Fox Business|Benzinga|Zacks")
_DATELINE = re.compile(
    r"\s*(?P<city>[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){0,3})?"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?))?"
    rf"(?:,?\s*(?i:{_MON})\.?\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?)?"
    rf"\s*\((?P<agency>(?i:{_AGENCIES}))\)\s*(?:-{{1,2}}|—|–|:)")
_CITY_DATELINE = re.compile(r"\s*(?P<city>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3})"
                            r"(?:,\s*[A-Z][A-Za-z.]+)?\s+(?:--?|—|–)\s")


def _datelines(text: str, *, base: int = 0, max_lines: int = 5) -> list[Clue]:
    out: list[Clue] = []
    pos, seen = 0, 0
    for line in text[:3000].split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        seen += 1
        if seen > max_lines:
            break
        head = line[:200]
        m = _DATELINE.match(head)
        if m:
            month_day = None
            d = None
            if m["mon"]:
                if m["year"]:
                    d = _date(m["year"], m["mon"], m["day"])
                elif 1 <= int(m["day"]) <= 31:
                    month_day = (_month(m["mon"]), int(m["day"]))
            if m["mon"] and d is None and month_day is None:
                continue
            out.append(Clue(HOWS[4], d, month_day=month_day, text=m[0].strip(),
                            start=base + start + len(m[0]) - len(m[0].lstrip())))
            continue
        m = _CITY_DATELINE.match(head)
        if m and len(m["city"]) >= 4 and not m["city"].isdigit():
            out.append(Clue(HOWS[4], None, text=m[0].strip(), start=base + start))
    return out


def dateline_month_day(text: str) -> tuple[int, int] | None:
    """The month and day of a dateline without a year at the top of ``text`` ("Sept. 6 (UPI)
    --"): the publication day in some year, which the stated figures may settle."""
    return next((c.month_day for c in _datelines(text) if c.month_day is not None), None)


_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])"
                       r"(?!\d)")


def _url_clue(url: str | None) -> Clue | None:
    if not url:
        return None
    m = _URL_DATE.search(unquote(url)[:2000])
    if not m:
        return None
    d = _date(m[1], m[2], m[3])
    return Clue(HOWS[5], d, text=m[0]) if d else None


def _resolve(clues: list[Clue]) -> tuple[tuple[Clue, ...], Published | None]:
    """Give datelines without a year the year of the nearest dated clue; pick the publication."""
    ref = next((c.date for c in clues if c.date is not None and c.how != HOWS[4]), None)
    resolved = []
    for c in clues:
        if c.date is None and c.month_day is not None and ref is not None:
            best = None
            for y in (ref.year - 1, ref.year, ref.year + 1):
                try:
                    cand = dt.date(y, *c.month_day)
                except ValueError:
                    continue
                if best is None or abs(cand - ref) < abs(best - ref):
                    best = cand
            if best is not None and abs(best - ref) <= dt.timedelta(days=183):
                c = Clue(c.how, best, c.time, c.utc_offset, c.month_day, c.text, c.start)
        resolved.append(c)
    order = {h: i for i, h in enumerate(HOWS)}
    resolved.sort(key=lambda c: order.get(c.how, len(HOWS)))  # stable: text order within a kind
    first = next((c for c in resolved if c.date is not None), None)
    if first is None:
        return tuple(resolved), None
    t, off = first.time, first.utc_offset
    if t is None:
        timed = next((c for c in resolved if c.date == first.date and c.time is not None), None)
        if timed is not None:
            t, off = timed.time, timed.utc_offset
    # first is a clue with a date (the next() above): first.date is not None
    return tuple(resolved), Published(first.date, t, off, first.how)  # type: ignore[arg-type]


# --- text files -------------------------------------------------------------------------------

_MAX_HEADER_LINES = 50
_NOTE = re.compile(r"^[ \t]*# note:", re.I)
_FIELD = re.compile(r"([A-Za-z][A-Za-z _-]{0,30}):\s*(.*)")
_URL_KEYS = {"source", "url", "link", "canonical"}
_DATE_KEYS = {"published", "date", "published at", "published_at", "pubdate", "publication date",
              "dateline date"}


def _header(lines: list[str], markdown: bool) -> tuple[int, dict[str, str], str | None, bool]:
    """(number of header lines, fields, a heading title, whether the heading stays in the text)."""
    fields: dict[str, str] = {}
    title = None
    keep_heading = False
    i = 0
    while i < min(len(lines), _MAX_HEADER_LINES):
        ln = lines[i]
        if not ln.strip():
            i += 1
            continue
        if not (ln.startswith("# ") or ln.rstrip() == "#"):
            break
        body = ln[2:].strip()
        parts = re.split(r"\s+\|\s+", body)
        kv = [_FIELD.fullmatch(p.strip()) for p in parts]
        if all(kv) and body:
            for m in kv:   # all(kv): every m is a match (all() does not narrow the list)
                key = m[1].strip().lower()  # type: ignore[index]
                fields.setdefault(key, m[2].strip())  # type: ignore[index]
        elif body and title is None:
            title = body
            if markdown:
                keep_heading = True
                break
        i += 1
    return i, fields, title, keep_heading


def document_from_text(text: str, *, name: str | None = None,
                       published: Published | None = None) -> Document:
    """A :class:`Document` from (sanitized) plain text: header lines and notes removed."""
    markdown = bool(name) and str(name).lower().endswith((".md", ".markdown"))
    lines = text.split("\n")
    n, fields, title, keep_heading = _header(lines, markdown)
    body_lines = lines[n:]
    if keep_heading and body_lines:
        body_lines[0] = body_lines[0].lstrip("#").lstrip()
    body = "\n".join(ln for ln in body_lines if not _NOTE.match(ln))
    url = next((fields[k] for k in fields if k in _URL_KEYS and fields[k]), None)
    title = fields.get("title") or fields.get("headline") or title
    clues: list[Clue] = []
    if published is not None:
        clues.append(Clue(published.how, published.date, published.time, published.utc_offset,
                          text="--published"))
    for key in fields:
        if key in _DATE_KEYS:
            got = _parse_iso(fields[key].split("(")[0])
            if got is None:
                m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", fields[key])
                got = _parse_iso(m[1]) if m else None
            if got is not None:
                clues.append(Clue(HOWS[1], got[0], got[1], got[2], text=fields[key]))
    clues += _text_clues(body, url)
    resolved, pub = _resolve(clues)
    return Document(text=body, published=pub, title=title, url=url, clues=resolved)


def _text_clues(body: str, url: str | None) -> list[Clue]:
    clues = find_stamps(body)
    clues += _datelines(body)
    u = _url_clue(url)
    if u is not None:
        clues.append(u)
    return clues


# --- HTML pages -------------------------------------------------------------------------------

_DROP = {"script", "style", "noscript", "template", "svg", "iframe", "button", "form", "nav",
         "aside", "footer", "select", "input", "textarea", "object", "embed", "canvas", "head",
         "dialog", "menu"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "tr", "blockquote", "pre", "ul", "ol", "table", "figcaption", "time", "header", "main",
          "dd", "dt", "dl", "figure", "hr", "address", "caption", "td", "th"}
_JUNK_TOKENS = {"share", "sharing", "social", "related", "newsletter", "advert", "advertisement",
                "ad", "ads", "cookie", "cookies", "promo", "subscribe", "comments", "sidebar",
                "breadcrumb", "breadcrumbs", "navbar", "popup", "modal", "banner", "recirc"}
_META_TIME = ("article:published_time", "og:published_time", "datepublished", "pubdate",
              "publishdate", "publish-date", "dc.date", "dc.date.issued", "sailthru.date",
              "parsely-pub-date", "date", "article.published")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _is_html(raw: str, name: str | None) -> bool:
    if name and str(name).lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = raw.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html", "<head")) or (
        head.startswith("<?xml") and "<html" in raw[:2000].lower())


def _junk(el: Any) -> bool:
    if not (el.get("class") or el.get("id") or el.get("role")):
        return False
    tokens = set(re.split(r"[\s_\-]+", f"{el.get('class') or ''} {el.get('id') or ''}".lower()))
    return bool(tokens & _JUNK_TOKENS) or (el.get("role") or "").lower() in (
        "navigation", "banner", "complementary", "contentinfo", "dialog")


def _tree_text(el: Any) -> str:
    """The readable text of an lxml element: blocks become paragraphs, whitespace collapsed."""
    from lxml import etree

    parts: list[str] = []

    def inline(s: str | None) -> None:
        if s:
            parts.append(re.sub(r"\s+", " ", s))

    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if event == "start":
            if tag in _BLOCK:
                parts.append("\n" if tag == "br" else "\n\n")
            if tag is not None:
                inline(node.text)
        else:
            if tag in _BLOCK and tag != "br":
                parts.append("\n\n")
            if node is not el:
                inline(node.tail)
    lines = [ln.strip() for ln in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _main_element(root: Any) -> Any:
    body = root.find(".//body")
    body = root if body is None else body

    def size(e: Any) -> int:
        return len(e.text_content() or "")

    articles = root.xpath("//article")
    candidates = articles or root.xpath("//*[@itemprop='articleBody']") \
        or root.xpath("//main|//*[@role='main']")
    if candidates:
        best = max(candidates, key=size)
        if size(best) >= 200 or size(best) * 3 >= size(body):
            return best, True
    return body, False


def _parse_html(html: str) -> Any:
    import lxml.html
    from lxml import etree

    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _main_text(root: Any) -> str:
    """The main text of a parsed page (which this changes): the article, or the body without its
    navigation, headers, footers, scripts, forms and share/related boxes."""
    from lxml import etree

    for c in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        c.drop_tree()
    main, is_article = _main_element(root)
    drop = [e for e in main.iter() if isinstance(e.tag, str)
            and (e.tag.lower() in _DROP or (e is not main and _junk(e))
                 or (not is_article and e.tag.lower() == "header"))]
    for e in drop:
        if e.getparent() is not None:
            e.drop_tree()
    return _tree_text(main)


def html_main_text(html: str) -> str:
    """The main text of an HTML page (see :func:`_main_text`); "" for an empty page."""
    root = _parse_html(html)
    return "" if root is None else _main_text(root)


def _meta(page: Any) -> tuple[str | None, str | None, list[str]]:
    """(title, url, publication-time strings) from a page's metadata."""
    title = url = None
    times: list[str] = []
    for m in page.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        val = (m.get("content") or "").strip()
        if not val:
            continue
        if key in ("og:title", "twitter:title") and title is None:
            title = val
        elif key == "og:url" and url is None:
            url = val
        elif key in _META_TIME:
            times.append(val)
    for link in page.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            url = link.get("href")
            break
    if title is None:
        t = page.find(".//title")
        if t is not None and (t.text_content() or "").strip():
            title = re.sub(r"\s+", " ", t.text_content()).strip()
    for s in page.iter("script"):
        if (s.get("type") or "").lower() == "application/ld+json" and s.text:
            times += _JSONLD_DATE.findall(s.text[:100_000])
    for t in page.iter("time"):
        if t.get("datetime"):
            times.append(t.get("datetime"))
    return title, url, times


def _iso_datetime(value: str) -> tuple[dt.date, dt.time | None, dt.timedelta | None] | None:
    v = value.strip()
    try:
        stamp = dt.datetime.fromisoformat(v.replace("Z", "+00:00") if v.endswith("Z") else v)
    except ValueError:
        got = _parse_iso(v[:40])
        return got
    if not 1900 <= stamp.year <= 2100:
        return None
    has_time = bool(re.search(r"\d[T ]\d{2}:\d{2}", v))
    return (stamp.date(), stamp.time().replace(tzinfo=None) if has_time else None,
            stamp.utcoffset())


def document_from_html(html: str, *, name: str | None = None,
                       published: Published | None = None) -> Document:
    """A :class:`Document` from a saved (sanitized) HTML page: main text, title, URL and date."""
    page = _parse_html(html)
    title = url = None
    body = ""
    clues: list[Clue] = []
    if published is not None:
        clues.append(Clue(published.how, published.date, published.time, published.utc_offset,
                          text="--published"))
    if page is not None:
        title, url, times = _meta(page)
        meta_date = None
        try:
            import htmldate

            found = htmldate.find_date(html, extensive_search=False, original_date=True)
            meta_date = dt.date.fromisoformat(found) if found else None
        except Exception:  # noqa: BLE001 - a page the library cannot date is simply undated
            meta_date = None
        timed = [x for x in map(_iso_datetime, times) if x is not None]
        if meta_date is None and timed:
            meta_date = timed[0][0]
        if meta_date is not None:
            same = next((x for x in timed if x[0] == meta_date and x[1] is not None), None)
            clues.append(Clue(HOWS[2], meta_date, same[1] if same else None,
                              same[2] if same else None, text="page metadata"))
        body = _main_text(page)
    clues += _text_clues(body, url)
    resolved, pub = _resolve(clues)
    return Document(text=body, published=pub, title=title, url=url, clues=resolved)


# --- reading ----------------------------------------------------------------------------------

def read_document(source: str | Path | None, *, published: str | None = None) -> Document:
    """Read an article: a text file, a saved HTML page (``.html``/``.htm``, or text that starts as
    HTML), or stdin (``None`` or ``"-"``). ``published``: ``--published``'s value (a bad one is a
    :class:`PublishedError`). Unreadable files are a :class:`DataFormatError`, binary input a
    :class:`NotTextError`."""
    given = parse_published(published) if published is not None else None
    name: str | None
    if source is None or str(source) == "-":
        name = "<stdin>"
        buf = getattr(sys.stdin, "buffer", None)
        raw = _decode(buf.read(), name) if buf is not None else sys.stdin.read()
    else:
        name = str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as err:
            raise DataFormatError(f"cannot read the article: {err.strerror or err}",
                                  path=name) from None
        raw = _decode(data, name)
    return document_from_string(raw, name=name, published=given)


def document_from_string(raw: str, *, name: str | None = None,
                         published: Published | None = None) -> Document:
    """A :class:`Document` from a string (HTML when ``name`` or the text says so)."""
    text = sanitize(raw, path=name)
    if _is_html(text, name):
        return document_from_html(text, name=name, published=published)
    return document_from_text(text, name=name, published=published)
