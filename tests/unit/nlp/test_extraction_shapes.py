"""Extraction whatever shape the article arrives in: one line, a trailing credit, nothing left."""

from __future__ import annotations

import json

import pytest

from app.nlp.cleanup import NoArticleText
from app.nlp.pipeline import extract, extract_many
from app.settings import PROJECT_ROOT

SEED = PROJECT_ROOT / "data" / "samples" / "seed-rukban.jsonl"


def _seed_text() -> str:
    text: str = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])["text"]
    return text


def test_article_joined_into_one_line_with_a_credit_keeps_its_attributions() -> None:
    # The body's paragraphs joined with spaces and " Reuters" appended: cleanup used to blank the
    # whole line (no final full stop) and extraction answered nothing, silently.
    text = _seed_text()
    start = text.index("MOSCOW (Sputnik)")
    end = text.index("READ MORE: Militants Block")
    one_line = " ".join(text[start:end].split()) + " Reuters"
    ex = extract(one_line)
    assert len(ex.attributions) >= 8
    assert all("Sputnik" not in ex.span_text(a.source) for a in ex.attributions)


def test_dateline_never_becomes_part_of_a_speaker() -> None:
    ex = extract("RIVERTON — Mayor Helena Brandt insisted that the bridge is safe.")
    (a,) = ex.attributions
    assert ex.span_text(a.source) == "Mayor Helena Brandt"
    assert "RIVERTON" not in (a.speaker or "")
    assert all("RIVERTON" not in s.name for s in ex.speakers)


def test_nothing_left_after_cleanup_is_reported_not_an_empty_extraction() -> None:
    with pytest.raises(NoArticleText, match="no article text found after cleanup"):
        extract("Listen Live\nGet short URL\nShare\n")
    got = list(extract_many(["Listen Live\nShare\n", "Tom said the plan is bad."]))
    assert isinstance(got[0], NoArticleText)
    assert not isinstance(got[1], Exception) and len(got[1].attributions) == 1
