"""Articles: what a client posts, and what the API answers about stored articles."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from app.api.schemas.claims import SpeakerRef
from app.api.schemas.common import PageOf, Schema
from app.nlp.models import ArticleIn, QuoteType, Span
from app.services.ingest import IngestFailure, IngestResult

SEED_EXAMPLE = {
    "title": "Militants still preventing refugees from leaving Syria's Rukban camp",
    "url": "https://example.org/rukban-2021",
    "source": "sputnik",
    "published_at": "2021-06-24",
    "text": (
        "Last week, Russian Foreign Minister Sergey Lavrov said refugees from the Rukban camp should have "
        "long been evacuated. US State Department spokesman Robert Palladino rejected the claim."
    ),
}


class ArticleBase(Schema):
    title: str | None = Field(default=None, max_length=2_000)
    url: str | None = Field(
        default=None, max_length=4_096, description="Canonical URL; re-posting it is a no-op."
    )
    source: str | None = Field(default=None, max_length=500, description="Outlet, e.g. 'reuters'.")
    published_at: str | None = Field(default=None, max_length=64, description="ISO 8601 date or datetime.")


class ArticleCreate(ArticleBase):
    """Give `text` (plain) or `html` (scraped page; boilerplate is stripped).

    Size limit: CLAIMGRAPH_MAX_TEXT_BYTES (1 MB by default) of text or html.
    """

    model_config = {
        "extra": "forbid",
        "json_schema_extra": {
            "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
            "examples": [SEED_EXAMPLE],
        },
    }

    id: str | None = Field(
        default=None, max_length=500, description="Your own id for the article (kept as external_id)."
    )
    text: str | None = Field(default=None, min_length=1)
    html: str | None = Field(default=None, min_length=1)

    def to_article_in(self) -> ArticleIn:
        return ArticleIn(**self.model_dump())


class ArticleBatchCreate(Schema):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {"examples": [{"articles": [SEED_EXAMPLE]}]},
    }

    articles: list[ArticleCreate] = Field(
        min_length=1, description="At most CLAIMGRAPH_MAX_BATCH_ITEMS (100)."
    )


class BatchItemResult(Schema):
    index: int = Field(description="Position in the request's `articles`.")
    status: str = Field(description="'created', 'exists' or 'failed'.", examples=["created"])
    result: IngestResult | None = None
    error: str | None = Field(default=None, description="Why this item failed; the others are unaffected.")


class ArticleBatchResult(Schema):
    items: list[BatchItemResult]
    created: int
    existing: int
    failed: int


class Triple(Schema):
    """Speaker -ASSERTS-> Claim, as found in one article, with where it was said."""

    speaker: SpeakerRef | None
    claim_id: str
    claim: str
    cue: str | None = None
    quote_type: QuoteType | None = None
    sentence: int | None = None
    source_span: list[Span] = Field(default_factory=list)
    cue_span: list[Span] = Field(default_factory=list)
    content_span: list[Span] = Field(default_factory=list)
    confidence: float | None = None


class ArticleSummary(ArticleBase):
    id: str
    external_id: str | None = None
    claim_count: int | None = None


class ArticlePublic(ArticleSummary):
    triples: list[Triple] = Field(default_factory=list)
    disputes: list[dict[str, Any]] = Field(
        default_factory=list, description="Disputes found inside this article."
    )


class ArticleList(PageOf[ArticleSummary]):
    pass


__all__ = [
    "ArticleBatchCreate",
    "ArticleBatchResult",
    "ArticleCreate",
    "ArticleList",
    "ArticlePublic",
    "ArticleSummary",
    "BatchItemResult",
    "IngestFailure",
    "IngestResult",
    "SpeakerRef",
    "Triple",
]
