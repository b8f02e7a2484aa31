"""`claimgraph judge-eval` on a few labelled pairs written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.nlp import judge

pytestmark = pytest.mark.skipif(not judge.available(), reason="judge weights not built")

ROWS = [
    {
        "premise": "The two men met twice in March.",
        "hypothesis": "I never met him.",
        "label": "contradiction",
        "source": "a",
    },
    {
        "premise": "The ministry ordered the closure.",
        "hypothesis": "The ministry had no role in it.",
        "label": "contradiction",
        "source": "a",
    },
    {
        "premise": "A dog runs in the park.",
        "hypothesis": "An animal is outside.",
        "label": "entailment",
        "source": "b",
    },
]


def test_prints_accuracy_per_source_and_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    assert main(["judge-eval", str(path)]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert set(lines) >= {"a", "b", "all"}
    assert "acc 1.000" in lines["a"]  # both contradictions are kinds the shipped judge finds
    assert "pairs per CPU-second" in out


def test_source_filter_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    assert main(["judge-eval", str(path), "--source", "b"]) == 0
    assert "n=     1" in capsys.readouterr().out
    assert main(["judge-eval", str(path), "--source", "nothing-here"]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"premise": "x", "hypothesis": "y", "label": "maybe"}) + "\n", encoding="utf-8")
    assert main(["judge-eval", str(bad)]) == 2
