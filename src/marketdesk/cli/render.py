"""Output for the CLI: rich tables for people, JSON for scripts, one error shape for both."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer

from ..errors import MarketdeskError, error_payload
from .hints import hint_for


def _default(obj: Any) -> Any:
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, float) and math.isnan(obj):
        return None
    return str(obj)


def emit_json(payload: Any) -> None:
    """Write ``payload`` as JSON to stdout (dates as ISO strings)."""
    sys.stdout.write(json.dumps(payload, default=_default, indent=2, allow_nan=False) + "\n")


def console(stderr: bool = False) -> Any:
    """A rich console; when output is not a terminal, wide enough that tables are not cut."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200
    return Console(stderr=stderr, highlight=False, width=width)


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]],
          *, right: Sequence[str] = ()) -> None:
    """Print a rich table; ``right`` names the columns to right-align (numbers)."""
    from rich.table import Table

    t = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        t.add_column(c, justify="right" if c in right else "left")
    from rich.markup import escape

    for r in rows:
        t.add_row(*["" if v is None else escape(printable(str(v))) for v in r])
    console().print(t)


def sectioned_table(title: str | None, columns: Sequence[str],
                    sections: Iterable[tuple[str, Iterable[Sequence[Any]]]],
                    *, right: Sequence[str] = ()) -> None:
    """A rich table in sections: each section's title on a bold line, a rule between them."""
    from rich.markup import escape
    from rich.table import Table

    t = Table(title=title, show_lines=False, header_style="bold")
    for c in columns:
        t.add_column(c, justify="right" if c in right else "left")
    for i, (name, rows) in enumerate(sections):
        if i:
            t.add_section()
        t.add_row(f"[bold]{escape(printable(name))}[/]", *[""] * (len(columns) - 1))
        for r in rows:
            t.add_row(*["" if v is None else escape(printable(str(v))) for v in r])
    console().print(t)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters (terminal escapes, bidi overrides) made visible as
    ``\\xNN``: untrusted text (a file's cell, an article) never drives the terminal."""
    return _CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def fail(err: MarketdeskError, as_json: bool) -> NoReturn:
    """Report ``err`` with its command-line hint (JSON on stdout with --json, in the one error
    shape of ``errors.error_payload``; else a red line on stderr) and exit. Control characters
    in the message are escaped."""
    payload = error_payload(err, hint=hint_for(err))
    payload["error"]["message"] = printable(payload["error"]["message"])
    if as_json:
        emit_json(payload)
    else:
        from rich.markup import escape

        console(stderr=True).print(f"[bold red]error:[/] {escape(payload['error']['message'])}",
                                   soft_wrap=True)
    raise typer.Exit(err.exit_code)


def prepare_out(path: Path) -> Path:
    """Create the folder of an ``--out`` file; an unwritable place is a clear error."""
    from ..errors import DataFormatError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DataFormatError(f"cannot create the folder for --out: {err.strerror}",
                              path=path.parent) from None
    return path


def note(message: str) -> None:
    """A remark for people on stderr (never mixed into --json stdout)."""
    from rich.markup import escape

    console(stderr=True).print(f"[yellow]note:[/] {escape(printable(message))}", soft_wrap=True)


def fmt_num(v: Any, digits: int = 2) -> str:
    """A table cell: floats through the one rounding rule (``wrap.numbers.number``)."""
    if v is None:
        return ""
    if isinstance(v, float) and math.isfinite(v):
        from ..wrap.numbers import number

        return number(v, digits)
    if isinstance(v, float):
        return str(v)
    return str(v)


__all__ = ["emit_json", "table", "sectioned_table", "error_payload", "fail", "note", "fmt_num",
           "console", "prepare_out", "printable"]
