"""Article in → cleanup → extraction → cross-article resolution → one graph transaction.

The one ingest path shared by `POST /v1/articles`, `claimgraph ingest` and the
sample loader. The body is being wired as the graph layer lands; the
signatures below are the contract the API and CLI build on.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.nlp.models import ArticleIn, QuoteType, Span, SpeakerKind


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
    created: bool = Field(description="False when the article was already in the graph (same URL or content).")
    speakers: list[IngestedSpeaker] = Field(default_factory=list)
    claims: list[IngestedClaim] = Field(default_factory=list)
    disputes: list[IngestedDispute] = Field(default_factory=list)


class IngestFailure(_Model):
    index: int
    external_id: str | None = None
    error: str


def ingest_article(driver: object, article: ArticleIn) -> IngestResult:
    """Load one article; idempotent (same URL or content hash → created=False, same ids)."""
    raise NotImplementedError("wired once graph.writer lands")


def ingest_articles(driver: object, articles: list[ArticleIn]) -> list[IngestResult | IngestFailure]:
    """Load many; one bad article yields an IngestFailure in its slot and never stops the rest."""
    raise NotImplementedError("wired once graph.writer lands")
