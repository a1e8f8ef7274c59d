"""The pages in a real browser: Playwright (sync API) driving Debian's /usr/bin/chromium against
a uvicorn server on a free loopback port, started in a thread.

Expected point counts come from the XNYS calendar (exchange_calendars) and expected values from
the shared CSV files read here with the csv module, not from the app. Every page is opened at
1400 and 390 px; its rendered DOM is read (axis titles with units, links that answer, no sideways
scroll on a phone) and a screenshot saved as artifacts/screenshots/<page>_<width>.png.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'marketdesk[web]'")
pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install 'marketdesk[web]'")

from conftest import data_dir

CHROMIUM = Path(os.environ.get("MARKETDESK_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
NOV25 = dt.date(2024, 11, 25)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def xnys_sessions(start: dt.date, end: dt.date) -> int:
    """Number of NYSE sessions from ``start`` to ``end`` inclusive, by exchange_calendars."""
    import warnings

    import exchange_calendars as xcals

    with warnings.catch_warnings():   # exchange_calendars vs pandas 3.1 deprecations
        warnings.simplefilter("ignore")
        cal = xcals.get_calendar("XNYS", start="2015-01-01", end="2025-12-31")
    return len(cal.sessions_in_range(start.isoformat(), end.isoformat()))


@pytest.fixture(scope="module")
def server(loaded_db: Path):
    import uvicorn

    from marketdesk.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(loaded_db), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium "
                    "(or set MARKETDESK_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    p = ctx.new_page()
    p.errors = []  # type: ignore[attr-defined]
    p.on("pageerror", lambda e: p.errors.append(str(e)))  # type: ignore[attr-defined]
    p.on("console", lambda m: m.type == "error" and p.errors.append(m.text))  # type: ignore[attr-defined]
    yield p
    ctx.close()


def _ready(page, timeout: float = 30.0) -> None:
    """Wait for app.js to finish drawing (polled with evaluate: the page's CSP forbids the
    string evaluation wait_for_function would use)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate("() => !!(window.marketdesk && window.marketdesk.ready)"):
            return
        time.sleep(0.05)
    pytest.fail(f"charts not drawn within {timeout} s on {page.url}")


def _click_range(page, name: str, timeout: float = 30.0) -> None:
    """Click a range button and wait until the chart is redrawn (5Y and max fetch more bars)."""
    page.click(f"button[data-range='{name}']")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate("() => window.marketdesk.drawn && window.marketdesk.range") == name:
            return
        time.sleep(0.05)
    pytest.fail(f"range {name} not drawn within {timeout} s")


def _points(page) -> tuple[int, int]:
    """(points in the price trace's data, points in its drawn SVG path)."""
    n_data = page.evaluate("document.getElementById('price-chart').data[0].x.length")
    d = page.get_attribute("#price-chart .scatterlayer .trace path.js-line", "d") or ""
    return n_data, d.count("L") + d.count("M")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_instrument_ranges_and_records(server, page):
    page.goto(f"{server}/i/%5ERUT?date={NOV25}")
    _ready(page)
    assert page.evaluate("Plotly.version") == "4.1.1"          # the pinned, shipped bundle
    _click_range(page, "1M")
    expected = xnys_sessions(dt.date(2024, 10, 25), NOV25)
    assert _points(page) == (expected, expected)
    _click_range(page, "YTD")
    expected = xnys_sessions(dt.date(2024, 1, 1), NOV25)
    assert _points(page)[0] == expected
    assert page.get_attribute("button[data-range='YTD']", "aria-pressed") == "true"
    _click_range(page, "max")
    names = page.evaluate("document.getElementById('price-chart').data.map(t => t.name)")
    assert "Record close 2,442.74 (2021-11-08)" in names and "Record close on 2021-11-08" in names
    assert "Record intraday high 2,466.49 (2024-11-25)" in names
    for chart in ("heatmap", "seasonality", "drawdown"):
        assert page.locator(f"#{chart} .main-svg").count() >= 1, chart
    page.locator("details").first.locator("summary").click()
    assert page.locator("details[open] .evidence li").count() >= 1
    _shot(page, "instrument")
    assert page.errors == []  # type: ignore[attr-defined]


def _records_from_csv(file: str, day: dt.date) -> dict[str, tuple[dt.date, float]]:
    """The record close and record intraday high up to ``day`` (the first date of a value
    strictly above every earlier one), and that day's close, by a plain loop over the file."""
    rec: dict[str, tuple[dt.date, float]] = {}
    with open(data_dir() / file, newline="") as fh:
        for row in csv.DictReader(fh):
            d = dt.date.fromisoformat(row["Date"][:10])
            if d > day:
                break
            for col in ("Close", "High"):
                if row[col] and (col not in rec or float(row[col]) > rec[col][1]):
                    rec[col] = (d, float(row[col]))
            rec["today"] = (d, float(row["Close"]))
    return rec


def _chart(page) -> list[dict]:
    return page.evaluate("""() => document.getElementById('price-chart').data.map(t => ({
        name: t.name, y: t.y, mode: t.mode, text: t.text}))""")


def _label_boxes(page) -> dict[str, dict]:
    """The drawn level labels (SVG text of the price chart) and their boxes on the page."""
    return page.evaluate("""() => Object.fromEntries(Array.from(
        document.querySelectorAll('#price-chart .textpoint text')).map(n => {
          const r = n.getBoundingClientRect();
          return [n.textContent, {left: r.left, right: r.right, top: r.top, bottom: r.bottom}];
        }))""")


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] \
        and b["top"] < a["bottom"]


@pytest.mark.parametrize("day", [NOV25, dt.date(2024, 8, 5)], ids=str)
def test_price_chart_marks_records_and_drawdown_lines(server, page, day):
    """The record close and record intraday high are level lines with labels that do not
    overlap (and markers on their dates); the -10 % / -20 % lines from the record close appear
    exactly when the close is within 5 points of them; the log scale button switches the axis.
    Expected levels from RUT.csv by a plain loop."""
    rec = _records_from_csv("RUT.csv", day)
    (close_day, record), (high_day, high) = rec["Close"], rec["High"]
    close = rec["today"][1]
    page.goto(f"{server}/i/%5ERUT?date={day}")
    _ready(page)
    _click_range(page, "5Y")
    traces = {t["name"]: t for t in _chart(page)}
    close_label = f"Record close {record:,.2f} ({close_day})"
    high_label = f"Record intraday high {high:,.2f} ({high_day})"
    assert traces[close_label]["y"] == [pytest.approx(record, abs=0.005)] * 2
    assert traces[high_label]["y"] == [pytest.approx(high, abs=0.005)] * 2
    assert f"Record close on {close_day}" in traces and f"Record intraday high on {high_day}" in traces
    boxes = _label_boxes(page)
    assert close_label in boxes and high_label in boxes, boxes
    assert not _overlap(boxes[close_label], boxes[high_label]), boxes
    drawdown = (close / record - 1) * 100
    for threshold in (-10, -20):
        label = f"{threshold}% from the record close: {record * (1 + threshold / 100):,.2f}"
        near = abs(drawdown - threshold) <= 5
        assert (label in traces) == near, (label, drawdown, sorted(traces))
        if near:
            assert traces[label]["y"][0] == pytest.approx(record * (1 + threshold / 100), abs=0.01)
    if day == NOV25:
        assert not any("from the record close" in n for n in traces)
    else:            # 2024-08-05: 17.8 % below the record of 2021-11-08, near the -20 % line
        assert -25 < drawdown < -15
    page.click("#log-scale")
    deadline = time.monotonic() + 30
    while page.evaluate("document.getElementById('price-chart').layout.yaxis.type") != "log":
        assert time.monotonic() < deadline, "the log scale was not drawn"
        time.sleep(0.05)
    assert page.get_attribute("#log-scale", "aria-pressed") == "true"
    title = page.evaluate("document.querySelector('#price-chart text.ytitle').textContent")
    assert title == "Close (index points), log scale"
    assert close_label in _label_boxes(page)
    _shot(page, f"price_chart_{day}")
    assert page.errors == []  # type: ignore[attr-defined]


def test_keyboard_reaches_a_range_button(server, page):
    page.goto(f"{server}/i/%5ERUT?date={NOV25}")
    _ready(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.range") == "5Y":
            break
    else:
        pytest.fail("Tab never reached the 5Y button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"                       # focus is visible
    page.keyboard.press("Enter")
    deadline = time.monotonic() + 30
    while page.evaluate("() => window.marketdesk.range + window.marketdesk.drawn") != "5Ytrue":
        assert time.monotonic() < deadline, "5Y not drawn"
        time.sleep(0.05)
    assert page.get_attribute("button[data-range='5Y']", "aria-pressed") == "true"
    assert _points(page)[0] == xnys_sessions(dt.date(2019, 11, 25), NOV25)


def test_check_seed_001_highlights_the_contradiction(server, page, seed_text):
    page.goto(f"{server}/check")
    page.fill("#text", seed_text(1))
    page.fill("#as_of", NOV25.isoformat())
    page.click(".check-form button[type=submit]")
    page.wait_for_selector("mark.claim")
    bad = page.locator("mark.claim.contradicted")
    texts = [bad.nth(i).inner_text() for i in range(bad.count())]
    assert any("2442.74" in t and "contradicted" in t for t in texts), texts
    assert page.locator("table tr.contradicted").count() == 2
    _shot(page, "check")


# ---- every page, at two widths ---------------------------------------------------------------

WIDTHS = (1400, 390)
PAGES = {
    "home": "/",
    "instrument": f"/i/%5ERUT?date={NOV25}",
    "yield": "/i/DGS10",
    "etf": "/i/IWM",
    "compare": f"/compare?a=%5ERUT&b=%5EGSPC&from=2024-10-31&to={NOV25}&y=DGS10",
    "wrap": f"/wrap/{NOV25}",
    "check": "/check",
    "api_docs": "/api/docs",
}
#: Chart ids each page draws (the yield page draws only its price chart).
CHARTS = {"instrument": ["price-chart", "heatmap", "seasonality", "drawdown"],
          "etf": ["price-chart", "heatmap", "seasonality", "drawdown"],
          "yield": ["price-chart"], "compare": ["rebased", "spread", "yield-chart"],
          # the wrap's own charts (wrap.charts): the Dow against its record, vs the S&P 500,
          # the 10-year and 2-year yields
          "wrap": ["wrap-lead", "wrap-versus", "wrap-yield"]}
#: The drawn axis and colour-bar titles of every Plotly chart, read from its SVG.
TITLES_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
  id: el.id,
  x: Array.from(el.querySelectorAll('text.xtitle')).map(n => n.textContent),
  y: Array.from(el.querySelectorAll('text.ytitle, text.y2title')).map(n => n.textContent),
  colorbar: Array.from(el.querySelectorAll('.cbtitle text')).map(n => n.textContent),
  heatmap: el.data.some(t => t.type === 'heatmap'),
}))"""
UNIT = re.compile(r"\(.+\)")      # "Close (index points)", "Yield (%)", "Session (date)"
#: The drawn text labels of every chart (last value, record levels) and its traces' hover texts.
LABELS_JS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
  id: el.id,
  labels: Array.from(el.querySelectorAll('.textpoint text')).map(n => n.textContent),
  traces: el.data.map(t => ({name: t.name, hover: t.hovertemplate || null,
                            skip: t.hoverinfo === 'skip'})),
}))"""
#: A level drawn without its unit, per (page, chart): a yield not followed by "%", an ETF's
#: price without "$" (an index's points are named by the axis title).
_BARE_YIELD = re.compile(r"\d\.\d\d(?!%)")
BARE_LEVEL = {("yield", "price-chart"): _BARE_YIELD, ("wrap", "wrap-yield"): _BARE_YIELD,
              ("etf", "price-chart"): re.compile(r"(?<![$\d,.])\d[\d,]*\.\d\d")}


@pytest.fixture
def sized(browser, request):
    ctx = browser.new_context(viewport={"width": request.param, "height": 900},
                              device_scale_factor=1)
    p = ctx.new_page()
    p.errors = []  # type: ignore[attr-defined]
    p.on("pageerror", lambda e: p.errors.append(str(e)))  # type: ignore[attr-defined]
    p.on("console", lambda m: m.type == "error" and p.errors.append(m.text))  # type: ignore[attr-defined]
    yield p, request.param
    ctx.close()


def _links(page) -> list[str]:
    return page.evaluate("""() => Array.from(new Set(Array.from(document.querySelectorAll('a[href]'))
        .map(a => a.href)))""")


@pytest.mark.parametrize("sized", WIDTHS, indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("name", list(PAGES))
def test_page_in_a_browser(server, sized, name):
    page, width = sized
    response = page.goto(server + PAGES[name])
    assert response is not None and response.status == 200, name
    if name in CHARTS:
        _ready(page)
    # charts: each named one drawn, every axis titled with its unit, the heatmap's colour bar too
    charts = {c["id"]: c for c in page.evaluate(TITLES_JS)}
    assert sorted(charts) == sorted(CHARTS.get(name, [])), charts
    for c in charts.values():
        assert c["x"] and c["y"], c
        for title in c["x"] + c["y"] + c["colorbar"]:
            assert UNIT.search(title), (c["id"], title)
        if c["heatmap"]:
            assert c["colorbar"] == ["Return (%)"], c
    # every value the charts print or hover says its unit (the last yield "4.69%", not "4.69")
    for c in page.evaluate(LABELS_JS):
        for t in c["traces"]:
            assert t["skip"] or t["hover"], (name, c["id"], t["name"])   # a formatted hover
        bare = BARE_LEVEL.get((name, c["id"]))
        if bare is not None:
            assert c["labels"], c
            for text in c["labels"] + [t["name"] for t in c["traces"]]:
                assert not bare.search(text), (name, text)
    if name == "yield":
        assert charts["price-chart"]["y"] == ["Yield (%)"]
        last = page.evaluate("document.getElementById('price-chart').data.at(-1).text[0]")
        assert re.fullmatch(r"\d+\.\d\d%", last), last
    if name == "etf":
        assert charts["price-chart"]["y"] == ["Close (US$)"]
    if name == "compare":
        assert "(%)" in charts["yield-chart"]["y"][0] and "Correlation" in charts["yield-chart"]["y"][1]
    if width < 480:   # on a phone: no sideways scroll, no Plotly toolbar over the data
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width} px ({scroll} px)"
        assert page.locator(".modebar").count() == 0
    else:             # every link the page draws answers (HEAD would do; GET checks the body)
        for href in _links(page):
            if not href.startswith(server):
                continue
            if "#" in href and href.split("#")[0] == page.url.split("#")[0]:
                anchor = href.split("#", 1)[1]
                assert page.locator(f"[id='{anchor}']").count() == 1, href
                continue
            r = page.request.get(href, max_redirects=3)
            assert r.status < 400, (href, r.status)
    _shot(page, f"{name}_{width}")
    assert page.errors == []  # type: ignore[attr-defined]


def _csv_rows(file: str) -> list[list[str]]:
    with open(data_dir() / file, newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[3:] if rows[0][0] == "Price" else rows[1:]


def _closes(file: str) -> dict[dt.date, float]:
    """date -> close of a shared-data file (Yahoo, yfinance, broker or FRED layout)."""
    with open(data_dir() / file, newline="") as fh:
        header = next(csv.reader(fh))
    names = [h.lower() for h in header]
    col = names.index("close") if "close" in names else len(names) - 1
    out = {}
    for row in _csv_rows(file):
        if len(row) > col and row[col] not in ("", "."):
            out[dt.date.fromisoformat(row[0][:10])] = float(row[col])
    return out


def test_home_shows_the_seven_symbols_on_the_latest_date(server, page):
    """Each card shows its symbol's own last value on or before the store's latest session, with
    a stale badge when that is earlier: read from the CSV files (first file in MANIFEST order
    wins a date, as the store reads sources)."""
    with open(data_dir() / "MANIFEST.csv", newline="") as fh:
        manifest = list(csv.DictReader(fh))
    series: dict[str, dict[dt.date, float]] = {}
    kinds = {}
    for row in manifest:
        kinds[row["symbol"]] = row["kind"]
        merged = series.setdefault(row["symbol"], {})
        for d, v in _closes(row["file"]).items():
            merged.setdefault(d, v)
    shown = sorted(s for s, k in kinds.items() if k in ("index", "yield"))
    assert shown == ["DGS10", "DGS2", "^DJI", "^GSPC", "^IXIC", "^RUT", "^VIX"]
    latest = max(max(series[s]) for s in shown if kinds[s] == "index")
    page.goto(server + "/")
    assert latest.isoformat() in page.inner_text("h1")
    for sym in shown:
        own = max(series[sym])
        value = series[sym][own]
        card = page.locator("section.card", has=page.locator(f".sym:text-is('{sym}')"))
        text = card.inner_text()
        expected = f"{value:.2f}%" if kinds[sym] == "yield" else f"{value:,.2f}"
        assert expected in text, (sym, expected, text)
        assert f"as of {own.isoformat()}" in text
        assert ("stale" in text) == (own < latest), (sym, own, latest)
        href = card.locator("h2 a").get_attribute("href")
        assert href.endswith(f"?date={own.isoformat()}")
        assert page.request.get(server + href).status == 200
    page.click("nav >> text=Today's wrap")
    assert page.url.endswith(f"/wrap/{latest.isoformat()}")
    assert "no data" not in page.inner_text("main").lower()


def test_wrap_navigation_and_closed_days(server, page):
    import exchange_calendars as xcals

    cal = xcals.get_calendar("XNYS", start="2015-01-01", end="2025-12-31")
    prev = cal.previous_session(NOV25.isoformat()).date()
    nxt = cal.next_session(NOV25.isoformat()).date()
    page.goto(f"{server}/wrap/{NOV25}")
    assert page.get_attribute("a[rel=prev]", "href") == f"/wrap/{prev}"
    assert page.get_attribute("a[rel=next]", "href") == f"/wrap/{nxt}"
    page.fill("main input[type=date]", "2024-11-28")          # Thanksgiving
    page.click("main form button[type=submit]")
    assert page.url.endswith("/wrap/2024-11-28")
    closed_prev = cal.date_to_session("2024-11-28", direction="previous").date()
    page.click(f"p.note a[href='/wrap/{closed_prev}']")
    assert page.url.endswith(f"/wrap/{closed_prev}")
    assert page.locator("article.wrap").inner_text().strip()


def test_ticker_search_on_every_page(server, page):
    page.goto(f"{server}/check")
    page.fill("#q", "Russell 2000")
    page.press("#q", "Enter")
    page.wait_for_url("**/i/%5ERUT")
    assert "Russell 2000" in page.inner_text("h1")
    page.fill("#q", "RUTT")
    page.press("#q", "Enter")
    page.wait_for_load_state()
    assert "Did you mean" in page.inner_text("main")


def test_instrument_page_weighs_under_a_megabyte_cold(server, browser):
    """One ^GSPC page (the longest history, from 1927) with an empty cache: every byte on the
    wire, headers and compressed bodies, adds up to at most 1 MB."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    p = ctx.new_page()
    responses = []
    p.on("requestfinished", lambda r: responses.append(r))
    p.goto(f"{server}/i/%5EGSPC?date={NOV25}")
    _ready(p)
    p.wait_for_load_state("networkidle")
    sizes = {r.url.replace(server, ""): r.sizes() for r in responses}
    wire = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes.values())
    print("transfer", wire, {u: s["responseBodySize"] for u, s in sizes.items()})
    assert any(u.startswith("/api/drawdown/") for u in sizes) and len(sizes) >= 7
    assert wire <= 1_000_000, sizes
    ctx.close()
