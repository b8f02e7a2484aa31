"""Tune and time cross-article resolution on a cached extraction (issue 4).

`scripts/eval_graph.sh` measures the whole `claimgraph ingest` path; extraction dominates its
time, so tuning `app.services.ingest.resolve` with it would re-extract PolNeAR dev every time.
This script extracts once (cached as PreparedArticle JSON lines), then, against the graph named by
CLAIMGRAPH_NEO4J_* (use a private server: the graph is WIPED), loads every article in file order
through the same `resolve` + `graph.writer.write_article` that `load_prepared` runs, timing
resolve and write per article, and writes the `export-eval` records for score.py.

    export CLAIMGRAPH_NEO4J_URI=bolt://127.0.0.1:7717  # a private server, e.g. KEEP=1 scripts/eval_graph.sh
    .venv/bin/python scripts/eval_graph_resolve.py --cache /tmp/dev-prepared.jsonl -o /tmp/graph-dev.jsonl
    python3 ../shared/eval/score.py ../shared/eval/data/polnear-dev.jsonl /tmp/graph-dev.jsonl \
        --cross ../shared/eval/data/polnear-dev-cross.json
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path

from app.nlp.models import ArticleIn
from app.resolution import Resolver
from app.services.bulk import read_inputs
from app.services.ingest import PreparedArticle, prepare_articles, resolve
from app.settings import PROJECT_ROOT, get_settings
from graph import reader, server, writer
from graph.db import create_driver, wipe_data

DEFAULT_HOME = (PROJECT_ROOT / "var" / "neo4j").resolve()
DEV = PROJECT_ROOT.parent / "shared" / "eval" / "data" / "polnear-dev.jsonl"


def prepared(data: Path, cache: Path) -> list[PreparedArticle]:
    if cache.exists():
        return [PreparedArticle.model_validate_json(line) for line in cache.read_text().splitlines() if line]
    arts: list[ArticleIn] = [it.article for it in read_inputs([data]) if it.article is not None]
    t0 = time.perf_counter()
    out = [p for p in prepare_articles(arts) if isinstance(p, PreparedArticle)]
    logging.info("extraction: %.1f s for %d articles", time.perf_counter() - t0, len(arts))
    cache.write_text("".join(p.model_dump_json() + "\n" for p in out))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--cache", type=Path, required=True, help="PreparedArticle JSONL (written if missing)")
    ap.add_argument("-o", "--out", type=Path, required=True, help="export-eval records")
    ap.add_argument("--reverse", action="store_true", help="load in reverse file order")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    settings = get_settings()
    st = server.status(settings)
    if st.external or not st.running or Path(settings.neo4j_home).resolve() == DEFAULT_HOME:
        # The graph is wiped: only a server this checkout started in a private home qualifies.
        sys.exit(f"refusing to wipe {settings.neo4j_uri}: not a running private server ({st.describe()})")
    items = prepared(args.data, args.cache)
    if args.reverse:
        items.reverse()
    driver = create_driver(settings)
    wipe_data(driver)
    t_res: list[float] = []
    t_write: list[float] = []
    resolver = Resolver()  # one owner of resolution state for the run, as `claimgraph ingest` has
    for p in items:
        t0 = time.perf_counter()
        res = resolve(driver, p, resolver=resolver)
        t1 = time.perf_counter()
        writer.write_article(driver, p.article, p.extraction, resolution=res)
        t_write.append(time.perf_counter() - t1)
        t_res.append(t1 - t0)
    with args.out.open("w", encoding="utf-8") as f:
        for rec in reader.export_eval_records(driver):
            f.write(json.dumps(rec) + "\n")
    n_att = sum(len(p.extraction.attributions) for p in items)
    logging.info(
        "%d articles, %d attributions: resolve %.1f s total (median %.3f s/article, max %.2f), "
        "write %.1f s total (median %.3f s/article)",
        len(items),
        n_att,
        sum(t_res),
        statistics.median(t_res),
        max(t_res),
        sum(t_write),
        statistics.median(t_write),
    )
    logging.info("%s", reader.stats(driver))
    driver.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
