"""Preparation (cleanup → pipeline → claim features) locally and on a Dask cluster, same articles.

    python -m benchmarks.bench_cluster [--data polnear-train.jsonl] [--limit 240] [--batch-size 16]

In one run, on the same articles and batches: the local path (`prepare_articles`, n_process=1 and
2: the forkserver pool) and `ClusterPrepare` on a loopback cluster started here with the engine's
own CLI (`dask scheduler`, then 1 and 2 `dask worker --nthreads 1`). Each figure is the steady
state: the cluster's workers have loaded the pipeline (worker plugin) before the clock starts, the
local pool forks from a fork server that loads it inside the clock, as `claimgraph ingest` does.
Reports words/s, articles/s, scaling efficiency (2 workers' rate / (2 × 1 worker's)) and the
engine's overhead against the local pool at equal cores; checks the outputs are identical. The graph
half (resolution, writes) is the same code either way and is not timed here (bench_ingest.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from app.nlp.models import ArticleIn  # noqa: E402
from app.services.ingest import IngestFailure, PreparedArticle  # noqa: E402
from benchmarks.common import EVAL_DATA, machine_info  # noqa: E402

DASK = str(Path(sys.executable).parent / "dask")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [DASK, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        p.wait(timeout=60)


def _dump(out: list[PreparedArticle | IngestFailure]) -> list[str]:
    # Without the claims' serialized parses: those bytes differ between processes (string order under
    # hash randomization) while every decided field is the same; checked with two PYTHONHASHSEEDs.
    return [
        x.model_dump_json(exclude={"features": {"__all__": {"doc"}}})
        if isinstance(x, PreparedArticle)
        else x.model_dump_json()
        for x in out
    ]


def local(articles: list[ArticleIn], workers: int, batch_size: int) -> tuple[float, list[str]]:
    from app.services.ingest import prepare_articles

    t0 = time.perf_counter()
    out = list(prepare_articles(articles, n_process=workers, batch_size=batch_size))
    return time.perf_counter() - t0, _dump(out)


def cluster(articles: list[ArticleIn], workers: int, batch_size: int) -> tuple[float, float, list[str]]:
    """(seconds to start the cluster and load the pipeline on its workers, seconds to prepare, output)."""
    from app.services.cluster import ClusterPrepare, PipelineLoader

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    t0 = time.perf_counter()
    procs = [_spawn("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")]
    procs += [
        _spawn("worker", address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard")
        for _ in range(workers)
    ]
    try:
        with ClusterPrepare(address) as prep:
            assert prep.client is not None
            prep.client.wait_for_workers(workers, timeout=600)
            # Again, now that all have joined: returns once every worker has the pipeline loaded.
            prep.client.register_plugin(PipelineLoader())
            started = time.perf_counter() - t0
            t1 = time.perf_counter()
            out = list(prep(articles, batch_size=batch_size))
            return started, time.perf_counter() - t1, _dump(out)
    finally:
        _stop(procs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(EVAL_DATA / "polnear-train.jsonl"))
    ap.add_argument("--limit", type=int, default=240)
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()

    with open(args.data, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()][: args.limit]
    articles = [ArticleIn(id=str(r["id"]), text=r["text"]) for r in recs]
    words = sum(len(re.findall(r"\w+", a.text or "")) for a in articles)
    print(machine_info())
    print(f"\narticles: {len(articles)}  words: {words}  batch size: {args.batch_size}\n")

    rows: list[tuple[str, int, float]] = []
    outputs: dict[str, list[str]] = {}
    for w in (1, 2):
        s, out = local(articles, w, args.batch_size)
        rows.append((f"local pool, {w} process(es)", w, s))
        outputs[f"local{w}"] = out
    for w in (1, 2):
        started, s, out = cluster(articles, w, args.batch_size)
        rows.append((f"Dask cluster, {w} worker(s) (start-up + load {started:.1f} s, not counted)", w, s))
        outputs[f"cluster{w}"] = out
    same = all(o == outputs["local1"] for o in outputs.values())

    print("| path | cores | s | words/s | articles/s |")
    print("|---|---|---|---|---|")
    for name, cores, s in rows:
        print(f"| {name} | {cores} | {s:.1f} | {words / s:,.0f} | {len(articles) / s:.2f} |")
    rate = {name.split(" (")[0]: words / s for name, _, s in rows}
    c1, c2 = rate["Dask cluster, 1 worker(s)"], rate["Dask cluster, 2 worker(s)"]
    l1, l2 = rate["local pool, 1 process(es)"], rate["local pool, 2 process(es)"]
    print(f"\nscaling efficiency 1→2 workers: cluster {c2 / (2 * c1):.2f}, local {l2 / (2 * l1):.2f}")
    print(f"cluster / local at equal cores: 1 core {c1 / l1:.2f}, 2 cores {c2 / l2:.2f}")
    print(f"outputs identical on every path (serialized claim parses aside): {same}")


if __name__ == "__main__":
    main()
