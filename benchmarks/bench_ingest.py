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
import os
import sys
import time
from pathlib import Path

# The same setting `claimgraph ingest` runs with (see app/cli/ingest_cmd.py), for both paths.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from app.services.bulk import BulkReport, read_inputs, run_bulk  # noqa: E402
from app.services.ingest import IngestResult, PreparedArticle  # noqa: E402
from benchmarks.common import CACHE, EVAL_DATA, machine_info, median, table  # noqa: E402


def bare_pipe(texts: list[str], workers: int, batch_size: int) -> float:
    from app.nlp.pipeline import get_nlp

    nlp = get_nlp()
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=workers, batch_size=batch_size):
        pass
    return time.perf_counter() - t0


def _write_only(driver: object, prepared: PreparedArticle) -> IngestResult:
    """The graph write of ingest without cross-article resolution (isolates the resolver's cost)."""
    from app.services.ingest import IngestedClaim
    from graph import writer

    w = writer.write_article(driver, prepared.article, prepared.extraction)  # type: ignore[arg-type]
    claims = [
        IngestedClaim(id=c, text="", speaker_id=None, speaker=None, cue="", quote_type="indirect")
        for c in w.claim_ids
    ]
    return IngestResult(article_id=w.article_id, external_id=w.external_id, created=True, claims=claims)


def end_to_end(
    path: Path,
    limit: int | None,
    workers: int,
    batch_size: int,
    keep: list[PreparedArticle],
    *,
    resolve: bool,
) -> BulkReport:
    from app.services import ingest
    from benchmarks.loaders import wipe
    from graph.db import create_driver

    driver = create_driver()
    inner = ingest.load_prepared_bulk if resolve else _write_only
    try:
        wipe(driver)
        keep.clear()

        def load(drv: object, prepared: PreparedArticle) -> IngestResult:
            keep.append(prepared)
            return inner(drv, prepared)  # type: ignore[arg-type]

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
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--variants", choices=["both", "full", "write_only"], default="both")
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
    runs: dict[str, list[BulkReport]] = {"full": [], "write_only": []}
    kept: list[PreparedArticle] = []
    variants = ["full", "write_only"] if args.variants == "both" else [args.variants]
    for r in range(args.repeats):
        dt = bare_pipe(texts, args.workers, args.batch_size)
        bare_s.append(dt)
        print(f"run {r + 1}: bare nlp.pipe {dt:.1f} s = {words / dt:,.0f} words/s", flush=True)
        for variant in variants:
            rep = end_to_end(
                args.data, args.limit, args.workers, args.batch_size, kept, resolve=variant == "full"
            )
            runs[variant].append(rep)
            print(
                f"run {r + 1}: end to end ({variant}) {rep.seconds:.1f} s = "
                f"{words / rep.seconds:,.0f} words/s "
                f"(loaded {rep.loaded}, failed {len(rep.failures)}, {rep.claims} claims; "
                f"extraction loop {rep.extract_seconds:.1f} s, writer busy {rep.write_seconds:.1f} s)",
                flush=True,
            )
            for f in rep.failures[:5]:
                print(f"   failed {f.label}: {f.reason}")

    bare_wps = words / median(bare_s)
    rows = [["bare nlp.pipe", f"{median(bare_s):.1f}", f"{bare_wps:,.0f}", "1.00", "-", "-"]]
    for variant in variants:
        reps = runs[variant]
        s_med = median([x.seconds for x in reps])
        wps = words / s_med
        busy = median([x.write_seconds for x in reps])
        per = busy / max(1, reps[-1].loaded)
        rows.append(
            [
                f"ingest ({variant})",
                f"{s_med:.1f}",
                f"{wps:,.0f}",
                f"{wps / bare_wps:.2f}",
                f"{busy:.1f}",
                f"{per * 1000:.0f}",
            ]
        )
    print()
    print(
        table(rows, ["path", "median s", "words/s", "ratio to bare", "writer busy s", "ms/article written"])
    )
    print("\n(full = load_prepared_bulk: cross-article resolution + write; write_only = graph.writer only)")
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"prepared-{args.data.stem}-{len(kept)}.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for p in kept:
            fh.write(p.model_dump_json() + "\n")
    print(f"cached {len(kept)} extracted articles in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
