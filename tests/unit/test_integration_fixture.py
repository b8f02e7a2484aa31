"""tests/integration's `neo4j_driver` fixture: an unreachable server skips locally, fails in CI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.settings import PROJECT_ROOT

TARGET = "tests/integration/test_neo4j_server.py::test_bolt_answers_return_1"
# Port 1 on loopback: nothing listens there, so the driver is refused at once.
UNREACHABLE = "bolt://127.0.0.1:1"


def _run_pytest(ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_ADDOPTS"}}
    env["CLAIMGRAPH_TEST_NEO4J_URI"] = UNREACHABLE
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", TARGET],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_unreachable_server_skips_locally_with_the_reason() -> None:
    proc = _run_pytest(ci=None)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 skipped" in proc.stdout
    assert f"Neo4j at {UNREACHABLE} is not reachable" in proc.stdout
    assert "claimgraph neo4j start" in proc.stdout


@pytest.mark.slow
def test_unreachable_server_fails_in_ci() -> None:
    proc = _run_pytest(ci="true")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 error" in proc.stdout
    assert f"CI=true and Neo4j at {UNREACHABLE} is not reachable" in proc.stdout
