"""Same article, same extraction: alone, in a batch of any size, in any order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.nlp.models import ArticleIn, Extraction
from app.nlp.pipeline import extract, extract_many

DEV = Path(__file__).resolve().parents[4] / "shared" / "eval" / "data" / "polnear-dev.jsonl"
pytestmark = pytest.mark.skipif(not DEV.exists(), reason="shared eval data not present")
N_ARTICLES = 40


def _articles() -> list[ArticleIn]:
    lines = DEV.read_text(encoding="utf-8").splitlines()[:N_ARTICLES]
    return [ArticleIn(text=json.loads(line)["text"]) for line in lines]


def _dump(ex: Extraction | Exception) -> object:
    assert not isinstance(ex, Exception), ex
    return ex.model_dump()


def test_alone_and_in_batches_of_any_order_give_identical_extractions() -> None:
    articles = _articles()
    alone = [_dump(extract(a)) for a in articles]
    # Reversed, in batches of 16: each article meets different neighbours than in input order.
    reverse = [_dump(x) for x in extract_many(articles[::-1], batch_size=16)][::-1]
    differ = [i for i, (a, b) in enumerate(zip(alone, reverse, strict=True)) if a != b]
    assert differ == [], f"{len(differ)} of {len(articles)} articles differ alone vs in a batch: {differ}"
    # A second pass over the same process gives the same again (nothing carried between articles).
    again = [_dump(x) for x in extract_many(articles[:8], batch_size=3)]
    assert again == alone[:8]
