"""Small references embedded in larger answers."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas.common import Schema
from app.nlp.models import Span


class SpeakerRef(Schema):
    id: str = Field(examples=["spk_3c9f6d0e1a2b4c5d6e7f8a9b"])
    name: str = Field(examples=["Sergey Lavrov"])
    kind: str | None = Field(default=None, examples=["PERSON"])
    primary: bool | None = Field(default=None, description="False for a co-source ('Trump and Pence').")


class ClaimRef(Schema):
    id: str = Field(examples=["clm_0f4e2a9c7b1d3e5f6a8b0c2d"])
    text: str = Field(examples=["refugees from the Rukban camp should have long been evacuated"])


class ArticleRef(Schema):
    id: str = Field(examples=["art_7d1e0c9b8a7f6e5d4c3b2a10"])
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None


class EntityRef(Schema):
    id: str
    name: str = Field(examples=["Rukban"])
    label: str = Field(examples=["GPE"])


class Provenance(Schema):
    """Where and how an article states a claim: words, spans (character offsets), kind of quote."""

    attribution_index: int = Field(description="Index of the attribution in its article.")
    cue: str | None = Field(default=None, examples=["said"])
    quote_type: str | None = Field(default=None, examples=["indirect"])
    source_text: str | None = Field(default=None, examples=["Russian Foreign Minister Sergey Lavrov"])
    sentence: int | None = Field(default=None, description="Sentence index in the article.")
    source_span: list[Span] = Field(default_factory=list)
    cue_span: list[Span] = Field(default_factory=list)
    content_span: list[Span] = Field(default_factory=list)
    confidence: float | None = None


class DisputeInfo(Schema):
    """Properties of one DISPUTES edge."""

    id: str = Field(examples=["dsp_9a8b7c6d5e4f3a2b1c0d9e8f"])
    article_id: str = Field(description="The article whose load found the dispute.")
    scope: str = Field(description="'article' (both claims in one article) or 'cross'.", examples=["article"])
    confidence: float = 1.0
    method: str | None = Field(default=None, examples=["rules"])
    cue: str | None = Field(default=None, examples=["rejected"])
    evidence: str = Field(default="", description="Why: the cue words, the conflicting predicate.")
