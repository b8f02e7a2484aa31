"""`claimgraph judge-eval FILE.jsonl [--source NAME ...]`: how well the shipped judge does on labelled pairs.

Rows carry `premise`, `hypothesis`, `label` (entailment | neutral | contradiction) and `source`, as in
`../shared/data/nli/nli.jsonl`. Prints, per chosen source and over all of them, the accuracy and each
label's precision, recall and F1, and the pairs judged per second on one core.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import defaultdict
from pathlib import Path

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("judge-eval", help="accuracy of the sentence-pair judge on labelled pairs")
    p.add_argument("input", type=Path, help="JSONL with premise, hypothesis, label (and source)")
    p.add_argument("--source", action="append", default=[], help="only rows of this source (repeatable)")
    p.add_argument("--limit", type=int, default=0, help="at most this many rows per source (0: all)")
    p.set_defaults(handler=run)


def read_rows(path: Path, sources: list[str], limit: int) -> list[dict[str, str]]:
    from app.nlp.judge import LABELS

    rows: list[dict[str, str]] = []
    seen: dict[str, int] = defaultdict(int)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if not isinstance(rec, dict) or rec.get("label") not in LABELS:
                raise ValueError(f"line {n}: needs premise, hypothesis and a label in {LABELS}")
            src = str(rec.get("source", "-"))
            if sources and src not in sources:
                continue
            if limit and seen[src] >= limit:
                continue
            seen[src] += 1
            rows.append(
                {
                    "premise": rec["premise"],
                    "hypothesis": rec["hypothesis"],
                    "label": rec["label"],
                    "source": src,
                }
            )
    return rows


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Accuracy and per-label precision, recall and F1."""
    from app.nlp.judge import LABELS

    out = {
        "n": float(len(gold)),
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold)),
    }
    for lab in LABELS:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        npred, ngold = pred.count(lab), gold.count(lab)
        prec, rec = tp / npred if npred else 0.0, tp / ngold if ngold else 0.0
        out[f"{lab}_p"], out[f"{lab}_r"] = prec, rec
        out[f"{lab}_f1"] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return out


def _line(name: str, s: dict[str, float]) -> str:
    from app.nlp.judge import LABELS

    parts = [f"{name:<28} n={int(s['n']):>6}  acc {s['accuracy']:.3f}"]
    parts += [
        f"{lab[:5]} P {s[lab + '_p']:.3f} R {s[lab + '_r']:.3f} F1 {s[lab + '_f1']:.3f}" for lab in LABELS
    ]
    return "  ".join(parts)


def run(args: argparse.Namespace) -> int:
    from app.nlp import judge

    if not judge.available():
        log.error(
            "the judge's weights are missing (%s): rebuild them with scripts/train_judge.py", judge.JUDGE_PATH
        )
        return 2
    try:
        rows = read_rows(args.input, args.source, args.limit)
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        log.error("cannot read %s: %s", args.input, exc)
        return 2
    if not rows:
        log.error("no rows in %s%s", args.input, f" for source(s) {args.source}" if args.source else "")
        return 2
    labels = judge.LABELS
    started = time.process_time()
    probs = judge.get_judge().probs([(r["premise"], r["hypothesis"]) for r in rows])
    cpu = time.process_time() - started
    pred = [labels[int(k)] for k in probs.argmax(1)]
    by_source: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(rows):
        by_source[r["source"]].append(k)
    out = sys.stdout
    for src in sorted(by_source):
        idx = by_source[src]
        out.write(_line(src, scores([rows[k]["label"] for k in idx], [pred[k] for k in idx])) + "\n")
    if len(by_source) > 1:
        out.write(_line("all", scores([r["label"] for r in rows], pred)) + "\n")
    out.write(f"{len(rows) / max(cpu, 1e-9):.1f} pairs per CPU-second (one onnxruntime thread)\n")
    return 0
