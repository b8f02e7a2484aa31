"""Disputes: a claim, the claim it disputes, and both speakers."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas.claims import ClaimRef, SpeakerRef
from app.api.schemas.common import PageOf, Schema


class DisputePublic(Schema):
    id: str | None = None
    claim: ClaimRef = Field(description="The disputing claim (the reply, the denial).")
    speakers: list[SpeakerRef] = Field(default_factory=list, description="Who asserts the disputing claim.")
    disputed_claim: ClaimRef
    disputed_speakers: list[SpeakerRef] = Field(default_factory=list)
    confidence: float | None = None
    method: str | None = None
    evidence: str | None = None
    article_id: str | None = None
    published_at: str | None = None


class DisputeList(PageOf[DisputePublic]):
    pass
