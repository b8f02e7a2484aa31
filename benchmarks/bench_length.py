"""Extraction time and peak memory vs article length: linear growth, ratios within one run.

Each size (words) is built from PolNeAR dev paragraphs repeated until the length is reached (real
prose, so linking, speakers and disputes all work), then extracted in a fresh child process that
reports its CPU seconds and peak RSS; the bare spaCy model (`spacy.load` alone, no ClaimGraph
components) is measured the same way on the same text. The table gives seconds per 1,000 words
(flat when linear), the ratio of each size's time to the smallest size's, scaled by length, and
peak memory per 100,000 words.

    .venv/bin/python -m benchmarks.bench_length [--sizes 1000,10000,100000,200000] [--repeats 1]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time
from multiprocessing.connection import Connection

from benchmarks.common import EVAL_DATA, machine_info, median


def _text(words: int) -> str:
    paras: list[str] = []
    with open(EVAL_DATA / "polnear-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            paras += [p.strip() for p in json.loads(line)["text"].split("\n\n") if p.strip()]
    out: list[str] = []
    n = 0
    while n < words:
        for p in paras:
            out.append(p)
            n += len(p.split())
            if n >= words:
                break
    return "\n\n".join(out)


def _child(conn: Connection, text: str, bare: bool) -> None:
    if bare:
        import spacy

        from app.settings import get_settings

        nlp = spacy.load(get_settings().spacy_model)
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        nlp("Warm up.")
        start = time.process_time()
        nlp(text)
    else:
        from app.nlp.pipeline import extract, get_nlp

        nlp = get_nlp()
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        extract("The minister said the talks would go on.")
        start = time.process_time()
        extract(text)
    cpu = time.process_time() - start
    conn.send((cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _measure(text: str, bare: bool) -> tuple[float, float]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    p = ctx.Process(target=_child, args=(child, text, bare))
    p.start()
    cpu, rss = parent.recv()
    p.join()
    return cpu, rss


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000,200000")
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(machine_info())
    rows = []
    for words in sizes:
        text = _text(words)
        ext = [_measure(text, bare=False) for _ in range(args.repeats)]
        bare = [_measure(text, bare=True) for _ in range(args.repeats)]
        cpu = median([c for c, _ in ext])
        rows.append((words, cpu, max(r for _, r in ext), median([c for c, _ in bare])))
        print(f"{words} words: extract {rows[-1][1]:.1f} CPU-s, bare {rows[-1][3]:.1f} CPU-s", flush=True)
    w0, t0 = rows[0][0], rows[0][1]
    print(
        "| words | extract CPU-s | per 1k words | growth vs linear | bare spaCy CPU-s | extract/bare "
        "| peak RSS MiB | MiB per 100k words above the smallest |"
    )
    print("|---|---|---|---|---|---|---|---|")
    r0 = rows[0][2]
    for words, cpu, rss, bare_cpu in rows:
        growth = (cpu / t0) / (words / w0)
        print(
            f"| {words:,} | {cpu:.1f} | {cpu / words * 1000:.3f} | {growth:.2f} | {bare_cpu:.1f} "
            f"| {cpu / bare_cpu:.2f} | {rss:,.0f} | {(rss - r0) / max(words - w0, 1) * 100_000:,.0f} |"
        )


if __name__ == "__main__":
    main()
