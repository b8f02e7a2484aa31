"""Extraction speed: `claimgraph extract`'s code path against bare `nlp.pipe` of the same pipeline.

Both run in one process on the same PolNeAR dev texts with the same process count, alternating,
and the medians over repeats are compared: words/s of each and their ratio (target >= 0.8). The
extract path adds cleanup, linking output to the contract, speaker resolution, disputes and offset
mapping; the bare path is only `nlp.pipe` over the raw texts.

    .venv/bin/python -m benchmarks.bench_extract [--workers N] [--repeats 3] [--limit 84]
"""

from __future__ import annotations

import argparse
import json
import re
import time

from benchmarks.common import EVAL_DATA, machine_info, median


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(EVAL_DATA / "polnear-dev.jsonl"))
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="first N documents only (0: all)")
    ap.add_argument("--batch-size", type=int, default=4)
    args = ap.parse_args()

    from app.nlp.models import ArticleIn, Extraction
    from app.nlp.pipeline import extract_many, get_nlp

    with open(args.data, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    if args.limit:
        recs = recs[: args.limit]
    texts = [r["text"] for r in recs]
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    nlp = get_nlp()
    print(machine_info())
    print(f"\npipeline: {nlp.pipe_names}\ndocs: {len(texts)}  words: {words}  workers: {args.workers}\n")
    # Warm-up: model loading and first-call costs are not part of either figure.
    list(nlp.pipe(texts[:2]))
    bare: list[float] = []
    full: list[float] = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, n_process=args.workers, batch_size=args.batch_size):
            pass
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        articles = [ArticleIn(id=r["id"], text=r["text"]) for r in recs]
        out = list(extract_many(articles, n_process=args.workers, batch_size=args.batch_size, nlp=nlp))
        full.append(time.perf_counter() - t0)
        failed = [x for x in out if not isinstance(x, Extraction)]
        if failed:
            raise SystemExit(f"{len(failed)} extraction(s) failed: {failed[0]}")
    b, e = median(bare), median(full)
    print("| path | median s | words/s |")
    print("|---|---|---|")
    print(f"| bare nlp.pipe | {b:.2f} | {words / b:,.0f} |")
    print(f"| extract_many (claimgraph extract) | {e:.2f} | {words / e:,.0f} |")
    print(
        f"\nratio extract/bare words/s: {b / e:.3f}  (runs: bare {[round(x, 2) for x in bare]}, "
        f"extract {[round(x, 2) for x in full]})"
    )


if __name__ == "__main__":
    main()
