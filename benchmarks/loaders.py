"""The graph load paths the benchmarks time, over graph/writer's rows and graph/queries' named queries.

- `per_article`: graph.writer.write_articles — one transaction per article, ~12 queries each
  (the path ingest takes; each article also removes what an earlier load of it wrote).
- `batched_create`: graph.writer.write_new_articles — one transaction per batch, speakers merged
  across the batch, claims, REPORTS and ASSERTS in one pass per attribution with CREATE for the
  relationships (graph/queries.CREATE_ATTRIBUTIONS); articles already in the graph go per article.
- `batched`: many articles' rows concatenated into one transaction of one `UNWIND $rows` query per
  kind (articles, speakers, claims, REPORTS, ASSERTS, DISPUTES, MENTIONS). The same MERGE queries on
  the same rows, so the graph is identical; only for articles not yet in the graph (no stale-row
  clean-up), which is what a bulk load into a fresh or resumed graph is. Rows are sorted by id so
  concurrent loaders take node locks in one order (fewer deadlocks).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import neo4j

from app.services.ingest import PreparedArticle
from benchmarks.synth import Generator
from graph import queries as q
from graph import writer
from graph.db import session as open_session


def wipe(driver: neo4j.Driver) -> None:
    """Empty the graph (schema and migration chain stay), in chunks so a large graph fits the heap."""
    from graph.db import wipe_data

    if hasattr(q, "WIPE_DATA_IN_BATCHES"):
        with open_session(driver) as s:
            s.run(q.WIPE_DATA_IN_BATCHES).consume()
    else:
        wipe_data(driver)


def _rows_for(batch: Sequence[PreparedArticle]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("articles", "speakers", "claims", "reports", "asserts", "disputes", "mentions")
    }
    for p in batch:
        rows = writer.build_rows(p.article, p.extraction)
        out["articles"].append(rows.article)
        for k in ("speakers", "claims", "reports", "asserts", "disputes", "mentions"):
            out[k].extend(getattr(rows, k))
    # One lock order for every loader: nodes by id, relationships by their end nodes.
    out["speakers"].sort(key=lambda r: r["id"])
    out["claims"].sort(key=lambda r: r["id"])
    out["reports"].sort(key=lambda r: (r["claim_id"], r["article_id"]))
    out["asserts"].sort(key=lambda r: (r["speaker_id"], r["claim_id"]))
    out["disputes"].sort(key=lambda r: (r["from_id"], r["to_id"]))
    out["mentions"].sort(key=lambda r: (r["id"], r["claim_id"]))
    return out


def _batch_tx(tx: neo4j.ManagedTransaction, rows: dict[str, list[dict[str, Any]]]) -> None:
    if hasattr(q, "MERGE_ARTICLES"):
        writer.run_rows(tx, q.MERGE_ARTICLES, rows["articles"])
    else:
        for row in rows["articles"]:
            tx.run(q.MERGE_ARTICLE, row=row).consume()
    for query, key in (
        (q.MERGE_SPEAKERS, "speakers"),
        (q.MERGE_CLAIMS, "claims"),
        (q.MERGE_REPORTS, "reports"),
        (q.MERGE_ASSERTS, "asserts"),
        (q.MERGE_DISPUTES, "disputes"),
        (q.MERGE_MENTIONS, "mentions"),
    ):
        if rows[key]:
            writer.run_rows(tx, query, rows[key])


def write_batched(driver: neo4j.Driver, batch: Sequence[PreparedArticle]) -> None:
    write_rows(driver, _rows_for(batch))


def write_rows(driver: neo4j.Driver, rows: dict[str, list[dict[str, Any]]]) -> None:
    with open_session(driver) as s:
        s.execute_write(_batch_tx, rows)


def write_per_article(driver: neo4j.Driver, batch: Sequence[PreparedArticle]) -> None:
    results = writer.write_articles(driver, [(p.article, p.extraction) for p in batch])
    bad = [r for r in results if not hasattr(r, "article_id")]
    if bad:
        raise RuntimeError(f"{len(bad)} article(s) failed to load: {bad[0]}")


def _batches(articles: Iterable[PreparedArticle], size: int) -> Iterator[list[PreparedArticle]]:
    batch: list[PreparedArticle] = []
    for p in articles:
        batch.append(p)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load(
    driver: neo4j.Driver, articles: Iterable[PreparedArticle], *, batch_size: int, path: str = "batched"
) -> dict[str, float]:
    """Load `articles` in batches of `batch_size`; returns counts and wall seconds.

    On the batched path a helper thread builds the next batch's rows (generator + graph.writer.build_rows,
    pure Python) while the current batch's transaction runs, as a real loader fed by extraction would.
    """
    n_articles = n_assertions = 0
    t0 = time.perf_counter()
    if path == "batched_create":
        for batch in _batches(articles, batch_size):
            results = writer.write_new_articles(driver, [(p.article, p.extraction) for p in batch])
            bad = [r for r in results if not hasattr(r, "article_id")]
            if bad:
                raise RuntimeError(f"{len(bad)} article(s) failed to load: {bad[0]}")
            n_articles += len(batch)
            n_assertions += sum(len(x.extraction.attributions) for x in batch)
        return {"articles": n_articles, "assertions": n_assertions, "seconds": time.perf_counter() - t0}
    if path != "batched":
        for batch in _batches(articles, batch_size):
            write_per_article(driver, batch)
            n_articles += len(batch)
            n_assertions += sum(len(x.extraction.attributions) for x in batch)
        return {"articles": n_articles, "assertions": n_assertions, "seconds": time.perf_counter() - t0}

    ready: queue.Queue[Any] = queue.Queue(maxsize=2)
    done = object()
    failed: list[BaseException] = []

    def produce() -> None:
        try:
            for batch in _batches(articles, batch_size):
                rows = _rows_for(batch)
                ready.put((len(batch), sum(len(x.extraction.attributions) for x in batch), rows))
        except BaseException as exc:  # noqa: BLE001 - handed to the loading thread, which re-raises
            failed.append(exc)
        finally:
            ready.put(done)

    threading.Thread(target=produce, name="rows", daemon=True).start()
    while (item := ready.get()) is not done:
        n, a, rows = item
        write_rows(driver, rows)
        n_articles += n
        n_assertions += a
    if failed:
        raise failed[0]
    return {"articles": n_articles, "assertions": n_assertions, "seconds": time.perf_counter() - t0}


def load_synthetic(
    driver: neo4j.Driver, gen: Generator, start: int, stop: int, *, batch_size: int, path: str = "batched"
) -> dict[str, float]:
    return load(driver, gen.articles(start, stop), batch_size=batch_size, path=path)


def graph_counts(driver: neo4j.Driver) -> dict[str, int]:
    with open_session(driver) as s:
        rec = s.run(q.STATS).single(strict=True)
        return {k: int(v) for k, v in rec.items()}
