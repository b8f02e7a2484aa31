"""The one contract between the NLP stage, the graph layer, the API and the CLI.

Spans are `[start, end]` character offsets (end exclusive) into the text the
caller gave (`Extraction.text`), so a discontinuous span is several pairs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
SpeakerKind = Literal["PERSON", "ORG", "DOCUMENT", "GENERIC"]
QuoteType = Literal["direct", "indirect", "mixed", "according_to"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Speaker(_Model):
    """A canonical speaker as resolved inside one article."""

    name: str = Field(description="Canonical name, no titles: 'Sergey Lavrov', 'FBI', 'officials'.")
    kind: SpeakerKind
    aliases: list[str] = Field(
        default_factory=list, description="Other mentions seen: 'Lavrov', 'he' excluded."
    )
    role: str | None = Field(default=None, description="'spokesman', 'Foreign Minister'.")
    affiliation: str | None = Field(default=None, description="'US Department of State'.")


class Attribution(_Model):
    """Source -cue-> content: someone (source) asserts something (content) through words (cue)."""

    source: list[Span] = Field(default_factory=list)
    cue: list[Span] = Field(default_factory=list)
    content: list[Span]
    quote_type: QuoteType = "indirect"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    speaker: str | None = Field(
        default=None, description="Canonical speaker name; key into Extraction.speakers."
    )
    speaker_kind: SpeakerKind | None = None
    also: list[str] = Field(default_factory=list, description="Further named co-sources ('Trump and Pence').")
    sentence: int = Field(default=0, ge=0, description="Index of the sentence holding the cue.")


class Dispute(_Model):
    """Attribution `i` disputes attribution `j` (indices into Extraction.attributions)."""

    i: int = Field(ge=0)
    j: int = Field(ge=0)
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    method: str = Field(default="rules", description="Which detector found it.")
    cue: str | None = Field(default=None, description="The denial/reply cue words, if any.")
    evidence: str = Field(default="", description="Why: cue words, the conflicting predicate.")


class Entity(_Model):
    """A named entity mentioned inside a claim's content."""

    name: str
    label: str
    attribution: int = Field(ge=0, description="Index of the attribution whose content mentions it.")


class Extraction(_Model):
    """Everything the NLP stage found in one article."""

    text: str
    attributions: list[Attribution] = Field(default_factory=list)
    speakers: list[Speaker] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    sentences: list[Span] = Field(default_factory=list, description="Sentence spans in `text`.")
    boilerplate: list[Span] = Field(default_factory=list, description="Spans judged not article body.")

    def span_text(self, spans: list[Span], sep: str = " … ") -> str:
        return sep.join(self.text[s:e] for s, e in spans)

    def to_eval_record(self, doc_id: str) -> dict[str, object]:
        """The prediction format of shared/eval/FORMAT.md."""
        return {
            "id": doc_id,
            "attributions": [
                {
                    "source": [list(s) for s in a.source],
                    "cue": [list(s) for s in a.cue],
                    "content": [list(s) for s in a.content],
                    "speaker": a.speaker,
                    "speaker_kind": a.speaker_kind,
                    "quote_type": a.quote_type,
                    "confidence": round(a.confidence, 4),
                }
                for a in self.attributions
            ],
            "disputes": [[d.i, d.j] for d in self.disputes],
        }


class ArticleIn(_Model):
    """An article as a caller gives it: text or HTML, plus optional metadata."""

    id: str | None = Field(default=None, description="External id (e.g. from a JSONL record).")
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
