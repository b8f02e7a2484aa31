"""`claimgraph bulk-import PATH...`: first load of a large backlog into an EMPTY graph, offline.

Writes CSVs and runs `neo4j-admin database import full` (graph/bulk_import.py): an order of magnitude
faster than `claimgraph ingest`'s transactional load, but only into an empty database of the local
server, which is stopped for the import and started again (the API is down meanwhile). Afterwards the
schema migrations are applied again and `claimgraph ingest` adds to the graph as usual (same ids).

PATH is pre-extracted JSONL (one `{"article": ..., "extraction": ...}` per line, the PreparedArticle
form) or any input `claimgraph ingest` takes (directories, .txt, .html, .jsonl articles), extracted
here first. No cross-article resolution is done (paraphrase merges, cross-article disputes): claims
and speakers merge by their normalized text and name only.

Exit status: 0 all loaded, 1 some inputs failed (listed; the rest were imported), 2 nothing imported
(graph not empty, external server, neo4j-admin failed, no inputs).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "bulk-import",
        help="load a large backlog into an EMPTY graph with neo4j-admin import (restarts the server)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", type=Path, help="pre-extracted JSONL, or articles to extract first")
    p.add_argument("--workers", type=int, default=1, help="spaCy processes for inputs not yet extracted")
    p.add_argument("--workdir", type=Path, default=None, help="CSV folder (default: NEO4J_HOME/import)")
    p.set_defaults(handler=handle)


def _is_prepared(path: Path) -> bool:
    if path.suffix != ".jsonl" or not path.is_file():
        return False
    with path.open(encoding="utf-8") as f:
        first = next((line for line in f if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "extraction" in record and "article" in record


def _prepared(paths: list[Path], workers: int, failures: list[str]) -> Iterator[object]:
    """PreparedArticles from pre-extracted files, then from extracting the other inputs."""
    from pydantic import ValidationError

    from app.services.bulk import read_inputs
    from app.services.ingest import IngestFailure, PreparedArticle, prepare_articles

    raw: list[Path] = []
    for path in paths:
        if not _is_prepared(path):
            raw.append(path)
            continue
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield PreparedArticle.model_validate_json(line)
                    except ValidationError as exc:
                        failures.append(f"{path}:{n}: {exc.errors()[0]['msg']}")
    if raw:
        articles = []
        for item in read_inputs(raw):
            if item.article is None:
                failures.append(f"{item.label}: {item.error}")
            else:
                articles.append(item.article)
        for p in prepare_articles(articles, n_process=workers):
            if isinstance(p, IngestFailure):
                failures.append(f"{p.external_id or '?'}: {p.error}")
            else:
                yield p


def handle(args: argparse.Namespace) -> int:
    from app.settings import get_settings
    from graph.bulk_import import BulkImportError, bulk_import, iter_pairs
    from graph.errors import GraphUnavailable
    from graph.server import Neo4jServerError

    failures: list[str] = []
    t0 = time.perf_counter()
    try:
        report = bulk_import(
            get_settings(), iter_pairs(_prepared(args.paths, args.workers, failures)), workdir=args.workdir
        )
    except (BulkImportError, GraphUnavailable, Neo4jServerError) as exc:
        print(f"claimgraph bulk-import: {exc}", file=sys.stderr)
        return 2
    c, s = report.counts, report.seconds
    print(
        f"imported {c['Article']:,} articles, {c['Claim']:,} claims, {c['Speaker']:,} speakers, "
        f"{c['ASSERTS']:,} assertions, {c['DISPUTES']:,} disputes, {c['Entity']:,} entities "
        f"in {time.perf_counter() - t0:.1f}s (csv {s['csv']:.1f}s, import {s['import']:.1f}s, "
        f"server stop {s['stop']:.1f}s + start {s['start']:.1f}s, "
        f"migrations {s['fixup'] + s['migrate']:.1f}s)"
    )
    if report.files.skipped_duplicates:
        print(f"skipped {report.files.skipped_duplicates} duplicate article(s) (same id)")
    for f in failures:
        print(f"failed: {f}", file=sys.stderr)
    return 1 if failures else 0
