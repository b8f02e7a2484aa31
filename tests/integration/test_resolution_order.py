"""Cross-article resolution is independent of timing (issue 15): 19 articles of 4 stories.

The corpus is `tests/fixtures/story.jsonl` plus the documents of the three PolNeAR dev story clusters
(`../shared/eval/data/polnear-dev-cross.json`; skipped when the shared data is not beside the checkout).
Everything runs on a private Neo4j (its own home and ports), wiped between loads.

- Concurrency: the articles are posted 8 at a time to `claimgraph serve --workers 2` while a
  `claimgraph ingest` of the story articles runs. The resolver lock (app.resolution.owner) makes the
  result the graph of SOME sequential load: the one in the order the lock was taken, which the
  Article nodes record (`ingested_at` is set inside the locked transaction). The test replays that
  order sequentially on a wiped graph and compares claim ids, speaker ids, ASSERTS and DISPUTES.
  Repeated 3 times.
- Order: forward and reversed sequential loads (expected to fail today: docs/cross-article.md, Known
  limits, says what differs and why).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from app.nlp.models import ArticleIn
from app.resolution import PreparedArticle, Resolver
from app.services import ingest
from app.settings import PROJECT_ROOT, Settings
from tests.integration.private_neo4j import free_port
from tests.integration.private_neo4j import private_neo4j as private_neo4j_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]

STORY = PROJECT_ROOT / "tests" / "fixtures" / "story.jsonl"
SHARED = PROJECT_ROOT.parent / "shared" / "eval" / "data"
DEV, CROSS = SHARED / "polnear-dev.jsonl", SHARED / "polnear-dev-cross.json"
STORY_CLUSTERS = 3
API_KEY = "order-test-key"
CLAIMGRAPH = [sys.executable, "-m", "app"]


def _corpus() -> list[dict[str, Any]]:
    """The story fixture, then the cluster documents, as JSON bodies for POST /v1/articles (PolNeAR's
    `date` and `publisher` mapped as `claimgraph ingest` maps them)."""
    from app.services.bulk import _record_to_article

    story = [json.loads(x) for x in STORY.read_text(encoding="utf-8").splitlines() if x.strip()]
    clusters = [c for c in json.loads(CROSS.read_text(encoding="utf-8")) if c["docs"]]
    assert len(clusters) == STORY_CLUSTERS
    wanted = [d for c in clusters for d in c["docs"]]
    dev = {r["id"]: r for r in map(json.loads, DEV.read_text(encoding="utf-8").splitlines())}
    docs = [_record_to_article(dev[d]).model_dump(exclude_none=True) for d in wanted]
    return story + docs


@dataclass
class Private:
    settings: Settings
    env: dict[str, str]
    driver: neo4j.Driver
    corpus: list[dict[str, Any]]


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Private]:
    if os.environ.get("CLAIMGRAPH_TEST_CONCURRENCY") != "1":
        # Opt-in until it has run to completion once on a quiet machine (issue 15's note): a private
        # Neo4j, `serve --workers 2` and 19 extractions x 3 take many minutes on the shared box.
        pytest.skip("set CLAIMGRAPH_TEST_CONCURRENCY=1 to run the 19-article concurrency/order tests")
    if not (DEV.exists() and CROSS.exists()):
        pytest.skip(f"the shared PolNeAR dev data is not at {SHARED}")
    from graph.db import create_driver
    from graph.migrations import migrate

    home = tmp_path_factory.mktemp("neo4j-order")
    with private_neo4j_server(home, heap="512m", pagecache="128m") as (settings, env):
        driver = create_driver(settings)
        try:
            migrate(driver)
            yield Private(settings, {**env, "CLAIMGRAPH_API_KEYS": API_KEY}, driver, _corpus())
        finally:
            driver.close()


@pytest.fixture(scope="module")
def prepared(private: Private) -> dict[str, PreparedArticle]:
    """Each article's extraction, computed once (one article per nlp.pipe batch, as the API does)."""
    arts = [ArticleIn.model_validate(a) for a in private.corpus]
    out = {p.article.id or "": p for p in map(ingest.prepare_article, arts)}
    assert len(out) == len(arts)
    return out


@dataclass(frozen=True)
class Graph:
    claims: frozenset[str]
    speakers: frozenset[str]
    asserts: frozenset[tuple[str, str]]
    disputes: frozenset[tuple[str, str]]
    articles: int


def _graph(driver: neo4j.Driver) -> Graph:
    with driver.session() as s:
        claims = frozenset(r["id"] for r in s.run("MATCH (c:Claim) RETURN c.id AS id"))
        speakers = frozenset(r["id"] for r in s.run("MATCH (x:Speaker) RETURN x.id AS id"))
        asserts = frozenset(
            (r["s"], r["c"])
            for r in s.run("MATCH (s:Speaker)-[:ASSERTS]->(c:Claim) RETURN s.id AS s, c.id AS c")
        )
        disputes = frozenset(
            (r["a"], r["b"])
            for r in s.run("MATCH (a:Claim)-[:DISPUTES]->(b:Claim) RETURN a.id AS a, b.id AS b")
        )
        articles = s.run("MATCH (a:Article) RETURN count(a) AS n").single(strict=True)["n"]
    return Graph(claims, speakers, asserts, disputes, articles)


def _load(private: Private, prepared: dict[str, PreparedArticle], order: list[str]) -> Graph:
    from graph.db import wipe_data

    wipe_data(private.driver)
    resolver = Resolver()
    for ext_id in order:
        assert ingest.load_prepared(private.driver, prepared[ext_id], resolver=resolver).created
    return _graph(private.driver)


def _lock_order(driver: neo4j.Driver) -> list[str]:
    with driver.session() as s:
        q = "MATCH (a:Article) RETURN a.external_id AS id ORDER BY a.ingested_at, a.id"
        return [r["id"] for r in s.run(q)]


@pytest.fixture()
def server(private: Private) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [*CLAIMGRAPH, "serve", "--workers", "2", "--port", str(port), "--log-level", "warning"],
        env=private.env,
        cwd=PROJECT_ROOT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert proc.poll() is None, "claimgraph serve exited"
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise AssertionError("claimgraph serve did not answer /healthz within 300 s")
        yield url
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=60)


def test_concurrent_writers_give_the_graph_of_a_sequential_load(
    private: Private, prepared: dict[str, PreparedArticle], server: str, tmp_path: Path
) -> None:
    from graph.db import wipe_data

    story = tmp_path / "story.jsonl"
    story.write_text("".join(json.dumps(a) + "\n" for a in private.corpus[:4]), encoding="utf-8")
    for _ in range(3):
        wipe_data(private.driver)
        cli = subprocess.Popen(
            # One article per nlp.pipe batch, as the API and `prepared` extract them.
            [*CLAIMGRAPH, "ingest", str(story), "--batch-size", "1"],
            env=private.env,
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        with (
            httpx.Client(base_url=server, headers={"X-API-Key": API_KEY}, timeout=600) as http,
            ThreadPoolExecutor(8) as pool,
        ):
            codes = list(pool.map(lambda a: http.post("/v1/articles", json=a).status_code, private.corpus))
        assert cli.wait(timeout=600) == 0, cli.stderr.read() if cli.stderr else ""
        assert set(codes) <= {200, 201}, codes
        concurrent = _graph(private.driver)
        assert concurrent.articles == len(private.corpus)  # one Article per text, whoever posted it
        order = _lock_order(private.driver)
        assert _load(private, prepared, order) == concurrent


@pytest.mark.xfail(
    reason="not yet order independent (docs/cross-article.md, Known limits): a linked Claim keeps the id "
    "of whichever member was loaded first, and a new claim is compared only with the candidates its own "
    "full-text query ranks in the top 12, so a dispute found one way can be missed the other",
    strict=False,
)
def test_forward_and_reversed_loads_give_the_same_graph(
    private: Private, prepared: dict[str, PreparedArticle]
) -> None:
    order = [a["id"] for a in private.corpus]
    forward = _load(private, prepared, order)
    backward = _load(private, prepared, order[::-1])
    assert forward.articles == backward.articles == len(order)
    assert backward == forward
