"""`claimgraph extract INPUT.jsonl -o OUTPUT.jsonl [--workers N]`: attributions without Neo4j.

Reads records with `id` and `text` (or `html`); other fields are ignored. Writes one prediction
record per input record in the format of shared/eval/FORMAT.md. Failed records are reported at
the end and make the exit status non-zero; they never stop the run.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("extract", help="extract attributions from a JSONL file (no Neo4j needed)")
    p.add_argument("input", type=Path, help="JSONL with id and text (or html) per line")
    p.add_argument("-o", "--output", type=Path, required=True, help="prediction JSONL to write")
    p.add_argument("--workers", type=int, default=1, help="worker processes for the spaCy pipeline")
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(handler=run)


def _read(path: Path) -> tuple[list[tuple[str, object]], list[tuple[str, str]]]:
    """(id, ArticleIn) per good line and (id or line number, error) per bad one."""
    from pydantic import ValidationError

    from app.nlp.models import ArticleIn

    good: list[tuple[str, object]] = []
    bad: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                doc_id = str(rec.get("id", f"line-{n}"))
                if not isinstance(rec.get("text"), str) and not isinstance(rec.get("html"), str):
                    raise ValueError("record has neither 'text' nor 'html'")
                art = ArticleIn(
                    id=doc_id, text=rec.get("text"), html=None if rec.get("text") else rec.get("html")
                )
                good.append((doc_id, art))
            except (json.JSONDecodeError, ValueError, ValidationError, AttributeError) as exc:
                bad.append((f"line {n}", f"{type(exc).__name__}: {exc}"))
    return good, bad


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from app.nlp.models import ArticleIn, Extraction
    from app.nlp.pipeline import extract_many, get_nlp

    if not args.input.exists():
        print(f"error: {args.input} not found", file=sys.stderr)
        return 2
    good, failures = _read(args.input)
    nlp = get_nlp()
    articles = [a for _, a in good if isinstance(a, ArticleIn)]
    results = extract_many(articles, n_process=max(1, args.workers), batch_size=args.batch_size, nlp=nlp)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    n_attr = 0
    with args.output.open("w", encoding="utf-8") as out:
        bar = tqdm(total=len(articles), unit="doc", file=sys.stderr, disable=args.no_progress)
        for (doc_id, _), res in zip(good, results, strict=True):
            bar.update(1)
            if isinstance(res, Extraction):
                n_attr += len(res.attributions)
                out.write(json.dumps(res.to_eval_record(doc_id), ensure_ascii=False) + "\n")
            else:
                failures.append((doc_id, f"{type(res).__name__}: {res}"))
        bar.close()
    print(
        f"{len(articles) - sum(1 for d, _ in failures if not d.startswith('line '))} records, "
        f"{n_attr} attributions -> {args.output}",
        file=sys.stderr,
    )
    if failures:
        print(f"{len(failures)} record(s) failed:", file=sys.stderr)
        for doc_id, err in failures:
            print(f"  {doc_id}: {err}", file=sys.stderr)
        return 1
    return 0
