"""Property-based run of the app's own OpenAPI schema against the real app and the real Neo4j.

Bounded: at most 10 examples per operation, no Hypothesis deadline, a per-test timeout. Writes are
fuzzed without an API key (auth, body caps and validation answer; nothing is ingested), so random
text never lands in the shared graph and no NLP runs on destructive batch sizes.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from app.api.main import create_app
from app.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

# Loading the schema needs no database (only /openapi.json); the graph is attached per module below.
# (schemathesis.pytest.from_fixture would be tidier but breaks on pytest 9's Function objects.)
APP = create_app(Settings(api_keys="fuzz-key-not-sent"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def graph_attached(neo4j_driver: neo4j.Driver) -> Iterator[None]:
    APP.state.driver = neo4j_driver  # the session's driver: the app does not own or close it
    yield
    APP.state.driver = None


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_errors(case: schemathesis.Case, graph_attached: None) -> None:
    response = case.call()
    # A deliberate 503 (Neo4j unreachable) is allowed; any other 5xx is a bug.
    if response.status_code == 503:
        assert response.headers.get("retry-after"), "503 without Retry-After"
        return
    case.validate_response(
        response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )
