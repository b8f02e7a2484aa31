"""The claim-pair judgement that resolution decisions consult, as an injected dependency.

`decide` never calls a similarity function itself: it asks a `ClaimJudge` whether one claim is the
same proposition as another, whether one disputes another, whether a claim refutes (denies) what it
restates, and whether a text is a clause. `LexicalJudge` is today's judge (IDF-weighted lemma cosine +
MiniLM cosine, the rules of `app.nlp.claims`); a learned sentence-pair judge (entailment both ways =
same claim, contradiction = dispute) plugs in by implementing the same four methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.resolution.models import ClaimFeatures
from graph.models import CrossDispute

# - MIN_DISPUTE_TERMS: both sides of a cross-article dispute say something ("Tulsa police's" is a
#   fragment of an attribution, not a claim that can be contradicted).
# - CROSS_MIN_SIMILARITY: any cross-article dispute (antonyms, figures) needs the two claims to share
#   this much weighted vocabulary; one shared word is a topic, not a contradiction.
# - CROSS_REFUTE_SIMILARITY: a denial in another article ("Apex denied that it had dumped waste")
#   disputes a claim only when its content restates that claim; inside one article two shared words
#   are enough, across a corpus they are not.
# - CROSS_POLARITY_SIMILARITY: a negation flip between two claims of different articles is a dispute
#   only when they say nearly the same thing otherwise; below it the dev corpus gave mostly topic
#   neighbours ("climate change believers" / "deny climate change").
# Set on PolNeAR dev loaded through the graph (docs/cross-article.md).
MIN_DISPUTE_TERMS = 3
CROSS_MIN_SIMILARITY = 0.3
CROSS_REFUTE_SIMILARITY = 0.45
CROSS_POLARITY_SIMILARITY = 0.35


@dataclass(frozen=True)
class Side:
    """One end of a possible pair: a claim's text, cue and speaker, and when it was first said."""

    text: str
    cue: str
    speaker: str | None
    speaker_ids: frozenset[str]
    order: tuple[str, str]  # (publication date, article id) of the earliest article asserting it


@dataclass(frozen=True)
class Pair:
    """A candidate for `same_claim_scores`: the other claim's text, and whether one Speaker asserts both."""

    text: str
    same_speaker: bool


class ClaimJudge(Protocol):
    """What resolution asks of a claim pair. Implementations may cache; they never read the graph."""

    def refutes(self, text: str, cue: str) -> bool:
        """Does the claim, with this cue, deny or call false something said before?"""
        ...

    def is_clause(self, text: str) -> bool:
        """Does the text assert something (a verb with its subject) rather than name a topic?"""
        ...

    def same_claim_scores(self, text: str, others: Sequence[Pair], *, prefilter: bool) -> list[float | None]:
        """Per other claim: its match score when it is the same proposition as `text`, else None.
        Higher scores are better matches. `prefilter`: candidates from a search (cheap gates first)."""
        ...

    def dispute(self, answering: Side, answered: Side) -> CrossDispute | None:
        """Does `answering` dispute `answered`? (attribution and claim_id are filled in by decide)."""
        ...

    def learn(self, features: Iterable[ClaimFeatures]) -> None:
        """What the extraction workers computed of an article's claims, so the judge need not redo it."""
        ...


def same_claim_bar(same_speaker: bool) -> float:
    """The lexical similarity below which claims.same_claim cannot say yes: its score averages the
    lexical and the embedding similarity (each at most 1), plus a bonus for one speaker, against its
    threshold. Checking this first skips the sentence encoder for most candidates, same decisions."""
    from app.nlp import claims as cl

    bonus = cl.SAME_SPEAKER_BONUS if same_speaker else 0.0
    return max(cl.MIN_LEXICAL, 2 * (cl.SAME_CLAIM_THRESHOLD - bonus) - 1)


def refutes_uncached(text: str, cue: str) -> bool:
    """Deny / call false (cue 'denied', content 'a lie'). Independent of the speaker: is_refuter reads
    the content's refutation words and the cue's lemmas."""
    from app.nlp import claims as cl
    from app.nlp.disputes import is_refuter

    return is_refuter(cl._view(text, None, cue or None))


class LexicalJudge:
    """Today's judge: `app.nlp.claims` (lemma cosine + MiniLM cosine, conflict rules) and its gates.

    Holds the refutation answers per (text, cue): filled from ClaimFeatures and on first use, bounded.
    One instance lives in the process's `Resolver` (app.resolution.owner)."""

    REFUTES_MAX = 200_000

    def __init__(self) -> None:
        self._refutes: dict[tuple[str, str], bool] = {}

    def _remember_refutes(self, text: str, cue: str, value: bool) -> None:
        if len(self._refutes) >= self.REFUTES_MAX:
            self._refutes.clear()
        self._refutes[(text, cue)] = value

    def refutes(self, text: str, cue: str) -> bool:
        got = self._refutes.get((text, cue))
        if got is None:
            got = refutes_uncached(text, cue)
            self._remember_refutes(text, cue, got)
        return got

    def is_clause(self, text: str) -> bool:
        from app.nlp import claims as cl

        return cl.has_predicate(text)

    def same_claim_scores(self, text: str, others: Sequence[Pair], *, prefilter: bool) -> list[float | None]:
        from app.nlp import claims as cl

        close = [
            not prefilter or cl.lexical_similarity(text, o.text) >= same_claim_bar(o.same_speaker)
            for o in others
        ]
        if prefilter and any(close):
            cl.warm([text, *(o.text for o, c in zip(others, close, strict=True) if c)])  # one encoder batch
        out: list[float | None] = []
        for o, c in zip(others, close, strict=True):
            ok = c and cl.same_claim(text, o.text, same_speaker=o.same_speaker)
            out.append(cl.claim_match_score(text, o.text, same_speaker=o.same_speaker) if ok else None)
        return out

    def dispute(self, answering: Side, answered: Side) -> CrossDispute | None:
        from app.nlp import claims as cl

        a, b = answering, answered
        if min(len(cl.term_weights(a.text)), len(cl.term_weights(b.text))) < MIN_DISPUTE_TERMS:
            return None
        sim = cl.lexical_similarity(a.text, b.text)
        if sim < CROSS_MIN_SIMILARITY:
            return None  # checked first: the rules below parse both claims
        score = cl.cross_dispute(
            a.text, b.text, speaker_a=a.speaker, speaker_b=b.speaker, cue_a=a.cue or None, cue_b=b.cue or None
        )
        gates = {"refutation": CROSS_REFUTE_SIMILARITY, "polarity": CROSS_POLARITY_SIMILARITY}
        if score is None or sim < gates.get(score.method, CROSS_MIN_SIMILARITY):
            return None
        evidence = (
            score.evidence if "similarity" in score.evidence else f"{score.evidence}; similarity {sim:.2f}"
        )
        return CrossDispute(
            attribution=0,
            claim_id="",
            confidence=score.confidence,
            method=f"cross-{score.method}",
            cue=score.cue,
            evidence=evidence,
        )

    def learn(self, features: Iterable[ClaimFeatures]) -> None:
        from app.nlp import claims as cl

        for f in features:
            cl.remember_terms(f.text, f.terms)
            if f.doc:
                cl.remember_doc(f.text, f.doc)
            self._remember_refutes(f.text, f.cue, f.refutes)
            if f.cue and f.cue_lemmas is not None:
                cl.remember_cue_lemmas(f.cue, f.cue_lemmas)
            if f.predicate is not None:
                cl.remember_predicate(f.text, f.predicate)
