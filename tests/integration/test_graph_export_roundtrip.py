"""The eval export is faithful: gold attributions written through graph.writer (with the gold
cross-article pairs as the Resolution) and read back by `export_eval_records` score perfectly with
shared/eval/score.py. This measures the graph path alone, no NLP.

Data: the 15 documents of the three annotated dev story clusters (polnear-dev-cross.json). External
ids carry a per-run prefix so the shared server's real loads of the same corpus are not touched, and
the articles are deleted afterwards. Claims are global (keyed by text), so when the server already
holds this corpus, edges other loads made between the same claims can add cross disputes: hence
recall (not precision) is asserted for the cross-article figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from app.nlp.models import ArticleIn, Attribution, Dispute, Extraction, Speaker
from app.settings import PROJECT_ROOT
from graph import migrations, reader, writer
from graph.models import CrossDispute, Resolution
from tests.integration.graph_helpers import new_token

pytestmark = pytest.mark.integration

EVAL = PROJECT_ROOT.parent / "shared" / "eval"
PREFIX = new_token() + ":"


def _extraction(doc: dict[str, Any]) -> Extraction:
    atts, speakers = [], {}
    for a in doc["attributions"]:
        name, kind = a.get("speaker"), a.get("speaker_kind")
        atts.append(
            Attribution(
                source=[tuple(s) for s in a["source"]],
                cue=[tuple(s) for s in a["cue"]],
                content=[tuple(s) for s in a["content"]],
                speaker=name,
                speaker_kind=kind,
                also=a.get("also") or [],
            )
        )
        if name and kind:
            speakers.setdefault(name, Speaker(name=name, kind=kind))
    disputes = [Dispute(i=i, j=j, method="gold") for i, j in doc.get("disputes") or []]
    return Extraction(
        text=doc["text"], attributions=atts, speakers=list(speakers.values()), disputes=disputes
    )


@pytest.fixture(scope="module")
def loaded(neo4j_driver: neo4j.Driver, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if not (EVAL / "score.py").exists():
        pytest.skip(f"shared eval material not found at {EVAL}")
    migrations.migrate(neo4j_driver)
    clusters = json.loads((EVAL / "data" / "polnear-dev-cross.json").read_text(encoding="utf-8"))
    order = [d for c in clusters for d in c["docs"]]
    docs = {}
    with (EVAL / "data" / "polnear-dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"] in order:
                docs[rec["id"]] = rec
    # same_claim classes (union-find over gold pairs): every member asserts the first member's Claim.
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for c in clusters:
        for p in c["same_claim"]:
            parent[find(tuple(p["a"]))] = find(tuple(p["b"]))  # type: ignore[arg-type]
    disputes = [(tuple(p["a"]), tuple(p["b"])) for c in clusters for p in c["disputes"]]
    claim_of: dict[tuple[str, int], str] = {}
    class_claim: dict[tuple[str, int], str] = {}
    written: list[str] = []
    try:
        for doc_id in order:
            doc = docs[doc_id]
            extraction = _extraction(doc)
            own = writer.build_rows(ArticleIn(id=doc_id), extraction).claim_ids
            res = Resolution()
            for k in range(len(extraction.attributions)):
                if (doc_id, k) not in parent:
                    continue
                root = find((doc_id, k))
                if root in class_claim:
                    res.claim_links[k] = class_claim[root]
                else:
                    class_claim[root] = own[k]
            for (da, i), (db, j) in disputes:
                if da == doc_id and (db, j) in claim_of:  # a (now) disputes b (loaded before)
                    res.cross_disputes.append(CrossDispute(attribution=i, claim_id=claim_of[(db, j)]))
                elif db == doc_id and (da, i) in claim_of:  # a (loaded before) disputes b (now)
                    res.cross_disputes.append(
                        CrossDispute(attribution=j, claim_id=claim_of[(da, i)], direction="disputed_by")
                    )
            art = ArticleIn(
                id=PREFIX + doc_id,
                title=doc.get("title"),
                source=doc.get("publisher"),
                published_at=doc.get("date"),
                text=doc["text"],
            )
            result = writer.write_article(neo4j_driver, art, extraction, resolution=res)
            written.append(result.article_id)
            for k, cid in enumerate(result.claim_ids):
                claim_of[(doc_id, k)] = cid

        out = tmp_path_factory.mktemp("roundtrip")
        preds = []
        for r in reader.export_eval_records(neo4j_driver):
            if not r["id"].startswith(PREFIX):
                continue
            r["id"] = r["id"][len(PREFIX) :]
            r["cross_disputes"] = [
                [i, o[len(PREFIX) :], j] for i, o, j in r["cross_disputes"] if o.startswith(PREFIX)
            ]
            preds.append(r)
        (out / "pred.jsonl").write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
        (out / "gold.jsonl").write_text("".join(json.dumps(docs[d]) + "\n" for d in order), encoding="utf-8")
        yield out
    finally:
        for aid in written:
            writer.delete_article(neo4j_driver, aid)


def test_gold_through_the_graph_scores_perfectly(loaded: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(EVAL / "score.py"),
            str(loaded / "gold.jsonl"),
            str(loaded / "pred.jsonl"),
            "--cross",
            str(EVAL / "data" / "polnear-dev-cross.json"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    res = json.loads(run.stdout)
    assert res["docs"] == 15 and res["docs_missing"] == 0
    for key in ("attribution", "content", "exact", "speakers", "disputes"):
        assert res[key]["f1"] == 1.0, (key, res[key])
    print(json.dumps({k: res[k] for k in ("same_claim", "cross_disputes")}))
    assert res["speaker_acc"] == 1.0 and res["source_acc"] == 1.0 and res["cue_acc"] == 1.0
    assert res["same_claim"]["r"] == 1.0, res["same_claim"]
    assert res["cross_disputes"]["r"] == 1.0, res["cross_disputes"]
