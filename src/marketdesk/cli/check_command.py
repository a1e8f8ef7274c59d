"""check: the numeric claims of an article, recomputed, with verdicts and a summary.

One article (a file, a saved HTML page, or ``-`` for stdin) gives the full report. Several files,
or a directory (its ``*.txt``, ``*.html``, ``*.htm`` and ``*.md`` files, sorted), give one line
per article -- file, article date, supported / contradicted / not checkable counts -- and the
totals; ``--json`` (or ``--format json``) gives a list with each article's full result and its
``file``. Exit code 11 when any claim is contradicted.
"""

from __future__ import annotations

import html as html_lib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import typer

from .guard import guarded
from .options import DbOpt, JsonOpt
from .render import console, error_payload, prepare_out, table

if TYPE_CHECKING:
    from ..check.model import CheckResult

Format = Literal["table", "json", "md", "html"]

#: Exit code of ``marketdesk check`` (table output) when any claim is contradicted.
CONTRADICTED_EXIT = 11

#: The files of a directory that ``marketdesk check DIR`` reads.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".md")


def article_files(sources: list[str]) -> list[str]:
    """The articles named by ``sources``: files as given, directories as their article files."""
    out: list[str] = []
    for s in sources:
        p = Path(s)
        if s != "-" and p.is_dir():
            out += sorted(str(f) for f in p.iterdir()
                          if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            out.append(s)
    return out


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        articles: Annotated[list[str], typer.Argument(
            help="Text files, saved HTML pages, directories of them, or - for stdin.",
            metavar="FILE_OR_DIR")],
        as_of: Annotated[Optional[str], typer.Option("--as-of", help="The article's session date, YYYY-MM-DD (else read from the text).")] = None,
        published: Annotated[Optional[str], typer.Option("--published", help="The article's publication time, YYYY-MM-DD[THH:MM[±HH:MM]] (else read from the text).")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | md | html")] = "table",
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
        db: DbOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Find the article's numeric market claims, recompute each, and give verdicts."""
        from ..calendar import parse_date
        from ..check.document import parse_published
        from ..desk import Desk

        kind = "json" if json_out else fmt
        if kind not in ("table", "json", "md", "html"):
            raise typer.BadParameter("use table, json, md or html", param_hint="--format")
        with guarded(kind == "json"):
            session = parse_date(as_of, "--as-of") if as_of else None
            if published is not None:
                parse_published(published)  # a bad value is an error before anything is read
            files = article_files(articles)
            single = len(articles) == 1 and (articles[0] == "-" or not Path(articles[0]).is_dir())
            with Desk(db, read_only=True) as desk:
                if single:
                    _check_one(files[0], session, published, desk, kind, out)
                else:
                    _check_many(files, session, published, desk, kind, out)


def _read(article: str, published: str | None) -> Any:
    from ..check.document import read_document
    from ..errors import DataFormatError

    try:
        return read_document(None if article == "-" else article, published=published)
    except (OSError, UnicodeDecodeError) as err:
        raise DataFormatError(f"cannot read the article: {err}", path=article) from None


def _run(doc: Any, session: Any, desk: Any) -> "CheckResult":
    from ..check.api import check as run_check

    return run_check(doc.text, as_of=session, published=doc.published, desk=desk)


def _check_one(article: str, session: Any, published: str | None, desk: Any, kind: str,
               out: Optional[Path]) -> None:
    from ..check.report import LABELS, rows, skipped_line, to_html, to_json, to_markdown

    doc = _read(article, published)
    result = _run(doc, session, desk)
    if kind == "table" and out is None:
        r = result.article_date
        console().print(f"Article date: {r.session} ({r.how})", highlight=False)
        if r.session is None:
            console().print("The article is undated: pass --published DATE or --as-of SESSION.",
                            highlight=False)
        table("Claims", ["sentence claim", "stated", "computed", "verdict", "why"],
              [(x["claim"], x["stated"], x["computed"], x["label"], x["reason"])
               for x in rows(result)])
        if result.skipped:
            console().print("Not about an instrument in the store (no verdict): "
                            + "; ".join(skipped_line(v) for v in result.skipped),
                            soft_wrap=True, markup=False, highlight=False)
        counts = result.counts()
        console().print("Summary:")
        for p in result.summary:
            marks = " ".join(LABELS[v.status].split()[0] for v in p.verdicts)
            console().print(f"  • {p.sentence} {marks}".rstrip(), soft_wrap=True,
                            markup=False)
        console().print(", ".join(f"{k}: {v}" for k, v in counts.items()))
        if counts.get("contradicted"):
            raise typer.Exit(CONTRADICTED_EXIT)
        return
    rendered = {"json": to_json, "md": to_markdown, "html": to_html,
                "table": to_markdown}[kind](result)
    if kind in ("md", "table"):
        rendered = rendered.replace("<", "&lt;")  # the article's text never becomes HTML
    if out is not None:
        prepare_out(out).write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")


_COLUMNS = ["file", "article date", "supported", "contradicted", "not checkable"]
_KEYS = ("supported", "contradicted", "not_checkable")


class _BarsOnce:
    """A bar source that reads each symbol's bars from the desk once (many articles, one run)."""

    def __init__(self, desk: Any) -> None:
        self._desk = desk
        self._bars: dict[str, Any] = {}

    def bars(self, symbol: str) -> Any:
        if symbol not in self._bars:
            self._bars[symbol] = self._desk.bars(symbol)
        return self._bars[symbol]


def _check_many(files: list[str], session: Any, published: str | None, desk: Any, kind: str,
                out: Optional[Path]) -> None:
    """One line per article and the totals; a file that cannot be read is a line with its error."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..errors import DataFormatError, MarketdeskError

    if not files:
        raise DataFormatError("no articles to check (a directory is read for its "
                              + ", ".join(f"*{s}" for s in ARTICLE_SUFFIXES) + " files)")
    lines: list[dict[str, Any]] = []
    first_error: MarketdeskError | None = None
    desk = _BarsOnce(desk)      # the index bars are read once for all the articles
    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=console(stderr=True),
                  transient=True) as progress:
        task = progress.add_task("", total=len(files))
        for f in files:
            progress.update(task, description=Path(f).name)
            try:
                result = _run(_read(f, published), session, desk)
                date = result.article_date
                lines.append({"file": f, "date": "undated" if date.session is None
                              else str(date.session), "counts": result.counts(),
                              "result": result})
            except MarketdeskError as err:
                first_error = first_error or err
                lines.append({"file": f, "date": "", "counts": {}, "error": str(err),
                              "payload": error_payload(err)})
            progress.advance(task)
    totals = {k: sum(x["counts"].get(k, 0) for x in lines) for k in _KEYS}
    if kind == "json":
        payload = [{"file": x["file"], **(x["result"].to_dict() if "result" in x
                                         else x["payload"])} for x in lines]
        rendered = json.dumps(payload, indent=2, ensure_ascii=False, default=str)
    elif kind == "table" and out is None:
        rendered = ""
        table(f"{len(files)} articles", _COLUMNS,
              [*([x["file"], x["date"] or "error (below)",
                  *(x["counts"].get(k, "") for k in _KEYS)] for x in lines),
               ["total", "", *(totals[k] for k in _KEYS)]],
              right=_COLUMNS[2:])
        for x in lines:
            if "error" in x:
                console().print(f"error: {x['error']}", soft_wrap=True, markup=False)
    else:
        rendered = _render_lines(lines, totals, kind)
    if rendered:
        if out is not None:
            prepare_out(out).write_text(rendered, encoding="utf-8")
        else:
            sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
    if totals["contradicted"]:
        raise typer.Exit(CONTRADICTED_EXIT)
    if first_error is not None:
        raise typer.Exit(first_error.exit_code)


def _render_lines(lines: list[dict[str, Any]], totals: dict[str, int], kind: str) -> str:
    """The per-article lines as a Markdown or HTML table (also ``table`` written to ``--out``)."""
    body = [[x["file"], x["date"] or f"error: {x['error']}",
             *(str(x["counts"].get(k, "")) for k in _KEYS)] for x in lines]
    body.append(["total", "", *(str(totals[k]) for k in _KEYS)])
    if kind == "html":
        esc = html_lib.escape
        head = "".join(f"<th>{esc(c)}</th>" for c in _COLUMNS)
        rows_html = "\n".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>"
                              for r in body)
        return (f"<!doctype html>\n<meta charset=\"utf-8\">\n<title>marketdesk check</title>\n"
                f"<table>\n<tr>{head}</tr>\n{rows_html}\n</table>\n")
    cell = (lambda s: s.replace("|", "\\|").replace("<", "&lt;"))
    out = ["| " + " | ".join(_COLUMNS) + " |", "|" + "---|" * len(_COLUMNS)]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in body]
    return "\n".join(out) + "\n"
