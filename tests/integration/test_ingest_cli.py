"""`claimgraph ingest` as a user runs it: a subprocess, the real spaCy pipeline, a real Neo4j.

These tests kill the ingest process, stop Neo4j in the middle of a run and compare whole-graph
counts against an uninterrupted run, so they need a graph of their own: the module starts a
private Neo4j (graph.server, its own home under pytest's tmp dir, Bolt/HTTP on spare ports),
migrates it and stops it at the end. The shared server that teammates' tests use is never
wiped or stopped here.

Inputs are small: the four-article story fixture, the seed sample and the first articles of
PolNeAR dev (enough that a run takes a few seconds, so a kill lands mid-run).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest

from app.settings import PROJECT_ROOT, Settings
from tests.integration.private_neo4j import private_neo4j as private_neo4j_server

pytestmark = [pytest.mark.integration, pytest.mark.slow]

STORY = PROJECT_ROOT / "tests" / "fixtures" / "story.jsonl"
SAMPLES = PROJECT_ROOT / "data" / "samples"
DEV = PROJECT_ROOT.parent / "shared" / "eval" / "data" / "polnear-dev.jsonl"
N_DEV = 3  # PolNeAR dev articles in the corpus (~700 words, several claims each)
CLAIMGRAPH = [sys.executable, "-m", "app"]
# Every run of the corpus uses the same options: the reference is "the same command, uninterrupted".
# (Extraction is not bit-identical across n_process/batch_size: spaCy batches differently.)
OPTS = ["--workers", "2", "--batch-size", "4"]


@dataclass
class Private:
    settings: Settings
    env: dict[str, str]
    driver: neo4j.Driver


@pytest.fixture(scope="module")
def private_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Private]:
    from graph.db import create_driver
    from graph.migrations import migrate

    home = tmp_path_factory.mktemp("neo4j-ingest")
    with private_neo4j_server(home, heap="512m", pagecache="128m") as (settings, env):
        driver = create_driver(settings)
        try:
            migrate(driver)
            yield Private(settings, env, driver)
        finally:
            driver.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory the way a user would point ingest at one: nested, several file kinds."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "story").mkdir()
    (root / "story" / "story.jsonl").write_text(STORY.read_text(encoding="utf-8"), encoding="utf-8")
    for f in SAMPLES.glob("*.jsonl"):
        (root / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    dev_lines = DEV.read_text(encoding="utf-8").splitlines()[:N_DEV]
    (root / "dev.jsonl").write_text("\n".join(dev_lines) + "\n", encoding="utf-8")
    return root


def _n_articles(corpus: Path) -> int:
    return sum(1 for f in corpus.rglob("*.jsonl") for line in f.read_text().splitlines() if line.strip())


def _counts(driver: neo4j.Driver) -> dict[str, int]:
    from graph import reader

    st = reader.stats(driver)
    return {**st.nodes, **st.relationships}


def _per_article(driver: neo4j.Driver) -> dict[str | None, int]:
    """Attributions (REPORTS) per article by external id: an article is whole iff it matches the reference."""
    from graph import reader

    out: dict[str | None, int] = {}
    cursor: str | None = None
    while True:
        page = reader.list_articles(driver, cursor=cursor, limit=100)
        out.update({a.external_id: a.attribution_count for a in page.items})
        if page.next_cursor is None:
            return out
        cursor = page.next_cursor


def _wipe(driver: neo4j.Driver) -> None:
    from graph.db import wipe_data

    wipe_data(driver)


def _ingest(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLAIMGRAPH, "ingest", *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _start_ingest(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    # Own session: SIGKILL goes to the whole group, spaCy's worker processes included.
    return subprocess.Popen(
        [*CLAIMGRAPH, "ingest", *args],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_articles(driver: neo4j.Driver, proc: subprocess.Popen[str], at_least: int) -> int:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        n = _counts(driver)["articles"]
        if n >= at_least:
            return n
        assert proc.poll() is None, f"ingest ended before {at_least} articles: {proc.communicate()}"
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} articles after 180 s")


@pytest.fixture(scope="module")
def reference(private_neo4j: Private, corpus: Path) -> dict[str, object]:
    """An uninterrupted run of the corpus into an empty graph: the counts every other run must reach."""
    _wipe(private_neo4j.driver)
    done = _ingest(private_neo4j.env, str(corpus), *OPTS)
    assert done.returncode == 0, done.stderr
    counts = _counts(private_neo4j.driver)
    per_article = _per_article(private_neo4j.driver)
    assert counts["articles"] == _n_articles(corpus) == len(per_article)
    return {"counts": counts, "per_article": per_article, "run": done}


def test_uninterrupted_run_shows_progress_and_rerun_is_a_no_op(
    private_neo4j: Private, corpus: Path, reference: dict[str, object]
) -> None:
    run: subprocess.CompletedProcess[str] = reference["run"]  # type: ignore[assignment]
    n = _n_articles(corpus)
    # tqdm's bar on stderr: done/total, elapsed<ETA, rate (article/s or s/article), claims so far.
    assert f" {n}/{n} [" in run.stderr and "claims=" in run.stderr, run.stderr
    assert "article/s" in run.stderr or "s/article" in run.stderr
    assert f"read {n}, loaded {n}, already in graph 0, failed 0;" in run.stdout
    counts = reference["counts"]
    assert counts["claims"] > 20 and counts["asserts"] > 20  # type: ignore[index]

    again = _ingest(private_neo4j.env, str(corpus), *OPTS)
    assert again.returncode == 0, again.stderr
    assert f"skipping {n} article(s) already in the graph" in again.stderr
    assert f"read {n}, loaded 0, already in graph {n}, failed 0;" in again.stdout
    assert _counts(private_neo4j.driver) == counts


def test_export_eval_reads_back_every_article_with_an_id(
    private_neo4j: Private, corpus: Path, reference: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "pred.jsonl"
    run = subprocess.run(
        [*CLAIMGRAPH, "export-eval", "-o", str(out)],
        env=private_neo4j.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected: dict[str | None, int] = reference["per_article"]  # type: ignore[assignment]
    assert {r["id"]: len(r["attributions"]) for r in records} == expected
    for r in records:
        assert set(r) >= {"id", "attributions", "disputes", "cross_disputes"}
        for a in r["attributions"]:
            assert a["claim_id"].startswith("clm_") and a["content"], a


def test_resume_after_kill_reaches_the_same_graph(
    private_neo4j: Private, corpus: Path, reference: dict[str, object]
) -> None:
    _wipe(private_neo4j.driver)
    proc = _start_ingest(private_neo4j.env, str(corpus), *OPTS)
    _wait_for_articles(private_neo4j.driver, proc, 3)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    partial = _per_article(private_neo4j.driver)
    total = _n_articles(corpus)
    assert 3 <= len(partial) < total, "the kill should land mid-run"
    expected: dict[str | None, int] = reference["per_article"]  # type: ignore[assignment]
    # One transaction per article: whatever was loaded is whole.
    assert {k: expected[k] for k in partial} == partial

    resumed = _ingest(private_neo4j.env, str(corpus), *OPTS)
    assert resumed.returncode == 0, resumed.stderr
    assert f"skipping {len(partial)} article(s) already in the graph" in resumed.stderr
    assert f"loaded {total - len(partial)}," in resumed.stdout
    assert _counts(private_neo4j.driver) == reference["counts"]
    assert _per_article(private_neo4j.driver) == expected


def test_neo4j_stopped_mid_run_fails_cleanly_and_rerun_completes(
    private_neo4j: Private, corpus: Path, reference: dict[str, object]
) -> None:
    from graph import server

    _wipe(private_neo4j.driver)
    proc = _start_ingest(private_neo4j.env, str(corpus), *OPTS)
    _wait_for_articles(private_neo4j.driver, proc, 3)
    server.stop(private_neo4j.settings)
    try:
        out, err = proc.communicate(timeout=180)
    finally:
        server.start(private_neo4j.settings)
    assert proc.returncode == 1, err
    total = _n_articles(corpus)
    failed = [line for line in err.splitlines() if "Neo4j unavailable" in line]
    assert failed, err
    assert f"{len(failed)} article(s) failed:" in err

    loaded = _per_article(private_neo4j.driver)
    expected: dict[str | None, int] = reference["per_article"]  # type: ignore[assignment]
    assert {k: expected[k] for k in loaded} == loaded  # nothing half-loaded
    assert len(loaded) + len(failed) >= total  # every article is either in the graph or reported

    again = _ingest(private_neo4j.env, str(corpus), *OPTS)
    assert again.returncode == 0, again.stderr
    assert _counts(private_neo4j.driver) == reference["counts"]
    assert _per_article(private_neo4j.driver) == expected


def test_broken_files_are_reported_and_the_rest_loads(private_neo4j: Private, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "Senator Jane Holloway said on Monday that the river was polluted by the mine.\n", encoding="utf-8"
    )
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00\x81 not text")
    (tmp_path / "empty.html").write_text("   \n", encoding="utf-8")
    lines = [
        json.dumps({"id": "broken-test-good", "text": "The mayor said that the bridge will reopen in May."}),
        '{"id": "broken-test-bad", "text": ',
        json.dumps({"id": "broken-test-empty", "text": ""}),
    ]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _counts(private_neo4j.driver)["articles"]

    run = _ingest(private_neo4j.env, str(tmp_path), str(tmp_path / "missing.txt"))
    assert run.returncode == 1
    assert "read 7, loaded 2," in run.stdout and "failed 5;" in run.stdout
    assert "5 article(s) failed:" in run.stderr
    for expected in (
        f"{tmp_path / 'broken.txt'}: not UTF-8 text",
        f"{tmp_path / 'empty.html'}: empty file",
        f"{tmp_path / 'mixed.jsonl'}:2: invalid JSON",
        f"{tmp_path / 'mixed.jsonl'}:3: invalid record: no text",
        f"{tmp_path / 'missing.txt'}: no such file or directory",
    ):
        assert expected in run.stderr, run.stderr
    assert _counts(private_neo4j.driver)["articles"] == before + 2
    assert "broken-test-good" in _per_article(private_neo4j.driver)
