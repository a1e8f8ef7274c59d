"""check: the numeric claims of an article, recomputed, with verdicts and a summary."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from .guard import guarded
from .options import DbOpt, JsonOpt
from .render import console, prepare_out, table

Format = Literal["table", "json", "md", "html"]

#: Exit code of ``marketdesk check`` (table output) when any claim is contradicted.
CONTRADICTED_EXIT = 11


def register(app: typer.Typer) -> None:
    @app.command()
    def check(
        article: Annotated[str, typer.Argument(help="A text file, a saved HTML page, or - for stdin.")],
        as_of: Annotated[Optional[str], typer.Option("--as-of", help="The article's session date, YYYY-MM-DD (else read from the text).")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | md | html")] = "table",
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
        db: DbOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Find the article's numeric market claims, recompute each, and give verdicts."""
        from ..calendar import parse_date
        from ..check.api import check as run_check
        from ..check.article import read_article
        from ..check.report import LABELS, rows, to_html, to_json, to_markdown
        from ..desk import Desk
        from ..errors import DataFormatError

        kind = "json" if json_out else fmt
        if kind not in ("table", "json", "md", "html"):
            raise typer.BadParameter("use table, json, md or html", param_hint="--format")
        with guarded(kind == "json"), Desk(db, read_only=True) as desk:
            try:
                text = read_article(None if article == "-" else article)
            except (OSError, UnicodeDecodeError) as err:
                raise DataFormatError(f"cannot read the article: {err}", path=article) from None
            result = run_check(text, as_of=parse_date(as_of, "--as-of") if as_of else None,
                               desk=desk)
            if kind == "table" and out is None:
                r = result.article_date
                console().print(f"Article date: {r.session} ({r.how})", highlight=False)
                table("Claims", ["sentence claim", "stated", "computed", "verdict", "why"],
                      [(x["claim"], x["stated"], x["computed"], x["label"], x["reason"])
                       for x in rows(result)])
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
            if out is not None:
                prepare_out(out).write_text(rendered, encoding="utf-8")
            else:
                sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
