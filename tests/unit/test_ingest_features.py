"""Claim features computed in the extraction workers give the resolver the same numbers as parsing.

`app.services.ingest.claim_features` runs in forked worker processes during a bulk ingest; the writer
seeds `claims.term_weights` (`remember_terms`) and its refutation cache with the results instead of
parsing the claim texts again. These tests compute the features in a forked process, as bulk ingest
does, and check that every score and decision the resolver takes from them is exactly the one the
text path gives.
"""

from __future__ import annotations

import multiprocessing
from functools import partial
from itertools import combinations

import pytest

from app.nlp import claims as cl
from app.nlp.disputes import is_refuter
from app.nlp.models import Attribution, Extraction
from app.resolution import rules
from app.resolution.judge import LexicalJudge, refutes_uncached
from app.services import ingest

TEXTS = [
    "Apex Mining dumped toxic waste into the Clear River for years",
    "the company had dumped toxic waste into the river",
    "Apex Mining has never dumped any waste into the Clear River",
    "the charges are a lie",
    "taxes",
    "he will cut taxes for the middle class by $1.5 trillion",
    "Trump will cut taxes for middle-class families by 1.5 trillion dollars",
    "That makes me smart",
    "",
]
CUES = ["said", "denied", "called", "", "rejected"]


def _terms_in_child(texts: list[str]) -> list[list[str]]:
    return [cl.claim_terms(t) for t in texts]


def _forked_terms(texts: list[str]) -> list[list[str]]:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(_terms_in_child, (texts,))


def test_remembered_terms_give_the_same_weights_and_similarities_without_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    by_text = {t: cl.term_weights(t) for t in TEXTS}
    lexical = {(a, b): cl.lexical_similarity(a, b) for a, b in combinations(TEXTS, 2)}
    terms = _forked_terms(TEXTS)
    assert terms == [list(by_text[t]) for t in TEXTS]

    cl.term_weights.cache_clear()
    monkeypatch.setattr(cl, "_KNOWN_TERMS", {})

    def no_parse(text: str) -> None:
        raise AssertionError(f"parsed {text!r}")

    monkeypatch.setattr(cl, "_parse", no_parse)
    for t, ts in zip(TEXTS, terms, strict=True):
        cl.remember_terms(t, ts)
    try:
        for t in TEXTS:
            got = cl.term_weights(t)
            assert got == by_text[t]
            assert list(got) == list(by_text[t])  # same order: the float sums come out bit-identical
        for (a, b), sim in lexical.items():
            assert cl.lexical_similarity(a, b) == sim
    finally:
        cl.term_weights.cache_clear()


def _extraction() -> Extraction:
    parts = [
        ("Senator Jane Holloway", "said", "Apex Mining dumped toxic waste into the Clear River for years"),
        ("Apex Mining", "denied", "it had dumped toxic waste into the Clear River"),
        ("A farmer", "said", "taxes"),
    ]
    text = ""
    atts = []
    for source, cue, content in parts:
        s0 = len(text)
        text += f"{source} "
        c0 = len(text)
        text += f"{cue} that "
        k0 = len(text)
        text += f"{content}. "
        atts.append(
            Attribution(
                source=[(s0, s0 + len(source))],
                cue=[(c0, c0 + len(cue))],
                content=[(k0, k0 + len(content))],
                quote_type="indirect",
                speaker=source,
            )
        )
    return Extraction(text=text, attributions=atts)


def test_claim_features_are_what_the_resolver_would_compute() -> None:
    ext = _extraction()
    features = ingest.claim_features(ext)
    assert [f.text for f in features] == [
        "Apex Mining dumped toxic waste into the Clear River for years",
        "it had dumped toxic waste into the Clear River",
        "taxes",
    ]
    assert [f.cue for f in features] == ["said", "denied", "said"]
    assert [f.refutes for f in features] == [False, True, False]
    for f in features:
        assert f.terms == list(cl.term_weights(f.text))
    # A one-word fragment is never searched: no query.
    assert [bool(f.query) for f in features] == [True, True, False]
    assert features[0].query == cl.candidate_query_terms(features[0].text)
    assert [f.cue_lemmas for f in features] == [["say"], ["deny"], ["say"]]
    assert [f.predicate for f in features] == [True, True, False]


def test_remembered_cue_lemmas_and_predicates_stand_in_for_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Values from a worker are taken as they are: a loader never parses a known cue or claim again.
    monkeypatch.setattr(cl, "_KNOWN_CUES", {})
    monkeypatch.setattr(cl, "_KNOWN_PREDICATES", {})
    cl._cue_lemmas.cache_clear()
    parses = []
    monkeypatch.setattr(cl, "_parse", lambda text: parses.append(text))
    cl.remember_cue_lemmas("flatly denied", ["deny", "flatly"])
    cl.remember_predicate("the death of Terence Crutcher", False)
    try:
        assert cl.cue_lemmas("flatly denied") == ["deny", "flatly"]
        assert cl.has_predicate("the death of Terence Crutcher") is False
        assert parses == []
    finally:
        cl._cue_lemmas.cache_clear()


def test_cached_refutation_equals_the_parsed_one_whatever_the_speaker() -> None:
    judge = LexicalJudge()
    for text in TEXTS:
        for cue in CUES:
            expected = refutes_uncached(text, cue)
            for speaker in (None, "Donald Trump", "Apex Mining"):
                view = cl._view(text, speaker, cue or None)
                assert is_refuter(view) == expected, (text, cue, speaker)
            assert judge.refutes(text, cue) == expected, (text, cue)
    text = "it had dumped toxic waste into the river"
    assert rules.pick_cue(["said", "denied", "told"], partial(judge.refutes, text)) == "denied"
    assert rules.pick_cue(["told", "said"], partial(judge.refutes, text)) == "said"
    assert rules.pick_cue([], partial(judge.refutes, text)) == ""


def _docs_in_child(texts: list[str]) -> list[bytes]:
    return [cl.doc_bytes(t) for t in texts]


def test_remembered_parses_give_the_same_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [t for t in TEXTS if t]
    pairs = list(combinations(texts, 2))
    cues = {
        "the charges are a lie": "said",
        "Apex Mining has never dumped any waste into the Clear River": "denied",
    }

    def decisions() -> list[object]:
        out: list[object] = []
        for a, b in pairs:
            out.append(cl.same_claim(a, b, same_speaker=True))
            out.append(
                cl.cross_dispute(a, b, speaker_a="Apex Mining", speaker_b="Jane Holloway", cue_a=cues.get(a))
            )
        return out

    by_parsing = decisions()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        docs = pool.apply(_docs_in_child, (texts,))
    monkeypatch.setattr(cl, "_KNOWN_DOCS", {})
    for fn in (cl._parse, cl._view, cl.term_weights):
        fn.cache_clear()
    for t, data in zip(texts, docs, strict=True):
        cl.remember_doc(t, data)
    try:
        for t in texts:
            assert [(x.text, x.lemma_, x.pos_, x.dep_, x.head.i, x.ent_type_) for x in cl._parse(t)] == [
                (x.text, x.lemma_, x.pos_, x.dep_, x.head.i, x.ent_type_) for x in cl._nlp()(t)
            ]
        assert decisions() == by_parsing
    finally:
        for fn in (cl._parse, cl._view, cl.term_weights):
            fn.cache_clear()
