"""wrap: the market story for a date, with footnoted evidence and charts (md/html)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .guard import guarded
from .options import DbOpt, JsonOpt
from .render import note, prepare_out


def register(app: typer.Typer) -> None:
    @app.command()
    def wrap(
        date: Annotated[str, typer.Argument(help="The session date, YYYY-MM-DD.")],
        focus: Annotated[Optional[str], typer.Option("--focus", help="Lead with this subject (default: the most newsworthy).")] = None,
        vs: Annotated[Optional[list[str]], typer.Option("--vs", help="Comparison index for the focus (repeatable).")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="text | md | html | json")] = "text",
        out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file (md: the PNG charts beside it).")] = None,
        db: DbOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Write the market wrap for DATE: the indices' moves, records, month and year, the yield."""
        from ..desk import Desk
        from ..wrap import FORMATS
        from ..wrap import wrap as make_wrap

        kind = "json" if json_out else fmt
        if kind not in FORMATS:
            raise typer.BadParameter("use text, md, html or json", param_hint="--format")
        with guarded(kind == "json"), Desk(db, read_only=True) as desk:
            story = make_wrap(desk, date, focus=focus, vs=vs or None, fmt=kind)
            if out is not None:
                prepare_out(out)
            prefix = f"{out.stem}-" if out is not None else ""
            rendered = story.render(kind, image_prefix=prefix)
            if kind == "md" and story.charts:
                if out is None:
                    note("charts are written only with --out (beside the Markdown file)")
                else:
                    from ..wrap.charts import png

                    for c in story.charts:
                        (out.parent / f"{prefix}{c.name}.png").write_bytes(png(c))
            if out is not None:
                out.write_text(rendered, encoding="utf-8")
            else:
                sys.stdout.write(rendered)
            if any("left out" in n for n in story.notes):
                note("load the missing bars with `marketdesk fetch SYMBOL` or "
                     "`marketdesk load FILE`")
