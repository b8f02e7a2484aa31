"""Article in → cleanup → extraction → cross-article resolution → one graph transaction.

The one ingest path shared by `POST /v1/articles`, `claimgraph ingest` and the
sample loader. CPU-bound extraction (`prepare_*`) is kept apart from the
graph half (`load_prepared`) so bulk ingest can run them in different
processes/threads; both halves are the same code for every caller.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

import neo4j
from pydantic import BaseModel, ConfigDict, Field

from app.nlp.models import ArticleIn, Extraction, QuoteType, Span, Speaker, SpeakerKind
from graph.models import ArticleDetail, CrossDispute, Resolution


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
    body = article.text if article.text is not None else (article.html or "")
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


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


def _later(a: str | None, b: str | None) -> bool:
    """Is date a strictly later than date b? Unknown dates are never later."""
    return bool(a and b and a[:10] > b[:10])


def resolve(driver: neo4j.Driver, prepared: PreparedArticle) -> Resolution:
    """Cross-article decisions for one article against what the graph holds (indexed look-ups only).

    Speakers: an existing Speaker the name resolves to (same person by app.nlp.speaker_match).
    Claims: an existing Claim of another article asserting the same proposition (app.nlp.claims).
    Disputes: existing claims this article's claims dispute, or that dispute them. Direction comes
    from publication dates (the later article responds), so load order does not change the graph.
    """
    from app.nlp import claims as cl
    from app.nlp.speaker_match import SAME_PERSON_THRESHOLD, same_person
    from graph import ids, reader

    ext, art = prepared.extraction, prepared.article
    aid = ids.article_id(external_id=art.id, text_hash=prepared.content_hash)
    res = Resolution()
    speaker_ids: dict[str, str] = {}
    for sp in ext.speakers:
        if sp.kind == "GENERIC":
            continue
        own = ids.speaker_id(sp.name, kind=sp.kind)
        best: tuple[float, str] | None = None
        for cand in reader.speaker_candidates(driver, sp.name, limit=5):
            other = Speaker(
                name=cand.name,
                kind=cand.kind if cand.kind in ("PERSON", "ORG", "DOCUMENT") else sp.kind,  # type: ignore[arg-type]
                aliases=cand.aliases,
                role=cand.role,
                affiliation=cand.affiliation,
            )
            score = 1.0 if cand.id == own else same_person(sp, other)
            if score >= SAME_PERSON_THRESHOLD and (best is None or score > best[0]):
                best = (score, cand.id)
        speaker_ids[sp.name] = best[1] if best else own
        if best and best[1] != own:
            res.speaker_links[sp.name] = best[1]

    for k, a in enumerate(ext.attributions):
        text = ext.span_text(a.content, sep=" ")
        my_speaker = speaker_ids.get(a.speaker or "")
        linked = False
        for cand in reader.claim_candidates(driver, text, limit=8, exclude_article_id=aid):
            cand_speakers = {s.id for s in cand.speakers}
            if not linked and cl.same_claim(
                text, cand.text, same_speaker=bool(my_speaker and my_speaker in cand_speakers)
            ):
                res.claim_links[k] = cand.id
                linked = True
                continue
            their_date = max((x.published_at or "" for x in cand.articles), default="")
            their_speaker = cand.speakers[0].name if cand.speakers else None
            if _later(their_date, art.published_at):
                score = cl.cross_dispute(cand.text, text, speaker_a=their_speaker, speaker_b=a.speaker)
                direction = "disputed_by"
            else:
                score = cl.cross_dispute(text, cand.text, speaker_a=a.speaker, speaker_b=their_speaker)
                direction = "disputes"
            if score is not None:
                res.cross_disputes.append(
                    CrossDispute(
                        attribution=k,
                        claim_id=cand.id,
                        direction=direction,  # type: ignore[arg-type]
                        confidence=score.confidence,
                        method=f"cross-{score.method}",
                        cue=score.cue,
                        evidence=score.evidence,
                    )
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
    from graph import reader, writer

    again = existing_result(driver, prepared.article)
    if again is not None:
        return again
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
    return load_prepared(driver, prepare_article(article))


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
