#!/usr/bin/env bash
# Fresh machine → venv, Neo4j (resolved from Maven Central), schema, sample articles, the API.
# Needs Python 3.11, a JDK 17 and Maven on PATH. The API binds CLAIMGRAPH_HOST:CLAIMGRAPH_PORT
# (127.0.0.1:8000 unless set, in the environment or .env): `claimgraph serve` reads them from
# app/settings.py, the one place the notebook reads them too. First run about 5 minutes (pip, Maven,
# the samples' extraction); later runs about a minute.
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
exec .venv/bin/claimgraph serve
