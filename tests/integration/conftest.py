"""Shared fixtures for integration tests: a driver on the real Neo4j named by app.settings.

Start the local server with `claimgraph neo4j start` (`.ci/run` does it). When the server cannot be
reached, integration tests are skipped locally with the reason, but fail in CI (CI=true): a CI run
that silently skipped every graph test would prove nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from neo4j import exceptions as nx

from app.settings import Settings, get_settings
from graph.db import create_driver

INTEGRATION_DIR = Path(__file__).resolve().parent


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/integration needs the server: mark it so `-m "not integration"` works.
    for item in items:
        if INTEGRATION_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def neo4j_settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Settings) -> Iterator[neo4j.Driver]:
    driver = create_driver(neo4j_settings, connection_timeout=5.0)
    try:
        driver.verify_connectivity()
    except (nx.DriverError, nx.Neo4jError, OSError) as exc:
        driver.close()
        reason = (
            f"Neo4j at {neo4j_settings.neo4j_uri} is not reachable as user {neo4j_settings.neo4j_user!r} "
            f"({type(exc).__name__}: {exc}). Start it with `claimgraph neo4j start` "
            "or set CLAIMGRAPH_NEO4J_URI / CLAIMGRAPH_NEO4J_PASSWORD."
        )
        if in_ci():
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    yield driver
    driver.close()
