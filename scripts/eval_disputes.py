#!/usr/bin/env python3
"""Evaluate the in-article dispute detector on GOLD attributions.

    .venv/bin/python scripts/eval_disputes.py            # dev + seed, scored by shared/eval/score.py
    .venv/bin/python scripts/eval_disputes.py --show     # also list true/false positives and misses
    .venv/bin/python scripts/eval_disputes.py --system   # also the full pipeline's own attributions (slow)

Attributions come from the gold spans (with gold speakers), so the figures measure
the dispute detector alone; `score.py` maps predicted pairs through its content
matching, which on gold spans is the identity.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from app.nlp.disputes import find_disputes
from app.nlp.models import Attribution
from app.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
log = logging.getLogger("eval_disputes")


def load_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def parse(records: list[dict], cache: Path | None) -> list[Doc]:
    nlp = spacy.load(get_settings().spacy_model)
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(records) and all(d.text == r["text"] for d, r in zip(docs, records, strict=True)):
            return docs
    docs = list(nlp.pipe([r["text"] for r in records], batch_size=8))
    if cache:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(cache)
    return docs


def gold_attributions(rec: dict) -> list[Attribution]:
    out = []
    for a in rec["attributions"]:
        out.append(
            Attribution(
                source=[tuple(s) for s in a["source"]],
                cue=[tuple(s) for s in a["cue"]],
                content=[tuple(s) for s in a["content"]],
                speaker=a.get("speaker"),
                speaker_kind=a.get("speaker_kind"),
                also=a.get("also", []),
            )
        )
    return out


def predict(records: list[dict], docs: list[Doc]) -> list[dict]:
    preds = []
    for rec, doc in zip(records, docs, strict=True):
        found = find_disputes(doc, gold_attributions(rec))
        preds.append({"rec": rec, "disputes": found})
    return preds


def score(gold_path: Path, preds: list[dict]) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for p in preds:
            rec = p["rec"]
            out = {
                "id": rec["id"],
                "attributions": [
                    {
                        "source": a["source"],
                        "cue": a["cue"],
                        "content": a["content"],
                        "speaker": a.get("speaker"),
                    }
                    for a in rec["attributions"]
                ],
                "disputes": [[d.i, d.j] for d in p["disputes"]],
            }
            f.write(json.dumps(out) + "\n")
        name = f.name
    res = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(gold_path), name],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(name).unlink()
    return next(line for line in res.stdout.splitlines() if line.startswith("disputes"))


def system_score(gold_path: Path, records: list[dict]) -> str:
    """Dispute line of score.py when the attributions come from the extraction pipeline itself."""
    from app.nlp.pipeline import extract

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(extract(rec["text"]).to_eval_record(rec["id"])) + "\n")
        name = f.name
    res = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(gold_path), name],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(name).unlink()
    return next(line for line in res.stdout.splitlines() if line.startswith("disputes"))


def show(preds: list[dict]) -> None:
    for p in preds:
        rec = p["rec"]
        gold = {tuple(x) for x in rec.get("disputes", [])}
        text = rec["text"]

        def content(k: int, rec: dict = rec, text: str = text) -> str:
            a = rec["attributions"][k]
            return " … ".join(text[s:e] for s, e in a["content"])[:140].replace("\n", " ")

        found = {(d.i, d.j): d for d in p["disputes"]}
        for (i, j), d in found.items():
            tag = "TP" if (i, j) in gold else ("REV" if (j, i) in gold else "FP")
            print(f"{tag} {rec['id'][:40]} [{i},{j}] p={d.confidence:.2f} {d.method}: {d.evidence}")
            print(f"     i: {rec['attributions'][i].get('speaker')}: {content(i)}")
            print(f"     j: {rec['attributions'][j].get('speaker')}: {content(j)}")
        for i, j in sorted(gold - set(found)):
            print(f"FN {rec['id'][:40]} [{i},{j}]")
            print(f"     i: {rec['attributions'][i].get('speaker')}: {content(i)}")
            print(f"     j: {rec['attributions'][j].get('speaker')}: {content(j)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=EVAL / "data" / "polnear-dev.jsonl")
    ap.add_argument("--seed", type=Path, default=EVAL / "data" / "seed.jsonl")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "claimgraph-dev-docs.spacy")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--system", action="store_true", help="also score on the pipeline's own attributions")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    records = load_records(args.gold)
    docs = parse(records, args.cache)
    preds = predict(records, docs)
    print(f"dev  {score(args.gold, preds)}")
    if args.show:
        show(preds)
    seed = load_records(args.seed)
    seed_preds = predict(seed, parse(seed, None))
    print(f"seed {score(args.seed, seed_preds)}")
    for p in seed_preds:
        for d in p["disputes"]:
            print(f"  seed [{d.i},{d.j}] p={d.confidence:.2f} {d.method}: {d.evidence}")
    if args.system:
        print(f"dev, system attributions  {system_score(args.gold, records)}")
        print(f"seed, system attributions {system_score(args.seed, seed)}")


if __name__ == "__main__":
    main()
