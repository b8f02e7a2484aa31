"""A private Neo4j for tests that must stop, wipe or leave unmigrated their own graph.

Its own home under pytest's tmp dir, Bolt/HTTP on spare ports, the checkout's jars linked in (no
Maven run). The shared server other tests use is never touched.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def private_neo4j(home: Path, *, heap: str, pagecache: str) -> Iterator[tuple[Settings, dict[str, str]]]:
    """Start a server in `home`; yield its settings and an environment that points the CLI at it."""
    from graph import server

    bolt, http = free_port(), free_port()
    shared = Settings()
    if server.is_resolved(shared):
        (home / "lib").symlink_to(server.layout(shared).lib_dir, target_is_directory=True)
    settings = Settings(
        neo4j_uri=f"bolt://127.0.0.1:{bolt}",
        neo4j_home=home,
        neo4j_bolt_port=bolt,
        neo4j_http_port=http,
        neo4j_heap=heap,
        neo4j_pagecache=pagecache,
    )
    server.start(settings)
    env = {
        **os.environ,
        "CLAIMGRAPH_NEO4J_URI": settings.neo4j_uri,
        "CLAIMGRAPH_NEO4J_HOME": str(home),
        "CLAIMGRAPH_NEO4J_BOLT_PORT": str(bolt),
        "CLAIMGRAPH_NEO4J_HTTP_PORT": str(http),
    }
    try:
        yield settings, env
    finally:
        server.stop(settings)
