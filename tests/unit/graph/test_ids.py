from __future__ import annotations

import pytest

from graph import ids


def test_normalize_name_folds_case_accents_punctuation_and_initialisms() -> None:
    assert ids.normalize_name("Sergéi  Lavrov") == "sergei lavrov"
    assert ids.normalize_name("F.B.I.") == "fbi"
    assert ids.normalize_name("U.S. State Department") == "us state department"
    assert ids.normalize_name("  The Washington Post ") == "the washington post"


def test_normalize_text_drops_punctuation_and_ellipsis_joins() -> None:
    assert ids.normalize_text('"Militants are still preventing refugees … from leaving," he said.') == (
        "militants are still preventing refugees from leaving he said"
    )


def test_ids_are_deterministic_and_prefixed() -> None:
    assert ids.speaker_id("Sergey Lavrov") == ids.speaker_id("sergey  LAVROV")
    assert ids.speaker_id("Sergey Lavrov").startswith("spk_")
    assert len(ids.speaker_id("Sergey Lavrov")) == 4 + 24
    assert ids.claim_id("The camp is closed.") == ids.claim_id("the camp is closed")
    assert ids.claim_id("The camp is closed.").startswith("clm_")
    assert ids.entity_id("gpe", "Syria") == ids.entity_id("GPE", "syria")
    assert ids.entity_id("GPE", "Syria") != ids.entity_id("ORG", "Syria")


def test_article_id_prefers_external_id_and_keys_never_collide() -> None:
    h = ids.content_hash("text")
    assert ids.article_id(external_id="doc-1") == ids.article_id(external_id="doc-1", text_hash=h)
    assert ids.article_id(text_hash=h) != ids.article_id(external_id=h)
    with pytest.raises(ValueError):
        ids.article_id()


def test_generic_speakers_are_scoped_to_their_article() -> None:
    a = ids.speaker_id("officials", kind="GENERIC", article_id="art_1")
    b = ids.speaker_id("officials", kind="GENERIC", article_id="art_2")
    assert a != b
    assert ids.speaker_id("officials", kind="PERSON") == ids.speaker_id("officials")
    with pytest.raises(ValueError):
        ids.speaker_id("officials", kind="GENERIC")


def test_empty_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        ids.speaker_id(" ... ")
    with pytest.raises(ValueError):
        ids.claim_id("!!")
