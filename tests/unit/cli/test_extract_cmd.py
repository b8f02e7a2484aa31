"""`claimgraph extract`: prediction records out, bad records reported at the end, exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


def test_extract_writes_records_and_reports_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps(
                    {"id": "a", "text": "Mr. Trump said that the election was rigged.", "title": "ignored"}
                ),
                json.dumps({"id": "b", "nothing": "here"}),
                "{not json",
                json.dumps({"id": "c", "text": "Nothing is attributed here."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(src), "-o", str(out), "--no-progress"])
    assert code == 1
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["a", "c"]
    text = "Mr. Trump said that the election was rigged."
    (att,) = recs[0]["attributions"]
    assert att["source"] == [[0, 9]] and att["cue"] == [[10, 14]]
    assert [text[s:e] for s, e in att["content"]] == ["that the election was rigged"]
    assert recs[1]["attributions"] == []
    err = capsys.readouterr().err
    assert "2 record(s) failed" in err
    assert "line 2" in err and "line 3" in err


def test_extract_all_good_exits_zero(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "She said it was over."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--no-progress", "--workers", "2"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "x"
