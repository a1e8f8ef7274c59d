"""The pages in a real browser: Playwright (sync API) driving Debian's /usr/bin/chromium against
a uvicorn server on a free loopback port, started in a thread.

Expected point counts come from the XNYS calendar (exchange_calendars), not from the app. Screens
of every page are saved under artifacts/screenshots/ (desktop and 390 px wide).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'marketdesk[web]'")
pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install 'marketdesk[web]'")

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
    page.click("button[data-range='1M']")
    expected = xnys_sessions(dt.date(2024, 10, 25), NOV25)
    assert _points(page) == (expected, expected)
    page.click("button[data-range='YTD']")
    expected = xnys_sessions(dt.date(2024, 1, 1), NOV25)
    assert _points(page)[0] == expected
    assert page.get_attribute("button[data-range='YTD']", "aria-pressed") == "true"
    page.click("button[data-range='max']")
    names = page.evaluate("document.getElementById('price-chart').data.map(t => t.name)")
    assert any(n.startswith("Record close 2442.74 (2021-11-08)") for n in names)
    assert any(n.startswith("Record intraday high 2466.49 (2024-11-25)") for n in names)
    for chart in ("heatmap", "seasonality", "drawdown"):
        assert page.locator(f"#{chart} .main-svg").count() >= 1, chart
    page.locator("details").first.locator("summary").click()
    assert page.locator("details[open] .evidence li").count() >= 1
    _shot(page, "instrument")
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
    assert page.get_attribute("button[data-range='5Y']", "aria-pressed") == "true"
    assert _points(page)[0] == xnys_sessions(dt.date(2019, 11, 25), NOV25)


def test_check_seed_001_highlights_the_contradiction(server, page, seed_text):
    page.goto(f"{server}/check")
    page.fill("#text", seed_text(1))
    page.fill("#as_of", NOV25.isoformat())
    page.click("button[type=submit]")
    page.wait_for_selector("mark.claim")
    bad = page.locator("mark.claim.contradicted")
    texts = [bad.nth(i).inner_text() for i in range(bad.count())]
    assert any("2442.74" in t and "contradicted" in t for t in texts), texts
    assert page.locator("table tr.contradicted").count() == 2
    _shot(page, "check")


def test_home_compare_wrap_pages(server, page):
    page.goto(f"{server}/?date={NOV25}")
    assert "2,442.03" in page.inner_text("main")
    _shot(page, "home")
    page.goto(f"{server}/compare?a=%5ERUT&b=%5EGSPC&from=2024-10-31&to={NOV25}&y=DGS10")
    _ready(page)
    first = page.evaluate("document.getElementById('rebased').data.map(t => t.y[0])")
    assert first == [pytest.approx(100), pytest.approx(100)]
    assert page.locator("#yield-chart .main-svg").count() >= 1
    assert "pp" in page.inner_text("#spread-summary")
    _shot(page, "compare")
    page.goto(f"{server}/wrap/{NOV25}")
    _shot(page, "wrap")
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/", f"/i/%5ERUT?date={NOV25}", "/compare", "/check",
                                  f"/wrap/{NOV25}"])
def test_pages_fit_a_phone(server, browser, path):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    p = ctx.new_page()
    p.goto(server + path)
    if "/i/" in path or "compare" in path:
        _ready(p)
    width = p.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} scrolls sideways at 390 px ({width} px)"
    name = path.strip("/").split("?")[0].replace("/", "_").replace("%5E", "") or "home"
    _shot(p, f"phone_{name}")
    ctx.close()
