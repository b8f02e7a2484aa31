"""Several loader processes into one Neo4j at once: throughput and transient-error retries.

    .venv/bin/python -m benchmarks.bench_contention [--loaders 1,2,4] [--claims 20000]
        [--batch-size 200] [--path batched_create] [--yes]

WIPES THE GRAPH (asks unless --yes). Each loader is a separate OS process (this module in
`--worker I/N` mode) loading the round-robin share I of N of the synthetic articles, so
popular speakers are MERGEd by every loader at once (the realistic contention). All start at
one wall-clock instant; throughput = ASSERTS in the graph / (last finish - start). Retries are
the driver's "will be retried" warnings (deadlocks, lock timeouts), counted per process.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import time

from benchmarks.common import ROOT, RetryCounter, machine_info, table


def worker(i: int, n: int, claims: int, batch_size: int, path: str, start_at: float) -> None:
    from benchmarks.loaders import load
    from benchmarks.synth import Generator, load_vocabulary
    from graph.db import create_driver

    logging.basicConfig(level=logging.ERROR)
    retries = RetryCounter().install()
    gen = Generator(claims, load_vocabulary(None))
    share = [gen.article(k) for k in range(i, gen.n_articles, n)]
    # Deadlock retries under contention can take longer than the API's short default retry window.
    driver = create_driver(retry_time=120.0)
    driver.verify_connectivity()
    time.sleep(max(0.0, start_at - time.time()))
    t0 = time.time()
    error = ""
    try:
        load(driver, share, batch_size=batch_size, path=path)
    except Exception as exc:  # noqa: BLE001 - reported to the parent as data
        error = f"{type(exc).__name__}: {exc}"
    print(
        json.dumps({"start": t0, "end": time.time(), "retries": retries.by_kind, "error": error}), flush=True
    )
    driver.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loaders", default="1,2,4")
    ap.add_argument("--claims", type=int, default=20_000)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--path", default="batched_create", choices=["batched", "batched_create"])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--yes", action="store_true")
    args = ap.parse_args()
    if args.worker:
        i, n = (int(x) for x in args.worker.split("/"))
        worker(i, n, args.claims, args.batch_size, args.path, args.start_at)
        return 0

    from benchmarks.loaders import graph_counts, wipe
    from graph.db import create_driver

    print("## bench_contention\n")
    print("```\n" + machine_info() + "\n```\n", flush=True)
    if not args.yes and input("This WIPES the configured graph. Type 'wipe' to go on: ").strip() != "wipe":
        return 1
    driver = create_driver()
    rows: list[list[str]] = []
    base = 0.0
    for n in [int(x) for x in args.loaders.split(",")]:
        wipe(driver)
        start_at = time.time() + 8.0  # time for every process to import and connect
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.bench_contention",
                    "--worker",
                    f"{i}/{n}",
                    "--start-at",
                    str(start_at),
                    "--claims",
                    str(args.claims),
                    "--batch-size",
                    str(args.batch_size),
                    "--path",
                    args.path,
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            for i in range(n)
        ]
        results = []
        for p in procs:
            try:
                out, _ = p.communicate(timeout=600)
                results.append(json.loads(out.strip().splitlines()[-1]))
            except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError) as exc:
                p.kill()
                results.append({"start": start_at, "end": time.time(), "retries": {}, "error": repr(exc)})
        wall = max(r["end"] for r in results) - min(r["start"] for r in results)
        asserts = graph_counts(driver)["asserts"]
        a_ps = asserts / wall
        base = base or a_ps
        retries: dict[str, int] = {}
        for r in results:
            for k, v in r["retries"].items():
                retries[k] = retries.get(k, 0) + v
        errors = [r["error"] for r in results if r["error"]]
        rows.append(
            [
                str(n),
                f"{wall:.2f}",
                f"{asserts:,}",
                f"{a_ps:,.0f}",
                f"{a_ps / base:.2f}",
                str(sum(retries.values())),
                json.dumps(retries) if retries else "-",
                str(len(errors)),
            ]
        )
        print(" | ".join(rows[-1]), flush=True)
        for e in errors:
            print(f"   loader error: {e[:300]}", flush=True)
    driver.close()
    print()
    print(
        table(rows, ["loaders", "wall s", "ASSERTS", "assertions/s", "vs 1", "retries", "by kind", "failed"])
    )
    print(f"\n({args.path}, batch {args.batch_size} articles, {args.claims:,} synthetic claims, round-robin)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
