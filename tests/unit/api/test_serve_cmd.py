"""`claimgraph serve`: its options, and that an unreachable Neo4j is not a reason to refuse."""

from __future__ import annotations

import logging

import pytest

from app.cli import build_parser
from app.cli.serve_cmd import schema_problem
from app.settings import get_settings


def test_serve_options() -> None:
    args = build_parser(only="serve").parse_args(["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 8123, 1)
    assert args.handler.__name__ == "run"


def test_unreachable_neo4j_only_warns(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_NEO4J_URI", "bolt://127.0.0.1:1")
    get_settings.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            assert schema_problem() is None
    finally:
        get_settings.cache_clear()
    assert "serving anyway" in caplog.text
