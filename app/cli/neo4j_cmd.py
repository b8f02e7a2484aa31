"""`claimgraph neo4j start|stop|status|resolve`: the local Neo4j Community server.

`start` resolves the server's jars with Maven on first use (cached in ~/.m2, copied to
$CLAIMGRAPH_NEO4J_HOME/lib), starts it in the background bound to 127.0.0.1 (Bolt 7687, HTTP and
Neo4j Browser 7474) and returns once Bolt answers. `stop` shuts it down cleanly. When
CLAIMGRAPH_NEO4J_URI points at another host (Aura, a docker container), that server is used and the
local one is left alone. Exit status: 0 done, 1 failed; `status` gives 3 when not running.
"""

from __future__ import annotations

import argparse
import sys
import time


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "neo4j",
        help="start/stop/status of the local Neo4j server",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = sub.add_parser("start", help="start the local server and wait until Bolt answers")
    start.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for Bolt (default 180)")
    stop = sub.add_parser("stop", help="stop the local server (SIGTERM, wait)")
    stop.add_argument("--timeout", type=float, default=90.0, help="seconds before it is killed (default 90)")
    sub.add_parser("status", help="where it listens, pid, version")
    resolve = sub.add_parser("resolve", help="only fetch the server's jars with Maven (start does this too)")
    resolve.add_argument("--force", action="store_true", help="copy the jars again even if up to date")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.settings import get_settings
    from graph import server

    settings = get_settings()
    try:
        if args.action == "start":
            if server.is_external(settings):
                print(f"CLAIMGRAPH_NEO4J_URI={settings.neo4j_uri} names an external server: using it")
                print(server.status(settings).describe())
                return 0
            began = time.monotonic()
            st = server.start(settings, timeout=args.timeout)
            print(st.describe())
            print(f"ready in {time.monotonic() - began:.1f}s")
            return 0
        if args.action == "stop":
            print(server.stop(settings, timeout=args.timeout))
            return 0
        if args.action == "status":
            st = server.status(settings)
            print(st.describe())
            return 0 if st.running else 3
        if args.action == "resolve":
            if server.is_external(settings):
                print(f"CLAIMGRAPH_NEO4J_URI={settings.neo4j_uri} names an external server; resolving anyway")
            lib = server.resolve(settings, force=args.force)
            print(f"Neo4j {server.installed_version(settings)} jars in {lib}")
            return 0
    except server.Neo4jServerError as exc:
        print(f"claimgraph neo4j {args.action}: {exc}", file=sys.stderr)
        return 1
    return 2
