"""The HTML pages: home, instrument, compare, wrap and check (server-rendered, Jinja2).

Charts are drawn in the browser by ``/assets/app.js`` from the JSON API; the pages carry only
their parameters (as a JSON script element) and the facts rendered as HTML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from .. import calendar as cal
from ..errors import DateError, MarketdeskError
from ..sheet_view import view
from . import service, views
from .errors import WebError
from .state import WebState, clean_symbol

__all__ = ["router", "known_symbols", "parse_day", "wrap_links"]

router = APIRouter(include_in_schema=False)


def parse_day(value: str | None, param: str = "date") -> dt.date | None:
    """An optional ISO date from a query string, checked against the calendar's range."""
    if value is None or not value.strip():
        return None
    d = cal.parse_date(value[:40], param)
    cal.is_session(d)  # raises DateError outside the calendar
    return d


def known_symbols(state: WebState) -> list[dict[str, Any]]:
    """symbol, name and kind of everything in the store (for menus and 404 suggestions)."""
    try:
        with state.desk() as desk:
            return [{"symbol": r["symbol"], "name": r["name"] or r["symbol"], "kind": r["kind"]}
                    for r in desk.symbols().iter_rows(named=True)]
    except MarketdeskError:
        return []


def _page(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(
        request, name, ctx, status_code=status)


def _state(request: Request) -> WebState:
    return request.app.state.web


@router.get("/")
def home(request: Request, date: str | None = None) -> Response:
    view = service.home_view(_state(request), parse_day(date))
    return _page(request, "home.html", {"title": "Today's session", "view": view})


@router.get("/search")
def search(request: Request, q: str = "") -> Response:
    """The ticker search of every page: to the instrument page of ``q`` (404 page with
    suggestions for an unknown one)."""
    if not q.strip():
        raise WebError(400, "Type a ticker or a name, e.g. ^RUT, DGS10 or Russell 2000.",
                       "EmptySearch")
    sym = clean_symbol(q)
    with _state(request).desk() as desk:
        desk.sources(sym)
    return RedirectResponse(f"/i/{quote(sym, safe='')}", status_code=303)


@router.get("/i/{symbol}")
def instrument(request: Request, symbol: str, date: str | None = None) -> Response:
    state = _state(request)
    sym = clean_symbol(symbol)
    when = parse_day(date)
    with state.desk() as desk:
        desk.sources(sym)          # unknown symbol: 404 page with suggestions
        kind = views.kind_of(desk, sym)
        info = desk.instrument(sym) or {}
        last = desk.last_date(sym)
        market = service.market_latest(desk)
        late = when is not None and last is not None and when > last
        sheet = service.fact_sheet(state, sym, last if late else when, desk=desk)
        levels = [] if kind == "yield" else views.drawdown_lines(desk, sym, sheet.as_of, kind)
    # the market's session for the date asked (default: the store's latest) vs this symbol's
    market_day = cal.session_on_or_before(min(when, market) if when and market else
                                          when or market or sheet.as_of)
    note = sheet.note
    if late and when is not None:
        note = (f"{sym}'s data end on {sheet.as_of.isoformat()}; {when.isoformat()} is later, "
                "so the page shows that last session.")
    config = {"symbol": sym, "as_of": sheet.as_of.isoformat(), "kind": kind,
              "records": views.record_marks(sheet, kind), "levels": levels, "page": "instrument"}
    return _page(request, "instrument.html", {
        "title": f"{info.get('name') or sym} ({sym})", "symbol": sym, "sheet": sheet,
        "facts": view(sheet), "config": config, "is_yield": kind == "yield", "note": note,
        "name": info.get("name") or sym, "last": last.isoformat() if last else "",
        "stale": sheet.as_of < market_day, "market_day": market_day.isoformat()})


@router.get("/compare")
def compare(request: Request, a: str = "^RUT", b: str = "^GSPC", y: str | None = None,
            start: str | None = None, to: str | None = None) -> Response:
    # ``from`` is a Python keyword: read it from the query string directly
    raw_from = request.query_params.get("from", start)
    y = "DGS10" if y is None else y      # an empty y= leaves the yield panel out
    sa, sb, sy = clean_symbol(a), clean_symbol(b), clean_symbol(y) if y.strip() else ""
    end = parse_day(to, "to")
    begin = parse_day(raw_from, "from")
    if begin is None:
        begin = dt.date((end or dt.date.today()).year, 1, 1)
    if end and begin > end:
        raise DateError(f"from ({begin}) is after to ({end}).", value=end, param="to")
    with _state(request).desk() as desk:   # validate the symbols now, for a 404 / 400 page
        for s in filter(None, (sa, sb, sy)):
            desk.sources(s)
        views.check_compare_kinds(desk, sa, sb, sy or None)
    config = {"a": sa, "b": sb, "y": sy, "from": begin.isoformat(),
              "to": end.isoformat() if end else "", "page": "compare"}
    return _page(request, "compare.html", {"title": f"{sa} vs {sb}", "config": config,
                                           "symbols": known_symbols(_state(request))})


@router.get("/wrap/{date}.md")
def wrap_markdown(request: Request, date: str) -> Response:
    from . import wrapping

    day = parse_day(date)
    assert day is not None
    md = wrapping.markdown(_state(request), day)
    return Response(md, media_type="text/markdown; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="wrap-{day}.md"'})


def wrap_links(state: WebState, day: dt.date) -> dict[str, str | None]:
    """The wrap page's navigation: previous and next session (within the store's data), the
    session a closed day reports (the one before it), and the store's latest session."""
    with state.desk() as desk:
        latest = service.market_latest(desk)
        first = min((r["first_date"] for r in desk.symbols().iter_rows(named=True)), default=None)
    prev = cal.previous_session(day)
    nxt = cal.next_session(day)
    return {"previous": prev.isoformat() if first and prev >= first else None,
            "next": nxt.isoformat() if latest and nxt <= latest else None,
            "closed_session": None if cal.is_session(day) else prev.isoformat(),
            "latest": latest.isoformat() if latest else None}


@router.get("/wrap")
def wrap_today(request: Request, date: str | None = None) -> Response:
    """Today's wrap: the store's latest session (or the date picked in the form)."""
    day = parse_day(date)
    if day is None:
        with _state(request).desk() as desk:
            day = service.market_latest(desk)
        if day is None:
            raise WebError(404, "The store holds no data yet: load daily bars into it first.",
                           "NoDataError")
    return RedirectResponse(f"/wrap/{day.isoformat()}", status_code=303)


@router.get("/wrap/{date}")
def wrap(request: Request, date: str) -> Response:
    from . import wrapping

    day = parse_day(date)
    assert day is not None
    state = _state(request)
    story, notes = wrapping.render(state, day)
    config = {"page": "wrap", "charts": wrapping.charts(state, day)}
    return _page(request, "wrap.html", {"title": f"Wrap for {day}", "day": day,
                                        "story": story, "notes": notes, "config": config,
                                        "links": wrap_links(state, day)})


@router.get("/check")
def check_form(request: Request) -> Response:
    return _page(request, "check.html", {"title": "Check an article", "result": None,
                                         "text": "", "as_of": ""})


@router.post("/check")
async def check_submit(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    from .upload import article_from_form

    text, as_of_raw = await article_from_form(request)
    as_of = parse_day(as_of_raw, "as_of")
    result = await run_in_threadpool(service.run_check, _state(request), text, as_of)
    from ..check.report import LABELS, rows, to_html

    return _page(request, "check.html", {
        "title": "Check an article", "result": result, "highlighted": to_html(result),
        "rows": rows(result), "labels": LABELS, "counts": result.counts(), "text": text,
        "as_of": as_of_raw or ""})
