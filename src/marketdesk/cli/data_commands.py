"""load, fetch, list, show, doctor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .guard import guarded
from .options import DbOpt, JsonOpt
from .render import console, emit_json, fmt_num, note, table


def _progress(label: str) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("{task.description}"), transient=True, console=console(stderr=True))


def _date(value: Optional[str], param: str) -> Optional[dt.date]:
    from ..calendar import parse_date

    return parse_date(value, param) if value else None


def register(app: typer.Typer) -> None:
    @app.command()
    def load(
        paths: Annotated[list[Path], typer.Argument(help="CSV/Parquet files, or folders (a folder's MANIFEST.csv names its symbols).")],
        symbol: Annotated[Optional[str], typer.Option("--symbol", "-s", help="Symbol of the file (else inferred from the file).")] = None,
        replace: Annotated[bool, typer.Option("--replace", help="Overwrite values that differ from those stored.")] = False,
        primary: Annotated[bool, typer.Option("--primary", help="Make this source the first one read for its symbol.")] = False,
        db: DbOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Load daily bars from files into the store (all files are checked before any is written)."""
        from ..desk import Desk, expand_paths

        with guarded(json_out), Desk(db) as desk:
            steps = 2 * len(expand_paths(paths))   # each file is parsed, then written
            with _progress("loading") as bar:
                task = bar.add_task("", total=steps)
                reports = desk.load(paths, symbol, replace=replace, primary=primary,
                                    progress=lambda p: bar.update(task, advance=1, description=p.name))
            if json_out:
                emit_json([r.to_dict() for r in reports])
                return
            table("Loaded", ["symbol", "source", "rows", "inserted", "unchanged", "changed", "warnings"],
                  [(r.symbol, r.source, r.rows_in, r.inserted, r.unchanged, r.changed,
                    len(r.warnings)) for r in reports],
                  right=["rows", "inserted", "unchanged", "changed", "warnings"])
            for r in reports:
                for w in r.warnings[:5]:
                    note(f"{r.symbol} {r.source}: {w.message}")

    @app.command()
    def fetch(
        symbols: Annotated[list[str], typer.Argument(help="Symbols: Yahoo tickers (^RUT, IWM) or FRED series (DGS10).")],
        start: Annotated[Optional[str], typer.Option("--start", help="First date, YYYY-MM-DD.")] = None,
        end: Annotated[Optional[str], typer.Option("--end", help="Last date, YYYY-MM-DD.")] = None,
        replace: Annotated[bool, typer.Option("--replace")] = False,
        db: DbOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Fetch bars from Yahoo Finance / FRED; nothing is stored unless every fetch succeeds."""
        from ..desk import Desk

        with guarded(json_out), Desk(db) as desk:
            reports = desk.fetch(symbols, _date(start, "--start"), _date(end, "--end"), replace=replace)
            if json_out:
                emit_json([r.to_dict() for r in reports])
                return
            table("Fetched", ["symbol", "source", "rows", "inserted", "unchanged", "changed"],
                  [(r.symbol, r.source, r.rows_in, r.inserted, r.unchanged, r.changed) for r in reports],
                  right=["rows", "inserted", "unchanged", "changed"])

    @app.command("list")
    def list_(db: DbOpt = None, json_out: JsonOpt = False) -> None:
        """List the symbols in the store with their sources and date ranges."""
        from ..desk import Desk

        with guarded(json_out), Desk(db, read_only=True) as desk:
            frame = desk.symbols()
            if json_out:
                emit_json(frame.to_dicts())
                return
            table("Symbols", frame.columns, frame.rows(), right=["rows"])

    @app.command()
    def show(
        symbol: Annotated[str, typer.Argument(help="Symbol or name (^RUT, RUT, \"Russell 2000\").")],
        from_: Annotated[Optional[str], typer.Option("--from", help="First date, YYYY-MM-DD.")] = None,
        to: Annotated[Optional[str], typer.Option("--to", help="Last date, YYYY-MM-DD.")] = None,
        db: DbOpt = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Show the daily bars of a symbol (the first source in its order that has each day)."""
        from ..desk import Desk

        with guarded(json_out), Desk(db, read_only=True) as desk:
            frame = desk.bars(symbol, _date(from_, "--from"), _date(to, "--to"))
            if json_out:
                emit_json(frame.to_dicts())
                return
            cols = ["date", "open", "high", "low", "close", "adj_close", "volume", "source"]
            rows = [(r["date"], fmt_num(r["open"]), fmt_num(r["high"]), fmt_num(r["low"]),
                     fmt_num(r["close"]), fmt_num(r["adj_close"]),
                     fmt_num(r["volume"], 0), r["source"]) for r in frame.iter_rows(named=True)]
            table(f"{frame['symbol'][0] if frame.height else symbol}", cols, rows,
                  right=cols[1:7])

    @app.command()
    def doctor(db: DbOpt = None, json_out: JsonOpt = False,
               all_: Annotated[bool, typer.Option("--all", help="Show info-level findings too.")] = False) -> None:
        """Check the stored data: non-sessions, duplicates, bad OHLC, gaps, sources that disagree."""
        from ..desk import Desk

        with guarded(json_out), Desk(db, read_only=True) as desk:
            issues = [i for i in desk.doctor() if all_ or i.severity != "info"]
            if json_out:
                emit_json([i.to_dict() for i in issues])
            else:
                table("Data quality", ["severity", "check", "symbol", "source", "date", "message"],
                      [(i.severity, i.check, i.symbol, i.source, i.date, i.message) for i in issues])
            errors = [i for i in issues if i.severity == "error"]
            if errors:
                if not json_out:
                    note(f"{len(errors)} finding(s) of severity error, so the exit code is 10: "
                         + "; ".join(f"{i.check} {i.symbol} {i.source} {i.date or ''}".rstrip()
                                     for i in errors[:5])
                         + ("; ..." if len(errors) > 5 else "")
                         + ". Warnings and info do not change the exit code.")
                raise typer.Exit(10)
