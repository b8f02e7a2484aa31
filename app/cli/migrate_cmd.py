"""`claimgraph migrate [--status]`: apply the Cypher schema migrations in `migrations/`, or list them.

Each file is applied once, in version order, and recorded in the graph with a checksum; a file changed
after it was applied is refused (restore it and add a new migration instead). Re-running is a no-op.
Exit status: 0 done, 1 migrations refused, 2 Neo4j unreachable.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "migrate",
        help="apply the graph schema migrations (or --status to list them)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--status", action="store_true", help="list migrations and their state; change nothing")
    p.add_argument("--path", type=Path, default=None, help="migrations folder (default: the project's)")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from graph import migrations
    from graph.db import create_driver
    from graph.errors import GraphUnavailable, MigrationError

    path = args.path or migrations.MIGRATIONS_DIR
    driver = create_driver()
    try:
        if args.status:
            states = migrations.status(driver, path)
            for s in states:
                print(f"{s.version:>8}  {s.state:<12}  {s.source or '-':<40}  {s.description}")
            current = migrations.current_schema_version(driver)
            print(
                f"schema version {current or 'none'}; this code expects {migrations.EXPECTED_SCHEMA_VERSION}"
            )
            return 0
        report = migrations.migrate(driver, path)
    except GraphUnavailable as exc:
        print(f"claimgraph migrate: {exc}", file=sys.stderr)
        return 2
    except MigrationError as exc:
        print(f"claimgraph migrate: {exc}", file=sys.stderr)
        return 1
    finally:
        driver.close()
    if report.applied:
        print(
            f"applied {len(report.applied)} migration(s): {', '.join(report.applied)}; "
            f"schema version {report.current}"
        )
    else:
        print(f"schema is up to date (version {report.current})")
    return 0
