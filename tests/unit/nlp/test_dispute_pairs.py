"""In-article dispute candidates on tiny made-up docs, and the judge deciding them."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest
import spacy
from spacy.language import Language

from app.nlp import dispute_embed, judge
from app.nlp.dispute_pairs import DisputeSettings, candidates, claim_text, direction, eligible, find_disputes
from app.nlp.disputes import attribution_views, statement_pieces
from app.nlp.models import Attribution
from app.settings import get_settings

needs_judge = pytest.mark.skipif(not judge.available(), reason="judge weights not built")


@lru_cache(maxsize=1)
def nlp() -> Language:
    return spacy.load(get_settings().spacy_model)


def attribution(text: str, content: str, cue: str, speaker: str, confidence: float = 1.0) -> Attribution:
    s, c = text.index(content), text.index(cue)
    return Attribution(
        content=[(s, s + len(content))], cue=[(c, c + len(cue))], speaker=speaker, confidence=confidence
    )


TEXT = (
    "Mayor Helena Brandt said the Riverton plant is operating normally after the inspection. "
    "Brandt added that the Riverton plant will hire forty workers next spring. "
    "Union leader Carl Ostrow said the Riverton plant was shut down after the chemical leak. "
    "Ostrow also said he enjoys fishing on the lake with his grandchildren on weekends."
)


def views_of(atts: list[Attribution]) -> tuple[list, list[bool], list[int]]:
    doc = nlp()(TEXT)
    views = attribution_views(doc, atts)
    ok = [eligible(v, a, DisputeSettings()) for v, a in zip(views, atts, strict=True)]
    rep = statement_pieces(doc, atts, [sum(e - s for s, e in a.content) for a in atts])
    return views, ok, rep


def atts_of(confidence: float = 1.0) -> list[Attribution]:
    return [
        attribution(
            TEXT, "the Riverton plant is operating normally after the inspection", "said", "Helena Brandt"
        ),
        attribution(TEXT, "the Riverton plant will hire forty workers next spring", "added", "Helena Brandt"),
        attribution(
            TEXT,
            "the Riverton plant was shut down after the chemical leak",
            "said the Riverton plant was",
            "Carl Ostrow",
            confidence,
        ),
        attribution(
            TEXT,
            "he enjoys fishing on the lake with his grandchildren on weekends",
            "also said",
            "Carl Ostrow",
        ),
    ]


def test_candidates_pair_only_different_speakers_about_one_matter() -> None:
    views, ok, rep = views_of(atts_of())
    sims = np.full((4, 4), 0.1)
    sims[2, 0] = sims[0, 2] = 0.6  # plant operating / plant shut down: close in meaning
    found = candidates(views, ok, sims, rep, DisputeSettings(min_similarity=0.35))
    pairs = {(c.later, c.earlier) for c in found}
    # 2-0 close in meaning; 2-1 share the entity "Riverton"; Brandt never pairs with Brandt, and the
    # fishing remark is about nothing the mayor said.
    assert (2, 0) in pairs and (2, 1) in pairs
    assert (1, 0) not in pairs and (3, 2) not in pairs
    assert not any(later == 3 and earlier in (0, 1) for later, earlier in pairs)


def test_window_bounds_pairs_without_a_shared_entity() -> None:
    views, ok, rep = views_of(atts_of())
    sims = np.full((4, 4), 0.9)
    for v in views:
        v.entities.clear()
    far = candidates(views, ok, sims, rep, DisputeSettings(window=1))
    assert {(c.later, c.earlier) for c in far} == {(2, 1)}


def test_doubted_attributions_take_part_in_nothing() -> None:
    views, ok, rep = views_of(atts_of(confidence=0.3))
    assert ok[2] is False
    assert all(
        2 not in (c.later, c.earlier) for c in candidates(views, ok, np.ones((4, 4)), rep, DisputeSettings())
    )


def test_a_denial_is_judged_as_a_denial_and_answers_later_claims() -> None:
    text = (
        "Tom Roe denied that the company paid the hackers. "
        "Senator Jane Doe said the company paid the hackers."
    )
    atts = [
        attribution(text, "that the company paid the hackers", "denied", "Tom Roe"),
        attribution(text, "the company paid the hackers", "said the company", "Jane Doe"),
    ]
    views = attribution_views(nlp()(text), atts)
    assert claim_text(views[0], True).startswith("denied")
    assert claim_text(views[0], False) == "that the company paid the hackers"
    assert direction(views[1], views[0]) == (0, 1)


JUDGE_ON = DisputeSettings(threshold=0.5, denial_threshold=0.5, rule_threshold=1.01)


@needs_judge
def test_judge_on_finds_a_flat_denial_of_the_reported_act() -> None:
    text = (
        "Senator Jane Doe said the mayor and the developer met twice in March to discuss the permit. "
        "The developer, Tom Roe, said he never met the mayor to discuss the permit."
    )
    atts = [
        attribution(
            text, "the mayor and the developer met twice in March to discuss the permit", "said", "Jane Doe"
        ),
        attribution(text, "he never met the mayor to discuss the permit", "said he", "Tom Roe"),
    ]
    found = find_disputes(nlp()(text), atts, judge.get_judge(), dispute_embed.encode, JUDGE_ON)
    assert [(d.i, d.j) for d in found] == [(1, 0)]
    assert found[0].method == "judge" and 0.5 <= found[0].confidence <= 1.0


def test_default_settings_keep_the_rules_and_need_no_judge() -> None:
    # The shipped defaults were chosen on dev halves: the rules' pairs, no judge call.
    assert DisputeSettings().threshold > 1.0 and DisputeSettings().rule_threshold == 0.0
    text = (
        "Senator Jane Doe said the company paid the hackers to break into the party servers. "
        "The company's spokesman, Tom Roe, denied that the company paid the hackers."
    )
    atts = [
        attribution(text, "the company paid the hackers to break into the party servers", "said", "Jane Doe"),
        attribution(text, "that the company paid the hackers.", "denied", "Tom Roe"),
    ]
    found = find_disputes(nlp()(text), atts, None, None)
    assert [(d.i, d.j, d.method) for d in found] == [(1, 0, "refutation")]
    with pytest.raises(ValueError):
        find_disputes(nlp()(text), atts, None, None, JUDGE_ON)
