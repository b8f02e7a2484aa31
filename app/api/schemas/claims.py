"""Claims: search results, and one claim with its provenance and disputes in both directions."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas.common import PageOf, Schema
from app.nlp.models import QuoteType, Span, SpeakerKind


class SpeakerRef(Schema):
    id: str = Field(examples=["spk_5b1c0e3f9a7d2c4e6f8a0b1c"])
    name: str = Field(examples=["Sergey Lavrov"])
    kind: SpeakerKind | None = None


class ArticleRef(Schema):
    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None


class ClaimRef(Schema):
    id: str = Field(examples=["clm_0f4e2a9c7b1d3e5f6a8b0c2d"])
    text: str = Field(examples=["refugees from the Rukban camp should have long been evacuated"])


class ClaimSummary(ClaimRef):
    speakers: list[SpeakerRef] = Field(default_factory=list, description="Everyone recorded asserting it.")
    disputes_count: int = Field(default=0, description="Claims this claim disputes.")
    disputed_by_count: int = Field(default=0, description="Claims that dispute this claim.")
    first_published_at: str | None = Field(default=None, description="Earliest publication date seen.")


class Assertion(Schema):
    """One ASSERTS edge: who said it, where, and with which words."""

    speaker: SpeakerRef | None = None
    article: ArticleRef
    sentence: int | None = Field(default=None, description="Sentence index in the article.")
    cue: str | None = Field(default=None, examples=["said"])
    quote_type: QuoteType | None = None
    source_span: list[Span] = Field(default_factory=list)
    cue_span: list[Span] = Field(default_factory=list)
    content_span: list[Span] = Field(default_factory=list)
    confidence: float | None = None


class DisputeLink(Schema):
    """The other side of a DISPUTES edge, seen from one claim."""

    claim: ClaimRef
    speakers: list[SpeakerRef] = Field(default_factory=list)
    confidence: float | None = None
    method: str | None = None
    evidence: str | None = Field(default=None, description="Why: cue words, the conflicting predicate.")
    article_id: str | None = None


class EntityRef(Schema):
    id: str
    name: str
    label: str | None = None


class ClaimPublic(ClaimRef):
    assertions: list[Assertion] = Field(default_factory=list)
    disputes: list[DisputeLink] = Field(default_factory=list, description="Claims this claim disputes.")
    disputed_by: list[DisputeLink] = Field(default_factory=list, description="Claims disputing this claim.")
    entities: list[EntityRef] = Field(default_factory=list)


class ClaimList(PageOf[ClaimSummary]):
    pass
