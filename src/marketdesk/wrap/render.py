"""Render a Wrap as plain text, Markdown (footnotes, agate table, PNG links), HTML (footnotes,
agate table, embedded PNG) or JSON. Footnotes are numbered by the Facts' first use and show each
Fact's evidence rows."""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Callable

from ..facts.model import Evidence, Fact
from . import numbers as nb
from .model import Format, Wrap
from .text import Sentence

__all__ = ["EVIDENCE_SHOWN", "TABLE_NOTE", "footnote", "render", "to_html", "to_json", "to_markdown", "to_text"]

#: Evidence rows shown per footnote at each end (a seasonal average cites dozens).
EVIDENCE_SHOWN = 3
#: What the agate table's columns measure.
TABLE_NOTE = ("Changes in points and percent: on the day, for the week (from the previous week's "
              "last close) and for the year to date (from the previous year's last close).")


def to_text(w: Wrap) -> str:
    """Headline, a blank line, the paragraphs separated by blank lines, then the notes."""
    out = [w.headline.text, "", *("\n\n".join(p.text for p in w.paragraphs),)]
    if w.notes:
        out += ["", *(f"Note: {n}" for n in w.notes)]
    return "\n".join(out) + "\n"


def _evidence(e: Evidence) -> str:
    return f"{e.symbol} {e.field} {e.date.isoformat()} = {nb.number(e.value, 2)} ({e.source})"


def footnote(f: Fact) -> str:
    """One Fact as a line: subject, metric, value, period, as-of, and its evidence rows."""
    ev = list(f.evidence)
    shown = [_evidence(e) for e in ev] if len(ev) <= 2 * EVIDENCE_SHOWN else [
        *(_evidence(e) for e in ev[:EVIDENCE_SHOWN]), "…",
        *(_evidence(e) for e in ev[-EVIDENCE_SHOWN:])]
    value = "" if f.value is None else f"{nb.number(float(f.value), 4)} {f.unit}"
    period = f.period.label or f.period.kind
    rows = f"{len(ev)} rows" if len(ev) > 2 * EVIDENCE_SHOWN else "evidence"
    return (f"{f.subject} {f.metric.value} = {value} ({period}; as of {f.as_of.isoformat()}); "
            f"{rows}: " + "; ".join(shown))


def _marked(s: Sentence, numbers: dict[int, int], mark: Callable[[int], str],
            escape: Callable[[str], str]) -> str:
    """``s.text`` with a footnote mark after the first figure of each Fact."""
    out, pos, done = [], 0, set()
    for sp in s.spans:
        if sp.fact is None or id(sp.fact) in done:
            continue
        done.add(id(sp.fact))
        out.append(escape(s.text[pos:sp.end]) + mark(numbers[id(sp.fact)]))
        pos = sp.end
    out.append(escape(s.text[pos:]))
    return "".join(out)


def _numbers(w: Wrap) -> dict[int, int]:
    return {id(f): i for i, f in enumerate(w.facts, start=1)}


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]#|"} | {"<": "&lt;", ">": "&gt;"})


def _md_escape(text: str) -> str:
    """``text`` as literal Markdown: emphasis, link, code, heading and table characters escaped,
    ``<``/``>`` as entities (a symbol or name from a user's file never becomes HTML)."""
    return text.translate(_MD_SPECIAL)


def _md_table(w: Wrap) -> list[str]:
    """The agate table as a Markdown table under a bold title (nothing without a table)."""
    from .agate import COLUMNS, cells

    if w.table is None:
        return []
    out = [f"**{_md_escape(w.table.title)}**", "", "| Index | " + " | ".join(COLUMNS) + " |",
           "|:--|" + "--:|" * len(COLUMNS)]
    out += ["| " + " | ".join(_md_escape(c) for c in cells(r)) + " |" for r in w.table.rows]
    return [*out, "", _md_escape(TABLE_NOTE), ""]


def _html_table(w: Wrap) -> list[str]:
    from .agate import COLUMNS, cells

    if w.table is None:
        return []
    esc = html.escape
    out = ['<div class="scroll" style="overflow-x:auto;max-width:100%">',
           f'<table class="agate"><caption>{esc(w.table.title)}</caption>',
           "<thead><tr><th>Index</th>" + "".join(f"<th>{esc(c)}</th>" for c in COLUMNS)
           + "</tr></thead><tbody>"]
    for r in w.table.rows:
        name, *rest = cells(r)
        out.append(f'<tr><th scope="row">{esc(name)}</th>'
                   + "".join(f"<td>{esc(c)}</td>" for c in rest) + "</tr>")
    return [*out, f'</tbody></table></div>\n<p class="table-note">{esc(TABLE_NOTE)}</p>']


def to_markdown(w: Wrap, *, image_prefix: str = "") -> str:
    """Markdown: the story with ``[^n]`` footnotes, chart images at ``{image_prefix}{name}.png``."""
    nums = _numbers(w)

    def mark(n: int) -> str:
        return f"[^{n}]"

    out = [f"# {_marked(w.headline, nums, mark, _md_escape)}", ""]
    for p in w.paragraphs:
        out += [_marked(p, nums, mark, _md_escape), ""]
    out += _md_table(w)
    for c in w.charts:
        out += [f"![{_md_escape(c.title)}]({image_prefix}{c.name}.png)", ""]
    for n in w.notes:
        out += [f"> Note: {_md_escape(n)}", ""]
    for i, f in enumerate(w.facts, start=1):
        out.append(f"[^{i}]: {_md_escape(footnote(f))}")
    return "\n".join(out).rstrip("\n") + "\n"


def to_html(w: Wrap, *, pngs: dict[str, bytes] | None = None) -> str:
    """A standalone HTML page: the story with footnote links, charts embedded as base64 PNG."""
    nums = _numbers(w)

    def mark(n: int) -> str:
        return f'<sup><a href="#fn{n}" id="ref{n}">{n}</a></sup>'

    esc = html.escape
    title = esc(w.headline.text)
    body = [f"<h1>{_marked(w.headline, nums, mark, esc)}</h1>"]
    body += [f"<p>{_marked(p, nums, mark, esc)}</p>" for p in w.paragraphs]
    body += _html_table(w)
    if w.charts:
        from .charts import png

        for c in w.charts:
            data = (pngs or {}).get(c.name) or png(c)
            body.append(f'<figure><img alt="{esc(c.title)}" src="data:image/png;base64,'
                        f'{base64.b64encode(data).decode("ascii")}"><figcaption>{esc(c.title)}'
                        "</figcaption></figure>")
    body += [f'<p class="note">Note: {esc(n)}</p>' for n in w.notes]
    if w.facts:
        body.append('<ol class="footnotes">')
        body += [f'<li id="fn{i}">{esc(footnote(f))} <a href="#ref{i}">↩</a></li>'
                 for i, f in enumerate(w.facts, start=1)]
        body.append("</ol>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n")


def to_json(w: Wrap) -> str:
    return json.dumps(w.to_dict(), indent=2, allow_nan=False, ensure_ascii=False) + "\n"


def render(w: Wrap, fmt: Format = "text", *, image_prefix: str = "") -> str:
    """``w`` in ``fmt`` (text, md, html, json)."""
    if fmt == "text":
        return to_text(w)
    if fmt == "md":
        return to_markdown(w, image_prefix=image_prefix)
    if fmt == "html":
        return to_html(w)
    if fmt == "json":
        return to_json(w)
    raise ValueError(f"unknown format {fmt!r}; use text, md, html or json")
