"""Graph load alone: pre-extracted articles into Neo4j, per batch size, and with 1/2/4 concurrent loaders.

    .venv/bin/python -m benchmarks.bench_load [--batch-sizes 1,10,50,200] [--repeats 3]
        [--synthetic-claims 100000] [--bulk-claims 200000] [--loaders 1,2,4] [--yes]

WIPES THE GRAPH of the configured Neo4j (asks unless --yes); reload the samples
afterwards with `claimgraph ingest data/samples`.

Inputs, both already extracted so no spaCy time is counted:
- polnear: the 840 PolNeAR train articles as `bench_ingest.py` extracted them (cached in
  benchmarks/out/; extracted here if the cache is missing) — real extraction output;
- synth: the synthetic generator's articles (benchmarks/synth.py), for a volume large enough
  to time at tens of thousands of assertions per second.
Paths (benchmarks/loaders.py): `per_article` = graph.writer.write_articles (one transaction per
article), `batched` = one transaction per batch of articles with one UNWIND query per kind,
`batched_create` = graph.writer.write_new_articles (one transaction per batch, one CREATE pass).
`bulk_import` = graph.bulk_import: CSVs written from the same rows, then neo4j-admin import into the
emptied database (RESTARTS the configured local server); its rate counts CSV writing + the import,
the server stop/start and the migrations (index builds) are reported beside it.
The machine is shared: besides wall time, every row gives CPU seconds (Neo4j server JVM + this
process, or CSV writer + import tool) and assertions per CPU-second, which load from other jobs
does not dilute.
Every run starts from an empty graph; assertions/s counts ASSERTS relationships in the graph
after the run, claims/s Claim nodes, over the wall time of the load. Medians of --repeats.
Concurrent loaders: N processes each load a round-robin share at the best batch size, from one
start signal; throughput = all assertions / wall time; retries are the driver's transient-error
retries (deadlocks, lock timeouts) counted from its log.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path
from typing import Any

from app.services.ingest import PreparedArticle
from benchmarks.common import CACHE, EVAL_DATA, RetryCounter, machine_info, median, neo4j_pid, table
from benchmarks.loaders import graph_counts, load, wipe
from benchmarks.synth import Generator, load_vocabulary


def polnear_prepared(workers: int) -> list[PreparedArticle]:
    source = EVAL_DATA / "polnear-train.jsonl"
    n = sum(1 for line in source.read_text(encoding="utf-8").splitlines() if line.strip())
    cache = CACHE / f"prepared-polnear-train-{n}.jsonl"  # written by bench_ingest on the whole file
    if cache.exists():
        return [
            PreparedArticle.model_validate_json(x) for x in cache.read_text(encoding="utf-8").splitlines()
        ]
    from app.services.bulk import read_inputs
    from app.services.ingest import IngestFailure, prepare_articles

    print(f"(extracting {cache.name} first; cached for later runs)", flush=True)
    arts = [i.article for i in read_inputs([source]) if i.article is not None]
    out = [
        p
        for p in prepare_articles(arts, n_process=workers, batch_size=16)
        if not isinstance(p, IngestFailure)
    ]
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text("".join(p.model_dump_json() + "\n" for p in out), encoding="utf-8")
    return out


def synthetic(claims: int) -> list[PreparedArticle]:
    gen = Generator(claims, load_vocabulary(str(EVAL_DATA / "polnear-train.jsonl")))
    return list(gen.articles())


def _proc_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a live process (0.0 when unknown)."""
    import os

    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pid() -> int | None:
    from app.settings import get_settings

    return neo4j_pid(get_settings().neo4j_bolt_port)


def timed_load(articles: list[PreparedArticle], batch_size: int, path: str) -> dict[str, float]:
    from graph.db import create_driver

    driver = create_driver()
    try:
        wipe(driver)
        pid = _server_pid()
        s0, c0 = _proc_cpu(pid), time.process_time()
        stats = load(driver, articles, batch_size=batch_size, path=path)
        cpu = _proc_cpu(pid) - s0 + time.process_time() - c0
        counts = graph_counts(driver)
    finally:
        driver.close()
    return {**stats, "cpu": cpu, "asserts": counts["asserts"], "claims": counts["claims"]}


def timed_bulk_import(articles: list[PreparedArticle]) -> dict[str, float]:
    """CSV writing + neo4j-admin import into the emptied database of the configured local server."""
    import resource

    from app.settings import get_settings
    from graph import bulk_import as bi
    from graph.db import create_driver

    settings = get_settings()
    driver = create_driver()
    wipe(driver)
    driver.close()
    bi.check_target(settings)
    t0, c0 = time.perf_counter(), time.process_time()
    files = bi.write_csvs(bi.iter_pairs(articles), CACHE / "bulk-import")
    csv_s, csv_cpu = time.perf_counter() - t0, time.process_time() - c0
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    steps = bi.import_files(settings, files)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    import_cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime  # the import JVM (waited for)
    driver = create_driver()
    counts = graph_counts(driver)
    driver.close()
    return {
        "seconds": csv_s + steps["import"],
        "cpu": csv_cpu + import_cpu,
        "csv": csv_s,
        "import": steps["import"],
        "restart": steps["stop"] + steps["start"],
        "migrate": steps["fixup"] + steps["migrate"],
        "asserts": counts["asserts"],
        "claims": counts["claims"],
    }


def _loader_proc(share: list[PreparedArticle], batch_size: int, path: str, start: Any, out: Any) -> None:
    import logging

    from graph.db import create_driver

    logging.basicConfig(level=logging.ERROR)
    retries = RetryCounter().install()
    # Deadlock retries under contention can take longer than the API's short default retry window.
    driver = create_driver(retry_time=120.0)
    driver.verify_connectivity()
    start.wait()
    t0 = time.perf_counter()
    error = ""
    try:
        load(driver, share, batch_size=batch_size, path=path)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which prints it
        error = f"{type(exc).__name__}: {exc}"
    out.put({"seconds": time.perf_counter() - t0, "retries": dict(retries.by_kind), "error": error})
    driver.close()


def concurrent_load(
    articles: list[PreparedArticle], loaders: int, batch_size: int, path: str
) -> dict[str, Any]:
    from graph.db import create_driver

    driver = create_driver()
    wipe(driver)
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_loader_proc, args=(articles[i::loaders], batch_size, path, start, out))
        for i in range(loaders)
    ]
    for p in procs:
        p.start()
    time.sleep(3.0)  # let every process import and connect before the clock starts
    t0 = time.perf_counter()
    start.set()
    results = [out.get() for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    counts = graph_counts(driver)
    driver.close()
    retries: dict[str, int] = {}
    for r in results:
        for k, v in r["retries"].items():
            retries[k] = retries.get(k, 0) + v
    return {
        "wall": wall,
        "asserts": counts["asserts"],
        "claims": counts["claims"],
        "retries": retries,
        "errors": [r["error"] for r in results if r["error"]],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch-sizes", default="1,10,50,200")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--synthetic-claims", type=int, default=100_000)
    ap.add_argument("--loaders", default="1,2,4", help="concurrent loader counts ('' to skip)")
    ap.add_argument("--paths", default="batched,batched_create", help="online batched paths to time")
    ap.add_argument("--bulk-inputs", default="synth", help="bulk_import inputs (synth: --bulk-claims)")
    ap.add_argument(
        "--bulk-claims",
        type=int,
        default=200_000,
        help="synthetic claims for the bulk_import row (0: no bulk import; it restarts the server)",
    )
    ap.add_argument("--inputs", default="polnear,synth", help="which inputs: polnear, synth or both")
    ap.add_argument(
        "--workers", type=int, default=2, help="extraction processes if the polnear cache is missing"
    )
    ap.add_argument("--skip-per-article", action="store_true")
    ap.add_argument("--per-article-limit", type=int, default=200, help="articles timed on the slow path")
    ap.add_argument("--yes", action="store_true", help="do not ask before wiping the graph")
    args = ap.parse_args()
    sizes = [int(x) for x in args.batch_sizes.split(",")]

    print("## bench_load\n")
    print("```\n" + machine_info() + "\n```\n", flush=True)
    if not args.yes and input("This WIPES the configured graph. Type 'wipe' to go on: ").strip() != "wipe":
        return 1
    wanted = args.inputs.split(",")
    inputs: dict[str, list[PreparedArticle]] = {}
    if "polnear" in wanted:
        inputs["polnear"] = polnear_prepared(args.workers)
    if "synth" in wanted:
        inputs["synth"] = synthetic(args.synthetic_claims)
    for name, arts in inputs.items():
        n_attr = sum(len(p.extraction.attributions) for p in arts)
        print(f"{name}: {len(arts):,} articles, {n_attr:,} attributions", flush=True)

    rows: list[list[str]] = []
    best: dict[str, tuple[float, int, str]] = {}
    for name, arts in inputs.items():
        paths = args.paths.split(",")
        configs = [("batched", b) for b in sizes if "batched" in paths]
        configs += [("batched_create", b) for b in sizes if b >= 50 and "batched_create" in paths]
        if not args.skip_per_article:
            configs.insert(0, ("per_article", 1))
        for path, b in configs:
            sub = arts[: args.per_article_limit] if path == "per_article" else arts
            runs = [timed_load(sub, b, path) for _ in range(args.repeats if path != "per_article" else 1)]
            s = median([r["seconds"] for r in runs])
            a_ps, c_ps = runs[0]["asserts"] / s, runs[0]["claims"] / s
            if path != "per_article" and a_ps > best.get(name, (0.0, 0, ""))[0]:
                best[name] = (a_ps, b, path)
            rows.append(
                [
                    name,
                    path,
                    str(b),
                    f"{s:.2f}",
                    f"{runs[0]['asserts']:,}",
                    f"{a_ps:,.0f}",
                    f"{c_ps:,.0f}",
                    " ".join(f"{r['seconds']:.2f}" for r in runs),
                    f"{median([r['cpu'] for r in runs]):.2f}",
                    f"{runs[0]['asserts'] / median([r['cpu'] for r in runs]):,.0f}",
                ]
            )
            print(" | ".join(rows[-1]), flush=True)
    header = ["input", "path", "batch", "median s", "ASSERTS", "assertions/s", "claims/s", "runs s"]
    header += ["CPU s", "assertions/CPU-s"]
    print()
    print(table(rows, header))
    for name, (a_ps, b, path) in best.items():
        print(f"best {name}: {a_ps:,.0f} assertions/s, {path} at batch {b} (target ≥ 30,000)")

    crow: list[list[str]] = []
    arts = inputs.get("synth") or next(iter(inputs.values()))
    _, b, best_path = best.get("synth", (0.0, sizes[-1], "batched"))
    base: float | None = None
    for n in [int(x) for x in args.loaders.split(",") if x.strip()]:
        r = concurrent_load(arts, n, b, best_path)
        a_ps = r["asserts"] / r["wall"]
        base = base or a_ps
        crow.append(
            [
                str(n),
                str(b),
                f"{r['wall']:.2f}",
                f"{a_ps:,.0f}",
                f"{a_ps / base:.2f}",
                str(sum(r["retries"].values())),
                str(r["retries"] or "-"),
                str(len(r["errors"])),
            ]
        )
        print(" | ".join(crow[-1]), flush=True)
        for e in r["errors"]:
            print(f"   loader error: {e}")
    print()
    print(
        table(
            crow,
            ["loaders", "batch", "wall s", "assertions/s", "vs 1 loader", "retries", "by kind", "failed"],
        )
    )

    # Offline backfill last: it restarts the server.
    brow: list[list[str]] = []
    bulk_inputs: dict[str, list[PreparedArticle]] = {}
    for name in args.bulk_inputs.split(",") if args.bulk_claims else ():
        if name == "synth":
            bulk_inputs[name] = synthetic(args.bulk_claims)
        elif name in inputs:
            bulk_inputs[name] = inputs[name]
    for name, arts in bulk_inputs.items():
        r = timed_bulk_import(arts)
        brow.append(
            [
                name,
                f"{r['asserts']:,}",
                f"{r['csv']:.1f}",
                f"{r['import']:.1f}",
                f"{r['seconds']:.1f}",
                f"{r['asserts'] / r['seconds']:,.0f}",
                f"{r['claims'] / r['seconds']:,.0f}",
                f"{r['cpu']:.1f}",
                f"{r['asserts'] / r['cpu']:,.0f}",
                f"{r['restart']:.1f}",
                f"{r['migrate']:.1f}",
                f"{r['asserts'] / (r['seconds'] + r['migrate']):,.0f}",
            ]
        )
        print(" | ".join(brow[-1]), flush=True)
    if brow:
        print()
        print(
            table(
                brow,
                [
                    "bulk_import input",
                    "ASSERTS",
                    "csv s",
                    "import s",
                    "csv+import s",
                    "assertions/s",
                    "claims/s",
                    "CPU s",
                    "assertions/CPU-s",
                    "restart s",
                    "fix-up + migrations s",
                    "assertions/s incl. fix-up + migrations",
                ],
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
