"""`claimgraph serve [--host] [--port]`: run the REST API with uvicorn (defaults: CLAIMGRAPH_HOST/_PORT).

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
    # No defaults here: the settings (CLAIMGRAPH_HOST, CLAIMGRAPH_PORT) are the one source, also read by
    # scripts/up.sh (through this command) and the notebook.
    p.add_argument("--host", default=None, help="bind address (default CLAIMGRAPH_HOST, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default CLAIMGRAPH_PORT, 8000)")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(handler=run)


def schema_problem() -> str | None:
    """Why the API must not start (an outdated schema), or None; an unreachable server is only logged."""
    from app.api.deps import open_driver
    from app.settings import get_settings
    from graph.db import verify
    from graph.errors import GraphUnavailable, SchemaOutdated
    from graph.migrations import check_schema

    settings = get_settings()
    driver = open_driver(settings)
    try:
        verify(driver)
        check_schema(driver)
    except SchemaOutdated as exc:
        return str(exc)
    except GraphUnavailable as exc:
        log.warning("%s; serving anyway, /readyz reports when it is back", exc)
    finally:
        driver.close()
    return None


def run(args: argparse.Namespace) -> int:
    problem = schema_problem()
    if problem is not None:
        print(f"claimgraph serve: refusing to start: {problem}", file=sys.stderr)
        return 2
    import uvicorn

    from app.settings import get_settings

    settings = get_settings()
    uvicorn.run(
        "app.api.main:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        log_level=args.log_level,
    )
    return 0
