#!/usr/bin/env python3
"""Measure the cross-article claim decisions of `app.nlp.claims` on the annotated dev clusters.

    .venv/bin/python scripts/eval_cross.py [--sweep]

Uses the GOLD attributions (contents and speakers) of the documents of each
cluster in `shared/eval/data/polnear-dev-cross.json` and scores, like
`score.py --cross`:

- same_claim: documents are loaded in the cluster's order (as the graph loader
  would); each claim joins the earlier claim of another article with the highest
  `claim_match_score` that `same_claim` accepts, else starts a new Claim. Predicted pairs are all
  cross-article pairs inside one Claim; gold pairs are closed under transitivity.
- cross_disputes: `cross_dispute(a, b)` for every pair of claims of different
  articles, in both orders; when both fire, the later-dated article's claim is a;
  gold disputes are extended to the members of both claims' same_claim classes.

`--sweep` also prints same_claim P/R/F1 over similarity thresholds (pairwise,
without the grouping). Gold attributions are an upper bound: the thresholds in
`app.nlp.claims` were set on the system's own attributions loaded through the graph
(`scripts/eval_graph_resolve.py`, figures in docs/cross-article.md), where wrong speakers
and split or fused contents move the best setting.
"""

from __future__ import annotations

import argparse
import json
from itertools import combinations
from pathlib import Path

from app.nlp import claims

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "data"

Coord = tuple[str, int]


def prf(tp: int, n_pred: int, n_gold: int) -> str:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}   ({tp} of {n_pred} predicted, {n_gold} gold)"


def gold_sets(cluster: dict) -> tuple[set[frozenset[Coord]], set[tuple[Coord, Coord]]]:
    parent: dict[Coord, Coord] = {}

    def root(x: Coord) -> Coord:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for p in cluster["same_claim"]:
        parent[root(tuple(p["b"]))] = root(tuple(p["a"]))  # type: ignore[arg-type]
    groups: dict[Coord, list[Coord]] = {}
    for x in list(parent):
        groups.setdefault(root(x), []).append(x)
    same = {frozenset((x, y)) for g in groups.values() for x, y in combinations(g, 2) if x[0] != y[0]}
    disputes = set()
    for p in cluster["disputes"]:
        a, b = tuple(p["a"]), tuple(p["b"])
        for x in groups.get(root(a), [a]):  # type: ignore[arg-type]
            for y in groups.get(root(b), [b]):  # type: ignore[arg-type]
                if x[0] != y[0]:
                    disputes.add((x, y))
    return same, disputes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DATA / "polnear-dev.jsonl")
    ap.add_argument("--cross", type=Path, default=DATA / "polnear-dev-cross.json")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--show", action="store_true", help="print wrong and missed pairs")
    ap.add_argument("--threshold", type=float, default=None, help="override claims.SAME_CLAIM_THRESHOLD")
    ap.add_argument("--bonus", type=float, default=None, help="override claims.SAME_SPEAKER_BONUS")
    args = ap.parse_args()
    if args.threshold is not None:
        claims.SAME_CLAIM_THRESHOLD = args.threshold
    if args.bonus is not None:
        claims.SAME_SPEAKER_BONUS = args.bonus

    wanted = json.loads(args.cross.read_text(encoding="utf-8"))
    ids = {d for c in wanted for d in c["docs"]}
    recs = {}
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            if r["id"] in ids:
                recs[r["id"]] = r

    def text(c: Coord) -> str:
        r = recs[c[0]]
        return " ".join(r["text"][s:e] for s, e in r["attributions"][c[1]]["content"])

    def cue(c: Coord) -> str:
        r = recs[c[0]]
        return " ".join(r["text"][s:e] for s, e in r["attributions"][c[1]]["cue"])

    def speaker(c: Coord) -> str | None:
        return recs[c[0]]["attributions"][c[1]].get("speaker") or None

    claims.warm([text((d, k)) for d in recs for k in range(len(recs[d]["attributions"]))])
    tot = {"same": [0, 0, 0], "disp": [0, 0, 0]}
    sweep_pairs: list[tuple[float, float, bool, bool]] = []
    for cluster in wanted:
        docs = cluster["docs"]
        gsame, gdisp = gold_sets(cluster)
        coords = {d: [(d, k) for k in range(len(recs[d]["attributions"]))] for d in docs}
        # same_claim, loaded document by document
        group_of: dict[Coord, int] = {}
        members: list[list[Coord]] = []
        for n, d in enumerate(docs):
            earlier = [c for e in docs[:n] for c in coords[e]]
            for c in coords[d]:
                best, best_sim = None, 0.0
                for o in earlier:
                    same_spk = speaker(c) is not None and speaker(c) == speaker(o)
                    if args.sweep:
                        lex = claims.lexical_similarity(text(c), text(o))
                        emb = claims.embedding_similarity(text(c), text(o))
                        sweep_pairs.append((lex, emb, same_spk, frozenset((o, c)) in gsame))
                    score = claims.claim_match_score(text(c), text(o), same_speaker=same_spk)
                    if score > best_sim and claims.same_claim(text(c), text(o), same_speaker=same_spk):
                        best, best_sim = o, score
                if best is None:
                    group_of[c] = len(members)
                    members.append([c])
                else:
                    group_of[c] = group_of[best]
                    members[group_of[best]].append(c)
        psame = {frozenset((x, y)) for g in members for x, y in combinations(g, 2) if x[0] != y[0]}
        # cross disputes: later article's claim first
        pdisp: set[tuple[Coord, Coord]] = set()
        evidence: dict[tuple[Coord, Coord], str] = {}
        for da, db in combinations(docs, 2):
            # Ask both ways; when both fire (a symmetric conflict), the later-dated article's claim is `a`.
            later_first = recs[db].get("date", "") >= recs[da].get("date", "")
            for x in coords[da]:
                for y in coords[db]:
                    fwd = claims.cross_dispute(
                        text(y),
                        text(x),
                        speaker_a=speaker(y),
                        speaker_b=speaker(x),
                        cue_a=cue(y),
                        cue_b=cue(x),
                    )
                    back = claims.cross_dispute(
                        text(x),
                        text(y),
                        speaker_a=speaker(x),
                        speaker_b=speaker(y),
                        cue_a=cue(x),
                        cue_b=cue(y),
                    )
                    if fwd and back:
                        back = None if later_first else back
                        fwd = fwd if later_first else None
                    for pair, s in (((y, x), fwd), ((x, y), back)):
                        if s is not None:
                            pdisp.add(pair)
                            evidence[pair] = f"{s.method}: {s.evidence}"
        print(f"[{cluster['cluster']}] same_claim     {prf(len(psame & gsame), len(psame), len(gsame))}")
        print(f"[{cluster['cluster']}] cross_disputes {prf(len(pdisp & gdisp), len(pdisp), len(gdisp))}")
        for k, p, g in (("same", psame, gsame), ("disp", pdisp, gdisp)):
            tot[k][0] += len(p & g)
            tot[k][1] += len(p)
            tot[k][2] += len(g)
        if args.show:
            for pair in sorted(psame - gsame, key=str):
                x, y = sorted(pair)
                print(f"  FP same {x} {y}\n     {text(x)[:120]!r}\n     {text(y)[:120]!r}")
            for pair in sorted(gsame - psame, key=str):
                x, y = sorted(pair)
                sim = claims.claim_similarity(text(x), text(y))
                print(f"  FN same {x} {y} sim={sim:.2f}\n     {text(x)[:120]!r}\n     {text(y)[:120]!r}")
            for a, b in sorted(pdisp, key=str):
                tag = "TP" if (a, b) in gdisp else "FP"
                print(
                    f"  {tag} disp {a} {b} {evidence[(a, b)]}\n     {text(a)[:120]!r}\n     {text(b)[:120]!r}"
                )
            for a, b in sorted(gdisp - pdisp, key=str):
                print(f"  FN disp {a} {b}\n     {text(a)[:120]!r}\n     {text(b)[:120]!r}")
    print(f"ALL same_claim     {prf(*tot['same'])}")
    print(f"ALL cross_disputes {prf(*tot['disp'])}")
    if args.sweep:
        n_gold = tot["same"][2]
        print("pairwise same_claim by threshold (no grouping); columns: lexical | embedding | mean of both |")
        print("  mean of both plus 0.25 for pairs of one speaker")
        for cut in [x / 20 for x in range(8, 19)]:
            cols = []
            for score in (
                lambda p: p[0],
                lambda p: p[1],
                lambda p: (p[0] + p[1]) / 2,
                lambda p: (p[0] + p[1]) / 2 + (0.25 if p[2] else 0.0),
            ):
                sel = [p[3] for p in sweep_pairs if score(p) >= cut]
                cols.append(prf(sum(sel), len(sel), n_gold).split("   (")[0])
            print(f"  >= {cut:.2f}: " + " | ".join(cols))


if __name__ == "__main__":
    main()
