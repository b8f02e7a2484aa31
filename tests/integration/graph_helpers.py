"""Builders for the graph layer's integration tests: small articles with exact spans, and a per-run
token that keeps these tests' nodes apart from whatever else the shared server holds.

Isolation: the Neo4j server is shared with teammates' tests, so these tests never wipe it. Every
external id, speaker name and claim text carries a random token, counts are taken over the tests' own
articles (`reader.articles_footprint`), and each module deletes its articles at the end
(`writer.delete_article`, which also removes claims/speakers only they held).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from app.nlp.models import ArticleIn, Attribution, Dispute, Entity, Extraction, Speaker, SpeakerKind


def new_token() -> str:
    # Letters first so the full-text analyzers keep it one word.
    return "zq" + secrets.token_hex(4)


@dataclass
class Part:
    """One attribution: '<mention> <cue> <content>.'"""

    mention: str | None
    cue: str
    content: str
    speaker: str | None = None
    kind: SpeakerKind = "PERSON"
    aliases: list[str] = field(default_factory=list)
    entities: list[tuple[str, str]] = field(default_factory=list)  # (name, label); name must be in content


def build(
    ext_id: str | None,
    parts: list[Part],
    *,
    disputes: list[tuple[int, int]] = (),  # type: ignore[assignment]
    title: str | None = None,
    source: str | None = None,
    published_at: str | None = None,
) -> tuple[ArticleIn, Extraction]:
    text = ""
    atts: list[Attribution] = []
    speakers: dict[str, Speaker] = {}
    entities: list[Entity] = []
    for k, p in enumerate(parts):
        src = []
        if p.mention:
            src = [(len(text), len(text) + len(p.mention))]
            text += p.mention + " "
        cue = [(len(text), len(text) + len(p.cue))]
        text += p.cue + " "
        content = [(len(text), len(text) + len(p.content))]
        text += p.content + ". "
        atts.append(
            Attribution(
                source=src,
                cue=cue,
                content=content,
                speaker=p.speaker,
                speaker_kind=p.kind if p.speaker else None,
                sentence=k,
            )
        )
        if p.speaker and p.speaker not in speakers:
            speakers[p.speaker] = Speaker(name=p.speaker, kind=p.kind, aliases=p.aliases)
        entities += [Entity(name=n, label=lab, attribution=k) for n, lab in p.entities]
    extraction = Extraction(
        text=text.strip(),
        attributions=atts,
        speakers=list(speakers.values()),
        disputes=[Dispute(i=i, j=j, cue="denied", evidence=f"denied: [{i}] vs [{j}]") for i, j in disputes],
        entities=entities,
    )
    article = ArticleIn(
        id=ext_id, title=title, source=source, published_at=published_at, text=extraction.text
    )
    return article, extraction
