"""Claims: search results, and one claim with its provenance and disputes in both directions."""

from __future__ import annotations

from pydantic import Field

from app.api.schemas.common import PageOf
from app.api.schemas.refs import ArticleRef, ClaimRef, DisputeInfo, EntityRef, Provenance, SpeakerRef


class ClaimSummary(ClaimRef):
    speakers: list[SpeakerRef] = Field(default_factory=list, description="Everyone recorded asserting it.")
    report_count: int = Field(default=0, description="Articles' statements of it.")
    disputes_count: int = Field(default=0, description="Claims this claim disputes.")
    disputed_by_count: int = Field(default=0, description="Claims that dispute this claim.")


class Assertion(Provenance):
    """One statement of the claim: the article, who said it there, and with which words."""

    article: ArticleRef
    speakers: list[SpeakerRef] = Field(default_factory=list)


class DisputeLink(DisputeInfo):
    """The other end of a DISPUTES edge, seen from one claim, with the edge's evidence."""

    claim: ClaimRef
    speakers: list[SpeakerRef] = Field(default_factory=list)


class ClaimPublic(ClaimRef):
    assertions: list[Assertion] = Field(default_factory=list)
    disputes: list[DisputeLink] = Field(default_factory=list, description="Claims this claim disputes.")
    disputed_by: list[DisputeLink] = Field(default_factory=list, description="Claims disputing this claim.")
    entities: list[EntityRef] = Field(default_factory=list)


class ClaimList(PageOf[ClaimSummary]):
    pass
