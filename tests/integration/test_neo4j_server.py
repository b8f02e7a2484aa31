"""The Neo4j server the project starts (or the configured external one) answers Bolt and serves Browser."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import neo4j
import pytest

from app.settings import Settings
from graph import server

pytestmark = pytest.mark.integration


def _pinned_version() -> str:
    found = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", server.POM.read_text(encoding="utf-8"))
    assert found is not None
    return found.group(1)


def test_bolt_answers_return_1(neo4j_driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one", database_=neo4j_settings.neo4j_database)
    assert [r["one"] for r in records] == [1]


def test_server_is_neo4j_5_26_community(neo4j_driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
        database_="system",
    )
    assert len(records) == 1
    assert records[0]["name"] == "Neo4j Kernel"
    version = records[0]["versions"][0]
    if server.is_external(neo4j_settings):
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version
        return
    # The local server is the one graph/neo4j-server/pom.xml pins.
    assert records[0]["edition"] == "community"
    assert version == _pinned_version()


def test_local_server_status_reports_where_and_version(
    neo4j_driver: neo4j.Driver, neo4j_settings: Settings
) -> None:
    if server.is_external(neo4j_settings):
        pytest.skip("an external server is configured; the local launcher is not in use")
    if server.read_pid(neo4j_settings) is None:
        pytest.skip("the server on the configured port was not started from this checkout")
    st = server.status(neo4j_settings)
    assert st.running
    assert st.bolt_uri == f"bolt://127.0.0.1:{neo4j_settings.neo4j_bolt_port}"
    assert st.version == _pinned_version() == server.installed_version(neo4j_settings)
    assert st.edition == "community"
    text = st.describe()
    assert f"pid {st.pid}" in text
    assert f"http://127.0.0.1:{neo4j_settings.neo4j_http_port}/browser/" in text


def _http_base(settings: Settings) -> str:
    if server.is_external(settings):
        return f"http://{urlsplit(settings.neo4j_uri).hostname}:{settings.neo4j_http_port}"
    return server.http_uri(settings)


def test_http_serves_neo4j_browser(neo4j_driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    resp = httpx.get(f"{_http_base(neo4j_settings)}/browser/", timeout=10.0, follow_redirects=True)
    assert resp.status_code == 200
    assert "text/html" in resp.headers["content-type"]
    assert re.search(r"<title>\s*Neo4j Browser\s*</title>", resp.text)


def test_http_discovery_names_bolt_and_version(neo4j_driver: neo4j.Driver, neo4j_settings: Settings) -> None:
    if server.is_external(neo4j_settings):
        pytest.skip("an external server is configured; its advertised addresses are its own")
    resp = httpx.get(
        f"{server.http_uri(neo4j_settings)}/", headers={"Accept": "application/json"}, timeout=10.0
    )
    assert resp.status_code == 200
    body = resp.json()
    assert body["bolt_direct"] == f"bolt://127.0.0.1:{neo4j_settings.neo4j_bolt_port}"
    assert body["neo4j_edition"] == "community"
    assert body["neo4j_version"] == _pinned_version()
