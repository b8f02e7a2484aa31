"""Score speaker resolution alone: gold attribution spans in, our canonical speakers out.

usage: python scripts/eval_speakers.py [GOLD.jsonl] [-o OUT.jsonl] [--cache DOCS.spacy] [--errors N]
                                      [--spans PRED.jsonl]

By default every attribution keeps its gold source/cue/content spans, so `score.py`'s speaker_acc
and `speakers` pairwise F1 measure only `app.nlp.speakers.resolve_speakers`. With `--spans
PRED.jsonl` (a `claimgraph extract` output) the system's own attributions are re-resolved instead,
which reproduces the end-to-end speaker figures in seconds after one extraction run. `--cache`
keeps the parsed Docs in a DocBin so re-runs skip spaCy; `--errors N` prints N wrong speakers.
Texts go through `app.nlp.cleanup` first, as in `claimgraph extract`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import spacy
from spacy.tokens import Doc, DocBin

from app.nlp.cleanup import clean
from app.nlp.models import Attribution
from app.nlp.speakers import resolve_speakers
from app.settings import get_settings

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"


@lru_cache(maxsize=1)
def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", EVAL_DIR / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def norm_name(name: str | None) -> str:
    """score.py's name normalisation (taken from the scorer so the two never drift)."""
    return str(_scorer().norm_name(name))


def load_docs(texts: list[str], cache: Path | None) -> list[Doc]:
    nlp = spacy.load(get_settings().spacy_model)
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    docs = list(nlp.pipe(texts, batch_size=16))
    if cache:
        db = DocBin(store_user_data=False)
        for d in docs:
            db.add(d)
        db.to_disk(cache)
    return docs


def spans(x: list[list[int]]) -> list[tuple[int, int]]:
    return [(int(s), int(e)) for s, e in x]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", default=str(EVAL_DIR / "data" / "polnear-dev.jsonl"))
    ap.add_argument("-o", "--output", default="/tmp/speakers-pred.jsonl")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--spans", type=Path, default=None, help="take attributions from this prediction file")
    args = ap.parse_args()

    with open(args.gold, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    system: dict[str, dict] = {}
    if args.spans:
        with open(args.spans, encoding="utf-8") as f:
            system = {r["id"]: r for r in (json.loads(line) for line in f if line.strip())}
    # cleanup blanks datelines without moving offsets; parse what `claimgraph extract` parses
    docs = load_docs([clean(r["text"]).text for r in recs], args.cache)
    t0 = time.perf_counter()
    errors: list[str] = []
    sc = _scorer()
    with open(args.output, "w", encoding="utf-8") as out:
        for rec, doc in zip(recs, docs, strict=True):
            given = (
                system.get(rec["id"], {"attributions": []})["attributions"]
                if args.spans
                else rec["attributions"]
            )
            atts = [
                Attribution(source=spans(a["source"]), cue=spans(a["cue"]), content=spans(a["content"]))
                for a in given
            ]
            resolved, _speakers = resolve_speakers(doc, atts)
            pred = [
                {**a, "speaker": r.speaker, "speaker_kind": r.speaker_kind}
                for a, r in zip(given, resolved, strict=True)
            ]
            out_rec = {**system.get(rec["id"], {}), "id": rec["id"], "attributions": pred}
            out.write(json.dumps(out_rec) + "\n")
            # errors: gold attributions paired with predictions the way score.py pairs them
            toks = sc.tokens_of(rec["text"])
            pairs = sc.match(
                [sc.token_set(a["content"], toks) for a in rec["attributions"]],
                [sc.token_set(a["content"], toks) for a in pred],
            )
            for pi, gi in sorted(pairs.items(), key=lambda x: x[1]):
                a, r = rec["attributions"][gi], pred[pi]
                gold_names = {norm_name(n) for n in [a.get("speaker"), *a.get("also", [])]}
                named = a.get("speaker_kind") in ("PERSON", "ORG", "DOCUMENT") and a.get("speaker")
                if named and norm_name(r["speaker"]) not in gold_names:
                    src = " | ".join(rec["text"][s:e] for s, e in a["source"])
                    psrc = " | ".join(rec["text"][s:e] for s, e in r["source"])
                    same = "" if not args.spans else (" src=" if src == psrc else f" psrc={psrc[:40]!r}")
                    errors.append(
                        f"{rec['id'][:40]:40s} {src[:60]!r:62s} gold={a['speaker']!r} ({a['speaker_kind']})"
                        f" pred={r['speaker']!r} ({r['speaker_kind']}){same}"
                    )
    elapsed = time.perf_counter() - t0
    n_att = sum(len(system.get(r["id"], r)["attributions"]) for r in recs)
    print(f"resolved {n_att} attributions in {len(recs)} docs in {elapsed:.2f}s")
    for line in errors[: args.errors]:
        print(line)
    score = EVAL_DIR / "score.py"
    res = subprocess.run([sys.executable, str(score), args.gold, args.output], capture_output=True, text=True)
    print(res.stdout, end="")


if __name__ == "__main__":
    main()
