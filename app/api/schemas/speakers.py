"""Speakers, and who disputes whom."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas.common import PageOf, Schema
from app.api.schemas.refs import SpeakerRef


class SpeakerSummary(Schema):
    id: str = Field(examples=["spk_3c9f6d0e1a2b4c5d6e7f8a9b"])
    name: str = Field(examples=["Sergey Lavrov"])
    kind: str | None = Field(default=None, examples=["PERSON"])
    aliases: list[str] = Field(default_factory=list, examples=[["Lavrov"]])
    role: str | None = Field(default=None, examples=["Foreign Minister"])
    affiliation: str | None = Field(default=None, examples=["Russian Foreign Ministry"])
    claim_count: int = 0


class SpeakerPublic(SpeakerSummary):
    article_count: int = 0
    assertion_count: int = 0
    scope_article_id: str | None = Field(
        default=None, description="Set for generic speakers ('officials'), which are one per article."
    )


class Opponent(Schema):
    """A speaker on the other side of at least one dispute."""

    speaker: SpeakerRef
    disputes: int = Field(description="Disputes between the two, either direction.", examples=[1])
    disputes_by_speaker: int = Field(description="Times this speaker's claims dispute the opponent's.")
    disputes_by_opponent: int = Field(description="Times the opponent's claims dispute this speaker's.")


class SpeakerList(PageOf[SpeakerSummary]):
    pass


class OpponentList(PageOf[Opponent]):
    pass
