"""`claimgraph ingest --cluster`: a real Dask cluster on loopback, real spaCy, a real (private) Neo4j.

The module starts the engine with its own CLI as separate processes (`dask scheduler`, two
`dask worker`s, one core each), ingests the first PolNeAR train articles locally and through the
cluster, and compares the two graphs: every article's attributions with their claim ids, the
in- and cross-article disputes, and the node and relationship counts. Then the faults a user meets:
a worker killed mid-run, the scheduler gone mid-run, a poison article.

The local reference uses the same --batch-size as the cluster runs: extraction depends slightly on
which articles share an nlp.pipe batch, and both paths cut batches by input position.
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
from typing import Any

import neo4j
import pytest

from app.settings import PROJECT_ROOT, Settings
from tests.integration.private_neo4j import free_port
from tests.integration.private_neo4j import private_neo4j as private_neo4j_server

pytest.importorskip("distributed", reason="the cluster extra: pip install -e '.[dev]'")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.timeout(1500),
    # Opt-in until it has run to completion once on a quiet machine (issue 18's note): a private Neo4j,
    # a scheduler, two workers and 60 extractions per test take many minutes on the shared 2-core box.
    pytest.mark.skipif(
        os.environ.get("CLAIMGRAPH_TEST_CLUSTER") != "1",
        reason="set CLAIMGRAPH_TEST_CLUSTER=1 to run the Dask cluster ingest tests",
    ),
]

TRAIN = PROJECT_ROOT.parent / "shared" / "eval" / "data" / "polnear-train.jsonl"
N_ARTICLES = 60
BATCH = ["--batch-size", "4"]
CLAIMGRAPH = [sys.executable, "-m", "app"]
DASK = str(Path(sys.executable).parent / "dask")


@dataclass
class Private:
    settings: Settings
    env: dict[str, str]
    driver: neo4j.Driver


@dataclass
class Cluster:
    address: str
    log_dir: Path
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]

    def stop(self) -> None:
        for p in [*self.workers, self.scheduler]:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in [*self.workers, self.scheduler]:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def _engine_env() -> dict[str, str]:
    # One thread per worker process for spaCy, onnxruntime and BLAS: a worker is one core.
    return {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _spawn(log_dir: Path, name: str, *args: str) -> subprocess.Popen[bytes]:
    # Own session, so that a kill reaches the worker process under its nanny.
    log = (log_dir / f"{name}.log").open("wb")
    return subprocess.Popen(
        [DASK, *args], env=_engine_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def spawn_worker(address: str, log_dir: Path, name: str) -> subprocess.Popen[bytes]:
    return _spawn(
        log_dir, name, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"
    )


def start_cluster(n_workers: int, log_dir: Path) -> Cluster:
    """`dask scheduler` and `dask worker`s (one thread each) as separate processes on loopback."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _spawn(
        log_dir, "scheduler", "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"
    )
    workers = [spawn_worker(address, log_dir, f"worker{k}") for k in range(n_workers)]
    return Cluster(address, log_dir, scheduler, workers)


@pytest.fixture(scope="module")
def private_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Private]:
    from graph.db import create_driver
    from graph.migrations import migrate

    home = tmp_path_factory.mktemp("neo4j-cluster")
    with private_neo4j_server(home, heap="512m", pagecache="128m") as (settings, env):
        driver = create_driver(settings)
        try:
            migrate(driver)
            yield Private(settings, env, driver)
        finally:
            driver.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    c = start_cluster(2, tmp_path_factory.mktemp("dask"))
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not TRAIN.exists():
        pytest.skip(f"{TRAIN} is not there")
    lines = TRAIN.read_text(encoding="utf-8").splitlines()[:N_ARTICLES]
    path = tmp_path_factory.mktemp("corpus") / "train.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _graph(driver: neo4j.Driver) -> dict[str, Any]:
    """Everything ids and counts say about the graph: the eval export (per article: attributions with
    spans, speakers and claim ids, disputes, cross-article disputes) and the stats."""
    from graph import reader

    st = reader.stats(driver)
    return {"records": list(reader.export_eval_records(driver)), "counts": {**st.nodes, **st.relationships}}


def _wipe(driver: neo4j.Driver) -> None:
    from graph.db import wipe_data

    wipe_data(driver)


def _articles(driver: neo4j.Driver) -> int:
    from graph import reader

    return reader.stats(driver).nodes["articles"]


def _ingest(env: dict[str, str], *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLAIMGRAPH, "ingest", *args, *BATCH],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _start_ingest(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLAIMGRAPH, "ingest", *args, *BATCH],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_articles(driver: neo4j.Driver, proc: subprocess.Popen[str], at_least: int) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if _articles(driver) >= at_least:
            return
        assert proc.poll() is None, f"ingest ended before {at_least} articles: {proc.communicate()}"
        time.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} articles after 600 s")


@pytest.fixture(scope="module")
def reference(private_neo4j: Private, corpus: Path) -> dict[str, Any]:
    """A local run (no cluster) into an empty graph: the graph every cluster run must build."""
    _wipe(private_neo4j.driver)
    done = _ingest(private_neo4j.env, str(corpus))
    assert done.returncode == 0, done.stderr
    graph = _graph(private_neo4j.driver)
    assert graph["counts"]["articles"] == N_ARTICLES
    assert graph["counts"]["claims"] > N_ARTICLES
    return graph


def test_cluster_ingest_builds_the_local_graph(
    private_neo4j: Private, corpus: Path, cluster: Cluster, reference: dict[str, Any]
) -> None:
    _wipe(private_neo4j.driver)
    run = _ingest(private_neo4j.env, str(corpus), "--cluster", cluster.address)
    assert run.returncode == 0, run.stderr
    assert f"read {N_ARTICLES}, loaded {N_ARTICLES}, already in graph 0, failed 0;" in run.stdout
    assert _graph(private_neo4j.driver) == reference

    # Re-running through the cluster is the usual resume: nothing is extracted or written again.
    again = _ingest(private_neo4j.env, str(corpus), "--cluster", cluster.address)
    assert again.returncode == 0, again.stderr
    assert f"loaded 0, already in graph {N_ARTICLES}, failed 0;" in again.stdout
    assert _graph(private_neo4j.driver) == reference


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(
    private_neo4j: Private, corpus: Path, cluster: Cluster, reference: dict[str, Any]
) -> None:
    _wipe(private_neo4j.driver)
    proc = _start_ingest(private_neo4j.env, str(corpus), "--cluster", cluster.address)
    _wait_for_articles(private_neo4j.driver, proc, 8)
    victim = cluster.workers[0]
    os.killpg(victim.pid, signal.SIGKILL)  # the worker and its nanny: gone for good
    victim.wait(timeout=30)
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    assert f"read {N_ARTICLES}, loaded {N_ARTICLES}, already in graph 0, failed 0;" in out
    assert _graph(private_neo4j.driver) == reference
    # Put a second worker back for the tests that follow.
    cluster.workers[0] = spawn_worker(cluster.address, cluster.log_dir, "worker0-replacement")


def test_scheduler_gone_stops_with_a_message_and_the_same_command_resumes(
    private_neo4j: Private, corpus: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    own = start_cluster(1, tmp_path)
    try:
        _wipe(private_neo4j.driver)
        proc = _start_ingest(private_neo4j.env, str(corpus), "--cluster", own.address)
        _wait_for_articles(private_neo4j.driver, proc, 4)
        os.killpg(own.scheduler.pid, signal.SIGKILL)
        own.scheduler.wait(timeout=30)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 3, err
        assert "stopped: lost the Dask scheduler at " + own.address in err, err
        assert "re-run the same command to resume" in err
        assert "article(s) failed" not in err  # the rest is left for the re-run, not failed one by one
        partial = _graph(private_neo4j.driver)["records"]
        assert 4 <= len(partial) < N_ARTICLES, "the scheduler should go mid-run"
        # One transaction per article: whatever was loaded is whole.
        expected = {r["id"]: r for r in reference["records"]}
        assert all(expected[r["id"]]["attributions"] == r["attributions"] for r in partial)
    finally:
        own.stop()

    # The same command on a new cluster picks up where it stopped.
    again = start_cluster(1, tmp_path)
    try:
        resumed = _ingest(private_neo4j.env, str(corpus), "--cluster", again.address)
    finally:
        again.stop()
    assert resumed.returncode == 0, resumed.stderr
    assert f"skipping {len(partial)} article(s) already in the graph" in resumed.stderr
    assert _graph(private_neo4j.driver) == reference


def test_a_poison_article_is_reported_once_and_the_run_goes_on(
    private_neo4j: Private, cluster: Cluster, tmp_path: Path
) -> None:
    from app.nlp.pipeline import get_nlp

    # Longer than spaCy accepts in one Doc: nlp.pipe raises for the whole batch it is in.
    too_long = "The minister said that the bridge is safe. " * (get_nlp().max_length // 40)
    lines = [
        {"id": "poison-before", "text": "The mayor said that the bridge will reopen in May."},
        {"id": "poison", "text": too_long},
        {"id": "poison-after", "text": "Senator Jane Holloway said that the river was polluted by the mine."},
    ]
    path = tmp_path / "poison.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    _wipe(private_neo4j.driver)
    run = _ingest(private_neo4j.env, str(path), "--cluster", cluster.address)
    assert run.returncode == 1, run.stderr
    assert "read 3, loaded 2, already in graph 0, failed 1;" in run.stdout
    assert "1 article(s) failed:" in run.stderr
    assert run.stderr.count("(id poison)") == 1, run.stderr
    ids = {r["id"] for r in _graph(private_neo4j.driver)["records"]}
    assert ids == {"poison-before", "poison-after"}
