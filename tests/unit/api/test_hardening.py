"""Issue 17 hardening that needs no database: the connection survives a 500, offline /docs and /redoc,
header limits, nosniff, non-ASCII keys, opaque cursors, the default-secrets warning."""

from __future__ import annotations

import http.client
import logging
import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api import cursors
from app.api.errors import ApiError
from app.api.main import create_app
from app.settings import Settings

KEY = "unit-test-key"


def unit_settings(**overrides: object) -> Settings:
    base: dict[str, object] = {"api_keys": KEY, "neo4j_uri": "bolt://127.0.0.1:1"}
    base.update(overrides)
    return Settings(**base)  # type: ignore[arg-type]


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(unit_settings())) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served_app() -> Iterator[tuple[FastAPI, int]]:
    """The app behind a real uvicorn on a spare port, with a route that fails unexpectedly."""
    app = create_app(unit_settings())

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # wait for the socket to listen (polling a condition, not a timed assertion)
        if server.started:
            break
        time.sleep(0.05)
    assert server.started
    try:
        yield app, port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_500_keeps_the_connection_for_the_next_request(served_app: tuple[FastAPI, int]) -> None:
    _, port = served_app
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for _ in range(5):
            conn.request("GET", "/boom")
            r = conn.getresponse()
            body = r.read()
            assert r.status == 500 and b"internal_error" in body and b"secret internals" not in body
            assert (r.getheader("connection") or "").lower() != "close"
            sock = conn.sock
            assert sock is not None
            conn.request("GET", "/healthz")
            ok = conn.getresponse()
            assert ok.status == 200, ok.read()
            ok.read()
            assert conn.sock is sock, "the server closed the connection after the 500"
    finally:
        conn.close()


ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*['"]([^'"]+)['"]""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_load_every_asset_from_the_local_server(client: TestClient, page: str) -> None:
    r = client.get(page)
    assert r.status_code == 200
    html = r.text
    refs = {a or b for a, b in ASSET.findall(html)}
    assert refs, html
    assert not [u for u in refs if "://" in u or u.startswith("//")], f"remote assets in {page}: {refs}"
    scripts = [u for u in refs if u.endswith(".js")]
    assert scripts, refs
    for url in refs:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url
    if page == "/docs":
        assert any(u.endswith(".css") for u in refs)


def test_oversized_headers_are_431(client: TestClient) -> None:
    r = client.get("/healthz", headers={"X-Padding": "x" * 20_000})
    assert r.status_code == 431
    assert r.json()["error"]["code"] == "request_header_fields_too_large"
    assert client.get("/healthz", headers={"X-Padding": "x" * 1_000}).status_code == 200
    with TestClient(create_app(unit_settings(max_header_bytes=100_000))) as c:
        assert c.get("/healthz", headers={"X-Padding": "x" * 20_000}).status_code == 200


def test_every_answer_says_nosniff(client: TestClient) -> None:
    for r in (
        client.get("/healthz"),
        client.get("/nowhere"),
        client.post("/v1/articles", json={"text": "x"}),
        client.get("/docs"),
    ):
        assert r.headers["x-content-type-options"] == "nosniff", r.url


@pytest.mark.parametrize("key", [b"\xff\xfe", "clé".encode("latin-1"), b"unit-test-k\xe9y"])
def test_non_ascii_key_is_403(client: TestClient, key: bytes) -> None:
    r = client.post("/v1/articles", json={"text": "x"}, headers={b"X-API-Key": key})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"


def test_cursor_round_trip_and_refusals() -> None:
    for kind, key in (("claims", "clm_0a1b"), ("opponents", "150"), ("articles", "art_ff")):
        token = cursors.encode(kind, key)  # type: ignore[arg-type]
        assert token is not None and key not in token
        assert cursors.decode(kind, token) == key  # type: ignore[arg-type]
    assert cursors.encode("claims", None) is None and cursors.decode("claims", None) is None
    bad = [
        ("claims", "clm_0a1b"),  # a raw id
        ("claims", "\x00\xff\xfe"),
        ("claims", cursors.encode("speakers", "spk_1")),  # another list's
        ("opponents", cursors.encode("opponents", str(10**20))),  # past any offset
        ("opponents", cursors.encode("opponents", "-1")),
        ("claims", cursors.encode("claims", "clm 'x' OR 1=1")),
    ]
    for kind, token in bad:
        with pytest.raises(ApiError) as err:
            cursors.decode(kind, token)  # type: ignore[arg-type]
        assert err.value.status == 400 and "invalid cursor" in err.value.message


def test_default_secrets_warn_outside_the_dev_profile(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="app.api.main"):
        create_app(Settings(profile="dev"))
    assert "default secrets" not in caplog.text
    with caplog.at_level(logging.WARNING, logger="app.api.main"):
        create_app(Settings(profile="prod"))
    assert "CLAIMGRAPH_NEO4J_PASSWORD" in caplog.text and "'dev-key'" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="app.api.main"):
        create_app(Settings(profile="prod", api_keys="s3cret", neo4j_password="s3cret-too"))
    assert "default secrets" not in caplog.text


def test_probes_answer_under_v1_too(client: TestClient) -> None:
    assert client.get("/v1/healthz").json() == client.get("/healthz").json()
    # No database here: both readiness probes answer the same 503 with Retry-After.
    r, v1 = client.get("/readyz"), client.get("/v1/readyz")
    assert r.status_code == v1.status_code == 503 and v1.headers["retry-after"]
    paths = client.get("/openapi.json").json()["paths"]
    assert "/healthz" in paths and "/v1/healthz" not in paths
