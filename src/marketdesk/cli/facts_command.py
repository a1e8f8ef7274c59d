"""facts: the statistics of a subject on a date."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
