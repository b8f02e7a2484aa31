"""`claimgraph ingest PATH...`: bulk-load articles into the graph, resumably, with a progress bar.

With --cluster ADDRESS (a Dask scheduler, e.g. tcp://10.0.0.5:8786) extraction runs on that
cluster's workers and the graph is written here, in input order: the same graph as a local run with
the same --batch-size. Needs `pip install 'claimgraph[cluster]'` here and on every worker.

Exit status: 0 when every article was loaded (or already there), 1 when any
article failed (each listed at the end with its reason), 2 when the run could
not start (Neo4j or the cluster unreachable, no inputs), 3 when it stopped
midway because the cluster went away (re-run the same command to resume).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from contextlib import ExitStack
from dataclasses import asdict
from typing import Any

# Before numpy loads: ingest parallelises across processes (--workers), and OpenBLAS's own thread pool
# in every process on top of that oversubscribes the cores. Measured on the 2-core box under load: the
# numpy sentence encoder used by cross-article resolution took 910 ms per sentence with the default
# pool, 72 ms with one thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from tqdm import tqdm  # noqa: E402

from app.services.bulk import BulkReport, Progress, read_inputs, run_bulk  # noqa: E402

log = logging.getLogger(__name__)


class TqdmProgress(Progress):
    """Articles done out of those to do, claims so far, rate and ETA, on stderr."""

    def __init__(self) -> None:
        self.bar: tqdm[Any] | None = None
        self.done = 0

    def start(self, total: int, skipped: int) -> None:
        # The bar counts every input read, articles already in the graph included (done from the start),
        # so 5 files show a total of 5 whatever was loaded before; read failures join the total below.
        self.done = skipped
        self.bar = tqdm(
            total=total + skipped,
            initial=skipped,
            unit="article",
            desc="ingest",
            file=sys.stderr,
            dynamic_ncols=True,
            mininterval=0.5,
            # Also drawn when stderr is not a terminal, so logs and tests see progress.
            disable=False,
        )
        if skipped:
            self.bar.write(f"skipping {skipped} article(s) already in the graph", file=sys.stderr)

    def advance(self, report: BulkReport) -> None:
        if self.bar is None:
            return
        done = report.skipped + report.loaded + report.duplicates + len(report.failures)
        if self.bar.total != report.read:  # unreadable inputs count as done (and failed)
            self.bar.total = report.read
        self.bar.set_postfix(claims=report.claims, failed=len(report.failures), refresh=False)
        self.bar.update(max(0, done - self.done))
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "ingest",
        help="load articles (.txt, .html, .jsonl, directories) into the graph",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (searched recursively)")
    p.add_argument("--workers", type=int, default=1, help="extraction processes (spaCy n_process; default 1)")
    p.add_argument("--batch-size", type=int, default=16, help="articles per nlp.pipe batch (default 16)")
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="extract on this Dask scheduler's workers (tcp://HOST:8786; docs/scaling.md)",
    )
    p.add_argument("--json", action="store_true", help="print the run's report as JSON on stdout")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if args.workers < 1 or args.batch_size < 1:
        print("claimgraph ingest: --workers and --batch-size must be at least 1", file=sys.stderr)
        return 2
    from graph.db import create_driver, verify
    from graph.errors import GraphError

    if not args.verbose:
        # Server notifications (deprecations in queries) are for developers, not for an ingest log.
        logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    driver = create_driver()
    try:
        verify(driver)
    except GraphError as exc:
        driver.close()
        print(f"claimgraph ingest: {exc}", file=sys.stderr)
        return 2
    from functools import partial

    from app.resolution import Resolver
    from app.services.ingest import load_prepared_bulk

    with ExitStack() as stack:
        stack.callback(driver.close)
        prepare = None
        if args.cluster:
            try:
                from app.services.cluster import ClusterPrepare, ClusterUnavailable
            except ImportError as exc:
                print(
                    f"claimgraph ingest: --cluster needs `pip install 'claimgraph[cluster]'` ({exc})",
                    file=sys.stderr,
                )
                return 2
            try:
                prepare = stack.enter_context(ClusterPrepare(args.cluster))
            except ClusterUnavailable as exc:
                print(f"claimgraph ingest: {exc}", file=sys.stderr)
                return 2
        try:
            report = run_bulk(
                driver,
                read_inputs(args.paths),
                workers=args.workers,
                batch_size=args.batch_size,
                progress=TqdmProgress(),
                prepare=prepare,
                # The command's one owner of resolution state, for every article of the run.
                load=partial(load_prepared_bulk, resolver=Resolver()),
            )
        except KeyboardInterrupt:
            print("claimgraph ingest: interrupted; re-run the same command to resume", file=sys.stderr)
            return 130
    _print_report(report, as_json=args.json)
    if report.stopped:
        print(
            f"claimgraph ingest: stopped: {report.stopped}; re-run the same command to resume",
            file=sys.stderr,
        )
        return 3
    return 0 if report.ok else 1


def _print_report(report: BulkReport, *, as_json: bool) -> None:
    if as_json:
        data = asdict(report)
        data["ok"] = report.ok
        print(json.dumps(data, indent=2))
    else:
        rate = report.words / report.seconds if report.seconds else 0.0
        present = report.skipped + report.duplicates
        print(
            f"read {report.read}, loaded {report.loaded}, already in graph {present}, "
            f"failed {len(report.failures)}; {report.claims} claims, {report.speakers} speakers, "
            f"{report.disputes} disputes in {report.seconds:.1f} s ({rate:,.0f} words/s)"
        )
    if report.failures:
        print(f"{len(report.failures)} article(s) failed:", file=sys.stderr)
        for f in report.failures:
            ext = f" (id {f.external_id})" if f.external_id else ""
            print(f"  {f.label}{ext}: {f.reason}", file=sys.stderr)
