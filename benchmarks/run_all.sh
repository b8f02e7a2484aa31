#!/usr/bin/env bash
# The three benchmarks back to back, as RESULTS.md was produced; WIPES the configured graph.
# Point CLAIMGRAPH_NEO4J_URI (and _HOME/_BOLT_PORT/_HTTP_PORT) at a scratch server to keep your data.
# Output: benchmarks/out/{ingest,load,queries}.md
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p benchmarks/out
PY=.venv/bin/python
$PY -m benchmarks.bench_ingest --yes --workers 2 --repeats 2 --limit "${INGEST_LIMIT:-240}" 2>&1 | tee benchmarks/out/ingest.md
$PY -m benchmarks.bench_load --yes --repeats 3 --batch-sizes 10,50,200,500 --synthetic-claims "${LOAD_CLAIMS:-30000}" \
  --loaders 1,2,4 2>&1 | tee benchmarks/out/load.md
$PY -m benchmarks.bench_queries --yes --sizes "${QUERY_SIZES:-10000,100000,1000000}" --requests 500 \
  --concurrency 8 --time-cap 20 --fill-budget "${FILL_BUDGET:-420}" 2>&1 | tee benchmarks/out/queries.md
