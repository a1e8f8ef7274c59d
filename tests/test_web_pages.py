"""The HTML pages and the web layer's safety rules, in-process.

Unknown symbols give a 404 page with suggestions; bad dates a 400 page; articles are escaped;
uploads are limited in size and type; no request path reaches the file system; the server binds
127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'marketdesk[web]'")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOV25 = "2024-11-25"


def _csv_close(file: str, day: str) -> float:
    """The Close column of a Yahoo-layout shared-data file on ``day`` (read with csv)."""
    import csv

    from conftest import data_dir

    with open(data_dir() / file, newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Date"][:10] == day:
                return float(row["Close"])
    raise LookupError(day)


@pytest.fixture(scope="module")
def client(loaded_db: Path):
    from marketdesk.web import create_app

    with TestClient(create_app(loaded_db), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        yield c


def _html(resp, status: int = 200) -> str:
    assert resp.status_code == status, resp.text[:500]
    assert resp.headers["content-type"].startswith("text/html")
    return resp.text


def test_home_lists_indices_for_a_date(client):
    page = _html(client.get(f"/?date={NOV25}"))
    assert "Russell 2000" in page and "2,442.03" in page and "+1.47%" in page
    assert 'type="date"' in page


def test_home_explains_a_holiday(client):
    page = _html(client.get("/?date=2024-11-28"))
    assert "Thanksgiving" in page and "2024-11-27" in page


def test_instrument_page(client):
    page = _html(client.get(f"/i/%5ERUT?date={NOV25}"))
    assert "<details>" in page and "2021-11-08" in page
    for r in ("1M", "YTD", "1Y", "5Y", "max"):
        assert f'data-range="{r}"' in page
    assert 'src="/assets/plotly-cartesian.min.js?v=' in page and "cdn" not in page.lower()
    assert '"name": "Record close"' in page and "2,442.74" in page


@pytest.mark.parametrize("symbol", ["^RUT", "DGS10"])
def test_instrument_fact_sheet_is_the_cli_sheet(client, loaded_db, symbol):
    """The page's fact sheet has the sections, labels and values of ``marketdesk facts --json``
    (one presentation module decides both), with each row's evidence in sentences; a yield's
    page says "Yield" and basis points, never "Close"."""
    import html
    import json

    from typer.testing import CliRunner

    from marketdesk.cli.app import app

    res = CliRunner().invoke(app, ["facts", symbol, NOV25, "--db", str(loaded_db), "--json"])
    sheet = json.loads(res.stdout)
    page = _html(client.get(f"/i/{symbol.replace('^', '%5E')}?date={NOV25}"))
    sections = re.findall(r'<section class="fact-section" data-section="(\w+)"', page)
    assert sections == [s["key"] for s in sheet["sections"]]
    rows = re.findall(r'<tr data-key="([^"]+)"[^>]*>\s*<th scope="row">(.*?)<span class="period">'
                      r'.*?<td class="num">(.*?)</td>\s*<td class="detail">(.*?)</td>', page, re.S)
    assert [(k, html.unescape(lab), html.unescape(v), html.unescape(d)) for k, lab, v, d in rows] == \
        [(r["key"], r["label"], r["value"], r["detail"]) for s in sheet["sections"] for r in s["rows"]]
    first = sheet["sections"][0]["rows"][0]["evidence"][0]
    assert f"<li>{html.escape(first)}</li>" in page
    if symbol == "DGS10":
        assert '"kind": "yield"' in page and ">Close<" not in page and " bp</td>" in page


def test_unknown_symbol_page_suggests(client):
    page = _html(client.get("/i/RUTT"), 404)
    assert 'href="/i/%5ERUT"' in page and "Did you mean" in page


def test_bad_date_page_is_400(client):
    page = _html(client.get("/i/%5ERUT?date=2024-99-01"), 400)
    assert "YYYY-MM-DD" in page


def test_compare_page_and_bad_symbol(client):
    page = _html(client.get("/compare?a=%5ERUT&b=%5EGSPC&from=2024-01-02"))
    assert '"a": "^RUT"' in page or '"a":"^RUT"' in page
    _html(client.get("/compare?a=NOPE1&b=%5EGSPC"), 404)


def test_compare_of_an_index_and_a_yield_says_why(client):
    page = _html(client.get("/compare?a=%5ERUT&b=DGS10&from=2024-01-02"), 400)
    assert "DGS10 is a yield" in page
    no_yield = _html(client.get("/compare?a=%5ERUT&b=%5EGSPC&from=2024-01-02&y="))
    assert 'id="yield-chart"' not in no_yield


def test_wrap_page_and_markdown_download(client):
    page = _html(client.get(f"/wrap/{NOV25}"))
    # the writer leads with the Dow's record close, read here from DJI.csv
    assert "Download as Markdown" in page and f"{_csv_close('DJI.csv', NOV25):,.2f}" in page
    md = client.get(f"/wrap/{NOV25}.md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "attachment" in md.headers["content-disposition"] and "[^1]" in md.text
    closed = _html(client.get("/wrap/2024-11-28"))
    assert "Thanksgiving" in closed
    assert client.get(f"/api/wrap/{NOV25}").json()["session"] == NOV25
    _html(client.get("/wrap/not-a-date"), 400)


def test_check_page_escapes_the_article(client, seed_text):
    text = seed_text(1) + "\n<script>alert('x')</script> <img src=x onerror=alert(1)>"
    page = _html(client.post("/check", data={"text": text, "as_of": NOV25}))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
    marks = re.findall(r'<mark class="claim contradicted"[^>]*>(.*?)</mark>', page, re.S)
    assert any("2442.74" in m for m in marks)
    assert all("✘ contradicted" in m for m in marks)       # a label, not colour alone


def test_check_page_with_an_undated_article(client):
    page = _html(client.post("/check", data={"text": "The Russell 2000 rose 1.47% to 2442.03."}))
    assert "Article date" in page


def test_check_upload_types_and_size(client, seed_text):
    ok = client.post("/check", files={"file": ("a.txt", seed_text(1).encode(), "text/plain")},
                     data={"as_of": NOV25})
    assert "claim contradicted" in _html(ok)
    html_page = b"<html><body><p>The Russell 2000 rose 1.47% to 2442.03.</p></body></html>"
    ok = client.post("/check", files={"file": ("a.html", html_page, "text/html")},
                     data={"as_of": NOV25})
    assert "claim supported" in _html(ok)
    _html(client.post("/check", files={"file": ("a.exe", b"MZ\x90", "application/octet-stream")}),
          415)
    _html(client.post("/check", files={"file": ("a.txt", b"x" * 1_100_000, "text/plain")}), 413)
    _html(client.post("/check", data={"text": "   "}), 400)
    _html(client.post("/check", files={"file": ("a.txt", b"\xff\xfe\xfa", "text/plain")}), 400)


@pytest.mark.parametrize("path", [
    "/assets/../../etc/passwd", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets/app.css/../../x",
    "/assets/..%2fweb%2fapp.py", "/static/app.css", "/templates/base.html", "/i/..%2f..%2fetc",
])
def test_no_path_reaches_the_file_system(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404)
    assert "root:" not in r.text and "import" not in r.text


def test_assets_are_the_partial_bundle_compressed_and_cached(client):
    """plotly.js is the cartesian partial bundle of the pinned version, gzip-compressed, and a
    versioned URL is cached for a year; an unversioned one revalidates by ETag."""
    import re

    page = client.get(f"/i/%5ERUT?date={NOV25}").text
    url = re.search(r'src="(/assets/plotly-cartesian\.min\.js\?v=[0-9a-f]+)"', page).group(1)
    js = client.get(url, headers={"accept-encoding": "gzip"})
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert js.headers["content-encoding"] == "gzip"
    assert "immutable" in js.headers["cache-control"] and "max-age=31536000" in js.headers["cache-control"]
    raw = js.content                           # httpx decodes the gzip
    assert b"plotly.js (cartesian - minified) v4.1.1" in raw[:200]
    wire = int(js.headers["content-length"])
    assert wire < 600_000 < len(raw)           # the bytes on the wire are the compressed ones
    plain = client.get("/assets/app.js")
    assert plain.headers["cache-control"] == "no-cache" and plain.headers["etag"]
    assert client.get("/assets/app.js", headers={"if-none-match": plain.headers["etag"]}).status_code == 304
    assert client.get("/assets/nothing.js").status_code == 404


def test_security_headers(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_serve_binds_loopback_and_warns_otherwise(monkeypatch):
    import typer
    from typer.testing import CliRunner

    from marketdesk.cli import serve_command
    from marketdesk.web import server

    calls = []
    monkeypatch.setattr(server, "run", lambda app, host, port: calls.append(
        {"host": host, "port": port}))
    app = typer.Typer()
    serve_command.register(app)

    @app.command()
    def _other() -> None:  # a second command keeps typer from flattening the group
        pass

    runner = CliRunner()
    res = runner.invoke(app, ["serve", "--db", "/tmp/none.duckdb"])
    assert res.exit_code == 0, res.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "WARNING" not in res.output
    res = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert res.exit_code == 0 and calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 8123
    assert "WARNING" in res.output


def test_serve_runs_one_lean_uvicorn_process():
    """One worker, no access log or Server header, and the C parser and loop (the web extra
    installs httptools and uvloop)."""
    from marketdesk.web import create_app, server

    cfg = server.config(create_app(None), "127.0.0.1", 8123)
    assert (cfg.host, cfg.port, cfg.workers) == ("127.0.0.1", 8123, 1)
    assert cfg.access_log is False and cfg.server_header is False
    assert (cfg.loop, cfg.http) == ("uvloop", "httptools")
