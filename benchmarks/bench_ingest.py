"""End-to-end ingest against bare `nlp.pipe`, same texts, same process count, same run.

    .venv/bin/python -m benchmarks.bench_ingest [--data polnear-train.jsonl] [--workers 2]
        [--batch-size 16] [--repeats 2] [--limit N] [--yes]

WIPES THE GRAPH of the configured Neo4j before each end-to-end run (asks unless
--yes); reload the samples afterwards with `claimgraph ingest data/samples`.

Bare: `nlp.pipe(texts, n_process=W, batch_size=B)` of the same spaCy pipeline
the ingest path uses (app.nlp.pipeline), docs discarded. End to end:
`app.services.bulk.run_bulk` — read JSONL, skip-by-hash lookup, cleanup +
extraction (`prepare_articles`, n_process=W), cross-article resolution and
one-transaction-per-article writes overlapped in the writer thread — into an
empty graph. Runs alternate (bare, e2e, bare, e2e, ...) so drift in the
machine's load hits both; medians are reported, with words = whitespace tokens
of the article texts. The extracted articles of the last run are cached in
benchmarks/out/ for bench_load.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from app.services.bulk import BulkReport, read_inputs, run_bulk
from app.services.ingest import IngestResult, PreparedArticle
from benchmarks.common import CACHE, EVAL_DATA, machine_info, median, table


def bare_pipe(texts: list[str], workers: int, batch_size: int) -> float:
    from app.nlp.pipeline import get_nlp

    nlp = get_nlp()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=workers, batch_size=batch_size):
        pass
    return time.perf_counter() - t0


def end_to_end(
    path: Path, limit: int | None, workers: int, batch_size: int, keep: list[PreparedArticle]
) -> BulkReport:
    from app.services import ingest
    from benchmarks.loaders import wipe
    from graph.db import create_driver

    driver = create_driver()
    try:
        wipe(driver)
        keep.clear()

        def load(drv: object, prepared: PreparedArticle) -> IngestResult:
            keep.append(prepared)
            return ingest.load_prepared(drv, prepared)

        items = list(read_inputs([path]))[:limit]
        return run_bulk(driver, items, workers=workers, batch_size=batch_size, load=load)
    finally:
        driver.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=EVAL_DATA / "polnear-train.jsonl")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (smoke runs)")
    ap.add_argument("--yes", action="store_true", help="do not ask before wiping the graph")
    args = ap.parse_args()

    print("## bench_ingest\n")
    print("```\n" + machine_info() + "\n```\n", flush=True)
    if not args.yes and input("This WIPES the configured graph. Type 'wipe' to go on: ").strip() != "wipe":
        return 1
    texts = [
        json.loads(line)["text"]
        for line in args.data.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts = texts[: args.limit]
    words = sum(len(t.split()) for t in texts)
    print(
        f"{len(texts)} articles, {words:,} words, workers={args.workers}, batch_size={args.batch_size}\n",
        flush=True,
    )

    bare_s: list[float] = []
    e2e_s: list[float] = []
    reports: list[BulkReport] = []
    kept: list[PreparedArticle] = []
    for r in range(args.repeats):
        dt = bare_pipe(texts, args.workers, args.batch_size)
        bare_s.append(dt)
        print(f"run {r + 1}: bare nlp.pipe {dt:.1f} s = {words / dt:,.0f} words/s", flush=True)
        rep = end_to_end(args.data, args.limit, args.workers, args.batch_size, kept)
        reports.append(rep)
        e2e_s.append(rep.seconds)
        print(
            f"run {r + 1}: end to end {rep.seconds:.1f} s = {words / rep.seconds:,.0f} words/s "
            f"(loaded {rep.loaded}, failed {len(rep.failures)}, {rep.claims} claims; "
            f"extraction loop {rep.extract_seconds:.1f} s, writer busy {rep.write_seconds:.1f} s)",
            flush=True,
        )
        for f in rep.failures[:5]:
            print(f"   failed {f.label}: {f.reason}")

    bare_wps = words / median(bare_s)
    e2e_wps = words / median(e2e_s)
    last = reports[-1]
    print()
    print(
        table(
            [
                ["bare nlp.pipe", f"{median(bare_s):.1f}", f"{bare_wps:,.0f}", "1.00"],
                [
                    "claimgraph ingest (run_bulk)",
                    f"{median(e2e_s):.1f}",
                    f"{e2e_wps:,.0f}",
                    f"{e2e_wps / bare_wps:.2f}",
                ],
            ],
            ["path", "median s", "words/s", "ratio"],
        )
    )
    print(
        f"\nratio end-to-end / bare = {e2e_wps / bare_wps:.2f} (target ≥ 0.85); writer busy "
        f"{last.write_seconds:.1f} s of {last.seconds:.1f} s "
        f"({last.write_seconds / last.claims * 1000 if last.claims else 0:.2f} ms per claim)"
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"prepared-{args.data.stem}.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for p in kept:
            fh.write(p.model_dump_json() + "\n")
    print(f"cached {len(kept)} extracted articles in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
