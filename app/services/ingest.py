"""Article in → cleanup → extraction → cross-article resolution → one graph transaction.

The one ingest path shared by `POST /v1/articles`, `claimgraph ingest` and the
sample loader. CPU-bound extraction (`prepare_*`) is kept apart from the
graph half (`load_prepared`) so bulk ingest can run them in different
processes/threads; both halves are the same code for every caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import neo4j
from pydantic import BaseModel, ConfigDict, Field

from app.nlp.models import ArticleIn, Extraction, QuoteType, Span, Speaker, SpeakerKind
from graph.models import ArticleDetail, CrossDispute, Resolution
from graph.writer import normalize_published_at


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IngestedSpeaker(_Model):
    id: str
    name: str
    kind: SpeakerKind


class IngestedClaim(_Model):
    id: str
    text: str
    speaker_id: str | None
    speaker: str | None
    cue: str
    quote_type: QuoteType
    source_span: list[Span] = Field(default_factory=list)
    cue_span: list[Span] = Field(default_factory=list)
    content_span: list[Span] = Field(default_factory=list)


class IngestedDispute(_Model):
    claim_id: str
    disputed_claim_id: str
    confidence: float
    method: str
    evidence: str


class IngestResult(_Model):
    article_id: str
    external_id: str | None = None
    created: bool = Field(
        description="False when the article was already in the graph (same URL or content)."
    )
    speakers: list[IngestedSpeaker] = Field(default_factory=list)
    claims: list[IngestedClaim] = Field(default_factory=list)
    disputes: list[IngestedDispute] = Field(default_factory=list)


class IngestFailure(_Model):
    index: int
    external_id: str | None = None
    error: str


class PreparedArticle(_Model):
    """The CPU-bound half of ingest (no graph access): safe to compute in worker processes."""

    article: ArticleIn
    content_hash: str
    extraction: Extraction


def content_hash(article: ArticleIn) -> str:
    """sha256 of the article body as given (text, else html): the resume / duplicate key.

    The same key graph.writer stores as Article.content_hash (graph.writer.article_body)."""
    from graph import ids

    return ids.content_hash(article.text if article.text is not None else (article.html or ""))


def _check_body(article: ArticleIn) -> None:
    if not (article.text or article.html or "").strip():
        raise ValueError("the article has no text: give a non-empty `text` or `html`")


def prepare_article(article: ArticleIn) -> PreparedArticle:
    """Cleanup + extraction for one article (CPU only; raises ValueError on an empty body)."""
    from app.nlp.pipeline import extract

    _check_body(article)
    return PreparedArticle(article=article, content_hash=content_hash(article), extraction=extract(article))


def prepare_articles(
    articles: Iterable[ArticleIn], *, n_process: int = 1, batch_size: int = 16
) -> Iterator[PreparedArticle | IngestFailure]:
    """Batched `nlp.pipe` extraction, in input order; a failing article yields an IngestFailure."""
    from app.nlp.pipeline import extract_many

    items = list(articles)
    valid: list[ArticleIn] = []
    errors: dict[int, str] = {}
    for k, art in enumerate(items):
        try:
            _check_body(art)
            valid.append(art)
        except ValueError as exc:
            errors[k] = str(exc)
    results = extract_many(valid, n_process=n_process, batch_size=batch_size)
    for k, art in enumerate(items):
        if k in errors:
            yield IngestFailure(index=k, external_id=art.id, error=errors[k])
            continue
        out = next(results)
        if isinstance(out, Exception):
            yield IngestFailure(index=k, external_id=art.id, error=f"{type(out).__name__}: {out}")
        else:
            yield PreparedArticle(article=art, content_hash=content_hash(art), extraction=out)


# --- cross-article resolution ----------------------------------------------------------------------
#
# Thresholds (set on PolNeAR dev loaded through the graph with scripts/eval_graph_resolve.py; the
# figures are in the report of issue 4):
# - CLAIM_CANDIDATES: full-text hits examined per attribution. The query is the claim's most specific
#   words (claims.candidate_query_terms), so paraphrases rank high, but BM25 favours short claims:
#   on dev Trump's "can't release because he is being audited" ranked 9th for its paraphrase "the
#   audit as the reason he's not releasing his returns". 12 reaches it; candidates below the lexical
#   bar (_same_claim_bar) cost no encoder call, and no new cross-article dispute came with them.
# - MIN_SEARCH_TERMS: contents with fewer content words ("taxes") are fragments that match everything
#   on their topic; they are not searched (identical text still shares one Claim by id). Two words
#   ("That makes me smart") are enough for a repetition (claims.MIN_TERMS).
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
CLAIM_CANDIDATES = 12
MIN_SEARCH_TERMS = 2
MIN_DISPUTE_TERMS = 3
CROSS_MIN_SIMILARITY = 0.3
CROSS_REFUTE_SIMILARITY = 0.45
CROSS_POLARITY_SIMILARITY = 0.35


@dataclass(frozen=True)
class _Side:
    """One end of a possible cross-article pair: a claim's text, cue and speaker."""

    text: str
    cue: str
    speaker: str | None
    speaker_ids: frozenset[str]
    order: tuple[str, str]  # (publication date, article id): the later one answers the earlier


def _refutes(side: _Side) -> bool:
    """Does the claim deny or call false something said before (cue 'denied', content 'a lie')?"""
    from app.nlp import claims as cl
    from app.nlp.disputes import is_refuter

    return is_refuter(cl._view(side.text, side.speaker, side.cue or None))


def _pick_cue(text: str, cues: list[str]) -> str:
    """A claim asserted in several articles has several cues: a denial cue wins (it decides who
    answers whom), else the first in sort order, so the choice does not depend on load order."""
    from app.nlp import claims as cl
    from app.nlp.disputes import is_refuter

    ordered = sorted(c for c in cues if c)
    return next((c for c in ordered if is_refuter(cl._view(text, None, c))), ordered[0] if ordered else "")


def _dispute(a: _Side, b: _Side) -> CrossDispute | None:
    """Does side a (the answering / later one) dispute side b? Attribution and claim are filled in
    by the caller."""
    from app.nlp import claims as cl

    if a.speaker_ids & b.speaker_ids:
        return None  # one speaker does not dispute themself across articles
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
    evidence = score.evidence if "similarity" in score.evidence else f"{score.evidence}; similarity {sim:.2f}"
    return CrossDispute(
        attribution=0,
        claim_id="",
        confidence=score.confidence,
        method=f"cross-{score.method}",
        cue=score.cue,
        evidence=evidence,
    )


def _existing_dispute_pairs(driver: neo4j.Driver, claim_id: str) -> set[tuple[str, str]]:
    """(from, to) of the DISPUTES edges an existing claim already has: a repetition linked to it
    must not add a second edge for a pair the graph holds."""
    from graph import reader

    detail = reader.get_claim(driver, claim_id)
    if detail is None:
        return set()
    return {(claim_id, d.claim.id) for d in detail.disputes} | {
        (d.claim.id, claim_id) for d in detail.disputed_by
    }


def _same_claim_bar(same_speaker: bool) -> float:
    """The lexical similarity below which claims.same_claim cannot say yes: its score averages the
    lexical and the embedding similarity (each at most 1), plus a bonus for one speaker, against
    its threshold. Checking this first skips the sentence encoder for most candidates without
    changing a decision."""
    from app.nlp import claims as cl

    bonus = cl.SAME_SPEAKER_BONUS if same_speaker else 0.0
    return 2 * (cl.SAME_CLAIM_THRESHOLD - bonus) - 1


def resolve(driver: neo4j.Driver, prepared: PreparedArticle) -> Resolution:
    """Cross-article decisions for one article against what the graph holds (indexed look-ups only).

    Speakers: an existing Speaker the name resolves to (same person by app.nlp.speaker_match).
    Claims: an existing Claim of another article asserting the same proposition (app.nlp.claims),
    never across a denial (a denial's content restates what it denies: that is a dispute).
    Disputes: existing claims this article's claims dispute, or that dispute them. Direction: the
    answering side (a denial / refutation) disputes the other; otherwise the later article
    (publication date, then article id) disputes the earlier, so load order does not change the graph.
    """
    from threadpoolctl import threadpool_limits

    # One BLAS thread: the numpy sentence encoder is ~20x slower with OpenBLAS's pool on a busy host.
    with threadpool_limits(limits=1, user_api="blas"):
        return _resolve(driver, prepared)


def _resolve(driver: neo4j.Driver, prepared: PreparedArticle) -> Resolution:
    from app.nlp import claims as cl
    from app.nlp.speaker_match import SAME_PERSON_THRESHOLD, same_person
    from graph import ids, reader

    ext, art = prepared.extraction, prepared.article
    aid = ids.article_id(external_id=art.id, text_hash=prepared.content_hash)
    my_date = normalize_published_at(art.published_at) or ""
    res = Resolution()
    speaker_ids: dict[str, str] = {}
    for sp in ext.speakers:
        if sp.kind in ("GENERIC", "DOCUMENT"):
            # Documents are linked by their exact name only (same id): their aliases are common nouns
            # ("poll", "report") that would fuse the Bloomberg poll with another outlet's ABC poll.
            continue
        own = ids.speaker_id(sp.name, kind=sp.kind)
        best: tuple[float, str] | None = None
        for known in reader.speaker_candidates(driver, sp.name, limit=5):
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
                best = (score, known.id)
        speaker_ids[sp.name] = best[1] if best else own
        if best and best[1] != own:
            res.speaker_links[sp.name] = best[1]

    seen: set[tuple[str, str]] = set()  # (from claim, to claim) decided now or already in the graph
    for k, a in enumerate(ext.attributions):
        text = ext.span_text(a.content).strip()  # the Claim text the writer stores
        if len(cl.term_weights(text)) < MIN_SEARCH_TERMS:
            continue
        query = cl.candidate_query_terms(text)
        if not query:
            continue
        sid = speaker_ids.get(a.speaker or "")
        mine = _Side(
            text=text,
            cue=ext.span_text(a.cue, sep=" "),
            speaker=a.speaker,
            speaker_ids=frozenset({sid} if sid else ()),
            order=(my_date, aid),
        )
        my_refutes = _refutes(mine)
        sides: list[tuple[str, _Side]] = []
        for cand in reader.claim_candidates(driver, query, limit=CLAIM_CANDIDATES, exclude_article_id=aid):
            first = min(
                ((normalize_published_at(x.published_at) or "", x.id) for x in cand.articles),
                default=("", ""),
            )
            speaker = next((s.name for s in cand.speakers if s.primary is not False), None)
            side = _Side(
                text=cand.text,
                cue=_pick_cue(cand.text, cand.cues),
                speaker=speaker,
                speaker_ids=frozenset(s.id for s in cand.speakers),
                order=first,
            )
            sides.append((cand.id, side))

        # Same claim: the best-scoring candidate that passes same_claim, both asserting or both denying.
        close = [
            (cid, other, bool(mine.speaker_ids & other.speaker_ids))
            for cid, other in sides
            if cl.lexical_similarity(text, other.text)
            >= _same_claim_bar(bool(mine.speaker_ids & other.speaker_ids))
            and my_refutes == _refutes(other)
        ]
        if close:
            cl.warm([text, *(other.text for _, other, _ in close)])  # one encoder batch
        best_link: tuple[float, str] | None = None
        for cid, other, same_speaker in close:
            if not cl.same_claim(text, other.text, same_speaker=same_speaker):
                continue
            score = cl.claim_match_score(text, other.text, same_speaker=same_speaker)
            if best_link is None or score > best_link[0]:
                best_link = (score, cid)
        my_claim = ids.claim_id(text) if ids.normalize_text(text) else ""
        if best_link is not None:
            res.claim_links[k] = my_claim = best_link[1]
            seen |= _existing_dispute_pairs(driver, my_claim)
            # The claim was first made in the earliest article asserting it: that date orders it.
            linked = next(side for cid, side in sides if cid == my_claim)
            mine = replace(mine, order=min(mine.order, linked.order))

        for cid, other in sides:
            if cid == my_claim:
                continue
            other_refutes = _refutes(other)
            # A denial answers the claim it denies; otherwise the later article answers the earlier.
            outgoing = my_refutes if my_refutes != other_refutes else mine.order > other.order
            pair = (my_claim, cid) if outgoing else (cid, my_claim)
            if pair in seen or pair[::-1] in seen:
                continue  # one DISPUTES edge per pair of claims
            found = _dispute(mine, other) if outgoing else _dispute(other, mine)
            if found is None:
                continue
            seen.add(pair)
            direction = "disputes" if outgoing else "disputed_by"
            res.cross_disputes.append(
                found.model_copy(update={"attribution": k, "claim_id": cid, "direction": direction})
            )
    return res


def _result(detail: ArticleDetail, created: bool) -> IngestResult:
    speakers: dict[str, IngestedSpeaker] = {}
    claims: list[IngestedClaim] = []
    for att in detail.attributions:
        primary = next((s for s in att.speakers if s.primary is not False), None)
        for s in att.speakers:
            speakers.setdefault(s.id, IngestedSpeaker(id=s.id, name=s.name, kind=s.kind or "GENERIC"))  # type: ignore[arg-type]
        p = att.provenance
        claims.append(
            IngestedClaim(
                id=att.claim.id,
                text=att.claim.text,
                speaker_id=primary.id if primary else None,
                speaker=primary.name if primary else None,
                cue=p.cue or "",
                quote_type=p.quote_type or "indirect",  # type: ignore[arg-type]
                source_span=[(s, e) for s, e in p.source_span],
                cue_span=[(s, e) for s, e in p.cue_span],
                content_span=[(s, e) for s, e in p.content_span],
            )
        )
    disputes = [
        IngestedDispute(
            claim_id=d.from_claim.id,
            disputed_claim_id=d.to_claim.id,
            confidence=d.dispute.confidence,
            method=d.dispute.method or "",
            evidence=d.dispute.evidence,
        )
        for d in detail.disputes
    ]
    return IngestResult(
        article_id=detail.article.id,
        external_id=detail.article.external_id,
        created=created,
        speakers=list(speakers.values()),
        claims=claims,
        disputes=disputes,
    )


def existing_result(driver: neo4j.Driver, article: ArticleIn) -> IngestResult | None:
    """The stored result when this article (same body hash or URL) is already in the graph."""
    from graph import reader

    found = reader.find_article_id(driver, content_hash=content_hash(article), url=article.url)
    if found is None:
        return None
    detail = reader.get_article(driver, found)
    return _result(detail, created=False) if detail else None


def load_prepared(driver: neo4j.Driver, prepared: PreparedArticle) -> IngestResult:
    """Cross-article resolution against the graph, then one transaction for the article."""
    again = existing_result(driver, prepared.article)
    if again is not None:
        return again
    return _write_prepared(driver, prepared)


def _write_prepared(driver: neo4j.Driver, prepared: PreparedArticle) -> IngestResult:
    """Resolve and write an article known not to be in the graph yet, then read it back."""
    from graph import reader, writer

    written = writer.write_article(
        driver, prepared.article, prepared.extraction, resolution=resolve(driver, prepared)
    )
    detail = reader.get_article(driver, written.article_id)
    if detail is None:  # written in a committed transaction just now
        raise RuntimeError(f"article {written.article_id} vanished right after it was written")
    return _result(detail, created=True)


def ingest_article(driver: neo4j.Driver, article: ArticleIn) -> IngestResult:
    """Load one article; idempotent (same URL or content hash → created=False, same ids)."""
    again = existing_result(driver, article)
    if again is not None:
        return again
    return _write_prepared(driver, prepare_article(article))


def ingest_articles(driver: neo4j.Driver, articles: list[ArticleIn]) -> list[IngestResult | IngestFailure]:
    """Load many; one bad article yields an IngestFailure in its slot and never stops the rest.

    An unreachable server is not one article's fault: GraphUnavailable propagates (the API answers 503).
    """
    from graph.errors import GraphError, GraphUnavailable

    out: list[IngestResult | IngestFailure] = []
    for k, prepared in enumerate(prepare_articles(articles)):
        if isinstance(prepared, IngestFailure):
            out.append(prepared)
            continue
        try:
            out.append(load_prepared(driver, prepared))
        except GraphUnavailable:
            raise
        except (GraphError, ValueError) as exc:
            out.append(IngestFailure(index=k, external_id=prepared.article.id, error=str(exc)))
    return out
