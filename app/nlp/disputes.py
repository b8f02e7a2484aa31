"""Claim-disputes-claim inside an article.

`find_disputes(doc, attributions)` returns `Dispute(i, j, ...)` where attribution
i denies, rebuts, contradicts or corrects attribution j (shared/eval/DISPUTES.md:
the responder / later one first, so mostly i > j; a refuter naming whom it calls a
liar also answers that speaker's claims reported after it, i < j).

Candidates: ordered pairs (later i, earlier j) at most `WINDOW` attributions apart
whose speakers are on different sides (different names, and no shared
surname/organisation word: "Hillary Clinton campaign" is Clinton's side). A pair
is kept when one of five rules fires (or the joined refutation below); each gives a
fixed confidence and its evidence (the words that fired it):

- refutation: i calls something false or denies it ("lies", "unfounded",
  "exaggerating", "denied", "rejected", "replied") in its own voice (not hedged,
  "his supposed lies", not negated, not under someone else's saying verb, "hear a
  candidate say it's a hoax"; "false" qualifies a claim, not "false hope") and
  points at j, either by sharing at least `REFUTE_MIN_SHARED` content lemmas with it
  or by referring back to a claim ("the charges", "that argument" - the nearest one
  only -, "the president's claims", and "claims about X" only claims on X); a named
  liar ("Trump exaggerates", "Trump's tweets ... are lies", "Clinton is lying", "Trump
  is a liar") restricts the targets to that speaker's claims and reaches them anywhere
  in the article (`FAR_MIN_SHARED` shared words), or within the window after it with
  one shared word ("Clinton is lying about her support for the deal" / Clinton: "she
  opposes the deal"); a speaker described by a common noun ("Clean Power Plan
  supporters") never counts as named; a bare denial answers a claim naming the denier
  or saying the same thing;
- antonym: opposite words on the same subject ("awake"/"asleep",
  "support"/"oppose") with two shared content lemmas or a shared subject;
- armed (method "antonym"): one claim says a weapon was there, the other that none was ("with a
  handgun" / "unarmed", "no weapon"), anywhere in the article; weapon words count only here,
  where the police's own gun ("an officer aiming a gun") is told apart;
- figures: two different sums of money of one order for one thing
  ("$498 billion" vs "$1.1 trillion") with a shared content lemma;
- polarity: a predicate negated in one content and not in the other, with
  `POLARITY_MIN_SHARED` shared lemmas and one content naming the other's speaker as
  its subject or possessor ("I pay federal taxes" vs "Trump has paid nothing in federal
  taxes"; "the Lee family charity" does not name Lee).

- joined refutation (method "refutation"): a refuting participle between two attributions ("Video
  shows [his hands were up], contradicting [Tulsa police's earlier claim that ...]"): the first
  disputes the second.

Extractor noise: attributions below `MIN_ATTRIBUTION_CONFIDENCE`, a target whose
cue is a bare noun ("obsession with ..."), and duplicate or cut-up copies of one
statement (overlapping contents, pieces under one cue, or pieces split at a verb that
reports nothing new, "say [he posed a threat] and refused [to drop the gun]") are
handled so that one statement gets one edge, on its longest piece.

The rules and their thresholds were set on PolNeAR dev with gold attributions
(`scripts/eval_disputes.py`, which scores both halves, even and odd documents, and the
pipeline's own attributions); the word lists are general reporting vocabulary
(`app/nlp/dispute_lexicon.py`). Precision is favoured over recall: a wrong
DISPUTES edge misleads a reader more than a missing one. A logistic-regression scorer
over the same pair features was tried (trained on one half of dev, tested on the other)
and did not hold on the held-out half, so the rules stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from app.nlp.dispute_features import (
    ClaimView,
    about_topic,
    antonym_hits,
    build_view,
    mentions,
    mentions_as_agent,
    number_conflict,
    polarity_flip,
    shared_lemmas,
    tokens_in,
)
from app.nlp.dispute_lexicon import CLAIM_CUE_LEMMAS, DENIAL_CUE_LEMMAS, REPORTING_LEMMAS
from app.nlp.models import Attribution, Dispute
from app.nlp.union_find import UnionFind

# Disputes sit close in the text: 51 of the 65 dev pairs are at most 6 attributions apart.
WINDOW = 6
REFUTE_MIN_SHARED = 2
# Beyond the window only a refuter naming whom it calls wrong reaches, and only claims of that
# speaker saying the same thing (three shared content words): a long article repeats a topic often.
FAR_MIN_SHARED = 3
DENY_MIN_SHARED = 3
POLARITY_MIN_SHARED = 3
# Opposite words alone are common ("won"/"lost" in one story about two races): two shared content
# lemmas, or one that is the subject of both, keep the pair on one subject (dev: the antonym
# pairs sharing one stray word, "group", "voter", "a.m.", were all wrong).
ANTONYM_MIN_SHARED = 2
# Attributions the extractor itself doubts take part in no dispute (a wrong attribution makes a
# wrong edge). 0.6: on dev system output the pairs with an end below it were all wrong, and the
# cut helps both halves of dev (even/odd documents); 0.7 starts losing true pairs.
MIN_ATTRIBUTION_CONFIDENCE = 0.6
# A refuted claim says something: "for use of the server" or "a veto" are fragments, not claims.
MIN_TARGET_LEMMAS = 3
CONFIDENCE = {"refutation": 0.7, "antonym": 0.65, "figures": 0.6, "polarity": 0.6}
# Cues that look like answers but report a non-answer ("did not immediately respond to requests").
# Lower-case last words that still name the principal ("Donald Trump campaign" is Trump's side).
_GROUP_NAME_NOISE = frozenset({"campaign"})
_UNRESOLVED_SPEAKERS = frozenset(
    {"i", "you", "we", "they", "he", "she", "it", "one", "someone", "somebody", "anyone", "us", "them"}
)
_NON_ANSWER = ("not immediately respond", "not respond", "did not return", "declined to comment", "not reply")


@dataclass(frozen=True)
class PairDecision:
    confidence: float
    method: str
    cue: str | None
    evidence: str
    pointer: bool = False  # decided only because `a` points back at "the claim" (no shared words)


def is_refuter(v: ClaimView) -> bool:
    """Does this content deny or call false something said before?"""
    if any(p in v.cue_text.lower() for p in _NON_ANSWER):
        return False
    return bool(v.refutations) or v.denial_cue is not None


def is_group_description(name: str | None) -> bool:
    """A speaker described by a common noun ("Clean Power Plan supporters", "Trump aides"): a content
    naming "the Clean Power Plan" does not name them, so they never restrict whom a refuter answers."""
    if not name:
        return False
    last = name.split()[-1]
    return last[:1].islower() and last.lower() not in _GROUP_NAME_NOISE


def unresolved(speaker: str | None) -> bool:
    """A pronoun or indefinite speaker ("you", "they", "someone"): nobody to dispute or be disputed."""
    return speaker is not None and speaker.lower() in _UNRESOLVED_SPEAKERS


def same_side(a: ClaimView, b: ClaimView) -> bool:
    """Same speaker, or one speaker's name word in the other's ("Donald Trump" / "Donald Trump campaign")."""
    if not a.speaker or not b.speaker:
        return False
    if a.speaker == b.speaker:
        return True
    return bool(a.speaker_keys & b.speaker_keys)


def _refutes(a: ClaimView, b: ClaimView, named: set[str]) -> bool:
    """Is `b` plausibly what refuter `a` answers?"""
    # A claim of the very speaker `a` calls a liar may be short ("she opposes the deal").
    bound = bool(a.liars & b.speaker_keys)
    if is_refuter(b) or len(b.lemmas) < (MIN_TARGET_LEMMAS - 1 if bound else MIN_TARGET_LEMMAS):
        return False
    # "X denied any involvement in the attacks" answers an accusation against X: a claim naming
    # X, or one saying the same thing (three shared words), not any claim about the attacks.
    weak_denial = a.denial_cue == "deny" and not a.claim_nouns and len(shared_lemmas(a, b)) < DENY_MIN_SHARED
    if weak_denial and not mentions(b, a.speaker_keys):
        return False
    if a.liars and not (b.speaker_keys & a.liars) and a.denial_cue is None:
        # "Trump tells so many lies": the claims disputed are the named liar's, not a bystander's.
        return False
    if named and not (b.speaker_keys & named):
        # `a` names whom it answers ("Trump's tweets ... are lies"): only that speaker's claims are targets.
        return False
    if a.denial_cue in ("reply", "respond") or "respond" in a.cue_text.lower():
        # "replied that ... not": a reply disputes only when it negates, and about the same subject.
        if a.neg_count == 0:
            return False
        if a.subjects and not (a.subjects & b.subjects):
            return False
    return True


def judge_pair(
    a: ClaimView,
    b: ClaimView,
    named: set[str] | None = None,
    require_speaker: bool = True,
    same_article: bool = True,
) -> PairDecision | None:
    """Does claim `a` (the later one) dispute claim `b`? None when no rule fires.

    `named`: speaker keys of nearby attributions that `a`'s content names.
    `require_speaker`: inside an article an unattributed `b` is narration, never disputed.
    `same_article`: False across articles, where "the charges" cannot point at `b`
    and two sums of money are mostly different quantities, so those two rules are off.
    """
    if same_side(a, b) or (require_speaker and not b.speaker) or b.noun_cue:
        # A noun cue ("Trump's obsession with Obama's birth") reports no statement to dispute.
        return None
    if unresolved(a.speaker) or unresolved(b.speaker):
        # "you: a degree will cost $160,000": the extractor found no one; an edge would name no one.
        return None
    shared = shared_lemmas(a, b)
    shared_txt = ", ".join(sorted(shared)[:6])
    if is_refuter(a) and _refutes(a, b, named or set()):
        cue = a.denial_cue or ", ".join(a.refutations)
        # Calling b's speaker a liar binds the target: one shared word puts it on b's subject
        # ("Clinton is lying about her support for the trade deal" / Clinton: "she opposes the deal").
        # Only for a claim reported after the accusation, which it then illustrates.
        liar_bound = same_article and bool(a.liars & b.speaker_keys) and a.index < b.index
        if len(shared) >= REFUTE_MIN_SHARED or (liar_bound and shared):
            return PairDecision(
                CONFIDENCE["refutation"],
                "refutation",
                cue,
                f"refutation/denial: {cue}; shared words: {shared_txt}",
            )
        if a.claim_nouns and same_article and b.is_clause and about_topic(a.pointer_topic, b):
            # "the charges" points back at what was said: a proposition, not a bare noun phrase
            # ("the Justice Against Sponsors of Terrorism Act", "a reality TV boss"), and about what
            # the pointer says the claims were about, if it says ("claims about retaliation").
            nouns = ", ".join(a.claim_nouns)
            return PairDecision(
                CONFIDENCE["refutation"] - 0.1,
                "refutation",
                cue,
                f"refutation/denial: {cue}; points back at a claim: {nouns}",
                pointer=True,
            )
    armed_conflict = a.armed is not None and b.armed is not None and a.armed != b.armed
    # The weapon side must say something: "a pistol during a run-in" names one, it claims nothing.
    if armed_conflict and b.speaker and a.speaker and (a if a.armed else b).is_clause:
        return PairDecision(
            CONFIDENCE["antonym"],
            "antonym",
            None,
            "armed vs unarmed: " + " / ".join("weapon" if x.armed else "no weapon" for x in (a, b)),
        )
    if not shared:
        return None
    both_named = (bool(a.speaker) and bool(b.speaker)) or not require_speaker
    ants = antonym_hits(a, b)
    if ants and both_named and (len(shared) >= ANTONYM_MIN_SHARED or a.subjects & b.subjects & shared):
        words = ", ".join(f"{x}/{y}" for x, y in ants[:3])
        return PairDecision(
            CONFIDENCE["antonym"], "antonym", None, f"opposite words: {words}; shared words: {shared_txt}"
        )
    nums = number_conflict(a, b) if same_article else None
    if nums and both_named:
        return PairDecision(
            CONFIDENCE["figures"],
            "figures",
            None,
            f"conflicting figures: {nums[0]:,.0f} vs {nums[1]:,.0f}; shared words: {shared_txt}",
        )
    flip = polarity_flip(a, b)
    if (
        flip
        and len(shared) >= POLARITY_MIN_SHARED
        and (mentions_as_agent(a, b.speaker_keys) or mentions_as_agent(b, a.speaker_keys))
    ):
        return PairDecision(
            CONFIDENCE["polarity"],
            "polarity",
            None,
            f"'{flip}' negated in one claim only; shared words: {shared_txt}",
        )
    return None


def attribution_views(doc: Doc, attributions: list[Attribution]) -> list[ClaimView]:
    ents, text = list(doc.ents), doc.text
    return [
        build_view(doc, k, list(a.content), list(a.cue), a.speaker, a.sentence, ents, text)
        for k, a in enumerate(attributions)
    ]


def candidate_pairs(n: int, window: int = WINDOW) -> list[tuple[int, int]]:
    """Ordered pairs (later i, earlier j) at most `window` attributions apart: the responder comes later."""
    return [(i, j) for i in range(n) for j in range(max(0, i - window), i)]


def armed_pairs(views: list[ClaimView], window: int = WINDOW) -> list[tuple[int, int]]:
    """Pairs outside the window where one side says a weapon was there and the other that none was."""
    return [
        (i, j)
        for i, v in enumerate(views)
        if v.armed is not None
        for j in range(0, max(0, i - window))
        if views[j].armed is not None and views[j].armed != v.armed
    ]


def named_pairs(views: list[ClaimView], window: int = WINDOW) -> list[tuple[int, int]]:
    """Pairs beyond the backward window: a refuter that names whom it calls wrong ("Trump's tweets are
    lies", "Clinton is lying about ...") answers that speaker's claims wherever they are reported,
    before or after it (after it within the window with any shared word, judged by `judge_pair`)."""
    out = []
    for i, v in enumerate(views):
        if not v.liars:
            continue
        for j, w in enumerate(views):
            if not w.speaker_keys & v.liars:
                continue
            near_after = i < j <= i + window
            far = abs(i - j) > window and w.is_clause and len(shared_lemmas(v, w)) >= FAR_MIN_SHARED
            if near_after or far:
                out.append((i, j))
    return out


# A denial ("dismissed those reports") or an accusation is a statement of its own, never a tail.
_NEW_STATEMENT = REPORTING_LEMMAS | DENIAL_CUE_LEMMAS | CLAIM_CUE_LEMMAS


def reports_anew(doc: Doc, att: Attribution) -> bool:
    """Does this attribution's cue report a statement (a saying verb), not an act ("refused")?"""
    return not att.cue or any(t.lemma_.lower() in _NEW_STATEMENT for t in tokens_in(doc, list(att.cue)))


# Pieces of one statement sit close: "Police say [he posed a deadly threat] and refused [to drop the gun]".
MAX_PIECE_GAP = 40


def statement_pieces(doc: Doc, attributions: list[Attribution], length: list[int]) -> list[int]:
    """For each attribution, the longest piece of the statement it belongs to (itself when whole).

    An extractor may cut one statement into pieces, under one cue ("says [it would depress revenue
    ...] ... [add $84 billion]") or under a second verb taken as a cue that reports no new
    statement ("say [he posed a deadly threat] and refused [to drop the gun]"): one speaker, contents
    at most `MAX_PIECE_GAP` characters apart in one sentence, the later cue no reporting verb ("told
    CNN that ..., but said witnesses saw a gun" are two statements). Whichever piece fires, the
    dispute goes to the longest piece, the one a reader (and the gold matching) takes for the statement.
    """
    pieces: UnionFind[int] = UnionFind()
    by_cue: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for k, a in enumerate(attributions):
        if a.cue:
            by_cue.setdefault(tuple(sorted(a.cue)), []).append(k)
    for members in by_cue.values():
        if len(members) > 1 and len({attributions[m].speaker for m in members}) == 1:
            for m in members[1:]:
                pieces.union(members[0], into=m)
    bounds = [
        (min(s for s, _ in a.content), max(e for _, e in a.content), k)
        for k, a in enumerate(attributions)
        if a.content
    ]
    bounds.sort()
    text = doc.text  # rebuilt from the tokens on every access
    for (_, end, k), (start, _, m) in zip(bounds, bounds[1:], strict=False):
        a, b = attributions[k], attributions[m]
        gap = text[end:start] if start >= end else ""
        if (
            not reports_anew(doc, b)
            and a.speaker
            and a.speaker == b.speaker
            and a.sentence == b.sentence
            and 0 <= start - end <= MAX_PIECE_GAP
            and not any(ch in gap for ch in ".?!\n")
        ):
            pieces.union(k, into=m)
    rep = list(range(len(attributions)))
    for members in pieces.groups(range(len(attributions))).values():
        longest = max(members, key=lambda m: length[m])
        for m in members:
            rep[m] = longest
    return rep


# "Video shows [his hands were up], contradicting [police's claim that ...]": a denial verb's participle
# (DENIAL_CUE_LEMMAS), alone between two attributions but for punctuation, says the first disputes the second.
MAX_JOINT_CHARS = 40


def joined_refutations(doc: Doc, attributions: list[Attribution]) -> list[tuple[int, int, str]]:
    """(i, j, word): attribution i's content is followed by a refuting participle and then j."""
    out = []
    for i, a in enumerate(attributions):
        if not a.content:
            continue
        end = max(e for _, e in a.content)
        for j, b in enumerate(attributions):
            spans = [*b.source, *b.cue, *b.content]
            if j == i or not spans:
                continue
            start = min(s for s, _ in spans)
            if not end < start <= end + MAX_JOINT_CHARS:
                continue
            words = [t for t in tokens_in(doc, [(end, start)]) if not (t.is_punct or t.is_space)]
            if len(words) == 1 and words[0].tag_ == "VBG" and words[0].lemma_.lower() in DENIAL_CUE_LEMMAS:
                out.append((i, j, words[0].lower_))
    return out


def find_disputes(doc: Doc, attributions: list[Attribution]) -> list[Dispute]:
    """Pairs [i, j] where attribution i disputes attribution j, in order of i then j."""
    if len(attributions) < 2:
        return []
    views = attribution_views(doc, attributions)
    # An extractor may report one statement twice (overlapping contents); a dispute is emitted
    # once, against the longest of the overlapping copies.
    spans = [{(s, e) for s, e in a.content} for a in attributions]
    length = [sum(e - s for s, e in sp) for sp in spans]

    def overlap(k: int, m: int) -> bool:
        inter = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in spans[k] for s2, e2 in spans[m])
        return inter * 2 >= min(length[k], length[m]) > 0

    rep = statement_pieces(doc, attributions, length)

    out: list[Dispute] = []
    one_target: list[bool] = []  # parallel to `out`

    def doubted(k: int, m: int) -> bool:
        return min(attributions[k].confidence, attributions[m].confidence) < MIN_ATTRIBUTION_CONFIDENCE

    def emit(i: int, j: int, decision: PairDecision, single: bool) -> None:
        one_target.append(single)
        out.append(
            Dispute(
                i=i,
                j=j,
                # The extractor's doubt about either attribution carries over to the dispute.
                confidence=round(
                    decision.confidence * min(attributions[i].confidence, attributions[j].confidence), 4
                ),
                method=decision.method,
                cue=decision.cue,
                evidence=decision.evidence,
            )
        )

    for i0, j0 in candidate_pairs(len(views)) + named_pairs(views) + armed_pairs(views):
        i, j = rep[i0], rep[j0]
        if i == j or any(d.i == i and d.j == j for d in out) or doubted(i0, j0):
            continue
        nearby = views[max(0, i0 - WINDOW) : i0 + WINDOW + 1]
        named = {
            k
            for v in nearby
            if not same_side(v, views[i0]) and not is_group_description(v.speaker)
            for k in v.speaker_keys
            if mentions_as_agent(views[i0], {k})
        }
        decision = judge_pair(views[i0], views[j0], named)
        if decision is None:
            continue
        dup = next((k for k, d in enumerate(out) if d.i == i and overlap(d.j, j)), None)
        if dup is not None:
            if length[j] <= length[out[dup].j]:
                continue
            del out[dup]
            del one_target[dup]
        emit(i, j, decision, decision.pointer and views[i0].points_back_to_one and j < i)
    for i, j, word in joined_refutations(doc, attributions):
        if same_side(views[i], views[j]) or any(d.i == i and d.j == j for d in out) or doubted(i, j):
            continue
        joined = PairDecision(
            CONFIDENCE["refutation"], "refutation", word, f"refutation: '{word}' joins the two statements"
        )
        emit(i, j, joined, False)
    # "rejected that argument" answers the nearest claim it can, not every claim in the window.
    nearest: dict[int, int] = {}
    for d, single in zip(out, one_target, strict=True):
        if single:
            nearest[d.i] = max(nearest.get(d.i, -1), d.j)
    out = [d for d, single in zip(out, one_target, strict=True) if not single or nearest[d.i] == d.j]
    return sorted(out, key=lambda d: (d.i, d.j))
