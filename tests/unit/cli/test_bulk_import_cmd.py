"""`claimgraph bulk-import`: registered, and it tells pre-extracted JSONL from articles to extract."""

from __future__ import annotations

from pathlib import Path

from app.cli import build_parser
from app.cli.bulk_import_cmd import _is_prepared, handle
from benchmarks.synth import Generator


def test_registered() -> None:
    args = build_parser("bulk-import").parse_args(["bulk-import", "a.jsonl", "b", "--workers", "2"])
    assert args.handler is handle
    assert args.paths == [Path("a.jsonl"), Path("b")] and args.workers == 2 and args.workdir is None


def test_prepared_jsonl_is_recognised(tmp_path: Path) -> None:
    prepared = tmp_path / "prepared.jsonl"
    prepared.write_text(Generator(20, ["camp"]).article(0).model_dump_json() + "\n", encoding="utf-8")
    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"id": "a", "text": "Lavrov said the camp is closed."}\n', encoding="utf-8")
    assert _is_prepared(prepared)
    assert not _is_prepared(articles)
    assert not _is_prepared(tmp_path)
