"""`claimgraph` console script: thin shells over the same functions the API uses.

Each subcommand lives in its own module exposing `register(subparsers)`; modules
are imported only when needed so `claimgraph neo4j status` stays quick.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

SUBCOMMANDS = {
    "neo4j": "app.cli.neo4j_cmd",
    "migrate": "app.cli.migrate_cmd",
    "serve": "app.cli.serve_cmd",
    "extract": "app.cli.extract_cmd",
    "ingest": "app.cli.ingest_cmd",
    "bulk-import": "app.cli.bulk_import_cmd",
    "export-eval": "app.cli.export_eval_cmd",
    "judge-eval": "app.cli.judge_eval_cmd",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimgraph", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in SUBCOMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name, help=f"(see claimgraph {name} --help)")
            continue
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(only=first if first in SUBCOMMANDS else None)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
