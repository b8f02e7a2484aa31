"""Disputes: a claim, the claim it disputes, and both speakers."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas.common import PageOf
from app.api.schemas.refs import ArticleRef, ClaimRef, DisputeInfo, SpeakerRef


class DisputePublic(DisputeInfo):
    claim: ClaimRef = Field(description="The disputing claim (the reply, the denial).")
    speakers: list[SpeakerRef] = Field(default_factory=list, description="Who asserts the disputing claim.")
    disputed_claim: ClaimRef
    disputed_speakers: list[SpeakerRef] = Field(default_factory=list)
    article: ArticleRef | None = None


class DisputeList(PageOf[DisputePublic]):
    pass
