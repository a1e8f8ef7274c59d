"""Property-based run of the JSON API against its own OpenAPI schema (schemathesis).

Bounded: the API routes, a small number of generated requests each, no deadline. Every response
must be a non-5xx, and every error must use the one JSON error shape. (Schemathesis's own pytest
plugin does not run under pytest 9 yet, so the operations' Hypothesis strategies are used
directly.)
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'marketdesk[web]'")
schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")

from hypothesis import HealthCheck, given, settings

OPERATIONS = [("/api/facts/{symbol}", "GET"), ("/api/bars/{symbol}", "GET"),
              ("/api/monthly/{symbol}", "GET"), ("/api/seasonality/{symbol}", "GET"),
              ("/api/drawdown/{symbol}", "GET"), ("/api/compare", "GET"),
              ("/api/check", "POST")]


@pytest.fixture(scope="module")
def api_schema(loaded_db: Path):
    from marketdesk.web import create_app

    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(loaded_db))


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_api_never_fails_with_a_server_error(api_schema, path, method):
    operation = api_schema[path][method]
    strategy = operation.as_strategy()

    @given(case=strategy)
    @settings(max_examples=15, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            response = case.call()
        assert response.status_code < 500, (case.path_parameters, case.query,
                                            response.text[:300])
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"}
            assert set(body["error"]) == {"type", "message", "exit_code"}
            assert isinstance(body["error"]["exit_code"], int)

    run()


def test_known_symbols_are_generated_too(api_schema):
    """A plain run rarely hits a real symbol: check the valid path once by hand."""
    case = api_schema["/api/facts/{symbol}"]["GET"].Case(path_parameters={"symbol": "^RUT"},
                                                          query={"date": "2024-11-25"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert case.call().status_code == 200
