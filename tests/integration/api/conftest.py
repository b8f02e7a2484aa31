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
from app.nlp.models import ArticleIn
from app.services import ingest
from app.settings import PROJECT_ROOT, Settings
from graph import writer

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
def seed_posted(
    client: TestClient, auth: dict[str, str], seed_article: dict[str, Any], neo4j_driver: neo4j.Driver
) -> dict[str, Any]:
    """The seed article ingested once per session through POST /v1/articles.

    On a fresh graph (CI) the POST creates it: 201. On a developer's graph it may already be there,
    loaded by an older pipeline; it is then re-loaded first with today's extraction (the writer
    replaces what an article said), so the assertions test the current pipeline, and the POST is 200.
    """
    article = ArticleIn(**seed_article)
    existing = ingest.existing_result(neo4j_driver, article)
    if existing is not None:
        prepared = ingest.prepare_article(article)
        writer.write_article(
            neo4j_driver, article, prepared.extraction, resolution=ingest.resolve(neo4j_driver, prepared)
        )
    r = client.post("/v1/articles", json=seed_article, headers=auth)
    assert r.status_code == (201 if existing is None else 200), r.text
    body: dict[str, Any] = r.json()
    return body
