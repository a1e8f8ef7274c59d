"""Yahoo and FRED providers, offline: transforms on recorded-format payloads (made-up values, see
tests/fixtures/providers/README.md) and fetches against a real local HTTP server that can fail.

Expected values are written down by hand from the fixture files, never produced by the code.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from provider_server import ProviderServer, Reply, serve

from marketdesk.errors import DateError, NoDataError, ProviderError, SymbolError
from marketdesk.schema import BAR_SCHEMA
from marketdesk.sources import fred, http, providers, yahoo

FIXTURES = Path(__file__).parent / "fixtures" / "providers"
D = dt.date
CHART_RUT = "/v8/finance/chart/%5ERUT"
FREDGRAPH = "/graph/fredgraph.csv"
FRED_API = "/fred/series/observations"
FAST = {"timeout": 0.3, "backoff": 0.001}


def payload(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def bars(rows: list[tuple], symbol: str, source: str) -> pl.DataFrame:
    """Expected canonical bars from (date, open, high, low, close, adj_close, volume) rows."""
    cols = ["date", "open", "high", "low", "close", "adj_close", "volume"]
    data = {c: [r[i] for r in rows] for i, c in enumerate(cols)}
    data["symbol"] = [symbol] * len(rows)
    data["source"] = [source] * len(rows)
    return pl.DataFrame(data, schema=BAR_SCHEMA)


class Sleeps(list):
    """A ``sleep`` stand-in that records the waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch):
    for var in ("FRED_API_KEY", yahoo.ENV_BASE_URL, fred.ENV_BASE_URL, fred.ENV_API_URL):
        monkeypatch.delenv(var, raising=False)
    with serve() as srv:
        yield srv


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


# -- Yahoo transform ----------------------------------------------------------------------------

def test_yahoo_index_payload_drops_null_bar_and_keeps_local_dates():
    got = yahoo.transform(payload("yahoo_chart_RUT.json"), "^RUT")
    expected = bars([
        (D(2024, 11, 18), 1000.0, 1004.5, 998.25, 1003.0, 1003.0, 3.1e9),
        (D(2024, 11, 19), 1003.5, 1008.0, 1001.0, 1007.5, 1007.5, 3.2e9),
        (D(2024, 11, 20), 1006.25, 1010.0, 1002.5, 1004.75, 1004.75, 3.3e9),
        # 2024-11-21 is an all-null bar in the payload: dropped
        (D(2024, 11, 22), 1009.75, 1015.0, 1001.25, 1012.5, 1012.5, 3.4e9),
    ], "^RUT", "yahoo")
    assert_frame_equal(got, expected)


def test_yahoo_etf_adj_close_comes_from_adjclose_not_close():
    got = yahoo.transform(payload("yahoo_chart_IWM.json"), "IWM")
    assert got["date"].to_list() == [D(2024, 12, 16), D(2024, 12, 17), D(2024, 12, 18),
                                     D(2024, 12, 19)]
    assert got["close"].to_list() == [100.5, 101.0, 100.75, 101.0]
    # before the 2024-12-18 ex-date the adjusted close is lower than the traded close
    assert got["adj_close"].to_list() == [100.0, 100.5, 100.75, 101.0]
    assert got["volume"].to_list() == [2.0e7, 2.1e7, 2.2e7, 2.3e7]


def test_yahoo_dates_are_exchange_local_not_utc():
    raw = json.loads(payload("yahoo_chart_AXJO.json"))
    first = raw["chart"]["result"][0]["timestamp"][0]
    # the trap: the Sydney open of 2024-11-25 is still 2024-11-24 in UTC
    assert dt.datetime.fromtimestamp(first, dt.timezone.utc).date() == D(2024, 11, 24)
    got = yahoo.transform(payload("yahoo_chart_AXJO.json"), "^AXJO")
    assert got["date"].to_list() == [D(2024, 11, 25), D(2024, 11, 26)]
    assert got["close"].to_list() == [5005.0, 5010.0]


def test_yahoo_without_zone_name_uses_gmtoffset():
    raw = json.loads(payload("yahoo_chart_AXJO.json"))
    del raw["chart"]["result"][0]["meta"]["exchangeTimezoneName"]
    got = yahoo.transform(json.dumps(raw).encode(), "^AXJO")
    assert got["date"].to_list() == [D(2024, 11, 25), D(2024, 11, 26)]


def test_yahoo_session_listed_twice_keeps_the_last_row():
    raw = json.loads(payload("yahoo_chart_RUT.json"))
    res = raw["chart"]["result"][0]
    res["timestamp"].append(res["timestamp"][-1] + 3 * 3600)  # the live bar of 11-22, later
    for field, value in zip(("open", "high", "low", "close", "volume"),
                            (1009.75, 1016.0, 1001.25, 1013.0, 3.5e9)):
        res["indicators"]["quote"][0][field].append(value)
    res["indicators"]["adjclose"][0]["adjclose"].append(1013.0)
    got = yahoo.transform(json.dumps(raw).encode(), "^RUT")
    assert got.height == 4
    assert got.filter(pl.col("date") == D(2024, 11, 22))["close"].to_list() == [1013.0]


def test_yahoo_result_without_timestamps_is_empty_bars():
    doc = {"chart": {"result": [{"meta": {"symbol": "^RUT", "exchangeTimezoneName":
                                          "America/New_York"}, "indicators": {"quote": [{}]}}],
                     "error": None}}
    got = yahoo.transform(json.dumps(doc).encode(), "^RUT")
    assert got.height == 0
    assert got.schema == pl.Schema(BAR_SCHEMA)


def test_yahoo_chart_error_names_the_symbol():
    with pytest.raises(ProviderError, match=r"ZZZZ.*No data found, symbol may be delisted") as e:
        yahoo.transform(payload("yahoo_chart_error.json"), "ZZZZ")
    assert e.value.provider == "yahoo"


@pytest.mark.parametrize("body, problem", [
    (b"<html>Will be right back</html>", "not JSON"),
    (b'{"chart": {"result": []}}', "no chart.result"),
    (b'{"chart":{"result":[{"meta":{},"timestamp":[1,2],"indicators":{"quote":[{"close":[1.0]}]}}]}}',
     "one value per timestamp"),
])
def test_yahoo_malformed_payload_names_provider_and_url(body: bytes, problem: str):
    with pytest.raises(ProviderError, match=problem) as e:
        yahoo.transform(body, "^RUT", url="http://x/v8/finance/chart/%5ERUT")
    assert e.value.provider == "yahoo"
    assert "http://x/v8/finance/chart/%5ERUT" in str(e.value)


# -- yfinance frames ----------------------------------------------------------------------------

def _yf_download_frame(tz: str = "America/New_York"):
    pd = pytest.importorskip("pandas")
    index = pd.DatetimeIndex(
        [pd.Timestamp("2024-11-22", tz=tz), pd.Timestamp("2024-11-25", tz=tz),
         pd.Timestamp("2024-11-26", tz=tz)], name="Date")
    columns = pd.MultiIndex.from_product(
        [["Adj Close", "Close", "High", "Low", "Open", "Volume"], ["IWM", "^RUT"]],
        names=["Price", "Ticker"])
    nan = float("nan")
    values = {
        ("Adj Close", "IWM"): [99.0, 100.0, 101.0], ("Adj Close", "^RUT"): [1000.0, nan, 1010.0],
        ("Close", "IWM"): [99.5, 100.5, 101.5], ("Close", "^RUT"): [1000.0, nan, 1010.0],
        ("High", "IWM"): [100.0, 101.0, 102.0], ("High", "^RUT"): [1005.0, nan, 1015.0],
        ("Low", "IWM"): [98.0, 99.0, 100.0], ("Low", "^RUT"): [995.0, nan, 1001.0],
        ("Open", "IWM"): [98.5, 99.5, 100.5], ("Open", "^RUT"): [996.0, nan, 1002.0],
        ("Volume", "IWM"): [1e6, 2e6, 3e6], ("Volume", "^RUT"): [5e9, nan, 6e9],
    }
    return pd.DataFrame({c: values[c] for c in columns}, index=index, columns=columns)


def test_from_yfinance_download_frame_multiindex():
    frame = _yf_download_frame()
    got = yahoo.from_yfinance_frame(frame, "^RUT")
    expected = bars([
        (D(2024, 11, 22), 996.0, 1005.0, 995.0, 1000.0, 1000.0, 5e9),
        # 11-25 is NaN for ^RUT (a row of the other ticker): dropped
        (D(2024, 11, 26), 1002.0, 1015.0, 1001.0, 1010.0, 1010.0, 6e9),
    ], "^RUT", "yahoo")
    assert_frame_equal(got, expected)
    iwm = yahoo.from_yfinance_frame(frame, "IWM")
    assert iwm["adj_close"].to_list() == [99.0, 100.0, 101.0]
    assert iwm["close"].to_list() == [99.5, 100.5, 101.5]


def test_from_yfinance_frame_takes_the_local_date_of_a_tz_aware_index():
    frame = _yf_download_frame("Australia/Sydney")  # local midnight = previous day in UTC
    got = yahoo.from_yfinance_frame(frame, "IWM")
    assert got["date"].to_list() == [D(2024, 11, 22), D(2024, 11, 25), D(2024, 11, 26)]


def test_from_yfinance_flat_frame_without_adj_close():
    frame = _yf_download_frame().xs("IWM", axis=1, level="Ticker").drop(columns="Adj Close")
    got = yahoo.from_yfinance_frame(frame, "IWM")
    assert got["close"].to_list() == [99.5, 100.5, 101.5]
    assert got["adj_close"].null_count() == 3


def test_from_yfinance_frame_unknown_ticker():
    with pytest.raises(SymbolError, match="QQQ is not among"):
        yahoo.from_yfinance_frame(_yf_download_frame(), "QQQ")


# -- FRED transforms ----------------------------------------------------------------------------

def test_fredgraph_csv_current_format_drops_empty_and_dot():
    got = fred.transform_csv(payload("fredgraph_DGS10.csv"), "DGS10")
    expected = bars([
        (D(2024, 11, 8), None, None, None, 3.21, None, None),
        (D(2024, 11, 12), None, None, None, 3.30, None, None),
        (D(2024, 11, 14), None, None, None, 3.275, None, None),
    ], "DGS10", "fred")
    assert_frame_equal(got, expected)


def test_fredgraph_csv_older_date_header_and_crlf():
    got = fred.transform_csv(payload("fredgraph_DGS2_old.csv"), "DGS2")
    assert got["date"].to_list() == [D(2001, 9, 10), D(2001, 9, 12)]
    assert got["close"].to_list() == [3.01, 2.95]
    assert got["open"].null_count() == got["high"].null_count() == 2


def test_fred_api_json_drops_dot():
    got = fred.transform_json(payload("fred_api_DGS10.json"), "DGS10")
    assert got["date"].to_list() == [D(2024, 11, 20), D(2024, 11, 21), D(2024, 11, 25),
                                     D(2024, 11, 26)]
    assert got["close"].to_list() == [3.11, 3.14, 3.05, 3.075]
    assert set(got["source"]) == {"fred"}


@pytest.mark.parametrize("body, problem", [
    (payload("fred_error.html"), "web page instead of CSV"),
    (b"observation_date,DGS2\n2024-11-08,3.21\n", "holds series 'DGS2'"),
    (b"when,DGS10\n2024-11-08,3.21\n", "unexpected CSV header"),
    (b"observation_date,DGS10\n2024-11-08,3.21\n2024-11-12,n/a\n", r"observation 2 .*'n/a'"),
    (b"observation_date,DGS10\n11/08/2024,3.21\n", "observation 1"),
])
def test_fred_csv_problems_are_provider_errors(body: bytes, problem: str):
    with pytest.raises(ProviderError, match=problem) as e:
        fred.transform_csv(body, "DGS10", url="http://x/graph/fredgraph.csv")
    assert e.value.provider == "fred"
    assert "http://x/graph/fredgraph.csv" in str(e.value)


def test_fred_api_error_document():
    with pytest.raises(ProviderError, match="The series does not exist"):
        fred.transform_json(payload("fred_api_error.json"), "NOPE")


# -- http.get against the local server ----------------------------------------------------------

def test_500_then_success_retries_once(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(500, b"oops"), Reply(200, b"hello"))
    body = http.get(server.url + "/x", params={"a": 1}, sleep=sleeps, backoff=0.5, timeout=2)
    assert body == b"hello"
    assert server.hits("/x") == [{"a": "1"}, {"a": "1"}]
    assert len(sleeps) == 1 and 0.25 <= sleeps[0] <= 0.5


def test_persistent_500_gives_up_after_all_attempts(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(500, b"oops"))
    with pytest.raises(ProviderError) as e:
        http.get(server.url + "/x", retries=3, sleep=sleeps, backoff=0.1, timeout=2,
                 provider="yahoo", what="^RUT daily bars")
    assert len(server.hits("/x")) == 4
    msg = str(e.value)
    assert f"{server.url}/x" in msg and "^RUT daily bars" in msg
    assert msg.count("HTTP 500") == 4 and "attempt 4" in msg
    assert "Check your network or try later" in msg
    assert (e.value.status, e.value.provider, e.value.url) == (500, "yahoo", server.url + "/x")
    # exponential backoff with jitter in [0.5, 1] of 0.1 * 2**i
    assert len(sleeps) == 3
    for i, wait in enumerate(sleeps):
        assert 0.05 * 2**i <= wait <= 0.1 * 2**i


def test_429_honours_retry_after(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(429, b"slow down", {"Retry-After": "7"}), Reply(200, b"ok"))
    assert http.get(server.url + "/x", sleep=sleeps, **FAST) == b"ok"
    assert sleeps == [7.0]


def test_429_retry_after_is_capped(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(429, b"", {"Retry-After": "86400"}), Reply(200, b"ok"))
    assert http.get(server.url + "/x", sleep=sleeps, max_retry_after=3.0, **FAST) == b"ok"
    assert sleeps == [3.0]


def test_parse_retry_after_http_date():
    assert http.parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT",
                                  now=dt.datetime(2015, 10, 21, 7, 28, 0,
                                                  tzinfo=dt.timezone.utc).timestamp()) == 30.0
    assert http.parse_retry_after("soon") is None


def test_timeout_then_success(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(200, b"late", delay=1.0), Reply(200, b"ok"))
    assert http.get(server.url + "/x", sleep=sleeps, timeout=0.2, backoff=0.001) == b"ok"
    assert len(server.hits("/x")) == 2


def test_persistent_timeout(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(200, b"late", delay=1.0))
    with pytest.raises(ProviderError, match=r"attempt 2: timed out after 0.2 s"):
        http.get(server.url + "/x", retries=1, sleep=sleeps, timeout=0.2, backoff=0.001)


def test_truncated_body_is_retried(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(200, b'{"chart":', extra_length=50), Reply(200, b"whole"))
    assert http.get(server.url + "/x", sleep=sleeps, **FAST) == b"whole"
    assert len(server.hits("/x")) == 2


def test_persistent_truncation_says_so(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(200, b"part", extra_length=10))
    with pytest.raises(ProviderError, match="truncated body"):
        http.get(server.url + "/x", retries=1, sleep=sleeps, **FAST)


def test_404_fails_at_once(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(404, b"nope"))
    with pytest.raises(http.HTTPStatusError) as e:
        http.get(server.url + "/x", sleep=sleeps, **FAST)
    assert (e.value.status, e.value.body) == (404, b"nope")
    assert len(server.hits("/x")) == 1 and sleeps == []


def test_connection_refused_is_retried_then_reported(sleeps: Sleeps):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ProviderError, match="connection failed") as e:
        http.get(f"http://127.0.0.1:{port}/x", retries=2, sleep=sleeps, **FAST)
    assert "attempt 3" in str(e.value) and len(sleeps) == 2


def test_user_agent_is_sent(server: ProviderServer):
    server.route("/x", Reply(200, b"ok"))
    http.get(server.url + "/x", **FAST)
    assert "marketdesk" in server.headers("/x")[0]["User-Agent"]


def test_redacted_parameters_never_reach_the_message(server: ProviderServer, sleeps: Sleeps):
    server.route("/x", Reply(503, b""))
    with pytest.raises(ProviderError) as e:
        http.get(server.url + "/x", params={"api_key": "SECRET123", "id": "A"}, retries=1,
                 sleep=sleeps, redact=("api_key",), **FAST)
    assert "SECRET123" not in str(e.value) and "SECRET123" not in (e.value.url or "")
    assert "api_key=***" in str(e.value)


# -- fetch_yahoo / fetch_fred end to end --------------------------------------------------------

def test_fetch_yahoo_via_env_url(server: ProviderServer, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(yahoo.ENV_BASE_URL, server.url)
    server.route(CHART_RUT, Reply(200, payload("yahoo_chart_RUT.json")))
    got = yahoo.fetch_yahoo("^RUT", "2024-11-19", "2024-11-21", **FAST)
    assert got["date"].to_list() == [D(2024, 11, 19), D(2024, 11, 20)]
    assert got["close"].to_list() == [1007.5, 1004.75]
    (query,) = server.hits(CHART_RUT)
    assert query["interval"] == "1d" and query["events"] == "div,splits"
    assert query["includeAdjustedClose"] == "true"
    # the window brackets the requested sessions: 2024-11-18 00:00 UTC .. 2024-11-23 00:00 UTC
    assert int(query["period1"]) == 1731888000 and int(query["period2"]) == 1732320000


def test_fetch_yahoo_unknown_symbol(server: ProviderServer, sleeps: Sleeps):
    server.route("/v8/finance/chart/ZZZZ", Reply(404, payload("yahoo_chart_error.json"),
                                                {"Content-Type": "application/json"}))
    with pytest.raises(ProviderError, match=r"no data for ZZZZ: No data found") as e:
        yahoo.fetch_yahoo("ZZZZ", "2024-11-01", base_url=server.url, sleep=sleeps, **FAST)
    assert e.value.status == 404 and sleeps == []


def test_fetch_yahoo_retries_a_500(server: ProviderServer, sleeps: Sleeps):
    server.route(CHART_RUT, Reply(502, b"bad gateway"),
                 Reply(200, payload("yahoo_chart_RUT.json")))
    got = yahoo.fetch_yahoo("^RUT", D(2024, 11, 18), base_url=server.url, sleep=sleeps, **FAST)
    assert got.height == 4 and len(server.hits(CHART_RUT)) == 2


def test_fetch_fred_csv_via_env_url(server: ProviderServer, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(fred.ENV_BASE_URL, server.url)
    server.route(FREDGRAPH, Reply(200, payload("fredgraph_DGS10.csv")))
    got = fred.fetch_fred("dgs10", "2024-11-09", "2024-11-30", **FAST)
    assert got["date"].to_list() == [D(2024, 11, 12), D(2024, 11, 14)]
    assert got["symbol"].to_list() == ["DGS10", "DGS10"]
    assert server.hits(FREDGRAPH) == [{"id": "DGS10", "cosd": "2024-11-09", "coed": "2024-11-30"}]


def test_fetch_fred_unknown_series_404(server: ProviderServer, sleeps: Sleeps):
    server.route(FREDGRAPH, Reply(404, payload("fred_error.html")))
    with pytest.raises(ProviderError, match="FRED, NOPE: FRED knows no such series") as e:
        fred.fetch_fred("NOPE", "2024-01-01", base_url=server.url, sleep=sleeps, **FAST)
    assert e.value.status == 404 and FREDGRAPH in (e.value.url or "")


def test_fetch_fred_api_with_key(server: ProviderServer, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FRED_API_KEY", "k3y")
    server.route(FRED_API, Reply(200, payload("fred_api_DGS10.json")))
    got = fred.fetch_fred("DGS10", "2024-11-20", api_url=server.url, base_url="http://unused",
                          **FAST)
    assert got["close"].to_list() == [3.11, 3.14, 3.05, 3.075]
    (query,) = server.hits(FRED_API)
    assert query["series_id"] == "DGS10" and query["api_key"] == "k3y"
    assert query["file_type"] == "json" and query["observation_start"] == "2024-11-20"


def test_fetch_fred_api_pages(server: ProviderServer):
    doc = json.loads(payload("fred_api_DGS10.json"))
    first = {**doc, "observations": doc["observations"][:3]}
    second = {**doc, "offset": 3, "observations": doc["observations"][3:]}
    server.route(FRED_API, Reply(200, json.dumps(first).encode()),
                 Reply(200, json.dumps(second).encode()))
    got = fred.fetch_fred("DGS10", "2024-11-20", api_key="k", api_url=server.url, **FAST)
    assert got["close"].to_list() == [3.11, 3.14, 3.05, 3.075]
    assert [q.get("offset") for q in server.hits(FRED_API)] == [None, "3"]


def test_fetch_fred_api_unknown_series_hides_the_key(server: ProviderServer, sleeps: Sleeps):
    server.route(FRED_API, Reply(400, payload("fred_api_error.json")))
    with pytest.raises(ProviderError, match="The series does not exist") as e:
        fred.fetch_fred("NOPE", "2024-01-01", api_key="TOPSECRET", api_url=server.url,
                        sleep=sleeps, **FAST)
    assert "TOPSECRET" not in str(e.value) and e.value.status == 400 and sleeps == []


# -- query parsing and provider choice ----------------------------------------------------------

def test_queries_validate_at_the_boundary():
    with pytest.raises(SymbolError):
        yahoo.YahooQuery.parse("  ", "2024-01-01")
    with pytest.raises(DateError):
        yahoo.YahooQuery.parse("^RUT", "2024-11-25", "2024-11-01")
    with pytest.raises(SymbolError):
        fred.FredQuery.parse("DGS10; drop", "2024-01-01")
    assert fred.FredQuery.parse(" dgs10 ", "2024-01-01").series == "DGS10"
    assert yahoo.YahooQuery.parse(" iwm", "2024-01-01").symbol == "IWM"


@pytest.mark.parametrize("symbol, provider", [
    ("DGS10", "fred"), ("DGS3MO", "fred"), ("dgs2", "fred"), ("NASDAQCOM", "fred"),
    ("VIXCLS", "fred"), ("T10Y2Y", "fred"), ("^RUT", "yahoo"), ("IWM", "yahoo"),
    ("^VIX", "yahoo"), ("RTY=F", "yahoo"), ("fred:SP500", "fred"), ("yahoo:DGS10", "yahoo"),
])
def test_provider_for(symbol: str, provider: str):
    assert providers.provider_for(symbol)[0] == provider


def test_fetch_routes_fred_and_yahoo(server: ProviderServer, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(yahoo.ENV_BASE_URL, server.url)
    monkeypatch.setenv(fred.ENV_BASE_URL, server.url)
    server.route(CHART_RUT, Reply(200, payload("yahoo_chart_RUT.json")))
    server.route(FREDGRAPH, Reply(200, payload("fredgraph_DGS10.csv")))
    assert set(providers.fetch("DGS10", "2024-11-01", **FAST)["source"]) == {"fred"}
    assert set(providers.fetch("^RUT", "2024-11-01", **FAST)["source"]) == {"yahoo"}
    assert len(server.hits(FREDGRAPH)) == len(server.hits(CHART_RUT)) == 1


def test_an_instrument_of_kind_yield_goes_to_fred(monkeypatch: pytest.MonkeyPatch):
    from marketdesk import instruments

    fake = instruments.Instrument("IRLTLT01USM156N", "US long-term rate", "yield", "USD", ())
    monkeypatch.setattr(instruments, "get_instrument",
                        lambda s: fake if s == fake.symbol else None)
    assert providers.provider_for("IRLTLT01USM156N")[0] == "fred"
    assert providers.provider_for("IRLTLT01USM156X")[0] == "yahoo"


def test_failed_fetch_leaves_the_store_untouched(server: ProviderServer, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    """The contract the CLI relies on: every symbol is fetched before anything is loaded."""
    from marketdesk.desk import Desk

    monkeypatch.setenv(yahoo.ENV_BASE_URL, server.url)
    server.route(CHART_RUT, Reply(200, payload("yahoo_chart_RUT.json")))
    server.route("/v8/finance/chart/ZZZZ", Reply(404, payload("yahoo_chart_error.json")))
    with Desk(tmp_path / "t.duckdb") as desk:
        with pytest.raises(ProviderError, match="ZZZZ"):
            desk.fetch(["^RUT", "ZZZZ"], dt.date(2024, 11, 18))
        with pytest.raises(NoDataError):
            desk.bars("^RUT")
        desk.fetch(["^RUT"], dt.date(2024, 11, 18))
        assert desk.bars("^RUT")["close"].to_list() == [1003.0, 1007.5, 1004.75, 1012.5]
