"""Write storm: 50 writers × 4 articles POSTed at once; /healthz and /v1/stats latency meanwhile.

Starts `claimgraph serve` (one API process, its extraction pool) on a free port against the Neo4j
named by CLAIMGRAPH_NEO4J_URI, which it WRITES TO: point it at a scratch server (the articles are
PolNeAR dev texts with a per-run marker, so they are new articles). A prober requests /healthz and
/v1/stats every 50 ms from before the storm to its end; the table gives their p50 / p99 / max and
timeouts (5 s), and the writers' status codes.

    CLAIMGRAPH_NEO4J_URI=bolt://127.0.0.1:7714 .venv/bin/python -m benchmarks.bench_storm --yes
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

import httpx

from benchmarks.common import EVAL_DATA, machine_info, percentile

KEY = "storm-key"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", type=int, default=50)
    ap.add_argument("--per-writer", type=int, default=4)
    ap.add_argument("--yes", action="store_true", help="confirm the Neo4j may be written to")
    args = ap.parse_args()
    if not args.yes:
        sys.exit("bench_storm writes articles into CLAIMGRAPH_NEO4J_URI's graph: pass --yes (scratch server)")
    with open(EVAL_DATA / "polnear-dev.jsonl", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    run = uuid.uuid4().hex[:8]
    port = _port()
    env = {**os.environ, "CLAIMGRAPH_API_KEYS": KEY}
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)], env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        print(machine_info())
        probes: dict[str, list[float]] = {"/healthz": [], "/v1/stats": []}
        timeouts: Counter[str] = Counter()
        stop = threading.Event()

        def probe() -> None:
            with httpx.Client(base_url=base, timeout=5) as c:
                while not stop.is_set():
                    for path, lat in probes.items():
                        start = time.perf_counter()
                        try:
                            c.get(path).raise_for_status()
                            lat.append((time.perf_counter() - start) * 1000)
                        except httpx.HTTPError:
                            timeouts[path] += 1
                    time.sleep(0.05)

        statuses: Counter[int] = Counter()

        def write(w: int) -> None:
            with httpx.Client(base_url=base, timeout=None, headers={"X-API-Key": KEY}) as c:
                for k in range(args.per_writer):
                    text = texts[(w * args.per_writer + k) % len(texts)] + f"\n\n(storm {run} {w} {k})"
                    statuses[c.post("/v1/articles", json={"text": text}).status_code] += 1

        prober = threading.Thread(target=probe)
        prober.start()
        start = time.perf_counter()
        writers = [threading.Thread(target=write, args=(w,)) for w in range(args.writers)]
        for t in writers:
            t.start()
        for t in writers:
            t.join()
        took = time.perf_counter() - start
        stop.set()
        prober.join()
        print(f"{args.writers} x {args.per_writer} articles in {took:.0f} s; statuses {dict(statuses)}")
        print("| endpoint | probes | p50 ms | p99 ms | max ms | timeouts (5 s) |")
        print("|---|---|---|---|---|---|")
        for path, lat in probes.items():
            print(
                f"| {path} | {len(lat)} | {percentile(lat, 50):.1f} | {percentile(lat, 99):.1f} "
                f"| {max(lat, default=float('nan')):.1f} | {timeouts[path]} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
