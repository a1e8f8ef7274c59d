"""facts: the statistics of a subject on a date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .guard import guarded
from .options import DbOpt, JsonOpt
from .render import emit_json, note, sectioned_table


def _dates(dates: list[str]) -> str:
    """Up to four evidence dates, then an ellipsis."""
    return ", ".join(dates[:4]) + (" …" if len(dates) > 4 else "")


def register(app: typer.Typer) -> None:
    @app.command()
    def facts(
        subject: Annotated[Optional[str], typer.Argument(help="Symbol or name: ^RUT, DGS10, \"S&P 500\".")] = None,
        date: Annotated[Optional[str], typer.Argument(help="As-of date, YYYY-MM-DD (default: the last bar).")] = None,
        vs: Annotated[Optional[list[str]], typer.Option("--vs", help="Compare with another subject (repeatable).")] = None,
        top: Annotated[int, typer.Option("--top", help="Show the N most notable facts (0: all).")] = 0,
        universe: Annotated[Optional[Path], typer.Option("--universe", help="A Parquet universe (symbol, date, close): one fact-sheet row per symbol instead of SUBJECT.")] = None,
        engine: Annotated[str, typer.Option("--engine", help="Universe engine: local (polars) or spark.")] = "local",
        out: Annotated[Optional[Path], typer.Option("--out", help="Write the universe rows to this .parquet or .csv file.")] = None,
        as_of: Annotated[Optional[str], typer.Option("--as-of", help="Universe as-of date, YYYY-MM-DD (default: each symbol's last bar).")] = None,
        db: DbOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """The fact sheet of SUBJECT on DATE in sections (the day; periods; records and
        drawdowns; streaks; seasonality), each row with its evidence dates; --top N keeps the
        N most notable rows.

        With --universe PATH: one row per symbol of a Parquet universe (see marketdesk.scale).
        """
        if universe is not None:
            from .universe import run_universe

            with guarded(json_out):
                run_universe(universe, as_of=as_of or date, engine=engine, out=out,
                             json_out=json_out, top=top)
            return
        if subject is None:
            raise typer.BadParameter("give SUBJECT, or --universe PATH", param_hint="SUBJECT")
        from ..desk import Desk
        from ..sheet_view import sheet_payload, view

        with guarded(json_out), Desk(db, read_only=True) as desk:
            sheet = desk.fact_sheet(subject, date, vs=vs or [])
            if json_out:
                emit_json(sheet_payload(sheet, top))
                return
            shown = view(sheet).top(top)
            if sheet.note:
                note(sheet.note)
            sectioned_table(
                f"{sheet.subject} as of {sheet.as_of}",
                ["fact", "value", "detail", "period", "evidence dates"],
                [(s.title, [(r.label, r.value, r.detail, r.period, _dates(r.evidence_dates()))
                            for r in s.rows]) for s in shown.sections],
                right=["value"])
