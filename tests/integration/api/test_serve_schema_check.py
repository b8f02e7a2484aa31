"""`claimgraph serve` refuses a graph whose schema is behind the code, and says to migrate.

Needs a graph that was never migrated: a private Neo4j on free ports (the checkout's jars, no Maven
run), started and stopped here. The shared server is never touched.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from app.settings import PROJECT_ROOT
from tests.integration.private_neo4j import free_port, private_neo4j

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def unmigrated_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with private_neo4j(tmp_path_factory.mktemp("neo4j-unmigrated"), heap="256m", pagecache="64m") as (_, env):
        yield env


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
