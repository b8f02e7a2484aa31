"""Articles in through the one ingest path (real spaCy), and read back through the API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.api.conftest import STORY_PATH, read_jsonl

pytestmark = pytest.mark.integration


def speakers(article: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for t in article["triples"] for s in t["speakers"]]


def speaker_id(article: dict[str, Any], name: str) -> str:
    ids = [s["id"] for s in speakers(article) if s["name"] == name]
    assert ids, f"{name} not among {[s['name'] for s in speakers(article)]}"
    return ids[0]


def test_seed_article_comes_back_with_claims_and_spans(seed_posted: dict[str, Any]) -> None:
    assert seed_posted["id"].startswith("art_")
    assert seed_posted["external_id"] == "seed-rukban-2021"
    names = {s["name"] for s in speakers(seed_posted)}
    assert {"Sergey Lavrov", "Robert Palladino"} <= names
    assert seed_posted["triples"], "no claims extracted"
    for triple in seed_posted["triples"]:
        assert triple["claim"]["id"].startswith("clm_")
        assert triple["content_span"], triple


def test_who_disputes_lavrov_is_palladino_once(client: TestClient, seed_posted: dict[str, Any]) -> None:
    lavrov = speaker_id(seed_posted, "Sergey Lavrov")
    r = client.get(f"/v1/speakers/{lavrov}/opponents")
    assert r.status_code == 200, r.text
    body = r.json()
    palladino = [o for o in body["items"] if o["speaker"]["name"] == "Robert Palladino"]
    assert len(palladino) == 1, body
    assert palladino[0]["disputes"] == 1
    assert palladino[0]["disputes_by_opponent"] == 1
    assert palladino[0]["disputes_by_speaker"] == 0


def test_repost_is_idempotent(
    client: TestClient, auth: dict[str, str], seed_article: dict[str, Any], seed_posted: dict[str, Any]
) -> None:
    before = client.get("/v1/stats").json()
    r = client.post("/v1/articles", json=seed_article, headers=auth)
    assert r.status_code == 200, r.text
    again = r.json()
    assert again["created"] is False
    assert {k: v for k, v in again.items() if k != "created"} == {
        k: v for k, v in seed_posted.items() if k != "created"
    }
    assert client.get("/v1/stats").json() == before


def test_article_reads_back_with_triples(client: TestClient, seed_posted: dict[str, Any]) -> None:
    article_id = seed_posted["id"]
    r = client.get(f"/v1/articles/{article_id}")
    assert r.status_code == 200, r.text
    article = r.json()
    # One shape for POST and GET: the POST answer is the GET answer plus `created`.
    assert {**article, "created": seed_posted["created"]} == seed_posted
    assert article["external_id"] == "seed-rukban-2021"
    text = article["text"]
    for t in article["triples"]:
        for start, end in t["content_span"]:
            assert 0 <= start < end <= len(text)
    lavrov_triples = [
        t for t in article["triples"] if any(s["name"] == "Sergey Lavrov" for s in t["speakers"])
    ]
    assert lavrov_triples and lavrov_triples[0]["cue"] == "said"

    listed = client.get("/v1/articles", params={"limit": 200}).json()
    assert article_id in {a["id"] for a in listed["items"]} or listed["next_cursor"] is not None


def test_claim_detail_has_provenance_and_disputes_both_ways(
    client: TestClient, seed_posted: dict[str, Any]
) -> None:
    disputes = seed_posted["disputes"]
    assert disputes, "the seed article should yield Palladino's dispute of Lavrov's claim"
    d = {"claim_id": disputes[0]["claim"]["id"], "disputed_claim_id": disputes[0]["disputed_claim"]["id"]}
    r = client.get(f"/v1/claims/{d['disputed_claim_id']}")
    assert r.status_code == 200, r.text
    claim = r.json()
    assert claim["assertions"][0]["article"]["id"] == seed_posted["id"]
    assert claim["assertions"][0]["content_span"]
    assert d["claim_id"] in {x["claim"]["id"] for x in claim["disputed_by"]}
    back = client.get(f"/v1/claims/{d['claim_id']}").json()
    assert d["disputed_claim_id"] in {x["claim"]["id"] for x in back["disputes"]}
    assert all(x["evidence"] is not None for x in back["disputes"])

    listed = client.get("/v1/disputes", params={"speaker": speaker_id(seed_posted, "Sergey Lavrov")}).json()
    mine = [x for x in listed["items"] if x["claim"]["id"] == d["claim_id"]]
    assert [s["name"] for s in mine[0]["speakers"]] == ["Robert Palladino"]
    assert [s["name"] for s in mine[0]["disputed_speakers"]] == ["Sergey Lavrov"]

    graph = client.get(f"/v1/graph/claims/{d['claim_id']}", params={"depth": 2}).json()
    node_ids = {n["id"] for n in graph["nodes"]}
    assert {d["claim_id"], d["disputed_claim_id"]} <= node_ids
    assert any(e["type"] == "DISPUTES" for e in graph["edges"])


def test_search_and_speaker_reads(client: TestClient, seed_posted: dict[str, Any]) -> None:
    lavrov = speaker_id(seed_posted, "Sergey Lavrov")
    found = client.get("/v1/speakers", params={"q": "Lavrov"}).json()
    assert lavrov in {s["id"] for s in found["items"]}
    detail = client.get(f"/v1/speakers/{lavrov}").json()
    assert detail["name"] == "Sergey Lavrov"
    assert detail["claim_count"] >= 1
    claims = client.get(f"/v1/speakers/{lavrov}/claims").json()
    assert claims["items"] and all(lavrov in {s["id"] for s in c["speakers"]} for c in claims["items"])
    hits = client.get("/v1/claims", params={"q": "Rukban evacuated", "speaker": lavrov}).json()
    assert [c["id"] for c in hits["items"]] == [c["id"] for c in claims["items"] if "evacuated" in c["text"]]
    # Query syntax in q is searched as words, never parsed: no 500 on Lucene operators.
    weird = client.get("/v1/claims", params={"q": 'AND OR "unbalanced ( [ ~ *'})
    assert weird.status_code == 200


def test_batch_reports_each_item_and_one_bad_item_fails_alone(
    client: TestClient, auth: dict[str, str]
) -> None:
    story = read_jsonl(STORY_PATH)[:2]
    body = {"articles": [story[0], {"title": "blank", "text": "   "}, story[1]]}
    r = client.post("/v1/articles/batch", json=body, headers=auth)
    assert r.status_code == 200, r.text
    result = r.json()
    assert [i["index"] for i in result["items"]] == [0, 1, 2]
    assert result["items"][1]["status"] == "failed"
    assert "text" in result["items"][1]["error"]
    for i in (0, 2):
        assert result["items"][i]["status"] in ("created", "exists")
        assert result["items"][i]["result"]["external_id"] == story[i // 2]["id"]
    assert result["failed"] == 1
    assert result["created"] + result["existing"] == 2


def test_writes_without_key_change_nothing(client: TestClient, seed_article: dict[str, Any]) -> None:
    before = client.get("/v1/stats").json()
    r = client.post("/v1/articles", json={**seed_article, "id": "never-written"})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
    assert client.get("/v1/stats").json() == before


def test_article_with_nothing_left_after_cleanup_is_422_not_201(
    client: TestClient, auth: dict[str, str]
) -> None:
    r = client.post(
        "/v1/articles",
        json={"title": "furniture", "text": "Listen Live\nGet short URL\nShare\n"},
        headers=auth,
    )
    assert r.status_code == 422, r.text
    assert "no article text found after cleanup" in r.json()["error"]["message"]
    body = {"articles": [{"title": "furniture", "html": "<html><body><script>go()</script></body></html>"}]}
    r = client.post("/v1/articles/batch", json=body, headers=auth)
    assert r.status_code == 200, r.text
    (item,) = r.json()["items"]
    assert item["status"] == "failed"
    assert "no article text found after cleanup" in item["error"]


def test_claims_by_speaker_name(client: TestClient, seed_posted: dict[str, Any]) -> None:
    lavrov = speaker_id(seed_posted, "Sergey Lavrov")
    by_id = client.get("/v1/claims", params={"speaker": lavrov}).json()
    assert by_id["items"]
    for name in ("Sergey Lavrov", "sergey lavrov"):
        r = client.get("/v1/claims", params={"speaker": name})
        assert r.status_code == 200, r.text
        assert r.json() == by_id
    nobody = client.get("/v1/claims", params={"speaker": "Zyxwv Nobodyhere"})
    assert nobody.status_code == 422
    assert "no speaker matches 'Zyxwv Nobodyhere'" in nobody.json()["error"]["message"]
    assert "/v1/speakers" in nobody.json()["error"]["message"]
