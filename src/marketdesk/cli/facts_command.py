"""facts: the statistics of a subject on a date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .guard import guarded
from .options import DbOpt, JsonOpt
from .render import emit_json, note, table


def _context_number(v: float) -> str:
    """A context value for the table: 2 decimals from 1 up (levels, points, percent), 4 below,
    trailing zeros dropped (``2,442.74``, ``35.36``, ``0.0003``); the JSON keeps every digit."""
    from ..wrap.numbers import number

    text = number(v, 2 if abs(v) >= 1 else 4)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _context(ctx: dict[str, Any]) -> str:
    parts = []
    for k, v in ctx.items():
        if isinstance(v, (dict, list)) or v is None:
            continue
        parts.append(f"{k}={_context_number(v) if isinstance(v, float) else v}")
    return "; ".join(parts)


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
        """The facts for SUBJECT on DATE, most notable first, each with its evidence dates.

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
        from ..wrap.numbers import by_unit

        with guarded(json_out), Desk(db, read_only=True) as desk:
            sheet = desk.fact_sheet(subject, date, vs=vs or [])
            shown = sheet.facts[:top] if top else sheet.facts
            if json_out:
                payload = sheet.to_dict()
                payload["facts"] = payload["facts"][: len(shown)]
                emit_json(payload)
                return
            if sheet.note:
                note(sheet.note)
            rows = [(f.metric.value, by_unit(f.value, f.unit), f.unit,
                     f.period.label or f.period.kind, _context(f.context),
                     ", ".join(sorted({e.date.isoformat() for e in f.evidence})[:4])
                     + (" …" if len({e.date for e in f.evidence}) > 4 else ""))
                    for f in shown]
            table(f"{sheet.subject} as of {sheet.as_of}",
                  ["metric", "value", "unit", "period", "context", "evidence dates"], rows,
                  right=["value"])
