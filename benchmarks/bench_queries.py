"""Query latency at scale: fill the graph with synthetic news to 10^4, 10^5, 10^6 claims, query via the API.

    .venv/bin/python -m benchmarks.bench_queries [--sizes 10000,100000,1000000] [--requests 1000]
        [--concurrency 8] [--time-cap 60] [--port 8765] [--yes]

WIPES THE GRAPH of the configured Neo4j (asks unless --yes); reload the samples
afterwards with `claimgraph ingest data/samples`.

Sizes nest: the generator is deterministic, so going from 10^4 to 10^5 loads
articles 1000..9999 on top of 0..999, through the same batch loader as
`bench_load.py`. At each size the API (`claimgraph serve`, one uvicorn worker,
on loopback) is loaded per endpoint after a warm-up by `--concurrency` closed-loop
clients: `wrk` (C, one thread, keep-alive connections cycling through the sampled
urls for `--time-cap` seconds; the default when installed, `apt-get install wrk`)
or a pool of httpx threads (`--client httpx`: `--requests` per endpoint or the time
cap, whichever comes first). Reported: p50/p95/p99 latency, throughput, errors,
and peak RSS (VmHWM) of the API and Neo4j.

The bare parts, measured in the same run one request at a time (`--bare-requests` per endpoint):
the endpoint's main query inside Neo4j (the server's own result_available_after +
result_consumed_after), the graph.reader call in the benchmark process, and the API round trip,
so the table says where a request's time goes. `--existing-articles N` measures a graph already
holding the generator's articles 0..N-1 (no wipe, no fill).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import neo4j

from app.settings import get_settings
from benchmarks.common import ROOT, machine_info, median, neo4j_pid, peak_rss_mib, percentile, table
from benchmarks.loaders import load_synthetic, wipe
from benchmarks.synth import Generator, load_vocabulary
from graph import ids, reader
from graph import queries as cy

ENDPOINTS = ["claim_by_id", "claims_by_speaker", "speaker_opponents", "fulltext_search", "neighbourhood_d2"]


@dataclass
class Sample:
    claim_ids: list[str]
    speaker_ids: list[str]
    words: list[str]


def sample_targets(gen: Generator, n_articles: int, rng: random.Random, k: int = 500) -> Sample:
    """Ids the way a client would hold them: computed from the generator (ids are deterministic)."""
    claim_ids: list[str] = []
    speaker_ids: list[str] = []
    for idx in rng.sample(range(n_articles), min(k, n_articles)):
        ext = gen.article(idx).extraction
        a = rng.choice(ext.attributions)
        claim_ids.append(ids.claim_id(ext.span_text(a.content)))
        if a.speaker_kind != "GENERIC" and a.speaker:
            speaker_ids.append(ids.speaker_id(a.speaker, kind=a.speaker_kind))
    # Mid-frequency words: common enough to hit, rare enough to be a real search.
    words = [gen.vocab[i] for i in rng.sample(range(50, min(5000, len(gen.vocab))), 200)]
    return Sample(claim_ids, speaker_ids, words)


def url_for(endpoint: str, s: Sample, rng: random.Random) -> str:
    if endpoint == "claim_by_id":
        return f"/v1/claims/{rng.choice(s.claim_ids)}"
    if endpoint == "claims_by_speaker":
        return f"/v1/speakers/{rng.choice(s.speaker_ids)}/claims?limit=20"
    if endpoint == "speaker_opponents":
        return f"/v1/speakers/{rng.choice(s.speaker_ids)}/opponents"
    if endpoint == "fulltext_search":
        return f"/v1/claims?q={rng.choice(s.words)}&limit=20"
    if endpoint == "neighbourhood_d2":
        return f"/v1/graph/claims/{rng.choice(s.claim_ids)}?depth=2"
    raise ValueError(endpoint)


@dataclass
class Run:
    latencies_ms: list[float]
    errors: int
    seconds: float
    statuses: dict[int, int]


# wrk (C, one thread, `concurrency` keep-alive connections) walks the url list round robin; done() prints one
# parseable line. Latency percentiles are wrk's own (microseconds, over every request of the run).
_WRK_LUA = r"""
local urls = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do urls[#urls + 1] = line end
end
request = function()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %d %d %d %d %.3f %.3f %.3f\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000.0, latency:percentile(95) / 1000.0, latency:percentile(99) / 1000.0))
end
"""


@dataclass
class WrkRun:
    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    p99: float


def hammer_wrk(base: str, urls: list[str], concurrency: int, seconds: float) -> WrkRun:
    """`concurrency` connections for `seconds`, cycling through `urls` (a closed loop, like `hammer`)."""
    with tempfile.TemporaryDirectory() as tmp:
        script, url_file = Path(tmp) / "bench.lua", Path(tmp) / "urls.txt"
        script.write_text(_WRK_LUA)
        url_file.write_text("\n".join(urls) + "\n")
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{max(1, int(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
            ]
            + [base, "--", str(url_file)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKRESULT"))
    n, dur_us, sock_err, status_err, p50, p95, p99 = line.split()[1:]
    return WrkRun(
        int(n), int(sock_err) + int(status_err), int(dur_us) / 1e6, float(p50), float(p95), float(p99)
    )


def hammer(base: str, urls: list[str], concurrency: int, time_cap: float) -> Run:
    """GET each url once from `concurrency` threads; stops early at `time_cap` seconds."""
    lat: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + time_cap
    it = iter(urls)

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30.0) as client:
            while time.monotonic() < deadline:
                with lock:
                    url = next(it, None)
                if url is None:
                    return
                t0 = time.perf_counter()
                try:
                    r = client.get(url)
                    code = r.status_code
                except httpx.HTTPError:
                    code = -1
                dt = (time.perf_counter() - t0) * 1000.0
                with lock:
                    statuses[code] = statuses.get(code, 0) + 1
                    if code == 200:
                        lat.append(dt)
                    else:
                        errors += 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for f in [pool.submit(worker) for _ in range(concurrency)]:
            f.result()
    return Run(lat, errors, time.perf_counter() - t0, statuses)


def _target(endpoint: str, url: str) -> tuple[str, str]:
    """(kind, id or word) a bench url asks for."""
    path, _, query = url.partition("?")
    parts = path.strip("/").split("/")
    if endpoint == "fulltext_search":
        return endpoint, query.split("&")[0].removeprefix("q=")
    if endpoint in ("claims_by_speaker", "speaker_opponents"):
        return endpoint, parts[2]
    return endpoint, parts[-1]


def _graph_query(endpoint: str, key: str) -> tuple[str, dict[str, object]]:
    """The Cypher and parameters graph.reader runs for an endpoint (the main query of the request)."""
    if endpoint == "claim_by_id":
        return cy.GET_CLAIM, {"id": key}
    if endpoint == "speaker_opponents":
        return cy.SPEAKER_OPPONENTS_PAGE, {"id": key, "skip": 0, "limit": 51}
    if endpoint == "neighbourhood_d2":
        return cy.NEIGHBOURHOOD[2], {
            "id": key,
            "fanout": reader.NEIGHBOURHOOD_FANOUT,
            "max_frontier": reader.NEIGHBOURHOOD_MAX_FRONTIER,
        }
    if endpoint == "claims_by_speaker":
        _, params = reader._search_claims_query(speaker_id=key, limit=20)
        return cy.SPEAKER_CLAIMS_PAGE, params
    query, params = reader._search_claims_query(q=key, limit=20)
    assert query is not None
    return query, params


def _reader_call(driver: neo4j.Driver, endpoint: str, key: str) -> object:
    if endpoint == "claim_by_id":
        return reader.get_claim(driver, key)
    if endpoint == "claims_by_speaker":
        return reader.speaker_claims(driver, key, limit=20)
    if endpoint == "speaker_opponents":
        return reader.speaker_opponents_or_none(driver, key)
    if endpoint == "fulltext_search":
        return reader.search_claims(driver, q=key, limit=20)
    return reader.claim_neighbourhood(driver, key, depth=2)


def bare_parts(driver: neo4j.Driver, base: str, endpoint: str, urls: list[str]) -> dict[str, float]:
    """Medians over `urls`, one request at a time: the main query's time inside Neo4j (the server's
    result_available_after + result_consumed_after), the graph.reader call in this process (driver,
    transaction, Python models), and the API round trip on loopback (httpx, keep-alive)."""
    server: list[float] = []
    in_reader: list[float] = []
    api: list[float] = []
    with httpx.Client(base_url=base, timeout=30.0) as client:
        for url in urls:
            _, key = _target(endpoint, url)
            query, params = _graph_query(endpoint, key)
            with driver.session(database=get_settings().neo4j_database) as s:
                summary = s.run(query, params).consume()
            server.append(float((summary.result_available_after or 0) + (summary.result_consumed_after or 0)))
            t0 = time.perf_counter()
            _reader_call(driver, endpoint, key)
            in_reader.append((time.perf_counter() - t0) * 1000.0)
            t0 = time.perf_counter()
            client.get(url)
            api.append((time.perf_counter() - t0) * 1000.0)
    return {"neo4j": median(server), "reader": median(in_reader), "api": median(api)}


def api_peak_rss(pid: int) -> float | None:
    """Peak RSS of the API: its process, or with --api-workers > 1 the largest worker (each is a copy)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    peaks = [x for x in (peak_rss_mib(int(c)) for c in children) if x is not None]
    return max(peaks, default=None) or peak_rss_mib(pid)


def start_api(port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "claimgraph"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"claimgraph serve exited with {proc.returncode}")
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit("claimgraph serve did not become ready in 60 s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000", help="claim counts, ascending")
    ap.add_argument("--requests", type=int, default=1000, help="requests per endpoint per size")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--time-cap", type=float, default=60.0, help="seconds per endpoint run")
    ap.add_argument("--batch-size", type=int, default=500, help="articles per load transaction")
    ap.add_argument(
        "--path", default="batched_create", choices=["batched", "batched_create"], help="load path"
    )
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--api-workers", type=int, default=1, help="uvicorn worker processes of the API")
    ap.add_argument(
        "--fill-budget",
        type=float,
        default=1800.0,
        help="seconds of filling in all; the last size is cut to fit",
    )
    ap.add_argument("--yes", action="store_true", help="do not ask before wiping the graph")
    ap.add_argument(
        "--client",
        choices=["wrk", "httpx"],
        default="wrk" if shutil.which("wrk") else "httpx",
        help="load generator: wrk (C, time-capped runs; the default when installed) or httpx threads",
    )
    ap.add_argument(
        "--bare-requests", type=int, default=60, help="serial requests per endpoint for the bare-parts split"
    )
    ap.add_argument(
        "--existing-articles",
        type=int,
        default=0,
        help="measure a graph already holding this generator's articles 0..N-1 (no wipe, no fill; one size)",
    )
    ap.add_argument(
        "--generator-claims",
        type=int,
        default=1_000_000,
        help="with --existing-articles: the generator size the graph was filled with (its speaker set)",
    )
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    use_wrk = args.client == "wrk"

    print("## bench_queries\n")
    print("```\n" + machine_info() + "\n```\n", flush=True)
    if args.existing_articles:
        sizes = [args.existing_articles * 10]
    elif not args.yes and input("This WIPES the configured graph. Type 'wipe' to go on: ").strip() != "wipe":
        return 1

    from graph.db import create_driver

    driver = create_driver()
    if not args.existing_articles:
        wipe(driver)
    gen = Generator(
        args.generator_claims if args.existing_articles else max(sizes),
        load_vocabulary(str(ROOT.parent / "shared/eval/data/polnear-train.jsonl")),
    )
    api = start_api(args.port, args.api_workers)
    base = f"http://127.0.0.1:{args.port}"
    rows: list[list[str]] = []
    bare_rows: list[list[str]] = []
    summary: dict[tuple[int, str], float] = {}
    loaded_articles = 0
    fill_spent = 0.0
    try:
        rate = 0.0  # assertions/s of the last fill
        for size in sizes:
            if rate > 0:
                # Grow only as far as the fill budget allows; a partial last size is reported as such.
                affordable = loaded_articles * 10 + int(rate * max(0.0, args.fill_budget - fill_spent))
                if affordable < size:
                    cut = max(loaded_articles * 10, affordable // 10_000 * 10_000)
                    print(
                        f"{size:,} claims would not fit the fill budget at {rate:,.0f} assertions/s; "
                        f"growing to {cut:,} instead",
                        flush=True,
                    )
                    if cut <= loaded_articles * 10:
                        break
                    size = cut
            target_articles = (size + 9) // 10
            if args.existing_articles:
                loaded_articles = target_articles
            else:
                t0 = time.perf_counter()
                stats = load_synthetic(
                    driver, gen, loaded_articles, target_articles, batch_size=args.batch_size, path=args.path
                )
                dt = time.perf_counter() - t0
                fill_spent += dt
                rate = stats["assertions"] / dt if dt > 0 else 0.0
                loaded_articles = target_articles
                print(
                    f"filled to {size:,} claims: +{stats['articles']:,} articles, +{stats['assertions']:,} "
                    f"assertions in {dt:.1f} s ({stats['assertions'] / dt:,.0f} assertions/s)",
                    flush=True,
                )
            rng = random.Random(size)
            sample = sample_targets(gen, loaded_articles, rng)
            for endpoint in ENDPOINTS:
                warm = [url_for(endpoint, sample, rng) for _ in range(50)]
                hammer(base, warm, args.concurrency, 30.0)
                urls = [url_for(endpoint, sample, rng) for _ in range(args.requests)]
                if use_wrk:
                    w = hammer_wrk(base, urls, args.concurrency, args.time_cap)
                    ok, errors, p50, p95, p99, rps = (
                        w.requests - w.errors,
                        w.errors,
                        w.p50,
                        w.p95,
                        w.p99,
                        w.requests / w.seconds,
                    )
                else:
                    run = hammer(base, urls, args.concurrency, args.time_cap)
                    lat = run.latencies_ms
                    p50, p95, p99 = (percentile(lat, p) for p in (50, 95, 99))
                    ok, errors, rps = len(lat), run.errors, (len(lat) + run.errors) / run.seconds
                    if run.errors:
                        print(f"   statuses: {run.statuses}", flush=True)
                summary[(size, endpoint)] = p95
                rows.append(
                    [
                        f"{size:,}",
                        endpoint,
                        str(ok),
                        str(errors),
                        f"{p50:.1f}",
                        f"{p95:.1f}",
                        f"{p99:.1f}",
                        f"{rps:,.0f}",
                    ]
                )
                print(" | ".join(rows[-1]), flush=True)
                bare = bare_parts(
                    driver,
                    base,
                    endpoint,
                    [url_for(endpoint, sample, rng) for _ in range(args.bare_requests)],
                )
                bare_rows.append(
                    [f"{size:,}", endpoint]
                    + [f"{bare[k]:.1f}" for k in ("neo4j", "reader", "api")]
                    + [f"{bare['api'] / bare['neo4j']:.1f}" if bare["neo4j"] > 0 else "-"]
                )
                print(
                    "   serial medians ms (neo4j | reader | api):", " | ".join(bare_rows[-1][2:5]), flush=True
                )
            npid = neo4j_pid(get_settings().neo4j_bolt_port)
            print(
                f"peak RSS after {size:,}: API {api_peak_rss(api.pid) or float('nan'):.0f} MiB, "
                f"Neo4j {(peak_rss_mib(npid) if npid else None) or float('nan'):.0f} MiB",
                flush=True,
            )
    finally:
        api_peak = api_peak_rss(api.pid)
        api.terminate()
        api.wait(timeout=30)
        npid = neo4j_pid(get_settings().neo4j_bolt_port)
        neo_peak = peak_rss_mib(npid) if npid else None
        driver.close()
    print()
    print(table(rows, ["claims", "endpoint", "ok", "errors", "p50 ms", "p95 ms", "p99 ms", "req/s"]))
    print(
        f"\nOne request at a time ({args.bare_requests} per endpoint), medians: the main query inside Neo4j, "
        "the graph.reader call in-process, the API round trip:\n"
    )
    print(table(bare_rows, ["claims", "endpoint", "neo4j ms", "reader ms", "api ms", "api / neo4j"]))
    done_sizes = sorted({s for s, _ in summary})
    if len(done_sizes) > 1:
        lo, hi = done_sizes[0], done_sizes[-1]
        print(f"\np95 growth {lo:,} → {hi:,} claims:")
        for e in ENDPOINTS:
            if (lo, e) in summary and (hi, e) in summary:
                print(f"  {e}: {summary[(hi, e)] / summary[(lo, e)]:.2f}×")
    print(f"\npeak RSS: API {api_peak or float('nan'):.0f} MiB, Neo4j {neo_peak or float('nan'):.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
