"""Shared fixtures for integration tests: a real Neo4j that is never the user's graph.

The suite writes (sample articles, a 250-claim pagination probe, fuzzed reads), so it runs against a
server of its own:

- `CLAIMGRAPH_TEST_NEO4J_URI` set: that server, kept for tests (with CLAIMGRAPH_NEO4J_USER/_PASSWORD);
  the suite migrates it and leaves its data there. Quick for repeated runs.
- otherwise: a private server started for the session in a temporary home on spare ports (the
  checkout's resolved jars linked in), migrated, and stopped at the end; about 30 s more per run.

Either way the session points CLAIMGRAPH_NEO4J_* (this process's settings and the environment that
subprocesses inherit) at the test server, so `claimgraph` commands run by tests cannot reach the
user's graph, whether or not the user's Neo4j is running.

When the test server cannot be had, integration tests are skipped locally with the reason, but fail
in CI (CI=true): a CI run that silently skipped every graph test would prove nothing.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import neo4j
import pytest
from neo4j import exceptions as nx

from app.settings import Settings, get_settings
from graph.db import create_driver
from tests.integration.private_neo4j import private_neo4j

INTEGRATION_DIR = Path(__file__).resolve().parent


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/integration needs the server: mark it so `-m "not integration"` works.
    for item in items:
        if INTEGRATION_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.integration)


TEST_URI_VAR = "CLAIMGRAPH_TEST_NEO4J_URI"


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def _pointed_at(env: dict[str, str]) -> Iterator[None]:
    """This process's settings and its children's environment name the test server, then are restored."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        get_settings.cache_clear()


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    uri = os.environ.get(TEST_URI_VAR, "").strip()
    if uri:
        port = urlsplit(uri).port or 7687  # keep the Bolt port setting in step with the URI
        with _pointed_at({"CLAIMGRAPH_NEO4J_URI": uri, "CLAIMGRAPH_NEO4J_BOLT_PORT": str(port)}):
            yield get_settings()
        return
    from graph.errors import GraphError
    from graph.server import Neo4jServerError

    home = tmp_path_factory.mktemp("neo4j-test")
    with ExitStack() as stack:
        try:
            settings, env = stack.enter_context(private_neo4j(home, heap="768m", pagecache="256m"))
        except (Neo4jServerError, GraphError, OSError, subprocess.SubprocessError) as exc:
            _unavailable(
                f"could not start the suite's own Neo4j in {home} ({type(exc).__name__}: {exc}). It "
                "needs a JDK 17 and the jars `claimgraph neo4j resolve` fetches (what `claimgraph neo4j "
                f"start` needs); or set {TEST_URI_VAR} to a server kept for tests."
            )
        names = ("URI", "HOME", "BOLT_PORT", "HTTP_PORT")
        stack.enter_context(
            _pointed_at({f"CLAIMGRAPH_NEO4J_{n}": env[f"CLAIMGRAPH_NEO4J_{n}"] for n in names})
        )
        yield settings


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    from graph.migrations import migrate

    driver = create_driver(neo4j_settings, connection_timeout=5.0)
    try:
        driver.verify_connectivity()
    except (nx.DriverError, nx.Neo4jError, OSError) as exc:
        driver.close()
        _unavailable(
            f"Neo4j at {neo4j_settings.neo4j_uri} is not reachable as user {neo4j_settings.neo4j_user!r} "
            f"({type(exc).__name__}: {exc}). Set {TEST_URI_VAR} to a server kept for tests, or unset it "
            "to let the suite start its own (it needs what `claimgraph neo4j start` needs)."
        )
    migrate(driver)  # a no-op on a current schema
    yield driver
    driver.close()
