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

    with TestClient(create_app(loaded_db), raise_server_exceptions=False) as c:
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
    assert_error(client.get("/api/bars/%3Cscript%3E"), 404, "SymbolError")


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
    assert_error(client.get("/api/compare?a=^RUT&b=DGS10&from=2024-01-02"), 404, "NoDataError")
    assert_error(client.get("/api/compare?a=^RUT&b=^GSPC"), 400, "ValidationError")


def test_check_seed_001(client, seed_text):
    r = client.post("/api/check", json={"text": seed_text(1), "as_of": NOV25})
    body = r.json()
    assert body["counts"]["contradicted"] == 2
    bad = {v["claim"]["text"] for v in body["verdicts"] if v["status"] == "contradicted"}
    assert any("2442.74" in t for t in bad) and any("21%" in t for t in bad)


def test_check_limits(client):
    assert_error(client.post("/api/check", json={"text": "x" * 1_100_000}), 413, "TooLarge")
    assert_error(client.post("/api/check", content=b"text=hi",
                             headers={"content-type": "application/x-www-form-urlencoded"}), 400)
    assert_error(client.post("/api/check", json={"text": "hi", "as_of": "nope"}), 400)


def test_openapi_documents_the_api(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/facts/{symbol}", "/api/bars/{symbol}", "/api/monthly/{symbol}",
            "/api/seasonality/{symbol}", "/api/compare", "/api/check"} <= paths
    assert all(p.startswith("/api/") for p in paths)
    err = spec["paths"]["/api/facts/{symbol}"]["get"]["responses"]["404"]
    assert err["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


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
