#!/usr/bin/env bash
# Measure what users get from the graph (issue 4): load PolNeAR dev through `claimgraph ingest`
# (extraction + cross-article resolution + writer), read it back with `claimgraph export-eval`, and
# score the export with the shared scorer, cross-article clusters included.
#
# The run uses a PRIVATE Neo4j (its own home and spare ports, the checkout's jars), so the shared
# server that teammates' tests use is never wiped. The server is stopped at the end unless
# KEEP=1 (then re-runs skip the start; use the printed CLAIMGRAPH_* exports to inspect it).
#
#   scripts/eval_graph.sh                      # dev, in file order
#   DATA=../shared/eval/data/polnear-dev.jsonl OUT=/tmp/graph-dev.jsonl scripts/eval_graph.sh
#
# Takes ~10-15 min on the shared 2-core machine (extraction dominates); runs under nice.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL:-../shared/eval}
DATA=${DATA:-$EVAL/data/polnear-dev.jsonl}
CROSS=${CROSS:-$EVAL/data/polnear-dev-cross.json}
OUT=${OUT:-/tmp/graph-dev.jsonl}
HOME_DIR=${NEO4J_EVAL_HOME:-/tmp/cg-eval-graph}
BOLT=${BOLT:-7717}
HTTP=${HTTP:-7494}
PY=.venv/bin/python

export CLAIMGRAPH_NEO4J_URI="bolt://127.0.0.1:$BOLT"
export CLAIMGRAPH_NEO4J_HOME="$HOME_DIR"
export CLAIMGRAPH_NEO4J_BOLT_PORT="$BOLT"
export CLAIMGRAPH_NEO4J_HTTP_PORT="$HTTP"
export CLAIMGRAPH_NEO4J_HEAP=${CLAIMGRAPH_NEO4J_HEAP:-768m}
export CLAIMGRAPH_NEO4J_PAGECACHE=${CLAIMGRAPH_NEO4J_PAGECACHE:-256m}

mkdir -p "$HOME_DIR"
if [ ! -e "$HOME_DIR/lib" ] && [ -d var/neo4j/lib ]; then
  ln -s "$(pwd)/var/neo4j/lib" "$HOME_DIR/lib"  # reuse the checkout's jars: no Maven run
fi
nice -n 10 $PY -m app neo4j start
$PY -m app migrate
# Only this private server is wiped.
$PY - <<'EOF'
from app.settings import get_settings
from graph.db import create_driver, wipe_data

driver = create_driver(get_settings())
print("wiped", wipe_data(driver), "nodes of the private eval graph")
driver.close()
EOF

nice -n 10 $PY -m app ingest "$DATA" --workers 1 --json > "$OUT.ingest.json"
# extract_seconds: spaCy extraction; write_seconds: load_prepared = cross-article resolve + write
# (the writer thread overlaps extraction, so the two add up to more than the wall time).
$PY - "$OUT.ingest.json" <<'EOF'
import json, sys

r = json.load(open(sys.argv[1]))
n = max(r["loaded"], 1)
print(f"ingest: {r['loaded']} articles, {r['claims']} claims, {r['speakers']} speakers, {r['disputes']} disputes, "
      f"{r['seconds']:.1f} s wall; extraction {r['extract_seconds']:.1f} s ({r['extract_seconds'] / n:.2f} s/article), "
      f"resolve+write {r['write_seconds']:.1f} s ({r['write_seconds'] / n:.2f} s/article); failures {len(r['failures'])}")
EOF
$PY -m app export-eval -o "$OUT"
python3 "$EVAL/score.py" "$DATA" "$OUT" --cross "$CROSS"

if [ "${KEEP:-0}" != "1" ]; then
  $PY -m app neo4j stop
else
  echo "private server kept: export CLAIMGRAPH_NEO4J_URI=$CLAIMGRAPH_NEO4J_URI CLAIMGRAPH_NEO4J_HOME=$HOME_DIR"
fi
