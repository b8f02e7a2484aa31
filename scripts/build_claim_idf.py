#!/usr/bin/env python3
"""Build app/nlp/data/disputes/idf.json: document frequencies of lemmas over claim contents.

    .venv/bin/python scripts/build_claim_idf.py [--train ../shared/eval/data/polnear-train.jsonl]

Each attribution content of the PolNeAR train split counts as one document, so the
weights reflect how common a word is *in claims* (reporting vocabulary such as
"said" or "percent" weighs little). Only lemmas seen in at least 2 contents are kept.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import spacy

from app.nlp.claims import IDF_PATH, lemma_terms
from app.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--train", type=Path, default=ROOT.parent / "shared" / "eval" / "data" / "polnear-train.jsonl"
    )
    args = ap.parse_args()
    nlp = spacy.load(get_settings().spacy_model, disable=["parser", "ner"])
    texts = []
    for line in args.train.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        for a in rec["attributions"]:
            texts.append(" ".join(rec["text"][s:e] for s, e in a["content"]))
    df: Counter[str] = Counter()
    for doc in nlp.pipe(texts, batch_size=256):
        df.update(set(lemma_terms(doc)))
    out = {"n_docs": len(texts), "df": {k: v for k, v in sorted(df.items()) if v >= 2}}
    IDF_PATH.parent.mkdir(parents=True, exist_ok=True)
    IDF_PATH.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(texts)} contents, {len(out['df'])} lemmas -> {IDF_PATH}")


if __name__ == "__main__":
    main()
