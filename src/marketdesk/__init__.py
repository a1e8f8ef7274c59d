"""marketdesk: the numbers behind market news, computed from daily bars, written and checked.

>>> import marketdesk as md                                          # doctest: +SKIP
>>> md.load(["../shared/data"])                                      # doctest: +SKIP
>>> sheet = md.fact_sheet("^RUT", "2024-11-25", vs=["^GSPC"])        # doctest: +SKIP
>>> sheet.to_polars()                                                # doctest: +SKIP

Every function takes ``db=`` (a DuckDB file; default ``MARKETDESK_DB`` or the user data
directory). Heavy packages are imported on first use, so ``import marketdesk`` is cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .version import __version__

import types as _types

# ``marketdesk.facts``, ``marketdesk.check`` (and ``marketdesk.wrap``) are both the layers'
# subpackages and the public functions the issues name. The packages are light to import and are
# made callable below, so ``md.facts("^RUT", "2024-11-25")`` and
# ``import marketdesk.facts.records`` both work.
from . import check, facts, wrap  # noqa: E402

if TYPE_CHECKING:
    import polars as pl

    from .desk import Desk
    from .facts.model import Fact
    from .facts.sheet import FactSheet
    from .check.model import CheckResult
    from .store import LoadReport
    from .wrap.model import Wrap

DateLike = str | dt.date


def load(paths: Sequence[str | Path], symbol: str | None = None, *, db: str | Path | None = None,
         replace: bool = False, primary: bool = False) -> list[LoadReport]:
    """Load CSV/Parquet files or folders into the store; see :meth:`Desk.load`."""
    from .desk import Desk

    with Desk(db) as desk:
        return desk.load(list(paths), symbol, replace=replace, primary=primary)


def bars(symbol: str, start: DateLike | None = None, end: DateLike | None = None, *,
         db: str | Path | None = None) -> pl.DataFrame:
    """Daily bars of ``symbol`` from the store, canonical schema (see ``marketdesk.schema``)."""
    from .calendar import parse_date
    from .desk import Desk

    with Desk(db, read_only=True) as desk:
        return desk.bars(symbol, parse_date(start, "start") if start else None,
                         parse_date(end, "end") if end else None)


def facts_for(subject: str, as_of: DateLike | None = None, *, vs: Sequence[str] = (),
              db: str | Path | None = None) -> list[Fact]:
    """Every Fact marketdesk computes for ``subject`` as of a date (default: its last bar)."""
    from .desk import Desk

    with Desk(db, read_only=True) as desk:
        return desk.facts(subject, as_of, vs=vs)


def fact_sheet(subject: str, as_of: DateLike | None = None, *, vs: Sequence[str] = (),
               db: str | Path | None = None) -> FactSheet:
    """The notable Facts for ``subject`` on a date, ranked by newsworthiness."""
    from .desk import Desk

    with Desk(db, read_only=True) as desk:
        return desk.fact_sheet(subject, as_of, vs=vs)


def check_article(text: str, *, as_of: DateLike | None = None, published: str | None = None,
                  db: str | Path | None = None) -> CheckResult:
    """Check the numeric market claims in ``text`` against the store; see :mod:`marketdesk.check`.

    ``as_of`` pins the session the article reports; ``published`` (``YYYY-MM-DD[THH:MM[±HH:MM]]``)
    gives its publication time; with neither, the text's own stamp and figures date it."""
    from .calendar import parse_date
    from .check.api import check as run_check
    from .check.document import parse_published
    from .desk import Desk

    stamp = parse_published(published, "published") if published else None
    with Desk(db, read_only=True) as desk:
        return run_check(text, as_of=parse_date(as_of, "as_of") if as_of else None,
                         published=stamp, desk=desk)


def wrap_story(date: DateLike, *, focus: str | None = None, vs: Sequence[str] | None = None,
               fmt: str = "text", db: str | Path | None = None) -> Wrap:
    """The market wrap for ``date``: headline, paragraphs, every number traced to a Fact.

    ``wrap.text()`` or ``wrap.render("md")`` for the story; see :mod:`marketdesk.wrap`.
    """
    from .desk import Desk
    from .wrap.compose import wrap as compose

    with Desk(db, read_only=True) as desk:
        return compose(desk, date, focus=focus, vs=vs, fmt=fmt)  # type: ignore[arg-type]


def _make_callable(package: _types.ModuleType, function: Any) -> None:
    """Let ``package(...)`` call ``function`` (the package stays a package)."""

    class CallablePackage(_types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs)

    CallablePackage.__call__.__doc__ = function.__doc__
    package.__class__ = CallablePackage


_make_callable(facts, facts_for)
_make_callable(check, check_article)
_make_callable(wrap, wrap_story)


def __getattr__(name: str) -> Any:
    # lazy re-exports of the main types
    if name == "Desk":
        from .desk import Desk

        return Desk
    if name in {"Fact", "Evidence", "Period", "Metric"}:
        from .facts import model

        return getattr(model, name)
    raise AttributeError(f"module 'marketdesk' has no attribute {name!r}")


__all__ = ["load", "bars", "facts", "facts_for", "fact_sheet", "check", "check_article", "wrap", "wrap_story", "Desk", "Fact", "Evidence", "Period", "Metric",
           "__version__"]
