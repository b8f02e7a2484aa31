"""The API's own behaviour that needs no database: errors, auth, limits, CORS, OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import Settings

KEY = "unit-test-key"


def make_client(**overrides: object) -> TestClient:
    # Port 1 on loopback: nothing listens, so any database call fails fast as unreachable.
    base: dict[str, object] = {"api_keys": KEY, "neo4j_uri": "bolt://127.0.0.1:1"}
    base.update(overrides)
    return TestClient(create_app(Settings(**base)), raise_server_exceptions=False)  # type: ignore[arg-type]


@pytest.fixture
def client() -> Iterator[TestClient]:
    with make_client() as c:
        yield c


def assert_error(body: dict[str, object], code: str) -> str:
    assert set(body) == {"error"}
    error = body["error"]
    assert isinstance(error, dict)
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error["message"]


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": "0.1.0"}


def test_write_without_key_is_refused(client: TestClient) -> None:
    r = client.post("/v1/articles", json={"text": "Lavrov said it rained."})
    assert r.status_code == 401
    assert "X-API-Key" in assert_error(r.json(), "unauthorized")


def test_write_with_wrong_key_is_refused(client: TestClient) -> None:
    r = client.post("/v1/articles", json={"text": "x"}, headers={"X-API-Key": "nope"})
    assert r.status_code == 403
    assert_error(r.json(), "forbidden")


def test_batch_without_key_is_refused(client: TestClient) -> None:
    r = client.post("/v1/articles/batch", json={"articles": [{"text": "x"}]})
    assert r.status_code == 401


def test_neither_text_nor_html_is_a_field_level_422(client: TestClient) -> None:
    r = client.post("/v1/articles", json={"title": "no body"}, headers={"X-API-Key": KEY})
    assert r.status_code == 422
    body = r.json()
    message = assert_error(body, "validation_error")
    assert "text" in message and "html" in message
    assert [d["field"] for d in body["error"]["details"]] == ["body.text"]


def test_wrong_types_are_field_level_422(client: TestClient) -> None:
    r = client.post("/v1/articles", json={"text": 5, "color": "red"}, headers={"X-API-Key": KEY})
    assert r.status_code == 422
    fields = sorted(d["field"] for d in r.json()["error"]["details"])
    assert fields == ["body.color", "body.text"]


def test_not_json_is_422(client: TestClient) -> None:
    r = client.post(
        "/v1/articles", content=b"{not json", headers={"X-API-Key": KEY, "Content-Type": "application/json"}
    )
    assert r.status_code == 422
    assert_error(r.json(), "validation_error")


def test_text_over_the_limit_is_413_with_a_readable_message(client: TestClient) -> None:
    text = "a" * 1_000_001  # default limit: 1 MB of text
    r = client.post("/v1/articles", json={"text": text}, headers={"X-API-Key": KEY})
    assert r.status_code == 413
    message = assert_error(r.json(), "payload_too_large")
    assert message == (
        "article text is 1000001 bytes; the limit is 1000000 bytes (CLAIMGRAPH_MAX_TEXT_BYTES)"
    )


def test_size_limit_is_configurable_and_counts_utf8_bytes() -> None:
    with make_client(max_text_bytes=10) as c:
        r = c.post("/v1/articles", json={"html": "<p>ééééé</p>"}, headers={"X-API-Key": KEY})
    assert r.status_code == 413
    assert "html is 17 bytes" in r.json()["error"]["message"]


def test_request_body_cap_answers_413_before_parsing() -> None:
    with make_client(max_request_bytes=100) as c:
        r = c.post("/v1/articles", json={"text": "b" * 200}, headers={"X-API-Key": KEY})
    assert r.status_code == 413
    assert "100 bytes" in assert_error(r.json(), "payload_too_large")


def test_batch_over_item_cap_is_422() -> None:
    with make_client(max_batch_items=2) as c:
        r = c.post(
            "/v1/articles/batch",
            json={"articles": [{"text": "a"}, {"text": "b"}, {"text": "c"}]},
            headers={"X-API-Key": KEY},
        )
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "body.articles"


def test_unknown_route_is_uniform_404(client: TestClient) -> None:
    r = client.get("/v1/nothing-here")
    assert r.status_code == 404
    assert_error(r.json(), "not_found")


def test_limit_over_maximum_is_422() -> None:
    with make_client(max_page_limit=20) as c:
        r = c.get("/v1/claims", params={"limit": 21})
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert details == [
        {"field": "query.limit", "message": "limit must be at most 20", "type": "less_than_equal"}
    ]


def test_limit_below_one_is_422(client: TestClient) -> None:
    r = client.get("/v1/speakers", params={"limit": 0})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "query.limit"


def test_depth_out_of_range_is_422(client: TestClient) -> None:
    r = client.get("/v1/graph/claims/clm_x", params={"depth": 4})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "query.depth"


def test_unreachable_neo4j_is_503_with_retry_after(client: TestClient) -> None:
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "5"
    message = assert_error(r.json(), "service_unavailable")
    assert "Traceback" not in r.text
    assert "unreachable" in message


def test_reads_can_require_a_key() -> None:
    with make_client(read_requires_key=True) as c:
        r = c.get("/v1/stats")
    assert r.status_code == 401
    assert_error(r.json(), "unauthorized")


def test_unexpected_errors_are_a_clean_500() -> None:
    app = create_app(Settings(api_keys=KEY))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert r.json() == {
        "error": {"code": "internal_error", "message": "internal server error; the incident was logged"}
    }
    assert "secret internals" not in r.text


def test_cors_is_configurable() -> None:
    with make_client(cors_origins="https://news.example") as c:
        r = c.options(
            "/v1/claims",
            headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"},
        )
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == "https://news.example"
    with make_client() as c:
        r = c.get("/healthz", headers={"Origin": "https://news.example"})
        assert "access-control-allow-origin" not in r.headers


def test_openapi_documents_every_route(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    ops = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(ops) == 15
    for path, method, op in ops:
        ok = [s for s in op["responses"] if s.startswith("2")]
        assert ok, f"{method} {path} has no success response"
        content = op["responses"][ok[0]]["content"]["application/json"]
        assert "$ref" in content["schema"], f"{method} {path} has no response model"
        if path.startswith("/v1"):
            assert op["summary"], f"{method} {path} has no summary"
    limit = next(p for p in schema["paths"]["/v1/claims"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200
    create = schema["components"]["schemas"]["ArticleCreate"]
    assert create["examples"][0]["title"].startswith("Militants")
    assert schema["paths"]["/v1/articles"]["post"]["security"] == [{"APIKeyHeader": []}]
    assert client.get("/docs").status_code == 200


def test_openapi_security_follows_the_read_key_setting() -> None:
    with make_client() as c:
        paths = c.get("/openapi.json").json()["paths"]
    assert "security" not in paths["/v1/claims"]["get"]
    assert paths["/v1/articles/batch"]["post"]["security"] == [{"APIKeyHeader": []}]
    with make_client(read_requires_key=True) as c:
        paths = c.get("/openapi.json").json()["paths"]
    assert paths["/v1/claims"]["get"]["security"] == [{"APIKeyHeader": []}]


def test_every_success_response_has_an_example(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                if status.startswith("2"):
                    assert "example" in response["content"]["application/json"], f"{method} {path} {status}"


def test_examples_are_valid_answers() -> None:
    from pydantic import BaseModel

    from app.api import examples as ex
    from app.api.schemas.articles import ArticleCreated, ArticleList, ArticlePublic
    from app.api.schemas.claims import ClaimList, ClaimPublic
    from app.api.schemas.disputes import DisputeList
    from app.api.schemas.graph import Neighbourhood
    from app.api.schemas.speakers import OpponentList, SpeakerList, SpeakerPublic
    from app.api.schemas.stats import Stats

    pairs: list[tuple[type[BaseModel], dict[str, Any]]] = [
        (ArticleCreated, ex.ARTICLE_CREATED),
        (ArticleList, ex.ARTICLE_LIST),
        (ArticlePublic, ex.ARTICLE_PUBLIC),
        (ClaimList, ex.CLAIM_LIST),
        (ClaimPublic, ex.CLAIM_PUBLIC),
        (SpeakerList, ex.SPEAKER_LIST),
        (SpeakerPublic, ex.SPEAKER_PUBLIC),
        (OpponentList, ex.OPPONENT_LIST),
        (DisputeList, ex.DISPUTE_LIST),
        (Neighbourhood, ex.NEIGHBOURHOOD),
        (Stats, ex.STATS),
    ]
    for model, example in pairs:
        model.model_validate(example)


def test_batch_items_that_cannot_be_ingested_fail_alone_with_reasons() -> None:
    # No item reaches the ingest path here, so no database is involved.
    with make_client(max_text_bytes=10) as c:
        r = c.post(
            "/v1/articles/batch",
            json={"articles": [{"text": "x" * 11, "id": "big"}, {"title": "no body"}]},
            headers={"X-API-Key": KEY},
        )
    assert r.status_code == 200
    body = r.json()
    assert (body["created"], body["existing"], body["failed"]) == (0, 0, 2)
    assert body["items"][0] == {
        "index": 0,
        "status": "failed",
        "result": None,
        "error": "article text is 11 bytes; the limit is 10 bytes (CLAIMGRAPH_MAX_TEXT_BYTES)",
    }
    assert body["items"][1]["error"] == "either `text` or `html` is required and must not be blank"


def test_dates_must_be_iso_8601(client: TestClient) -> None:
    r = client.post(
        "/v1/articles", json={"text": "x", "published_at": "last Tuesday"}, headers={"X-API-Key": KEY}
    )
    assert r.status_code == 422
    (detail,) = r.json()["error"]["details"]
    assert detail["field"] == "body.published_at"
    assert "'last Tuesday' is not an ISO 8601 date or datetime" in detail["message"]
    r = client.get("/v1/claims", params={"since": "yesterday"})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "query.since"
