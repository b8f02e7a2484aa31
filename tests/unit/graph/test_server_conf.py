"""graph.server's pure parts: neo4j.conf rendering from settings, external-URI detection, jar version."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.settings import Settings
from graph import server


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(neo4j_home=tmp_path / "neo4j", **kw)  # type: ignore[arg-type]


def _conf(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_rendered_conf_binds_loopback_with_auth_and_settings(tmp_path: Path) -> None:
    s = _settings(
        tmp_path, neo4j_bolt_port=17687, neo4j_http_port=17474, neo4j_heap="768m", neo4j_pagecache="256m"
    )
    conf = _conf(server.render_conf(s))
    home = str((tmp_path / "neo4j").resolve())
    assert conf["server.bolt.listen_address"] == ["127.0.0.1:17687"]
    assert conf["server.http.listen_address"] == ["127.0.0.1:17474"]
    assert conf["server.default_listen_address"] == ["127.0.0.1"]
    assert conf["server.https.enabled"] == ["false"]
    assert conf["dbms.security.auth_enabled"] == ["true"]
    assert conf["server.memory.heap.initial_size"] == ["768m"]
    assert conf["server.memory.heap.max_size"] == ["768m"]
    assert conf["server.memory.pagecache.size"] == ["256m"]
    assert conf["server.directories.data"] == [f"{home}/data"]
    assert conf["server.directories.logs"] == [f"{home}/logs"]
    settings_lines = [ln for ln in server.render_conf(s).splitlines() if not ln.startswith("#")]
    assert not [ln for ln in settings_lines if "$" in ln]


def test_rendered_conf_keeps_the_official_jvm_flags(tmp_path: Path) -> None:
    jvm = _conf(server.render_conf(_settings(tmp_path)))["server.jvm.additional"]
    for flag in (
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseG1GC",
        "-Dlog4j2.disable.jmx=true",
    ):
        assert flag in jvm


def test_unknown_placeholder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(server.Neo4jServerError, match="placeholder 'nope'"):
        server.render_conf(_settings(tmp_path), template="server.x=${nope}\n")


@pytest.mark.parametrize(
    ("uri", "external"),
    [
        ("bolt://127.0.0.1:7687", False),
        ("neo4j://localhost:7687", False),
        ("bolt://[::1]:7687", False),
        ("bolt://neo4j:7687", True),
        ("neo4j+s://abcd1234.databases.neo4j.io", True),
    ],
)
def test_external_uri_detection(tmp_path: Path, uri: str, external: bool) -> None:
    assert server.is_external(_settings(tmp_path, neo4j_uri=uri)) is external


def test_installed_version_reads_the_kernel_jar(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    assert server.installed_version(s) is None
    lib = tmp_path / "neo4j" / "lib"
    lib.mkdir(parents=True)
    (lib / "neo4j-kernel-api-5.26.30.jar").touch()
    (lib / "neo4j-kernel-5.26.30.jar").touch()
    assert server.installed_version(s) == "5.26.30"


def test_status_of_a_stopped_local_server(tmp_path: Path) -> None:
    s = _settings(tmp_path, neo4j_bolt_port=1, neo4j_http_port=2)
    st = server.status(s)
    assert not st.running
    assert st.pid is None
    assert "is not running" in st.describe()


def test_start_refuses_a_port_held_by_another_process(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen(1)
        port = held.getsockname()[1]
        s = _settings(tmp_path, neo4j_bolt_port=port, neo4j_uri=f"bolt://127.0.0.1:{port}")
        with pytest.raises(server.Neo4jServerError, match=f"port {port} on 127.0.0.1 is already in use"):
            server.start(s, timeout=5)
    # Refused before anything was resolved or written.
    assert not (tmp_path / "neo4j").exists()


def test_start_refuses_a_uri_port_that_is_not_the_bolt_port(tmp_path: Path) -> None:
    s = _settings(tmp_path, neo4j_uri="bolt://127.0.0.1:7688", neo4j_bolt_port=7687)
    with pytest.raises(server.Neo4jServerError, match="disagree"):
        server.start(s, timeout=5)
    assert not (tmp_path / "neo4j").exists()
