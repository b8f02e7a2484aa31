"""`claimgraph serve` refuses a graph whose schema is behind the code, and says to migrate.

Needs a graph that was never migrated: a private Neo4j on free ports (the checkout's jars, no Maven
run), started and stopped here. The shared server is never touched.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

from app.settings import PROJECT_ROOT, Settings

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(300)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def unmigrated_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    from graph import server

    bolt, http = free_port(), free_port()
    home = tmp_path_factory.mktemp("neo4j-unmigrated")
    shared = Settings()
    if server.is_resolved(shared):
        (home / "lib").symlink_to(server.layout(shared).lib_dir, target_is_directory=True)
    settings = Settings(
        neo4j_uri=f"bolt://127.0.0.1:{bolt}",
        neo4j_home=home,
        neo4j_bolt_port=bolt,
        neo4j_http_port=http,
        neo4j_heap="256m",
        neo4j_pagecache="64m",
    )
    server.start(settings)
    try:
        yield {
            **os.environ,
            "CLAIMGRAPH_NEO4J_URI": settings.neo4j_uri,
            "CLAIMGRAPH_NEO4J_HOME": str(home),
            "CLAIMGRAPH_NEO4J_BOLT_PORT": str(bolt),
            "CLAIMGRAPH_NEO4J_HTTP_PORT": str(http),
        }
    finally:
        server.stop(settings)


def test_serve_refuses_an_unmigrated_graph(unmigrated_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "serve", "--port", str(free_port())],
        env=unmigrated_env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "claimgraph serve: refusing to start" in done.stderr
    assert "run `claimgraph migrate`" in done.stderr
    assert "Uvicorn running" not in done.stderr
