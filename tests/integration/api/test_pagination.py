"""Cursor pagination walks a 250-claim result with no duplicates or gaps.

The claims are written through graph.writer directly (no NLP): speed, and an exactly known result.
"""

from __future__ import annotations

import neo4j
import pytest
from fastapi.testclient import TestClient

from app.nlp.models import ArticleIn, Attribution, Extraction, Speaker
from graph import ids
from graph.writer import write_article

pytestmark = pytest.mark.integration

N_CLAIMS = 250
SPEAKER = "Paginata Probewright"


def synthetic_article(n: int) -> tuple[ArticleIn, Extraction]:
    parts: list[str] = []
    attributions: list[Attribution] = []
    pos = 0
    for i in range(n):
        content = f"probe statement number {i:04d} about paging holds"
        sentence = f"{SPEAKER} said {content}. "
        cue_start = pos + len(SPEAKER) + 1
        content_start = cue_start + len("said ")
        attributions.append(
            Attribution(
                source=[(pos, pos + len(SPEAKER))],
                cue=[(cue_start, cue_start + 4)],
                content=[(content_start, content_start + len(content))],
                speaker=SPEAKER,
                speaker_kind="PERSON",
                sentence=i,
            )
        )
        parts.append(sentence)
        pos += len(sentence)
    text = "".join(parts)
    extraction = Extraction(
        text=text, attributions=attributions, speakers=[Speaker(name=SPEAKER, kind="PERSON")]
    )
    article = ArticleIn(id="api-pagination-250", text=text, title="Pagination probe", source="synthetic")
    return article, extraction


@pytest.fixture(scope="module")
def probe_speaker(neo4j_driver: neo4j.Driver) -> tuple[str, set[str]]:
    article, extraction = synthetic_article(N_CLAIMS)
    result = write_article(neo4j_driver, article, extraction)
    assert len(set(result.claim_ids)) == N_CLAIMS
    return ids.speaker_id(SPEAKER, kind="PERSON"), set(result.claim_ids)


def walk(client: TestClient, path: str, params: dict[str, str | int]) -> list[str]:
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(100):  # bounded: 250 / 37 needs 7 pages
        r = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= int(params["limit"])
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("pagination did not end")


def test_speaker_claims_walk_has_no_duplicates_or_gaps(
    client: TestClient, probe_speaker: tuple[str, set[str]]
) -> None:
    speaker, expected = probe_speaker
    seen = walk(client, f"/v1/speakers/{speaker}/claims", {"limit": 37})
    assert len(seen) == N_CLAIMS
    assert set(seen) == expected
    assert seen == sorted(seen), "order must be stable (by id)"


def test_claim_search_walk_matches_one_big_page(
    client: TestClient, probe_speaker: tuple[str, set[str]]
) -> None:
    speaker, expected = probe_speaker
    small = walk(client, "/v1/claims", {"speaker": speaker, "limit": 50})
    big = walk(client, "/v1/claims", {"speaker": speaker, "limit": 200})
    assert small == big
    assert set(small) == expected
    texts = walk(client, "/v1/claims", {"speaker": speaker, "q": "paging", "limit": 64})
    assert texts == small


def test_speaker_detail_counts_the_probe(client: TestClient, probe_speaker: tuple[str, set[str]]) -> None:
    speaker, _ = probe_speaker
    detail = client.get(f"/v1/speakers/{speaker}").json()
    assert detail["name"] == SPEAKER
    assert detail["claim_count"] == N_CLAIMS
