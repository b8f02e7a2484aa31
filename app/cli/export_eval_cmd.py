"""`claimgraph export-eval -o OUT.jsonl`: the graph read back in shared/eval's prediction format.

One record per article that was loaded with an external id (a JSONL `id`):
its attributions (spans, canonical `speaker`, `claim_id`), its within-article
`disputes` and its `cross_disputes` `[i, other_article_id, j]`. Score it with
`python ../shared/eval/score.py GOLD.jsonl OUT.jsonl [--cross CROSS.json]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "export-eval",
        help="write the graph's articles as eval prediction records (JSONL)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-o", "--output", required=True, help="output JSONL file ('-' for stdout)")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from graph.db import create_driver
    from graph.errors import GraphError
    from graph.reader import export_eval_records

    driver = create_driver()
    try:
        records = list(export_eval_records(driver))
    except GraphError as exc:
        print(f"claimgraph export-eval: {exc}", file=sys.stderr)
        return 2
    finally:
        driver.close()
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.output == "-":
        sys.stdout.write(lines)
    else:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(lines, encoding="utf-8")
        print(f"wrote {len(records)} record(s) to {out}", file=sys.stderr)
    return 0
