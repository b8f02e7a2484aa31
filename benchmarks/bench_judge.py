"""What the dispute judge costs extraction: the same texts extracted with and without it, one run.

The pipeline's defaults leave the judge off (docs/judge.md); the "with" arm turns it on for every
candidate pair (`--threshold`, default 0.5) on top of the rules, as a better judge would run.

The two arms alternate in one process on the same PolNeAR texts (`repeats` times each) and the
medians are compared: words/s with the judge, words/s without it (in-article disputes skipped), their
ratio, and the share of the with-judge arm's CPU spent deciding disputes (candidate views, the
sentence encoder on the contents, the judge on candidate pairs). Cross-article judging happens in the
loader and is not in these figures (`bench_ingest` measures the whole path).

    .venv/bin/python -m benchmarks.bench_judge [--limit 40] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from typing import Any

from benchmarks.common import EVAL_DATA, machine_info, median


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(EVAL_DATA / "polnear-train.jsonl"))
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()

    import app.nlp.pipeline as pipeline
    from app.nlp import judge
    from app.nlp.dispute_pairs import DisputeSettings
    from app.nlp.models import ArticleIn

    with open(args.data, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()][: args.limit]
    words = sum(len(re.findall(r"\w+", r["text"])) for r in recs)
    nlp = pipeline.get_nlp()
    judge.get_judge()
    print(machine_info())
    print(f"\ndocs: {len(recs)}  words: {words}  (one process)\n")
    real = pipeline.article_disputes
    spent = [0.0]
    on = DisputeSettings(threshold=args.threshold, denial_threshold=args.threshold, rule_threshold=0.0)

    def timed(doc: Any, atts: Any) -> Any:
        t0 = time.process_time()
        try:
            return real(doc, atts, on)
        finally:
            spent[0] += time.process_time() - t0

    def skipped(doc: Any, atts: Any) -> list[Any]:
        return []

    def run(disputes: Callable[..., Any]) -> tuple[float, float]:
        pipeline.article_disputes = disputes  # type: ignore[assignment]
        try:
            c0, t0 = time.process_time(), time.perf_counter()
            for _ in pipeline.extract_many([ArticleIn(id=r["id"], text=r["text"]) for r in recs], nlp=nlp):
                pass
            return time.perf_counter() - t0, time.process_time() - c0
        finally:
            pipeline.article_disputes = real  # type: ignore[assignment]

    run(skipped)  # warm-up: first-call costs belong to neither arm
    with_judge: list[tuple[float, float]] = []
    without: list[tuple[float, float]] = []
    shares: list[float] = []
    for _ in range(args.repeats):
        spent[0] = 0.0
        wall, cpu = run(timed)
        with_judge.append((wall, cpu))
        shares.append(spent[0] / cpu)
        without.append(run(skipped))
    w, wo = median([x[0] for x in with_judge]), median([x[0] for x in without])
    print("| arm | median wall s | words/s |")
    print("|---|---|---|")
    print(f"| extraction with the judge | {w:.1f} | {words / w:.0f} |")
    print(f"| extraction without in-article disputes | {wo:.1f} | {words / wo:.0f} |")
    print(f"\nratio with/without: {wo / w:.2f}; judge share of extraction CPU: {median(shares):.1%}")


if __name__ == "__main__":
    main()
