"""The JSON API under ``/api/``, documented by the app's OpenAPI schema.

Every error body is ``{"error": {"type", "message", "exit_code"}}``, the CLI's ``--json`` shape
(see ``web.errors``); the HTTP status is the response's. Symbols may
arrive percent-encoded (``%5ERUT``) or plain (``^RUT``); FastAPI decodes both to ``^RUT``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import fastapi
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..errors import DateError
from . import schemas, service, views
from .bodies import Body, send
from .errors import WebError
from .jsonio import MEDIA_TYPE, dumps
from .replay import remember
from .schemas import ErrorBody
from .state import WebState, clean_symbol

__all__ = ["router", "ErrorBody", "CheckRequest"]


class CheckRequest(BaseModel):
    """An article to check: plain text (or an HTML page with ``format="html"``)."""

    text: str = Field(max_length=service.MAX_ARTICLE, description="The article, at most 1 MB.")
    as_of: dt.date | None = Field(None, description="The article's session date (YYYY-MM-DD).")
    format: str = Field("text", pattern="^(text|html)$", description="text or html")


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad parameter: a malformed date or symbol, a date "
                                             "outside the calendar, a yield where a price goes"},
    404: {"model": ErrorBody, "description": "Unknown symbol, or no data for it on that date"},
    503: {"model": ErrorBody, "description": "The store cannot be opened"},
}
_BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorBody, "description": "A cross-site request (Origin of another site)"},
    413: {"model": ErrorBody, "description": "The body is over 1 MB"},
    415: {"model": ErrorBody, "description": "The body is not application/json"},
}

router = APIRouter(prefix="/api", tags=["api"], responses=_ERRORS)


def _ok(model: type[BaseModel], what: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": what}}

Symbol = Annotated[str, Path(description="Ticker or name: ^RUT (or %5ERUT), DGS10, RUT",
                             max_length=40)]
DateQ = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]


def _state(request: Request) -> WebState:
    return request.app.state.web


def _cached(request: Request, key: tuple[str, ...], build: Any) -> Response:
    """The body cached under ``key``, else ``build(desk)`` serialized and cached; the URL is
    remembered so that the next identical request is replayed before routing (web.replay)."""
    state = _state(request)

    def compute() -> Body:
        with state.desk() as desk:
            return Body.of(dumps(build(desk)))

    body = state.bodies.get_or_compute(key, compute)
    remember(request, key)
    return send(request, body, MEDIA_TYPE)


def _json_body(request: Request) -> None:
    """415 for a body that is not JSON (before FastAPI tries to read it as JSON)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise WebError(415, f"Send the article as application/json (got {ctype or 'no type'}): "
                       '{"text": "...", "as_of": "YYYY-MM-DD"}.', "UnsupportedMediaType")


def _iso(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


@router.get("/facts/{symbol}", summary="Fact sheet of a subject on a date",
            responses=_ok(schemas.FactSheetOut, "The facts, most notable first"))
async def api_facts(request: Request, symbol: Symbol, date: DateQ = None,
                    vs: Annotated[list[str] | None, Query(max_length=5)] = None) -> Response:
    """Every fact for ``symbol`` on ``date`` (default: its last bar), most notable first, each
    with its evidence. A date that is not a session answers for the session before (``note``)."""
    from starlette.concurrency import run_in_threadpool

    state = _state(request)
    others = tuple(vs or ())
    key = service.fact_sheet_key(symbol, date, others)
    cached = state.bodies.get(key)
    if cached is None:   # compute (store I/O) off the event loop; a hit costs no thread hop
        cached = await run_in_threadpool(service.fact_sheet_body, state, symbol, date, others)
    remember(request, key)
    return send(request, cached, MEDIA_TYPE)


@router.get("/bars/{symbol}", summary="Daily bars",
            responses=_ok(schemas.BarsOut, "Columnar bars, oldest first"))
def api_bars(request: Request, symbol: Symbol,
             start: Annotated[dt.date | None, Query(alias="from")] = None,
             end: Annotated[dt.date | None, Query(alias="to")] = None) -> Response:
    """Columnar daily bars (``dates, open, high, low, close``) from ``from`` to ``to``."""
    if start and end and start > end:
        raise DateError(f"from ({start}) is after to ({end}).", value=end, param="to")
    sym = clean_symbol(symbol)
    return _cached(request, ("bars", sym, _iso(start), _iso(end)),
                   lambda desk: views.bars_view(desk, sym, start, end))


@router.get("/monthly/{symbol}", summary="Monthly returns (years x months)",
            responses=_ok(schemas.MonthlyOut, "Monthly returns in percent"))
def api_monthly(request: Request, symbol: Symbol, date: DateQ = None) -> Response:
    """Calendar-month returns in percent from bars up to ``date``; a partial first month and
    months without data are absent (null in the grid), never 0."""
    sym = clean_symbol(symbol)
    return _cached(request, ("monthly", sym, _iso(date)),
                   lambda desk: views.monthly_view(desk, sym, date))


@router.get("/seasonality/{symbol}", summary="Average return by calendar month",
            responses=_ok(schemas.SeasonalityOut, "Twelve calendar months"))
def api_seasonality(request: Request, symbol: Symbol, date: DateQ = None) -> Response:
    """Per calendar month over the complete months up to ``date``: average, median, % of years
    up, best, worst."""
    sym = clean_symbol(symbol)
    return _cached(request, ("season", sym, _iso(date)),
                   lambda desk: views.seasonality_view(desk, sym, date))


@router.get("/drawdown/{symbol}", summary="Drawdown from the running record close",
            responses=_ok(schemas.DrawdownOut, "Percent below the record close, per session"))
def api_drawdown(request: Request, symbol: Symbol, date: DateQ = None) -> Response:
    """Percent below the highest earlier close, for every close up to ``date``."""
    sym = clean_symbol(symbol)
    return _cached(request, ("drawdown", sym, _iso(date)),
                   lambda desk: views.drawdown_view(desk, sym, date))


@router.get("/compare", summary="Two subjects rebased to 100, their spread, and a yield",
            responses=_ok(schemas.CompareOut, "Rebased series, spread, and the yield panel"))
def api_compare(request: Request,
                a: Annotated[str, Query(max_length=40, description="e.g. ^RUT")],
                b: Annotated[str, Query(max_length=40, description="e.g. ^GSPC")],
                start: Annotated[dt.date, Query(alias="from", description="YYYY-MM-DD")],
                end: Annotated[dt.date | None, Query(alias="to")] = None,
                y: Annotated[str | None, Query(max_length=40, description="a yield, e.g. DGS10")] = None,
                ) -> Response:
    """``a`` and ``b`` rebased to 100 at the close on (or before) ``from``, the spread in
    percentage points, the spread Fact, and ``a``'s rolling correlation with the yield ``y``."""
    if end and start > end:
        raise DateError(f"from ({start}) is after to ({end}).", value=end, param="to")
    sa, sb = clean_symbol(a), clean_symbol(b)
    sy = clean_symbol(y) if y else None
    return _cached(request, ("compare", sa, sb, _iso(start), _iso(end), sy or ""),
                   lambda desk: views.compare_view(desk, sa, sb, start, end, sy))


@router.post("/check", summary="Check an article's numeric market claims",
             responses={**_ok(schemas.CheckOut, "Verdicts and a summary"), **_BODY_ERRORS},
             dependencies=[Depends(_json_body)])
def api_check(request: Request, payload: Annotated[CheckRequest, fastapi.Body()]) -> Response:
    """Find the claims, recompute each from the store, and return verdicts and a summary.
    Requests over 1 MB are refused with 413."""
    from ..check.article import html_to_text

    text = html_to_text(payload.text) if payload.format == "html" else payload.text
    result = service.run_check(_state(request), text, payload.as_of)
    return send(request, Body.of(dumps({**result.to_dict(), "text": result.text})), MEDIA_TYPE)


@router.get("/wrap/{date}", summary="The market wrap for a date",
            responses=_ok(schemas.WrapOut, "Headline, paragraphs and their Facts"))
def api_wrap(request: Request, date: Annotated[dt.date, Path(description="YYYY-MM-DD")]) -> Response:
    """Headline and paragraphs, each number with the Fact it came from; a weekend or holiday
    gives a closed wrap naming the previous session."""
    from .. import calendar as cal
    from . import wrapping

    cal.is_session(date)  # DateError (400) outside the calendar
    state = _state(request)
    key = ("wrap-json", date.isoformat())
    body = state.bodies.get_or_compute(key, lambda: Body.of(dumps(wrapping.as_dict(state, date))))
    remember(request, key)
    return send(request, body, MEDIA_TYPE)
