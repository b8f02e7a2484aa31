"""Input a client can send that once answered 500 (issue 17, item 2): each is now a 4xx with a message.

The property-based tests at the bottom draw dates (any offset, the ends of the calendar) and cursors
(random text, well-formed cursors of the wrong list, numbers past any range) and find no 5xx.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api import cursors
from tests.integration.api.conftest import STORY_PATH, read_jsonl

pytestmark = pytest.mark.integration

CALENDAR_EDGES = [
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59.999999-00:01",
]


def assert_error(r: Any, status: int, code: str, *words: str) -> None:
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["code"] == code, error
    for word in words:
        assert word in error["message"], error


@pytest.mark.parametrize("value", CALENDAR_EDGES)
def test_calendar_edge_dates_on_post_are_422(
    client: TestClient, auth: dict[str, str], seed_article: dict[str, Any], value: str
) -> None:
    r = client.post("/v1/articles", json={**seed_article, "published_at": value}, headers=auth)
    assert_error(r, 422, "validation_error", "published_at", "UTC")


@pytest.mark.parametrize("path", ["/v1/claims", "/v1/articles", "/v1/disputes"])
@pytest.mark.parametrize("param", ["since", "until"])
@pytest.mark.parametrize("value", CALENDAR_EDGES)
def test_calendar_edge_dates_on_lists_are_422(client: TestClient, path: str, param: str, value: str) -> None:
    if path == "/v1/disputes" and param == "until":
        pytest.skip("/v1/disputes has no `until`")
    r = client.get(path, params={param: value})
    assert_error(r, 422, "validation_error", param, "UTC")


def test_offsets_inside_the_calendar_still_work(client: TestClient) -> None:
    dates = {"since": "2000-01-01T00:00:00+14:00", "until": "9999-12-30T00:00:00-14:00"}
    r = client.get("/v1/claims", params=dates)
    assert r.status_code == 200, r.text


def test_out_of_range_numeric_cursor_is_400(client: TestClient, seed_posted: dict[str, Any]) -> None:
    lavrov = next(
        s["id"] for t in seed_posted["triples"] for s in t["speakers"] if s["name"] == "Sergey Lavrov"
    )
    raw = client.get(f"/v1/speakers/{lavrov}/opponents", params={"cursor": "99999999999999999999999999"})
    assert_error(raw, 400, "invalid_cursor", "invalid cursor")
    forged = cursors.encode("opponents", "99999999999999999999999999")
    r = client.get(f"/v1/speakers/{lavrov}/opponents", params={"cursor": forged})
    assert_error(r, 400, "invalid_cursor", "invalid cursor", "out of range")


@pytest.mark.parametrize("cursor", ["\x00\xff\xfe", "clm_0", "", "Zm9v", "YzE6Y2xhaW1zOg"])
def test_cursors_this_api_did_not_issue_are_400(client: TestClient, cursor: str) -> None:
    r = client.get("/v1/claims", params={"cursor": cursor})
    if cursor == "":
        assert r.status_code == 200, r.text  # an empty cursor is no cursor: the first page
        return
    assert_error(r, 400, "invalid_cursor", "invalid cursor")


def test_a_cursor_of_another_list_is_400(client: TestClient) -> None:
    claims_cursor = cursors.encode("claims", "clm_0")
    r = client.get("/v1/speakers", params={"cursor": claims_cursor})
    assert_error(r, 400, "invalid_cursor", "another list")


def test_issued_cursors_are_opaque_and_round_trip(client: TestClient, seed_posted: dict[str, Any]) -> None:
    first = client.get("/v1/claims", params={"limit": 1}).json()
    assert first["next_cursor"] and not first["next_cursor"].startswith("clm_")
    second = client.get("/v1/claims", params={"limit": 1, "cursor": first["next_cursor"]})
    assert second.status_code == 200, second.text
    assert second.json()["items"][0]["id"] > first["items"][0]["id"]


@pytest.mark.parametrize("key", [b"\xff\xfe", "clé".encode("latin-1"), "dev-kéy".encode()])
def test_non_ascii_api_key_is_403(client: TestClient, seed_article: dict[str, Any], key: bytes) -> None:
    r = client.post("/v1/articles", json=seed_article, headers={b"X-API-Key": key})
    assert_error(r, 403, "forbidden", "X-API-Key")


def test_batch_answers_per_item_when_one_has_a_bad_date(
    client: TestClient, auth: dict[str, str], seed_posted: dict[str, Any]
) -> None:
    story = read_jsonl(STORY_PATH)[:2]
    bad = {**story[1], "published_at": CALENDAR_EDGES[0]}
    r = client.post("/v1/articles/batch", json={"articles": [story[0], bad, story[1]]}, headers=auth)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["index"] for i in items] == [0, 1, 2]
    assert [i["status"] in ("created", "exists") for i in items] == [True, False, True]
    assert "published_at" in items[1]["error"] and "UTC" in items[1]["error"]


def test_batch_item_with_unknown_field_fails_alone(client: TestClient, auth: dict[str, str]) -> None:
    story = read_jsonl(STORY_PATH)[:1]
    r = client.post(
        "/v1/articles/batch", json={"articles": [{"text": 5, "colour": "red"}, story[0]]}, headers=auth
    )
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert items[0]["status"] == "failed" and "colour" in items[0]["error"]
    assert items[1]["status"] in ("created", "exists")


def test_oversized_headers_are_431_and_answers_say_nosniff(client: TestClient) -> None:
    r = client.get("/v1/stats", headers={"X-Padding": "x" * 64_000})
    assert_error(r, 431, "request_header_fields_too_large", "CLAIMGRAPH_MAX_HEADER_BYTES")
    assert r.headers["x-content-type-options"] == "nosniff"
    for path in ("/v1/stats", "/v1/claims/clm_missing", "/healthz"):
        assert client.get(path).headers["x-content-type-options"] == "nosniff"


# --- property-based: dates and cursors never reach a 5xx -----------------------------------------

OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: f"{'-' if m < 0 else '+'}{abs(m) // 60:02d}:{abs(m) % 60:02d}"
)
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.builds(lambda dt, off: dt.isoformat() + off, st.datetimes(), OFFSETS),
    st.datetimes().map(lambda dt: dt.isoformat() + "Z"),
    st.sampled_from(["9999-12-31", "0001-01-01", "9999-12-31T23:59:59+00:00", *CALENDAR_EDGES]),
    st.text(max_size=40),
)
ANY_KIND = st.sampled_from(["articles", "claims", "speakers", "disputes", "opponents"])
CURSORS = st.one_of(
    st.text(max_size=80),
    st.builds(cursors.encode, ANY_KIND, st.text(max_size=60)),
    st.builds(cursors.encode, ANY_KIND, st.integers(min_value=0, max_value=10**30).map(str)),
    st.binary(max_size=60).map(lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@FUZZ
@given(path=st.sampled_from(["/v1/claims", "/v1/articles"]), since=DATES, until=DATES)
def test_no_5xx_for_any_date(client: TestClient, path: str, since: str, until: str) -> None:
    r = client.get(path, params={"since": since, "until": until})
    assert r.status_code in (200, 422), r.text


@FUZZ
@given(since=DATES)
def test_no_5xx_for_any_dispute_date(client: TestClient, since: str) -> None:
    assert client.get("/v1/disputes", params={"since": since}).status_code in (200, 422)


@FUZZ
@given(path=st.sampled_from(["/v1/claims", "/v1/articles", "/v1/speakers", "/v1/disputes"]), cursor=CURSORS)
def test_no_5xx_for_any_cursor(client: TestClient, path: str, cursor: str) -> None:
    r = client.get(path, params={"cursor": cursor})
    assert r.status_code in (200, 400, 422), r.text


@FUZZ
@given(cursor=CURSORS)
def test_no_5xx_for_any_offset_cursor(client: TestClient, seed_posted: dict[str, Any], cursor: str) -> None:
    speaker = seed_posted["triples"][0]["speakers"][0]["id"]
    for path in (f"/v1/speakers/{speaker}/opponents", f"/v1/speakers/{speaker}/claims"):
        r = client.get(path, params={"cursor": cursor})
        assert r.status_code in (200, 400, 422), r.text
