"""Articles: what a client posts, and what the API answers about stored articles."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, ValidationError, ValidatorFunctionWrapHandler, WrapValidator
from pydantic.json_schema import SkipJsonSchema

from app.api.schemas.common import IsoDate, PageOf, Schema
from app.api.schemas.refs import ClaimRef, DisputeInfo, Provenance, SpeakerRef
from app.nlp.models import ArticleIn

SEED_EXAMPLE: dict[str, Any] = {
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
    url: str | None = Field(default=None, max_length=4_096, description="Canonical URL.")
    source: str | None = Field(default=None, max_length=500, description="Outlet, e.g. 'reuters'.")
    published_at: IsoDate = Field(
        default=None, max_length=64, description="ISO 8601 date or datetime.", examples=["2021-06-24"]
    )


class ArticleCreate(ArticleBase):
    """Give `text` (plain) or `html` (scraped page; boilerplate is stripped).

    Size limit: CLAIMGRAPH_MAX_TEXT_BYTES (1 MB by default) of text or html.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
            "examples": [SEED_EXAMPLE],
        }
    )

    id: str | None = Field(default=None, max_length=500, description="Your own id (kept as external_id).")
    text: str | None = Field(default=None, min_length=1)
    html: str | None = Field(default=None, min_length=1)

    def to_article_in(self) -> ArticleIn:
        return ArticleIn(**self.model_dump())


class InvalidArticle(Schema):
    """A batch item that is not a valid article: it fails alone, with `error` saying why."""

    error: str


def _article_or_problem(value: Any, _: ValidatorFunctionWrapHandler) -> ArticleCreate | InvalidArticle:
    """Validate one batch item on its own, so a bad item is that item's failure, not the batch's 422."""
    if isinstance(value, ArticleCreate | InvalidArticle):
        return value
    try:
        return ArticleCreate.model_validate(value)
    except ValidationError as exc:
        problems = (
            f"{'.'.join(str(p) for p in err['loc']) or 'article'}: {err['msg']}" for err in exc.errors()
        )
        return InvalidArticle(error="invalid article: " + "; ".join(problems))


# The schema documents an ArticleCreate; InvalidArticle only ever comes out of the validator.
BatchArticle = Annotated[ArticleCreate | SkipJsonSchema[InvalidArticle], WrapValidator(_article_or_problem)]


class ArticleBatchCreate(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"articles": [SEED_EXAMPLE]}]})

    articles: list[BatchArticle] = Field(
        min_length=1,
        description=(
            "At most CLAIMGRAPH_MAX_BATCH_ITEMS (100). Each item is checked on its own: an invalid one "
            "is a `failed` item in the answer."
        ),
    )


class ArticleSummary(ArticleBase):
    id: str = Field(examples=["art_7d1e0c9b8a7f6e5d4c3b2a10"])
    external_id: str | None = None
    ingested_at: str | None = None
    claim_count: int = Field(default=0, description="Attributions (speaker-claim statements) in the article.")


class Triple(Provenance):
    """Speaker(s) -ASSERTS-> Claim as one article states it, with where and how."""

    speakers: list[SpeakerRef] = Field(default_factory=list)
    claim: ClaimRef


class ArticleDispute(DisputeInfo):
    claim: ClaimRef = Field(description="The disputing claim.")
    disputed_claim: ClaimRef


class ArticlePublic(ArticleSummary):
    content_hash: str | None = None
    text: str | None = Field(default=None, description="The cleaned text the spans point into.")
    triples: list[Triple] = Field(default_factory=list)
    disputes: list[ArticleDispute] = Field(default_factory=list)


class ArticleCreated(ArticlePublic):
    """POST's answer: the article as GET /v1/articles/{id} returns it, plus whether this POST stored it."""

    created: bool = Field(
        description="False when the article was already in the graph (same URL, id or content)."
    )


class ArticleList(PageOf[ArticleSummary]):
    pass


class BatchItemResult(Schema):
    index: int = Field(description="Position in the request's `articles`.")
    status: str = Field(description="'created', 'exists' or 'failed'.", examples=["created"])
    result: ArticleCreated | None = Field(default=None, description="As POST /v1/articles answers.")
    error: str | None = Field(default=None, description="Why this item failed; the others are unaffected.")


class ArticleBatchResult(Schema):
    items: list[BatchItemResult]
    created: int
    existing: int
    failed: int
