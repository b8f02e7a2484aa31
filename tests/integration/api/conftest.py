"""The real app over HTTP (TestClient) on the real Neo4j from tests/integration/conftest.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import PROJECT_ROOT, Settings

API_KEY = "integration-test-key"
SEED_PATH = PROJECT_ROOT / "data" / "samples" / "seed-rukban.jsonl"
STORY_PATH = PROJECT_ROOT / "tests" / "fixtures" / "story.jsonl"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def api_settings() -> Settings:
    return Settings(api_keys=API_KEY)


@pytest.fixture(scope="session")
def client(neo4j_driver: neo4j.Driver, api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings, driver=neo4j_driver)) as c:
        yield c


@pytest.fixture(scope="session")
def auth() -> dict[str, str]:
    return {"X-API-Key": API_KEY}


@pytest.fixture(scope="session")
def seed_article() -> dict[str, Any]:
    (record,) = read_jsonl(SEED_PATH)
    return record


@pytest.fixture(scope="session")
def seed_posted(client: TestClient, auth: dict[str, str], seed_article: dict[str, Any]) -> dict[str, Any]:
    """The seed article ingested once per session through POST /v1/articles (201, or 200 if already there)."""
    r = client.post("/v1/articles", json=seed_article, headers=auth)
    assert r.status_code in (200, 201), r.text
    body: dict[str, Any] = r.json()
    return body
