"""Decide: pure functions over one prepared article, its candidates and an explicit state object.

No driver and no module state: what the graph holds arrives as a `CandidateSet` (app.resolution.gather),
every claim-pair judgement comes from the injected `ClaimJudge`, and what has been decided so far for
this article lives in `ResolutionState`. The rules are docs/cross-article.md's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial

from app.nlp.models import Attribution, Speaker
from app.nlp.union_find import UnionFind
from app.resolution import rules
from app.resolution.features import searched_queries
from app.resolution.judge import ClaimJudge, Pair, Side
from app.resolution.models import ClaimFeatures, PreparedArticle
from graph import ids
from graph.models import CandidateSet, ClaimCandidate, Resolution, SpeakerCandidate

Match = tuple[float, str]  # (match score, existing claim id)


@dataclass(frozen=True)
class Resolved:
    """A Resolution plus what the write result needs of the existing nodes it links to."""

    resolution: Resolution
    speaker_names: dict[str, tuple[str, str | None]]  # linked Speaker id -> (its name, kind)
    claim_texts: dict[str, str]  # linked or candidate Claim id -> its text


@dataclass(frozen=True)
class Earlier:
    """A clause of this article with a speaker, already decided: a later one may repeat it."""

    index: int
    text: str
    speaker_ids: frozenset[str]
    refutes: bool


@dataclass
class ResolutionState:
    """Everything decided so far for one article; `decide` threads it through the rules."""

    article_id: str
    order: rules.Order
    features: list[ClaimFeatures]
    graph_pairs: dict[str, set[tuple[str, str]]]  # existing claim -> its DISPUTES (from, to) pairs
    resolution: Resolution = field(default_factory=Resolution)
    speaker_names: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    claim_texts: dict[str, str] = field(default_factory=dict)
    speaker_ids: dict[str, str] = field(default_factory=dict)  # extraction name -> Speaker id
    seen: set[tuple[str, str]] = field(default_factory=set)  # (from, to) decided now or in the graph
    merged: UnionFind[str] = field(default_factory=UnionFind)  # existing claims folded by this article
    earlier: list[Earlier] = field(default_factory=list)


def dispute_pairs(candidates: CandidateSet) -> dict[str, set[tuple[str, str]]]:
    """(from, to) of the DISPUTES edges each candidate claim already has."""
    out: dict[str, set[tuple[str, str]]] = {}
    for cands in candidates.claims.values():
        for c in cands:
            out[c.id] = {(c.id, o) for o in c.disputes} | {(o, c.id) for o in c.disputed_by}
    return out


def decide(
    prepared: PreparedArticle, features: list[ClaimFeatures], candidates: CandidateSet, judge: ClaimJudge
) -> Resolved:
    """Cross-article decisions for one article against what the graph held when candidates were read.

    Speakers: an existing Speaker the name resolves to (same person by app.nlp.speaker_match).
    Claims: an existing Claim of another article asserting the same proposition (the judge), never
    across a denial. Disputes: existing claims this article's claims dispute, or that dispute them,
    directed by refuter, then (publication date, article id)."""
    ext, art = prepared.extraction, prepared.article
    aid = ids.article_id(external_id=art.id, text_hash=prepared.content_hash)
    state = ResolutionState(
        article_id=aid,
        order=(ids.normalize_published_at(art.published_at) or "", aid),
        features=features,
        graph_pairs=dispute_pairs(candidates),
    )
    link_speakers(state, ext.speakers, candidates.speakers)
    in_article = {(d.i, d.j) for d in ext.disputes}
    searched = searched_queries(features)
    for k, a in enumerate(ext.attributions):
        if k in searched:
            resolve_attribution(state, k, a, candidates.claims.get(k, []), judge, in_article)
    return finish(state)


def link_speakers(
    state: ResolutionState, speakers: list[Speaker], known_by_name: dict[str, list[SpeakerCandidate]]
) -> None:
    """Each linkable speaker's node: the best existing Speaker of its kind that same_person accepts,
    else its own id. A link makes the name an alias of the existing node."""
    from app.nlp.speaker_match import SAME_PERSON_THRESHOLD, same_person

    for sp in speakers:
        if not rules.linkable(sp.kind):
            continue
        own = ids.speaker_id(sp.name, kind=sp.kind)
        best: tuple[float, str, str] | None = None
        for known in known_by_name.get(sp.name, []):
            if known.kind and known.kind != sp.kind:
                continue
            existing = Speaker(
                name=known.name,
                kind=sp.kind,
                aliases=known.aliases,
                role=known.role,
                affiliation=known.affiliation,
            )
            score = 1.0 if known.id == own else same_person(sp, existing)
            if score >= SAME_PERSON_THRESHOLD and (best is None or score > best[0]):
                best = (score, known.id, known.name)
        state.speaker_ids[sp.name] = best[1] if best else own
        if best and best[1] != own:
            state.resolution.speaker_links[sp.name] = best[1]
            state.speaker_names[best[1]] = (best[2], sp.kind)


def candidate_sides(
    state: ResolutionState, cands: list[ClaimCandidate], judge: ClaimJudge
) -> list[tuple[str, Side]]:
    """Each candidate claim as a Side: its primary speaker, its deciding cue, its first date."""
    sides: list[tuple[str, Side]] = []
    for cand in cands:
        side = Side(
            text=cand.text,
            cue=rules.pick_cue(cand.cues, partial(judge.refutes, cand.text)),
            speaker=next((s.name for s in cand.speakers if s.primary is not False), None),
            speaker_ids=frozenset(s.id for s in cand.speakers),
            order=rules.first_said((x.published_at, x.id) for x in cand.articles),
        )
        sides.append((cand.id, side))
        state.claim_texts[cand.id] = cand.text
    return sides


def match_existing(
    mine: Side, my_refutes: bool, sides: list[tuple[str, Side]], judge: ClaimJudge
) -> list[Match]:
    """Candidates that are the same claim as mine (both asserting or both denying), best first."""
    allowed = [(cid, s) for cid, s in sides if rules.may_be_same(my_refutes, judge.refutes(s.text, s.cue))]
    pairs = [Pair(s.text, rules.same_speaker(mine.speaker_ids, s.speaker_ids)) for _, s in allowed]
    scores = judge.same_claim_scores(mine.text, pairs, prefilter=True)
    matched = [(score, cid) for (cid, _), score in zip(allowed, scores, strict=True) if score is not None]
    return sorted(matched, key=lambda x: (-x[0], x[1]))


def find_repeat(
    state: ResolutionState,
    k: int,
    mine: Side,
    my_refutes: bool,
    in_article: set[tuple[int, int]],
    judge: ClaimJudge,
) -> tuple[float, int] | None:
    """The best earlier clause of this article that mine repeats, as (score, attribution index);
    records mine as a clause later ones may repeat."""
    if not (mine.speaker_ids and judge.is_clause(mine.text)):
        return None
    me = (k, mine.speaker_ids, my_refutes)
    eligible = [
        e for e in state.earlier if rules.may_repeat(me, (e.index, e.speaker_ids, e.refutes), in_article)
    ]
    scores = judge.same_claim_scores(mine.text, [Pair(e.text, True) for e in eligible], prefilter=False)
    repeat: tuple[float, int] | None = None
    for e, score in zip(eligible, scores, strict=True):
        if score is not None and (repeat is None or score > repeat[0]):
            repeat = (score, e.index)
    state.earlier.append(Earlier(k, mine.text, mine.speaker_ids, my_refutes))
    return repeat


def fold_matches(
    state: ResolutionState,
    survivor: str,
    matched: list[Match],
    sides: list[tuple[str, Side]],
    judge: ClaimJudge,
) -> set[str]:
    """Fold every other existing claim mine matched into the survivor (three outlets, three Claims
    until a fourth report shows they are one); returns the folded candidate ids."""
    text_of = {cid: side.text for cid, side in sides}
    survivor_clause = judge.is_clause(text_of[matched[0][1]])
    folded: set[str] = set()
    for _, cid in matched[1:]:
        root = state.merged.find(cid)
        if rules.may_fold(
            survivor,
            root,
            state.seen,
            survivor_clause=survivor_clause,
            other_clause=judge.is_clause(text_of[cid]),
        ):
            state.merged.union(root, into=survivor)
            folded.add(cid)
    return folded


def resolve_attribution(
    state: ResolutionState,
    k: int,
    a: Attribution,
    cands: list[ClaimCandidate],
    judge: ClaimJudge,
    in_article: set[tuple[int, int]],
) -> None:
    """Link attribution k to an earlier repeat or an existing Claim, fold, then find its disputes."""
    f = state.features[k]
    sid = state.speaker_ids.get(a.speaker or "")
    mine = Side(f.text, f.cue, a.speaker, frozenset({sid} if sid else ()), state.order)
    my_refutes = judge.refutes(mine.text, mine.cue)
    sides = candidate_sides(state, cands, judge)
    matched = match_existing(mine, my_refutes, sides, judge)
    my_claim = ids.claim_id(f.text) if ids.normalize_text(f.text) else ""
    folded: set[str] = set()
    repeat = find_repeat(state, k, mine, my_refutes, in_article, judge)
    links = state.resolution.claim_links
    if repeat is not None and rules.keep_repeat(repeat[0], matched[0][0] if matched else None):
        j = repeat[1]
        my_claim = state.merged.find(links.get(j) or ids.claim_id(state.features[j].text))
        links[k] = my_claim
    elif matched:
        my_claim = state.merged.find(matched[0][1])
        links[k] = my_claim
        state.seen |= state.graph_pairs.get(my_claim, set())
        folded = fold_matches(state, my_claim, matched, sides, judge)
        firsts = [side.order for cid, side in sides if cid == matched[0][1] or cid in folded]
        mine = replace(mine, order=min([mine.order, *firsts]))
    add_disputes(state, k, mine, my_refutes, my_claim, folded, sides, judge)


def add_disputes(
    state: ResolutionState,
    k: int,
    mine: Side,
    my_refutes: bool,
    my_claim: str,
    folded: set[str],
    sides: list[tuple[str, Side]],
    judge: ClaimJudge,
) -> None:
    """One DISPUTES edge per pair of claims, directed by refuter then date; never a speaker against
    themself, never a claim against the claim it became."""
    for cid, other in sides:
        if cid == my_claim or cid in folded or state.merged.find(cid) == my_claim:
            continue
        outgoing = rules.answers(my_refutes, judge.refutes(other.text, other.cue), mine.order, other.order)
        pair = (my_claim, cid) if outgoing else (cid, my_claim)
        if pair in state.seen or pair[::-1] in state.seen:
            continue
        if rules.same_speaker(mine.speaker_ids, other.speaker_ids):
            continue  # one speaker does not dispute themself across articles
        found = judge.dispute(mine, other) if outgoing else judge.dispute(other, mine)
        if found is None:
            continue
        state.seen.add(pair)
        direction = "disputes" if outgoing else "disputed_by"
        state.resolution.cross_disputes.append(
            found.model_copy(update={"attribution": k, "claim_id": cid, "direction": direction})
        )


def finish(state: ResolutionState) -> Resolved:
    """Links and merges name surviving claims only (a claim folded after an earlier attribution linked
    to it); a dispute between two claims that became one is dropped."""
    res, merged = state.resolution, state.merged
    res.claim_links = {k: merged.find(cid) for k, cid in res.claim_links.items()}
    res.claim_merges = merged.merges()
    res.cross_disputes = [
        x.model_copy(update={"claim_id": merged.find(x.claim_id)})
        for x in res.cross_disputes
        if merged.find(x.claim_id) != res.claim_links.get(x.attribution)
    ]
    return Resolved(resolution=res, speaker_names=state.speaker_names, claim_texts=state.claim_texts)
