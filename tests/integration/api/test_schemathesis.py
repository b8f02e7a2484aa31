"""Property-based run of the app's own OpenAPI schema against the real app and the real Neo4j.

Bounded: at most 10 examples per operation, no Hypothesis deadline, a per-test timeout. Writes are
fuzzed without an API key (auth, body caps and validation answer; nothing is ingested), so random
text never lands in the shared graph and no NLP runs on destructive batch sizes.
"""

from __future__ import annotations

import neo4j
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from app.api.main import create_app
from app.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


@pytest.fixture(scope="module")
def api_schema(neo4j_driver: neo4j.Driver) -> schemathesis.BaseSchema:
    app = create_app(Settings(api_keys="fuzz-key-not-sent"), driver=neo4j_driver)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call()
    # A deliberate 503 (Neo4j unreachable) is allowed; any other 5xx is a bug.
    if response.status_code == 503:
        assert response.headers.get("retry-after"), "503 without Retry-After"
        return
    case.validate_response(
        response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )
