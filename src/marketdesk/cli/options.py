"""Option types shared by the commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

DbOpt = Annotated[Optional[Path], typer.Option(
    "--db", envvar="MARKETDESK_DB", help="DuckDB store file (default: the user data directory).",
    show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Write JSON to stdout instead of a table.")]
