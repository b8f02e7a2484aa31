"""The fast load paths write exactly the graph the per-article writer writes, on a private server.

- graph.writer.write_new_articles (one transaction per batch, CREATE pass) vs write_articles;
- graph.bulk_import (CSV + neo4j-admin import into an empty database, then migrations) vs
  write_articles, and online loads afterwards MERGE onto the imported nodes (same graph.ids ids).

Slow: the private server is started once and restarted once more by the import.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from app.nlp.models import ArticleIn, Extraction
from app.settings import Settings
from benchmarks.synth import Generator
from graph import bulk_import, migrations, writer
from graph.db import create_driver, wipe_data
from graph.models import WriteResult
from tests.integration.private_neo4j import private_neo4j
from tests.unit.graph.test_rows import TEXT, _extraction

pytestmark = pytest.mark.slow

# Set at load time (datetime()), so they differ between two loads of the same articles.
_TIMESTAMPS = {"created_at", "ingested_at", "updated_at"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    home = tmp_path_factory.mktemp("bulk-neo4j")
    with private_neo4j(home, heap="512m", pagecache="256m") as (settings, _env):
        driver = create_driver(settings)
        try:
            migrations.migrate(driver)
        finally:
            driver.close()
        yield settings


@pytest.fixture()
def driver(server: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[neo4j.Driver]:
    # graph.db's session() reads the database name from the cached settings; point them here.
    from app import settings as app_settings

    monkeypatch.setattr(app_settings, "get_settings", lambda: server)
    d = create_driver(server)
    yield d
    d.close()


def _articles() -> list[tuple[ArticleIn, Extraction]]:
    """Synthetic news (Zipf speakers, repeated claims, disputes, GENERIC speakers) plus one hand-made
    article with co-sources, aliases, a role, entities and quotes/newlines in its text."""
    gen = Generator(300, ["camp", "border", "rain", "closed", "vote", "tax", "court", "water"])
    items = [(p.article, p.extraction) for p in gen.articles()]
    ext = _extraction()
    assert ext.text == TEXT
    items.append(
        (ArticleIn(id="hand-1", title='A "quoted"\ntitle', source="wire", published_at="2021-06-24"), ext)
    )
    return items


def _graph(driver: neo4j.Driver) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with its properties (timestamps left out), in a canonical order."""
    with driver.session() as s:
        nodes = [
            (r["labels"], {k: v for k, v in r["props"].items() if k not in _TIMESTAMPS})
            for r in s.run(
                "MATCH (n) WHERE NOT n:__Neo4jMigration RETURN labels(n) AS labels, properties(n) AS props"
            )
        ]
        rels = [
            (r["type"], r["a"], r["b"], r["props"])
            for r in s.run(
                "MATCH (x)-[r]->(y) WHERE NOT x:__Neo4jMigration "
                "RETURN type(r) AS type, x.id AS a, y.id AS b, properties(r) AS props"
            )
        ]
    nodes.sort(key=lambda n: (n[0], n[1]["id"]))
    rels.sort(key=lambda r: (r[0], r[1], r[2], sorted((k, str(v)) for k, v in r[3].items())))
    return nodes, rels


def _per_article_graph(driver: neo4j.Driver, items: list[tuple[ArticleIn, Extraction]]) -> Any:
    wipe_data(driver)
    results = writer.write_articles(driver, items)
    assert all(isinstance(r, WriteResult) for r in results)
    return _graph(driver)


def test_write_new_articles_writes_the_per_article_graph(driver: neo4j.Driver) -> None:
    items = _articles()
    reference = _per_article_graph(driver, items)
    assert len(reference[0]) > 100 and any(r[0] == "MENTIONS" for r in reference[1])

    wipe_data(driver)
    out: list[Any] = []
    for start in range(0, len(items), 12):  # batches that split the synthetic story across transactions
        out += writer.write_new_articles(driver, items[start : start + 12])
    assert [r.article_id for r in out] == [writer.build_rows(a, e).article_id for a, e in items]
    assert _graph(driver) == reference

    # Articles already in the graph go the per-article way: loading them again changes nothing.
    again = writer.write_new_articles(driver, items[:5] + items[:1])
    assert len(again) == 6 and all(isinstance(r, WriteResult) for r in again)
    assert _graph(driver) == reference


def test_bulk_import_writes_the_per_article_graph_and_online_loads_merge_onto_it(
    driver: neo4j.Driver, server: Settings, tmp_path: Path
) -> None:
    items = _articles()
    # The hand-made article (empty spans, aliases, entities) is imported; the rest is loaded online.
    first, later = items[:19] + items[-1:], items[19:-1]
    reference_first = _per_article_graph(driver, first)
    reference = _per_article_graph(driver, items)

    # Refused while the graph holds data: the import would replace the database.
    with pytest.raises(bulk_import.BulkImportError, match="not empty"):
        bulk_import.bulk_import(server, first, workdir=tmp_path / "refused")

    wipe_data(driver)
    report = bulk_import.bulk_import(server, first + first[:1], workdir=tmp_path / "csv")
    assert report.files.skipped_duplicates == 1
    assert report.counts["Article"] == 20
    assert set(report.seconds) == {"csv", "stop", "import", "start", "fixup", "migrate"}
    driver = create_driver(server)  # the server was restarted
    try:
        # The schema is applied again over the imported data.
        assert migrations.current_schema_version(driver) == migrations.load_migrations()[-1].version
        assert _graph(driver) == reference_first

        # Re-loading an imported article online creates nothing; new articles MERGE onto the imported
        # speakers and claims (same graph.ids ids), ending in the graph of an all-online load.
        (again,) = writer.write_articles(driver, first[:1])
        assert isinstance(again, WriteResult)
        assert again.counters["nodes_created"] == 0 and again.counters["relationships_created"] == 0
        writer.write_articles(driver, later)
        assert _graph(driver) == reference
    finally:
        driver.close()
