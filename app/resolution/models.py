"""What resolution takes in: an article prepared by extraction (CPU only, no graph access)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.nlp.models import ArticleIn, Extraction


class ClaimFeatures(BaseModel):
    """What cross-article resolution needs of one attribution's claim, computed with the extraction
    (in the worker processes of a bulk run) so the single writer thread does not parse it again."""

    model_config = ConfigDict(extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    text: str = Field(description="The Claim text the writer stores (the content, stripped).")
    cue: str = Field(description="The attribution's reporting words, as stored on REPORTS.cue.")
    terms: list[str] = Field(description="app.nlp.claims.claim_terms(text): content lemmas, in order.")
    query: str = Field(description="Full-text candidate query (claims.candidate_query_terms), or ''.")
    refutes: bool = Field(description="Does the claim, with this cue, deny something said before?")
    doc: bytes = Field(default=b"", description="claims.doc_bytes(text): the claim's parse.")
    cue_lemmas: list[str] | None = Field(default=None, description="claims.cue_lemmas(cue), when cue.")
    predicate: bool | None = Field(default=None, description="claims.has_predicate(text).")


class PreparedArticle(BaseModel):
    """The CPU-bound half of ingest (no graph access): safe to compute in worker processes."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    content_hash: str
    extraction: Extraction
    features: list[ClaimFeatures] | None = Field(
        default=None,
        description="One per attribution (claim_features); None: the resolver computes them itself.",
    )
