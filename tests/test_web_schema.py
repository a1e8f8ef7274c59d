"""Property-based run of the JSON API against its own OpenAPI schema (schemathesis).

Every operation the document lists (read from the document, so a new endpoint is covered without
editing this file) gets generated requests plus hand-picked valid ones on real data; every
response must be a non-5xx whose status is declared for that operation, whose content type is
declared, and whose body matches the declared schema (the typed model for 200, ``ErrorBody``
for an error). Bounded: a small number of requests per operation, no deadline. (Schemathesis's
pytest plugin does not run under pytest 9 yet, so the operations' Hypothesis strategies are used
directly.)
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'marketdesk[web]'")
schemathesis = pytest.importorskip("schemathesis", reason="pip install schemathesis")

from hypothesis import HealthCheck, given, settings

NOV25 = "2024-11-25"
#: Valid requests on the real data, so each 200 schema is checked on real answers too.
KNOWN = {
    ("/api/facts/{symbol}", "GET"): [{"path_parameters": {"symbol": "^RUT"}, "query": {"date": NOV25}},
                                     {"path_parameters": {"symbol": "DGS10"}, "query": {}},
                                     {"path_parameters": {"symbol": "^GSPC"},
                                      "query": {"date": "2024-11-28", "vs": ["^RUT"]}}],
    ("/api/bars/{symbol}", "GET"): [{"path_parameters": {"symbol": "^RUT"},
                                     "query": {"from": "2024-11-01", "to": NOV25}}],
    ("/api/monthly/{symbol}", "GET"): [{"path_parameters": {"symbol": "^DJI"}, "query": {}}],
    ("/api/seasonality/{symbol}", "GET"): [{"path_parameters": {"symbol": "^RUT"},
                                            "query": {"date": NOV25}}],
    ("/api/drawdown/{symbol}", "GET"): [{"path_parameters": {"symbol": "IWM"}, "query": {}}],
    ("/api/compare", "GET"): [{"query": {"a": "^RUT", "b": "^GSPC", "from": "2024-10-31",
                                         "to": NOV25, "y": "DGS10"}},
                              {"query": {"a": "^RUT", "b": "DGS10", "from": "2024-10-31"}}],
    ("/api/check", "POST"): [{"body": {"text": "The Russell 2000 rose 1.47% to 2442.03.",
                                       "as_of": NOV25}}],
    ("/api/wrap/{date}", "GET"): [{"path_parameters": {"date": NOV25}},
                                  {"path_parameters": {"date": "2024-11-28"}}],
}


@pytest.fixture(scope="module")
def api_schema(loaded_db: Path):
    from marketdesk.web import create_app

    # schemathesis's ASGI client calls the app "testserver": allow that name like --host would
    app = create_app(loaded_db, hosts=["testserver"])
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def _operations(api_schema) -> list[tuple[str, str]]:
    return [(op.path, op.method.upper()) for op in
            (r.ok() for r in api_schema.get_all_operations())]


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, status_code_conformance, content_type_conformance,
            response_schema_conformance]


def _validate(case) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        response = case.call()
        case.validate_response(response, checks=_checks())
    assert response.status_code < 500, (case.path_parameters, case.query, response.text[:300])
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"type", "message", "exit_code"}
    return response.status_code


def test_every_operation_is_covered(api_schema):
    """The hand-picked cases name every operation of the document, and nothing else."""
    assert set(_operations(api_schema)) == set(KNOWN)


@pytest.mark.parametrize(("path", "method"), sorted(KNOWN))
def test_generated_requests_match_the_schema(api_schema, path, method):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=8 if method == "POST" else 20, deadline=None, derandomize=True,
              database=None, suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        _validate(case)

    run()


@pytest.mark.parametrize(("path", "method"), sorted(KNOWN))
def test_real_requests_match_the_schema(api_schema, path, method):
    operation = api_schema[path][method]
    statuses = [_validate(operation.Case(**kw)) for kw in KNOWN[(path, method)]]
    assert statuses[0] == 200, statuses
