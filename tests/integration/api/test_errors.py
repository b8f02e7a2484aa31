"""Error answers of the live app: uniform 404s, 503 with Retry-After when Neo4j is unreachable."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles/art_missing",
        "/v1/claims/clm_missing",
        "/v1/speakers/spk_missing",
        "/v1/speakers/spk_missing/claims",
        "/v1/speakers/spk_missing/opponents",
        "/v1/graph/claims/clm_missing",
    ],
)
def test_unknown_ids_are_uniform_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == "not_found"
    assert body["error"]["message"].endswith("_missing' not found")


def test_ready_when_migrated(client: TestClient) -> None:
    r = client.get("/readyz")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ready"
    assert body["schema_version"] == body["expected_schema_version"]


def test_reads_answer_503_with_retry_after_when_neo4j_is_unreachable() -> None:
    # A real driver aimed at a loopback port nothing listens on: the database is down, not mocked.
    app = create_app(Settings(neo4j_uri="bolt://127.0.0.1:1", api_keys="k"))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/v1/stats")
        assert r.status_code == 503
        assert r.headers["Retry-After"] == "5"
        assert r.json()["error"]["code"] == "service_unavailable"
        assert "Traceback" not in r.text
        w = c.post("/v1/articles", json={"text": "Lavrov said it rained."}, headers={"X-API-Key": "k"})
        assert w.status_code == 503
