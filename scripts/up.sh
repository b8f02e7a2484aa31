#!/usr/bin/env bash
# Fresh machine → venv, Neo4j (resolved from Maven Central), schema, sample articles, API on :8000.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3.11 -m venv .venv 2>/dev/null || python3 -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[dev]'
.venv/bin/claimgraph neo4j start
.venv/bin/claimgraph migrate
.venv/bin/claimgraph ingest data/samples
exec .venv/bin/claimgraph serve --host "${CLAIMGRAPH_HOST:-127.0.0.1}" --port "${CLAIMGRAPH_PORT:-8000}"
