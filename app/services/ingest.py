"""Article in → cleanup → extraction → cross-article resolution → one graph transaction.

The one ingest path shared by `POST /v1/articles`, `claimgraph ingest` and the
sample loader. The body is being wired as the graph layer lands; the
signatures below are the contract the API and CLI build on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, Field

from app.nlp.models import ArticleIn, Extraction, QuoteType, Span, SpeakerKind


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


class PreparedArticle(_Model):
    """The CPU-bound half of ingest (no graph access): safe to compute in worker processes."""

    article: ArticleIn
    content_hash: str
    extraction: Extraction


def content_hash(article: ArticleIn) -> str:
    """sha256 of the article body as given (text, else html): the resume / duplicate key."""
    body = article.text if article.text is not None else (article.html or "")
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def prepare_article(article: ArticleIn) -> PreparedArticle:
    """Cleanup + extraction for one article (CPU only; raises on bad input)."""
    raise NotImplementedError("wired once app.nlp.pipeline lands")


def prepare_articles(articles: Iterable[ArticleIn], *, n_process: int = 1, batch_size: int = 16,
                     ) -> Iterator[PreparedArticle | IngestFailure]:
    """Batched `nlp.pipe` extraction, in input order; a failing article yields an IngestFailure."""
    raise NotImplementedError("wired once app.nlp.pipeline lands")


def load_prepared(driver: object, prepared: PreparedArticle) -> IngestResult:
    """Cross-article resolution against the graph, then one transaction for the article."""
    raise NotImplementedError("wired once graph.writer lands")


def ingest_article(driver: object, article: ArticleIn) -> IngestResult:
    """Load one article; idempotent (same URL or content hash → created=False, same ids)."""
    raise NotImplementedError("wired once graph.writer lands")


def ingest_articles(driver: object, articles: list[ArticleIn]) -> list[IngestResult | IngestFailure]:
    """Load many; one bad article yields an IngestFailure in its slot and never stops the rest."""
    raise NotImplementedError("wired once graph.writer lands")
