"""`claimgraph serve [--host] [--port]`: run the REST API with uvicorn.

Refuses to start on a graph whose schema is older than the code expects (run `claimgraph migrate`):
serving applies nothing to the database by itself. An unreachable Neo4j is only a warning, since
`/readyz` reports it and the API answers 503 until the server is back.
"""

from __future__ import annotations

import argparse
import logging
import sys

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("serve", help="run the REST API (uvicorn)")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(handler=run)


def check_schema() -> str | None:
    """An error message when the graph's schema is behind the code; None when it is fine or unknown."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    from app.api.deps import open_driver
    from app.api.routes.health import schema_is_current, schema_versions
    from app.settings import get_settings
    from graph.errors import GraphUnavailable

    settings = get_settings()
    driver = open_driver(settings)
    try:
        driver.verify_connectivity()
        current, expected = schema_versions(driver)
    except (GraphUnavailable, ServiceUnavailable, SessionExpired) as exc:
        log.warning(
            "Neo4j at %s not reachable yet (%s); serving anyway, /readyz will say when it is",
            settings.neo4j_uri,
            exc,
        )
        return None
    finally:
        driver.close()
    if not schema_is_current(current, expected):
        return (
            f"the graph schema at {settings.neo4j_uri} is {current or 'absent'} but this code expects "
            f"{expected}: run `claimgraph migrate` first"
        )
    return None


def run(args: argparse.Namespace) -> int:
    problem = check_schema()
    if problem is not None:
        print(f"claimgraph serve: {problem}", file=sys.stderr)
        return 2
    import uvicorn

    uvicorn.run(
        "app.api.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
    )
    return 0
