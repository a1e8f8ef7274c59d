"""Rendering a CheckResult: table rows, JSON, Markdown and HTML with each claim highlighted.

Every highlight carries its verdict twice: a colour and a text label with an icon (✔ supported,
✘ contradicted, ? not checkable), so that it reads without colour. The article is HTML-escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from .model import CheckResult, Verdict

__all__ = ["rows", "to_json", "to_markdown", "to_html", "skipped_line", "LABELS", "COLOURS"]

LABELS = {"supported": "✔ supported", "contradicted": "✘ contradicted",
          "not_checkable": "? not checkable"}
COLOURS = {"supported": "#d4f4dd", "contradicted": "#ffd6d6", "not_checkable": "#eeeeee"}


def rows(result: CheckResult) -> list[dict[str, str]]:
    """One flat row per verdict: claim, subject, metric, period, stated, computed, status, reason."""
    out = []
    for v in result.verdicts:
        c = v.claim
        out.append({"claim": c.text.strip(), "subject": c.subject or "",
                    "metric": c.metric.value if c.metric else "", "period": c.period.kind,
                    "stated": "" if c.value is None else f"{c.value:g}",
                    "computed": "" if v.computed is None else f"{v.computed:.4g}",
                    "status": v.status, "label": LABELS[v.status], "reason": v.reason,
                    "source": v.source or ""})
    return out


def to_json(result: CheckResult) -> str:
    """The full result as JSON (``CheckResult.to_dict``)."""
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)


def _marked(result: CheckResult, mark_open: Callable[[Verdict], str],
            mark_close: Callable[[Verdict], str], escape: Callable[[str], str]) -> str:
    text, pos = result.text, 0
    out: list[str] = []
    for v in sorted(result.verdicts, key=lambda v: v.claim.span):
        a, b = v.claim.span
        if a < pos:
            continue
        out += [escape(text[pos:a]), mark_open(v), escape(text[a:b]), mark_close(v)]
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def to_markdown(result: CheckResult) -> str:
    """Markdown: summary points, the verdict table, the article with **claim** [label] marks."""
    lines = [f"# Check (article date {result.article_date.session})", "", "## Key points", ""]
    lines += [f"- {p.sentence}" + "".join(f" [{LABELS[v.status]}]" for v in p.verdicts)
              for p in result.summary]
    lines += ["", "## Claims", "", "| claim | subject | status | reason |", "|---|---|---|---|"]
    for r in rows(result):
        cells = [r["claim"], r["subject"], r["label"], r["reason"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    if result.skipped:
        lines += ["", "## Not about an instrument in the store (no verdict)", ""]
        lines += [f"- {skipped_line(v)}" for v in result.skipped]
    body = _marked(result, lambda v: "**", lambda v: f"** [{LABELS[v.status]}]", lambda s: s)
    return "\n".join(lines + ["", "## Article", "", body])


def skipped_line(v: Verdict) -> str:
    """One line for a skipped figure: its text and why it has no verdict."""
    return f"{v.claim.text.strip()}: {v.reason.rstrip('.')}"


def _open(v: Verdict) -> str:
    return (f'<mark class="claim {v.status}" style="background:{COLOURS[v.status]}" '
            f'title="{html.escape(v.reason)}">')


def _close(v: Verdict) -> str:
    return f' <span class="label">[{html.escape(LABELS[v.status])}]</span></mark>'


def to_html(result: CheckResult) -> str:
    """A standalone HTML fragment: the escaped article with each claim highlighted and labelled,
    followed by the verdict table."""
    article = _marked(result, _open, _close, html.escape).replace("\n", "<br>\n")
    table = "".join(
        f"<tr class=\"{r['status']}\"><td>{html.escape(r['claim'])}</td>"
        f"<td>{html.escape(r['subject'])}</td><td>{html.escape(r['label'])}</td>"
        f"<td>{html.escape(r['reason'])}</td></tr>" for r in rows(result))
    return (f'<section class="check"><div class="article">{article}</div>'
            f"<table><tr><th>claim</th><th>subject</th><th>verdict</th><th>reason</th></tr>"
            f"{table}</table></section>")
