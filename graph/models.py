"""Typed inputs and results of the graph layer (pydantic, extra="forbid").

Spans are read back as `[[start, end], ...]` pairs (stored flat in Neo4j, which has no nested lists).
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- write side ------------------------------------------------------------------------------------


class CrossDispute(_Model):
    """A DISPUTES edge between an attribution of the article being written and an existing Claim."""

    attribution: int = Field(
        ge=0, description="Index into Extraction.attributions of the article being written."
    )
    claim_id: str = Field(description="An existing Claim's id.")
    direction: Literal["disputes", "disputed_by"] = Field(
        default="disputes",
        description="'disputes': the new attribution's claim disputes claim_id; 'disputed_by': the reverse.",
    )
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    method: str = "cross"
    cue: str | None = None
    evidence: str = ""


class Resolution(_Model):
    """Cross-article decisions taken before the write (by app/nlp's similarity functions)."""

    claim_links: dict[int, str] = Field(
        default_factory=dict,
        description="Attribution index -> id of the Claim it asserts: an existing one, or one this article "
        "creates for another attribution (within-article paraphrase; ids from build_rows(...).claim_ids).",
    )
    speaker_links: dict[str, str] = Field(
        default_factory=dict,
        description="Speaker name as in the extraction -> existing Speaker id (the name becomes an alias).",
    )
    cross_disputes: list[CrossDispute] = Field(default_factory=list)
    claim_merges: dict[str, str] = Field(
        default_factory=dict,
        description="Existing Claim id -> existing Claim id it is merged into: one claim of this article "
        "matched both, so they are one proposition. The first loses its node; its REPORTS, ASSERTS, "
        "DISPUTES and MENTIONS move to the second, which records the old id in `merged_ids`. No chains: "
        "every target must itself not be merged away.",
    )


class WriteResult(_Model):
    article_id: str
    external_id: str | None
    claim_ids: list[str] = Field(description="Claim id per attribution, in Extraction.attributions order.")
    speaker_ids: dict[str, str] = Field(
        description="Speaker name as in the extraction -> Speaker id written."
    )
    disputes: int = Field(description="DISPUTES edges written for this article (within + cross).")
    counters: dict[str, int] = Field(description="Neo4j write counters summed over the transaction.")


class WriteFailure(_Model):
    external_id: str | None
    error_type: str
    error: str


# --- read side -------------------------------------------------------------------------------------


class Page(BaseModel, Generic[T]):
    model_config = ConfigDict(extra="forbid")

    items: list[T]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; None on the last page.")


class ArticleRef(_Model):
    id: str
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None


class ArticleSummary(ArticleRef):
    content_hash: str | None = None
    lang: str | None = None
    ingested_at: str | None = None
    attribution_count: int = 0


class SpeakerRef(_Model):
    id: str
    name: str
    kind: str | None = None
    primary: bool | None = Field(default=None, description="False for a co-source ('also').")


class ClaimRef(_Model):
    id: str
    text: str


class EntityRef(_Model):
    id: str
    name: str
    label: str


class Provenance(_Model):
    """Where and how an article states a claim (the REPORTS/ASSERTS properties)."""

    attribution_index: int
    cue: str | None = None
    quote_type: str | None = None
    source_text: str | None = None
    source_span: list[list[int]] = Field(default_factory=list)
    cue_span: list[list[int]] = Field(default_factory=list)
    content_span: list[list[int]] = Field(default_factory=list)
    sentence: int | None = None
    confidence: float | None = None


class ArticleAttribution(_Model):
    provenance: Provenance
    claim: ClaimRef
    speakers: list[SpeakerRef]


class DisputeEdge(_Model):
    id: str
    article_id: str
    scope: Literal["article", "cross"]
    i: int | None = Field(default=None, description="Within-article: index of the disputing attribution.")
    j: int | None = Field(default=None, description="Within-article: index of the disputed attribution.")
    attribution_index: int | None = Field(
        default=None, description="Cross: the writing article's attribution."
    )
    direction: str | None = None
    cue: str | None = None
    evidence: str = ""
    confidence: float = 1.0
    method: str | None = None


class ArticleDispute(_Model):
    dispute: DisputeEdge
    from_claim: ClaimRef
    to_claim: ClaimRef


class ArticleDetail(_Model):
    article: ArticleSummary
    text: str | None
    attributions: list[ArticleAttribution]
    disputes: list[ArticleDispute]


class ClaimSummary(_Model):
    id: str
    text: str
    lang: str | None = None
    speakers: list[SpeakerRef]
    report_count: int
    disputes_count: int
    disputed_by_count: int


class Assertion(_Model):
    article: ArticleRef
    provenance: Provenance
    speakers: list[SpeakerRef]


class DisputeLink(_Model):
    dispute: DisputeEdge
    claim: ClaimRef = Field(description="The claim at the other end of the edge.")
    speakers: list[SpeakerRef]


class ClaimDetail(_Model):
    id: str
    text: str
    normalized: str | None = None
    lang: str | None = None
    assertions: list[Assertion]
    disputes: list[DisputeLink] = Field(description="Claims this claim disputes.")
    disputed_by: list[DisputeLink] = Field(description="Claims that dispute this claim.")
    entities: list[EntityRef]


class SpeakerBase(_Model):
    id: str
    name: str
    kind: str | None = None
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None


class SpeakerSummary(SpeakerBase):
    claim_count: int


class SpeakerDetail(SpeakerSummary):
    scope_article_id: str | None = Field(
        default=None, description="Set for GENERIC speakers (one per article)."
    )
    article_count: int
    assertion_count: int


class Opponent(_Model):
    speaker: SpeakerRef
    disputes_by_speaker: int = Field(description="Edges where the asked speaker's claim disputes theirs.")
    disputes_by_opponent: int = Field(description="Edges where their claim disputes the asked speaker's.")
    total: int


class DisputeView(_Model):
    dispute: DisputeEdge
    claim: ClaimRef = Field(description="The disputing claim.")
    speakers: list[SpeakerRef]
    disputed_claim: ClaimRef
    disputed_speakers: list[SpeakerRef]
    article: ArticleRef | None


class GraphNode(_Model):
    id: str
    label: str
    properties: dict[str, Any]


class GraphEdge(_Model):
    type: str
    source: str
    target: str
    properties: dict[str, Any]


class Neighbourhood(_Model):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class GraphStats(_Model):
    nodes: dict[str, int]
    relationships: dict[str, int]


class ClaimCandidate(_Model):
    id: str
    text: str
    normalized: str | None = None
    score: float
    speakers: list[SpeakerRef]
    articles: list[ArticleRef]
    cues: list[str] = Field(
        default_factory=list,
        description="Reporting words of the attributions asserting it ('said', 'denied').",
    )
    disputes: list[str] = Field(default_factory=list, description="Ids of the claims it disputes.")
    disputed_by: list[str] = Field(default_factory=list, description="Ids of the claims disputing it.")


class SpeakerCandidate(SpeakerBase):
    score: float
    exact: bool = Field(description="The asked name equals the name or an alias after normalize_name().")


class CandidateSet(_Model):
    """Everything cross-article resolution reads of the graph for one article, in one read."""

    speakers: dict[str, list[SpeakerCandidate]] = Field(
        default_factory=dict, description="Speaker name -> existing Speakers that may be that person."
    )
    claims: dict[int, list[ClaimCandidate]] = Field(
        default_factory=dict, description="Attribution index -> existing Claims of other articles."
    )
