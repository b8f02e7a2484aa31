"""Speakers, and who disputes whom."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas.claims import SpeakerRef
from app.api.schemas.common import PageOf, Schema
from app.nlp.models import SpeakerKind


class SpeakerSummary(Schema):
    id: str
    name: str = Field(examples=["Sergey Lavrov"])
    kind: SpeakerKind | None = None
    claim_count: int = 0


class SpeakerPublic(SpeakerSummary):
    aliases: list[str] = Field(default_factory=list, examples=[["Lavrov"]])
    role: str | None = Field(default=None, examples=["Foreign Minister"])
    affiliation: str | None = Field(default=None, examples=["Russian Foreign Ministry"])


class Opponent(Schema):
    """A speaker on the other side of at least one dispute."""

    speaker: SpeakerRef
    disputes: int = Field(description="All disputes between the two, either direction.", examples=[1])
    disputes_received: int = Field(description="Times the opponent's claims dispute this speaker's.")
    disputes_made: int = Field(description="Times this speaker's claims dispute the opponent's.")


class SpeakerList(PageOf[SpeakerSummary]):
    pass


class OpponentList(PageOf[Opponent]):
    pass
