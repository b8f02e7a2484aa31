#!/usr/bin/env python3
"""Choose the in-article dispute settings on one half of dev and report them on the other, both ways.

    .venv/bin/python scripts/eval_disputes.py --system --system-cache /tmp/sys --no-gold   # one pipeline run
    .venv/bin/python scripts/tune_disputes.py --system-cache /tmp/sys

Judges every loose candidate pair of the pipeline's own attributions once (both orders, with and
without the denial cue in front of a denial's content), then replays `app.nlp.dispute_pairs` for
each setting on the grid: the best F1 with precision >= 0.5 on the even documents is reported on
the odd ones, and the best on the odd ones on the even ones. Pair features go to a JSON cache
(`--pairs`) so that re-running the grid costs no judging.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_disputes import EVAL, load_records, scorer, system_runs  # noqa: E402

from app.nlp import dispute_embed  # noqa: E402
from app.nlp.dispute_pairs import DisputeSettings, candidates, claim_text, direction, eligible  # noqa: E402
from app.nlp.disputes import attribution_views, is_refuter, statement_pieces  # noqa: E402
from app.nlp.judge import get_judge  # noqa: E402

LOOSE = DisputeSettings(window=12, entity_window=20, min_similarity=0.25, threshold=0.0)


def collect(runs: list[Any]) -> list[list[dict[str, Any]]]:
    judge = get_judge()
    per_doc = []
    for r in runs:
        atts = r.local
        rows: list[dict[str, Any]] = []
        if len(atts) >= 2:
            views = attribution_views(r.doc, atts)
            ok = [eligible(v, a, LOOSE) for v, a in zip(views, atts, strict=True)]
            length = [sum(e - s for s, e in a.content) for a in atts]
            rep = statement_pieces(r.doc, atts, length)
            with_cue = [claim_text(v, True) for v in views]
            plain = [claim_text(v, False) for v in views]
            vecs = dispute_embed.encode(with_cue)
            sims = vecs @ vecs.T
            pairs = candidates(views, ok, sims, rep, LOOSE)
            if pairs:
                p_cue = judge.both_ways([(with_cue[c.earlier], with_cue[c.later]) for c in pairs])
                # The plain variant only where a denial's cue changes the text.
                differs = [
                    k
                    for k, c in enumerate(pairs)
                    if with_cue[c.earlier] != plain[c.earlier] or with_cue[c.later] != plain[c.later]
                ]
                p_plain = p_cue.copy()
                if differs:
                    p_plain[differs] = judge.both_ways(
                        [(plain[pairs[k].earlier], plain[pairs[k].later]) for k in differs]
                    )
                for c, a, b in zip(pairs, p_cue, p_plain, strict=True):
                    i, j = direction(views[c.later], views[c.earlier])
                    rows.append(
                        {
                            "i": i,
                            "j": j,
                            "gap": c.later - c.earlier,
                            "sim": c.similarity,
                            "shared": bool(c.shared_entities),
                            "conf": min(atts[c.later].confidence, atts[c.earlier].confidence),
                            "denies": is_refuter(views[c.later]) or is_refuter(views[c.earlier]),
                            "cue": a.tolist(),
                            "plain": b.tolist(),
                        }
                    )
        per_doc.append(rows)
        print(f"{r.rec['id'][:40]}: {len(rows)} pairs", file=sys.stderr)
    return per_doc


def add_rule_pairs(runs: list[Any], feats: list[list[dict[str, Any]]]) -> None:
    """Mark the pairs the word rules (app.nlp.disputes) find, judging those not yet among the rows."""
    from app.nlp.disputes import find_disputes as rule_disputes

    judge = get_judge()
    for r, rows in zip(runs, feats, strict=True):
        found = rule_disputes(r.doc, r.local) if len(r.local) >= 2 else []
        by_pair = {frozenset((x["i"], x["j"])): x for x in rows}
        for x in rows:
            x["rule"] = False
        new = [d for d in found if frozenset((d.i, d.j)) not in by_pair]
        for d in found:
            if frozenset((d.i, d.j)) in by_pair:
                x = by_pair[frozenset((d.i, d.j))]
                x["rule"], x["i"], x["j"] = True, d.i, d.j
        if not new:
            continue
        views = attribution_views(r.doc, r.local)
        with_cue = [claim_text(v, True) for v in views]
        plain = [claim_text(v, False) for v in views]
        vecs = dispute_embed.encode(with_cue)
        early = [(min(d.i, d.j), max(d.i, d.j)) for d in new]
        p_cue = judge.both_ways([(with_cue[a], with_cue[b]) for a, b in early])
        p_plain = judge.both_ways([(plain[a], plain[b]) for a, b in early])
        for d, (a, b), pc, pp in zip(new, early, p_cue, p_plain, strict=True):
            rows.append(
                {
                    "i": d.i,
                    "j": d.j,
                    "gap": b - a,
                    "sim": float(vecs[a] @ vecs[b]),
                    "shared": False,
                    "conf": min(r.local[a].confidence, r.local[b].confidence),
                    "denies": is_refuter(views[a]) or is_refuter(views[b]),
                    "cue": pc.tolist(),
                    "plain": pp.tolist(),
                    "rule": True,
                    "outside": True,
                }
            )


def predict(rows: list[dict[str, Any]], s: dict[str, Any]) -> list[list[int]]:
    out = set()
    for x in rows:
        p = np.array(x["cue" if s["prefix"] else "plain"])[:, 2]
        score = p.max() if s["combine"] == "max" else p.mean()
        if x.get("rule") and score >= s["rule_threshold"]:
            out.add((x["i"], x["j"]))
            continue
        if x.get("outside") or x["conf"] < s["min_conf"]:
            continue
        near = x["gap"] <= s["window"] and x["sim"] >= s["min_sim"]
        if not (near or (s["entities"] and x["shared"])):
            continue
        if score >= (s["denial_threshold"] if x["denies"] else s["threshold"]):
            out.add((x["i"], x["j"]))
    return [list(p) for p in sorted(out)]


def matchings(sc: Any, runs: list[Any]) -> list[tuple[dict[int, int], set[tuple[int, int]]]]:
    """Per document: score.py's mapping of predicted attributions to gold ones, and the gold pairs."""
    out = []
    for r in runs:
        toks = sc.tokens_of(r.rec["text"])
        pairs = sc.match(
            [sc.token_set(a["content"], toks) for a in r.rec["attributions"]],
            [sc.token_set(a.get("content"), toks) for a in r.out["attributions"]],
        )
        out.append((pairs, {tuple(x) for x in r.rec.get("disputes", [])}))
    return out


def score(
    match: list[tuple[dict[int, int], set[tuple[int, int]]]],
    feats: list[list[dict[str, Any]]],
    s: dict[str, Any],
    part: slice,
) -> dict[str, Any]:
    """score.py's dispute P/R/F1 (pairs mapped through its content matching), without re-matching."""
    tp = npred = ngold = 0
    for (pairs, gold), rows in zip(match[part], feats[part], strict=True):
        pred = predict(rows, s)
        ngold += len(gold)
        npred += len(pred)
        tp += sum(1 for i, j in pred if i in pairs and j in pairs and (pairs[i], pairs[j]) in gold)
    p, r = tp / npred if npred else 0.0, tp / ngold if ngold else 0.0
    return {
        "p": p,
        "r": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "tp": tp,
        "pred": npred,
        "gold": ngold,
    }


GRID = {
    "window": [4, 8, 12],
    "min_sim": [0.25, 0.35, 0.5],
    "threshold": [0.5, 0.6, 0.7, 0.8, 0.9, 1.01],
    "denial_threshold": [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01],
    "rule_threshold": [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 1.01],
    "combine": ["max"],
    "prefix": [True, False],
    "entities": [True, False],
    "min_conf": [0.6],
}


def best(match: list[Any], feats: list[list[dict[str, Any]]], part: slice) -> tuple[dict, dict]:
    top: tuple[tuple[float, float], dict, dict] | None = None
    for values in itertools.product(*GRID.values()):
        s = dict(zip(GRID, values, strict=True))
        d = score(match, feats, s, part)
        key = (d["f1"] if d["p"] >= 0.5 else d["f1"] - 1, d["p"])
        if top is None or key > top[0]:
            top = (key, s, d)
    assert top is not None
    return top[1], top[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=EVAL / "data" / "polnear-dev.jsonl")
    ap.add_argument("--system-cache", type=Path, required=True)
    ap.add_argument("--pairs", type=Path, default=None, help="JSON cache of judged pairs")
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="first N documents only (a smoke test)")
    args = ap.parse_args()
    sc = scorer()
    records = load_records(args.gold)
    runs = system_runs(records, args.system_cache, False)
    if args.limit:
        runs = runs[: args.limit]
    pairs_path = args.pairs or args.system_cache / "judged-pairs.json"
    if pairs_path.exists() and not args.refresh:
        feats = json.loads(pairs_path.read_text(encoding="utf-8"))
    else:
        feats = collect(runs)
        pairs_path.write_text(json.dumps(feats), encoding="utf-8")
    if not any("rule" in x for rows in feats for x in rows):
        add_rule_pairs(runs, feats)
        pairs_path.write_text(json.dumps(feats), encoding="utf-8")
    match = matchings(sc, runs)
    fmt = "P {p:.3f} R {r:.3f} F1 {f1:.3f} ({tp} of {pred}, {gold} gold)"
    halves = {"even": slice(0, None, 2), "odd": slice(1, None, 2)}
    for name, part in halves.items():
        other = "odd" if name == "even" else "even"
        s, d = best(match, feats, part)
        o = score(match, feats, s, halves[other])
        print(f"chosen on {name}: {s}")
        print(f"   {name:<4} (fit)      {fmt.format(**d)}")
        print(f"   {other:<4} (held out) {fmt.format(**o)}")
    shipped = DisputeSettings()
    s = {
        "window": shipped.window,
        "min_sim": shipped.min_similarity,
        "threshold": shipped.threshold,
        "denial_threshold": shipped.denial_threshold,
        "combine": "max",
        "prefix": shipped.prefix_denial_cue,
        "entities": True,
        "min_conf": shipped.min_attribution_confidence,
        "rule_threshold": shipped.rule_threshold,
    }
    for name, part in [("all", slice(None)), *halves.items()]:
        print(f"shipped settings, {name:<4} {fmt.format(**score(match, feats, s, part))}")


if __name__ == "__main__":
    main()
