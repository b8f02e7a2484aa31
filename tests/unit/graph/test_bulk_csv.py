"""graph.bulk_import's CSVs: neo4j-admin's dialect, the writer's ids, MERGE semantics done in Python."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from app.nlp.models import ArticleIn, Speaker
from graph import bulk_import as bi
from graph import ids
from graph.writer import build_rows
from tests.unit.graph.test_rows import _extraction

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def _read(path: Path) -> list[dict[str, str]]:
    # Python's csv reads the dialect neo4j-admin reads: "" inside quotes, quoted newlines.
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_field_dialect() -> None:
    assert bi._field(None) == ""
    assert bi._field("") == '""'
    assert bi._field('say "no"\nnow') == '"say ""no""\nnow"'
    assert bi._field(True) == "true" and bi._field(3) == "3" and bi._field(0.5) == "0.5"
    assert bi._field([1, 2, 3]) == '"1\x1f2\x1f3"'
    assert bi._field(["a\x1fb", 'c"']) == '"a b\x1fc"""'


def test_csvs_hold_the_writers_rows(tmp_path: Path) -> None:
    ext = _extraction()
    a1 = ArticleIn(id="doc-1", title='A "t"\nline', published_at="2021-06-24")
    # A second article: the same speaker with a new alias and a role, no aliases for another one.
    ext2 = ext.model_copy(
        update={
            "speakers": [
                Speaker(name="Sergey Lavrov", kind="PERSON", aliases=["S. Lavrov"], role="Minister"),
                Speaker(name="Robert Palladino", kind="PERSON"),
                Speaker(name="officials", kind="GENERIC"),
            ]
        }
    )
    a2 = ArticleIn(id="doc-2")
    files = bi.write_csvs([(a1, ext), (a2, ext2), (a1, ext)], tmp_path, now=NOW)
    assert files.skipped_duplicates == 1
    rows1, rows2 = build_rows(a1, ext), build_rows(a2, ext2)

    arts = _read(files.files["Article"])
    assert [r["id:ID(Article)"] for r in arts] == [rows1.article_id, rows2.article_id]
    assert arts[0]["title"] == 'A "t"\nline' and arts[0]["ingested_at:datetime"] == "2026-11-28T10:00:00.000Z"

    claims = _read(files.files["Claim"])
    assert sorted(r["id:ID(Claim)"] for r in claims) == sorted({c["id"] for c in rows1.claims})

    speakers = {r["name"]: r for r in _read(files.files["Speaker"])}
    lavrov = speakers["Sergey Lavrov"]
    assert lavrov["id:ID(Speaker)"] == ids.speaker_id("Sergey Lavrov", kind="PERSON")
    # Aliases accumulate in load order; the first non-null role stays (MERGE_SPEAKERS' coalesce).
    assert lavrov["aliases:string[]"].split("\x1f") == ["Lavrov", "S. Lavrov"]
    assert lavrov["aliases_text"] == "Lavrov | S. Lavrov"
    assert lavrov["role"] == "Foreign Minister"
    # GENERIC speakers are per article: two 'officials' nodes.
    assert sum(1 for r in _read(files.files["Speaker"]) if r["name"] == "officials") == 2

    reports = _read(files.files["REPORTS"])
    assert len(reports) == 8
    empty = [r for r in reports if r["attribution_index:long"] == "3"][0]
    assert empty["source_span:long[]"] == "" and empty["cue"] == ""  # set to [] / absent after import
    asserts = _read(files.files["ASSERTS"])
    assert len(asserts) == len(rows1.asserts) + len(rows2.asserts)
    # in_dispute: the claim takes part in a dispute (article 1's [1, 0] disputes both claims).
    disputed = {rows1.claim_ids[0], rows1.claim_ids[1]}
    assert {r["claim_id"] for r in asserts if r["in_dispute:boolean"] == "true"} == disputed
    assert all(r["speaker_id"] == r[":START_ID(Speaker)"] for r in asserts)
    assert len(_read(files.files["DISPUTES"])) == 2
    assert len(_read(files.files["MENTIONS"])) == 1 and len(_read(files.files["Entity"])) == 1
