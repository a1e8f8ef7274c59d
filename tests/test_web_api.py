"""The JSON API in-process, against a real store of ../shared/data.

Expected figures come from the seed stories (Russell 2000 closed at 2442.03, up 1.47%, on
2024-11-25; record close 2442.74 on 2021-11-08) or from the CSV files read here with the csv
module, independently of the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import warnings
from functools import lru_cache
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'marketdesk[web]'")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from conftest import data_dir

NOV25 = "2024-11-25"


@lru_cache(maxsize=None)
def csv_closes(file: str) -> dict[dt.date, float]:
    """date -> Close of one shared-data file (Yahoo layout, or yfinance's three header lines)."""
    with open(data_dir() / file, newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    if header[0] == "Price":          # newer yfinance CSV: Ticker and Date rows follow
        body = body[2:]
    i = header.index("Close")
    return {dt.date.fromisoformat(r[0][:10]): float(r[i]) for r in body if r and r[i]}


def close_on_or_before(file: str, d: dt.date) -> float:
    closes = csv_closes(file)
    return closes[max(x for x in closes if x <= d)]


@pytest.fixture(scope="module")
def client(loaded_db: Path):
    from marketdesk.web import create_app

    with TestClient(create_app(loaded_db), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        yield c


def assert_error(resp, status: int, type_: str | None = None) -> dict:
    """The one JSON error shape (the CLI's): exactly {"error": {"type", "message", "exit_code"}}."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"type", "message", "exit_code"}
    assert isinstance(body["error"]["exit_code"], int) and body["error"]["message"]
    if type_:
        assert body["error"]["type"] == type_
    return body["error"]


def _fact(sheet: dict, metric: str, **period) -> dict:
    for f in sheet["facts"]:
        if f["metric"] == metric and all(f["period"][k] == v for k, v in period.items()):
            return f
    raise AssertionError(f"no {metric} {period}")


def test_fact_sheet_matches_the_seed_story(client):
    r = client.get(f"/api/facts/%5ERUT?date={NOV25}")
    assert r.status_code == 200
    sheet = r.json()
    assert sheet["subject"] == "^RUT" and sheet["as_of"] == NOV25 and sheet["note"] is None
    assert _fact(sheet, "close")["value"] == pytest.approx(2442.03, abs=0.005)
    assert _fact(sheet, "change_pct")["value"] == pytest.approx(1.47, abs=0.005)
    rec = _fact(sheet, "record_close")
    assert rec["value"] == pytest.approx(2442.74, abs=0.005)
    assert rec["context"]["date"] == "2021-11-08"
    assert all(f["evidence"] for f in sheet["facts"])
    scores = [f["score"] for f in sheet["facts"]]
    assert scores == sorted(scores, reverse=True)


def test_fact_sheet_has_the_curated_sections(client, loaded_db):
    """/api/facts carries the sections of the instrument page and of `marketdesk facts --json`
    (the same rows, in the same order), beside the unchanged list of facts; the seed's
    figures appear as the page shows them (seed 000: "rose 1.5% to close at 2442.03", "its
    record close of 2442.74 set on Nov. 8, 2021")."""
    import json
    import re

    from typer.testing import CliRunner

    from marketdesk.cli.app import app

    for symbol, day in (("%5ERUT", NOV25), ("DGS10", NOV25), ("%5EGSPC", "2024-11-28")):
        api = client.get(f"/api/facts/{symbol}?date={day}").json()
        cli = CliRunner().invoke(app, ["facts", symbol.replace("%5E", "^"), day,
                                       "--db", str(loaded_db), "--json"])
        assert cli.exit_code == 0, cli.output
        assert api["sections"] == json.loads(cli.stdout)["sections"], symbol
        assert api["left_out"] == json.loads(cli.stdout)["left_out"], symbol
        page = client.get(f"/i/{symbol}?date={day}").text
        keys = [r["key"] for s in api["sections"] for r in s["rows"]]
        assert re.findall(r'<tr data-key="([^"]+)"', page) == keys, symbol
    rut = client.get(f"/api/facts/%5ERUT?date={NOV25}").json()
    assert [s["key"] for s in rut["sections"]] == ["day", "periods", "records", "streaks",
                                                   "seasonality"]
    rows = {r["key"]: r for s in rut["sections"] for r in s["rows"]}
    assert rows["day.close"]["value"] == "2,442.03" and rows["day.change"]["value"] == "+1.47%"
    assert rows["records.close"]["value"] == "2,442.74"
    assert rows["records.close"]["detail"] == "set 2021-11-08"
    assert all(r["evidence"] and r["metrics"] for r in rows.values())
    assert {"subject", "as_of", "requested", "note", "facts"} <= set(rut)   # nothing removed


def test_section_keys_in_the_schema_are_the_sheets():
    from typing import get_args

    from marketdesk.sheet_view import SECTIONS
    from marketdesk.web.schemas import SheetSectionOut

    assert get_args(SheetSectionOut.model_fields["key"].annotation) == tuple(SECTIONS)


@pytest.mark.parametrize("spelling", ["%5ERUT", "^RUT", "RUT", "Russell%202000"])
def test_symbol_spellings_give_one_answer(client, spelling):
    r = client.get(f"/api/facts/{spelling}?date={NOV25}")
    assert r.status_code == 200 and r.json()["subject"] == "^RUT"


def test_non_session_answers_for_the_session_before(client):
    sheet = client.get("/api/facts/^RUT?date=2024-11-28").json()   # Thanksgiving
    assert sheet["as_of"] == "2024-11-27" and sheet["requested"] == "2024-11-28"
    assert "Thanksgiving" in sheet["note"]


@pytest.mark.parametrize("date", ["bad", "2024-02-30", "24-11-25", "2024-13-01"])
def test_bad_date_is_400(client, date):
    assert_error(client.get(f"/api/facts/^RUT?date={date}"), 400)


def test_date_outside_calendar_or_data(client):
    assert_error(client.get("/api/facts/^RUT?date=1700-01-02"), 400, "DateError")
    err = assert_error(client.get("/api/facts/^RUT?date=2090-01-03"), 404, "NoDataError")
    assert "ends on" in err["message"]


def test_unknown_symbol_is_404_with_suggestions(client):
    err = assert_error(client.get("/api/facts/RUTT"), 404, "SymbolError")
    assert "^RUT" in err["message"]
    assert_error(client.get("/api/facts/NOSUCHTHING"), 404)


@pytest.mark.parametrize("raw", ["%3Cscript%3E", "a%22b", "x%3By", "%F0%9F%98%80"])
def test_a_symbol_with_markup_is_a_bad_request(client, raw):
    assert_error(client.get(f"/api/bars/{raw}"), 400, "BadSymbol")


def test_unknown_route_and_method_use_the_error_shape(client):
    assert_error(client.get("/api/nothing"), 404)
    assert_error(client.delete("/api/facts/^RUT"), 405)


def test_bars_range(client):
    r = client.get("/api/bars/%5ERUT?from=2024-11-01&to=2024-11-26")
    b = r.json()
    # XNYS sessions 1, 4-8, 11-15, 18-22, 25, 26 November 2024
    assert b["count"] == 18 == len(b["dates"]) == len(b["close"])
    assert b["dates"][0] == "2024-11-01" and b["dates"][-1] == "2024-11-26"
    assert b["close"][b["dates"].index(NOV25)] == pytest.approx(2442.03, abs=0.005)
    assert_error(client.get("/api/bars/^RUT?from=2024-11-26&to=2024-11-01"), 400, "DateError")


def test_monthly_grid(client):
    m = client.get("/api/monthly/^RUT").json()
    assert m["years"][0] == 1987 and m["months"][0] == "Jan" and len(m["grid"][0]) == 12
    first = m["grid"][0]
    assert first[8] is None           # September 1987: partial first month, left out (not 0)
    nov = m["grid"][m["years"].index(2024)][10]
    expected = (close_on_or_before("RUT.csv", dt.date(2024, 11, 30))
                / close_on_or_before("RUT.csv", dt.date(2024, 10, 31)) - 1) * 100
    assert nov == pytest.approx(expected, abs=1e-6)


def test_seasonality_december(client):
    s = client.get("/api/seasonality/^RUT").json()["months"]
    assert [r["month"] for r in s] == list(range(1, 13))
    dec = s[11]
    rets = []
    for year in range(1987, 2100):
        try:
            end = close_on_or_before("RUT.csv", dt.date(year, 12, 31))
            base = close_on_or_before("RUT.csv", dt.date(year, 11, 30))
        except ValueError:
            break
        if dt.date(year, 12, 31) > max(csv_closes("RUT.csv")):
            break
        rets.append((end / base - 1) * 100)
    assert dec["n"] == len(rets) >= 37
    assert dec["average"] == pytest.approx(sum(rets) / len(rets), abs=1e-6)
    assert dec["pct_up"] == pytest.approx(100 * sum(r > 0 for r in rets) / len(rets))


def test_compare_rebased_and_spread(client):
    r = client.get("/api/compare?a=%5ERUT&b=%5EGSPC&from=2024-10-31&to=2024-11-25&y=DGS10")
    c = r.json()
    assert c["dates"][0] == "2024-10-31" and c["dates"][-1] == NOV25
    assert c["a_rebased"][0] == pytest.approx(100) and c["b_rebased"][0] == pytest.approx(100)
    d0, d1 = dt.date(2024, 10, 31), dt.date(2024, 11, 25)
    rut = (csv_closes("RUT.csv")[d1] / csv_closes("RUT.csv")[d0] - 1) * 100
    spx = (csv_closes("GSPC.csv")[d1] / csv_closes("GSPC.csv")[d0] - 1) * 100
    assert rut == pytest.approx(11.17, abs=0.005)             # seed: "up 11.2% in November"
    assert c["spread"]["value"] == pytest.approx(rut - spx, abs=1e-6)
    assert c["spread_pp"][-1] == pytest.approx(rut - spx, abs=1e-6)
    corr = [v for v in c["yield"]["correlation"] if v is not None]
    assert corr and all(-1 <= v <= 1 for v in corr)


def test_compare_rejects_a_yield_as_price(client):
    err = assert_error(client.get("/api/compare?a=^RUT&b=DGS10&from=2024-01-02"), 400, "WrongKind")
    assert "DGS10 is a yield" in err["message"] and "y" in err["message"]
    assert_error(client.get("/api/compare?a=^RUT&b=^GSPC&from=2024-01-02&y=^DJI"), 400, "WrongKind")
    assert_error(client.get("/api/compare?a=^RUT&b=^GSPC"), 400, "ValidationError")


def test_check_seed_001(client, seed_text):
    r = client.post("/api/check", json={"text": seed_text(1), "as_of": NOV25})
    body = r.json()
    assert body["counts"]["contradicted"] == 2
    bad = {v["claim"]["text"] for v in body["verdicts"] if v["status"] == "contradicted"}
    assert any("2442.74" in t for t in bad) and any("21%" in t for t in bad)


def test_check_limits(client):
    assert_error(client.post("/api/check", json={"text": "x" * 1_100_000}), 413, "TooLarge")
    for ctype in ("application/x-www-form-urlencoded", "text/plain", ""):
        assert_error(client.post("/api/check", content=b"text=hi",
                                 headers={"content-type": ctype}), 415, "UnsupportedMediaType")
    assert_error(client.post("/api/check", json={"text": "hi", "as_of": "nope"}), 400)
    assert_error(client.post("/api/check", content=b'{"text": ', headers={
        "content-type": "application/json"}), 400)


def test_a_chunked_body_over_the_limit_is_413(client):
    """No Content-Length: the limit is applied while the body streams in."""
    def chunks():
        piece = b'{"text": "' + b"x" * 1_000_000
        yield piece
        for _ in range(9):
            yield b"x" * 1_000_000
        yield b'"}'

    assert_error(client.post("/api/check", content=chunks(),
                             headers={"content-type": "application/json"}), 413, "TooLarge")


def test_openapi_documents_the_api(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/facts/{symbol}", "/api/bars/{symbol}", "/api/monthly/{symbol}",
            "/api/seasonality/{symbol}", "/api/compare", "/api/check"} <= paths
    assert all(p.startswith("/api/") for p in paths)
    err = spec["paths"]["/api/facts/{symbol}"]["get"]["responses"]["404"]
    assert err["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    # the statuses the app really sends, in its own shape; no 422 HTTPValidationError
    assert "HTTPValidationError" not in str(spec)
    for path, item in spec["paths"].items():
        for op in item.values():
            codes = set(op["responses"])
            assert "422" not in codes and {"200", "400"} <= codes, path
            ok = op["responses"]["200"]["content"]["application/json"]["schema"]
            assert ok.get("$ref", "").endswith("Out"), (path, ok)   # a typed model
    check = spec["paths"]["/api/check"]["post"]["responses"]
    assert {"413", "415"} <= set(check)


def test_head_etag_and_gzip(client):
    url = f"/api/facts/%5ERUT?date={NOV25}"
    full = client.get(url, headers={"accept-encoding": "identity"})
    assert full.status_code == 200 and "content-encoding" not in full.headers
    head = client.head(url, headers={"accept-encoding": "identity"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(full.content))
    assert head.headers["etag"] == full.headers["etag"]
    assert full.headers["cache-control"] == "no-cache"
    again = client.get(url, headers={"if-none-match": full.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    gz = client.get(url, headers={"accept-encoding": "gzip"})
    assert gz.headers["content-encoding"] == "gzip" and gz.json() == full.json()
    assert int(gz.headers["content-length"]) < len(full.content) / 3
    assert client.head("/").status_code == 200 and client.head("/").content == b""


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.:80x"])
def test_hosts_outside_the_allow_list_are_refused(client, host):
    """DNS rebinding: a page on another name that resolves to 127.0.0.1 gets nothing."""
    assert_error(client.get("/api/facts/^RUT", headers={"host": host}), 400, "BadHost")
    assert client.get("/", headers={"host": host}).status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8123", "LOCALHOST:1"])
def test_loopback_names_are_served(client, host):
    assert client.get(f"/api/bars/^RUT?from={NOV25}&to={NOV25}",
                      headers={"host": host}).status_code == 200


def test_host_given_to_serve_is_allowed(loaded_db):
    from marketdesk.web import create_app

    with TestClient(create_app(loaded_db, hosts=["desk.lan"]),
                    base_url="http://desk.lan") as c:
        assert c.get(f"/api/bars/^RUT?from={NOV25}&to={NOV25}").status_code == 200
        assert c.get("/", headers={"host": "other.lan"}).status_code == 400


def test_cross_origin_posts_are_refused(client):
    body = {"text": "The Russell 2000 rose 1.47% to 2442.03.", "as_of": NOV25}
    assert_error(client.post("/api/check", json=body, headers={"origin": "https://evil.example"}),
                 403, "CrossOrigin")
    assert_error(client.post("/api/check", json=body, headers={"sec-fetch-site": "cross-site"}),
                 403, "CrossOrigin")
    assert client.post("/check", data={"text": "x"},
                       headers={"origin": "https://evil.example"}).status_code == 403
    for fetch_site in ({"sec-fetch-site": "cross-site"}, {}):   # "null": a sandboxed frame
        assert client.post("/check", data={"text": "x"},
                           headers={"origin": "null", **fetch_site}).status_code == 403
    same = client.post("/api/check", json=body, headers={"origin": "http://127.0.0.1"})
    assert same.status_code == 200 and same.json()["counts"]["supported"] >= 1


def test_messages_name_no_server_path(tmp_path):
    from marketdesk.web import create_app

    missing = tmp_path / "secret-folder" / "none.duckdb"
    with TestClient(create_app(missing), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        r = c.get("/api/facts/^RUT")
        assert r.status_code >= 400
        assert str(tmp_path) not in r.text and "secret-folder" not in r.text, r.text
        assert str(tmp_path) not in c.get("/i/%5ERUT").text


def test_body_cache_is_bounded_in_bytes(loaded_db):
    """Distinct full-history bar requests cannot grow the cache past its byte bound."""
    from marketdesk.web import create_app

    app = create_app(loaded_db)
    cache = app.state.web.bodies
    cache.max_bytes = 3_000_000
    with TestClient(app, base_url="http://127.0.0.1") as c:
        sizes = []
        for year in range(1990, 2000):
            r = c.get(f"/api/bars/^GSPC?from={year}-01-02", headers={"accept-encoding": "identity"})
            assert r.status_code == 200
            sizes.append(len(r.content))
            assert cache.nbytes <= cache.max_bytes
    assert sum(sizes) > 2 * cache.max_bytes          # the requests held far more than the bound
    assert 0 < len(cache) < 10


def test_fact_sheets_are_cached(client):
    state = client.app.state.web
    client.get(f"/api/facts/^RUT?date={NOV25}")
    before = state.bodies.hits
    r = client.get(f"/api/facts/%5ERUT?date={NOV25}")
    assert r.status_code == 200 and state.bodies.hits == before + 1


def test_seasonality_as_of_matches_the_fact_sheet(client):
    """Up to the seed date December is the best month, averaging 2.8% (seed 000: "in December is
    2.8%, making it the best-performing month of the year")."""
    s = client.get(f"/api/seasonality/^RUT?date={NOV25}").json()["months"]
    dec = s[11]
    assert (dec["first_year"], dec["last_year"]) == (1987, 2023) and dec["rank"] == 1
    assert round(dec["average"], 1) == 2.8
    m = client.get(f"/api/monthly/^RUT?date={NOV25}").json()
    assert m["years"][-1] == 2024 and m["grid"][-1][11] is None


def test_a_repeated_request_is_replayed_as_it_was_routed(loaded_db):
    """The second identical GET is answered before routing (web.replay) with the same status,
    headers and bytes as the routed first one, 304 and HEAD included; once the body is evicted
    from the cache the URL is routed (and recomputed) again."""
    from marketdesk.web import create_app

    app = create_app(loaded_db)
    state = app.state.web
    url = f"/api/facts/%5ERUT?date={NOV25}"
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for enc in ("gzip", "identity"):
            state.urls._data.clear()
            routed = c.get(url, headers={"accept-encoding": enc})
            assert state.urls.get((b"/api/facts/%5ERUT", f"date={NOV25}".encode())) is not None
            replayed = c.get(url, headers={"accept-encoding": enc})
            assert replayed.status_code == routed.status_code == 200
            assert replayed.content == routed.content
            assert sorted(replayed.headers.items()) == sorted(routed.headers.items())
        etag = routed.headers["etag"]
        assert c.get(url, headers={"if-none-match": etag}).status_code == 304
        head = c.head(url, headers={"accept-encoding": "identity"})
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == str(len(routed.content))
        assert c.get(url, headers={"host": "evil.example"}).status_code == 400   # Gate first
        state.bodies._data.clear()
        state.bodies.nbytes = 0
        misses = state.bodies.misses
        again = c.get(url, headers={"accept-encoding": "identity"})
        assert again.content == routed.content and state.bodies.misses > misses
        # errors are never replayed: an unknown symbol is routed every time
        for _ in range(2):
            assert c.get("/api/facts/NOPE").status_code == 404
        assert state.urls.get((b"/api/facts/NOPE", b"")) is None
        long = url + "&pad=" + "x" * 3000          # a long URL is answered, never remembered
        assert c.get(long).status_code == 200
        assert all(len(q) < 3000 for _, q in state.urls._data)
