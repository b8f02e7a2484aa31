#!/usr/bin/env python3
"""Evaluate the in-article dispute detector on gold and on the pipeline's own attributions.

    .venv/bin/python scripts/eval_disputes.py            # dev (all, even, odd docs) + seed, gold attributions
    .venv/bin/python scripts/eval_disputes.py --show     # also list true/false positives and misses
    .venv/bin/python scripts/eval_disputes.py --system   # also the full pipeline's own attributions (slow)
    .venv/bin/python scripts/eval_disputes.py --system --system-cache /tmp/sys   # reuse one pipeline run
    .venv/bin/python scripts/eval_disputes.py --system --system-cache /tmp/sys --write-pred /tmp/pred.jsonl
        # ... and write the system predictions (with disputes) for ../shared/eval/score.py

With gold attributions (and gold speakers) the figures measure the dispute detector alone.
With `--system` the pipeline extracts every article and `score.py` maps the predicted pairs
to gold through its Dice content matching, as the issue's target is measured. `--system-cache`
keeps the pipeline's Docs and attributions (before disputes) so that only `find_disputes` is
re-run: refresh it (`--refresh`) after the extractor changes. Every dev figure is also given on
the even- and odd-indexed documents separately, so a rule can be checked on two halves.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import spacy
from spacy.tokens import Doc, DocBin

from app.nlp.dispute_pairs import article_disputes as find_disputes
from app.nlp.models import Attribution, Dispute
from app.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
log = logging.getLogger("eval_disputes")


def load_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", EVAL / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def parse(records: list[dict[str, Any]], cache: Path | None) -> list[Doc]:
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


def gold_attributions(rec: dict[str, Any]) -> list[Attribution]:
    return [
        Attribution(
            source=[tuple(s) for s in a["source"]],
            cue=[tuple(s) for s in a["cue"]],
            content=[tuple(s) for s in a["content"]],
            speaker=a.get("speaker"),
            speaker_kind=a.get("speaker_kind"),
            also=a.get("also", []),
        )
        for a in rec["attributions"]
    ]


class Run:
    """One article's attributions (gold or system) with the Doc the detector sees."""

    def __init__(self, rec: dict[str, Any], doc: Doc, local: list[Attribution], out: dict[str, Any]) -> None:
        self.rec = rec
        self.doc = doc
        self.local = local  # attributions in the Doc's offsets, as find_disputes receives them
        self.out = out  # the eval record (attributions in the caller's offsets)
        self.disputes: list[Dispute] = []

    def predict(self) -> None:
        self.disputes = find_disputes(self.doc, self.local)


def gold_runs(records: list[dict[str, Any]], docs: list[Doc]) -> list[Run]:
    runs = []
    for rec, doc in zip(records, docs, strict=True):
        atts = gold_attributions(rec)
        out = {"id": rec["id"], "attributions": rec["attributions"]}
        runs.append(Run(rec, doc, atts, out))
    return runs


def system_runs(records: list[dict[str, Any]], cache: Path | None, refresh: bool) -> list[Run]:
    """Run the pipeline once per article, recording what it hands to `find_disputes`."""
    import app.nlp.pipeline as pipeline

    nlp = pipeline.get_nlp()
    if cache and not refresh and (cache / "docs.spacy").exists():
        docs = list(DocBin().from_disk(cache / "docs.spacy").get_docs(nlp.vocab))
        saved = json.loads((cache / "atts.json").read_text(encoding="utf-8"))
        if len(docs) == len(records) and [s["id"] for s in saved] == [r["id"] for r in records]:
            return [
                Run(rec, doc, [Attribution(**a) for a in s["local"]], s["out"])
                for rec, doc, s in zip(records, docs, saved, strict=True)
            ]
    seen: list[tuple[Doc, list[Attribution]]] = []
    real = pipeline.article_disputes

    def recording(doc: Doc, atts: list[Attribution]) -> list[Dispute]:
        seen.append((doc, [a.model_copy() for a in atts]))
        return real(doc, atts)

    pipeline.article_disputes = recording  # type: ignore[assignment]
    runs = []
    try:
        for rec in records:
            ex = pipeline.extract(rec["text"], nlp)
            doc, local = seen[-1]
            runs.append(Run(rec, doc, local, ex.to_eval_record(rec["id"])))
    finally:
        pipeline.article_disputes = real
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=False)
        for r in runs:
            db.add(r.doc)
        db.to_disk(cache / "docs.spacy")
        saved = [{"id": r.rec["id"], "local": [a.model_dump() for a in r.local], "out": r.out} for r in runs]
        (cache / "atts.json").write_text(json.dumps(saved), encoding="utf-8")
    return runs


def score_runs(sc: ModuleType, runs: list[Run]) -> str:
    gold = {r.rec["id"]: r.rec for r in runs}
    pred = {r.rec["id"]: dict(r.out, disputes=[[d.i, d.j] for d in r.disputes]) for r in runs}
    d = sc.score(gold, pred)["disputes"]
    return (
        f"disputes     P {d['p']:.3f}  R {d['r']:.3f}  F1 {d['f1']:.3f}   "
        f"({d['tp']} of {d['pred']} predicted, {d['gold']} gold, {d['docs']} documents)"
    )


def report(sc: ModuleType, label: str, runs: list[Run], halves: bool = True) -> None:
    for r in runs:
        r.predict()
    print(f"{label:<26} all  {score_runs(sc, runs)}")
    if halves:
        print(f"{label:<26} even {score_runs(sc, runs[0::2])}")
        print(f"{label:<26} odd  {score_runs(sc, runs[1::2])}")


def show(sc: ModuleType, runs: list[Run]) -> None:
    """TP / FP / FN per article; predicted pairs are mapped to gold as score.py maps them."""
    for r in runs:
        rec, text = r.rec, r.rec["text"]
        toks = sc.tokens_of(text)
        pairs = sc.match(
            [sc.token_set(a["content"], toks) for a in rec["attributions"]],
            [sc.token_set(a.get("content"), toks) for a in r.out["attributions"]],
        )
        gold = {tuple(x) for x in rec.get("disputes", [])}
        pa = r.out["attributions"]

        def content(atts: list[dict[str, Any]], k: int, text: str = text) -> str:
            return " … ".join(text[s:e] for s, e in atts[k]["content"])[:150].replace("\n", " ")

        hit = set()
        for d in r.disputes:
            gi, gj = pairs.get(d.i), pairs.get(d.j)
            if (gi, gj) in gold:
                tag = "TP"
                hit.add((gi, gj))
            elif (gj, gi) in gold:
                tag = "REV"
            elif gi is None or gj is None:
                tag = "FP-unmatched"
            else:
                tag = "FP"
            where = f"{rec['id'][:45]} [{d.i},{d.j}]->[{gi},{gj}]"
            print(f"{tag} {where} p={d.confidence:.2f} {d.method}: {d.evidence}")
            print(f"     i: {pa[d.i].get('speaker')}: {content(pa, d.i)}")
            print(f"     j: {pa[d.j].get('speaker')}: {content(pa, d.j)}")
        inv = {g: p for p, g in pairs.items()}
        for i, j in sorted(gold - hit):
            print(f"FN {rec['id'][:45]} gold [{i},{j}] system [{inv.get(i)},{inv.get(j)}]")
            print(f"     i: {rec['attributions'][i].get('speaker')}: {content(rec['attributions'], i)}")
            print(f"     j: {rec['attributions'][j].get('speaker')}: {content(rec['attributions'], j)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=EVAL / "data" / "polnear-dev.jsonl")
    ap.add_argument("--seed", type=Path, default=EVAL / "data" / "seed.jsonl")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "claimgraph-dev-docs.spacy")
    ap.add_argument("--show", action="store_true", help="list TP/FP/FN (of the system run with --system)")
    ap.add_argument("--system", action="store_true", help="also score on the pipeline's own attributions")
    ap.add_argument("--system-cache", type=Path, default=None, help="directory keeping one pipeline run")
    ap.add_argument("--refresh", action="store_true", help="re-run the pipeline into --system-cache")
    ap.add_argument("--no-gold", action="store_true", help="skip the gold-attribution figures")
    ap.add_argument("--write-pred", type=Path, default=None, help="write the system run's prediction JSONL")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sc = scorer()

    records = load_records(args.gold)
    seed = load_records(args.seed)
    if not args.no_gold:
        runs = gold_runs(records, parse(records, args.cache))
        report(sc, "dev", runs)
        if args.show and not args.system:
            show(sc, runs)
        seed_runs = gold_runs(seed, parse(seed, None))
        report(sc, "seed", seed_runs, halves=False)
        for r in seed_runs:
            for d in r.disputes:
                print(f"  seed [{d.i},{d.j}] p={d.confidence:.2f} {d.method}: {d.evidence}")
    if args.system:
        sys_runs = system_runs(records, args.system_cache, args.refresh)
        report(sc, "dev, system attributions", sys_runs)
        if args.show:
            show(sc, sys_runs)
        if args.write_pred:
            with args.write_pred.open("w", encoding="utf-8") as fh:
                for r in sys_runs:
                    rec = dict(r.out, disputes=[[d.i, d.j] for d in r.disputes])
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        seed_sys = system_runs(seed, None, True)
        for r in seed_sys:
            r.predict()
        print(f"seed, system attributions  {score_runs(sc, seed_sys)}")
        for r in seed_sys:
            for d in r.disputes:
                print(f"  seed [{d.i},{d.j}] p={d.confidence:.2f} {d.method}: {d.evidence}")


if __name__ == "__main__":
    main()
