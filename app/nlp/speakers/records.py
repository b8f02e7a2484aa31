"""What the resolver keeps while it reads an article: the entities it knows, their mentions in text
order, and the result of resolving one source mention."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.nlp.models import SpeakerKind


@dataclass
class KnownEntity:
    name: str
    kind: SpeakerKind
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    role_words: set[str] = field(default_factory=set)


@dataclass
class Mention:
    start: int
    name: str
    kind: SpeakerKind
    subject: bool
    source: bool
    plural: bool = False


@dataclass
class Resolved:
    name: str | None
    kind: SpeakerKind | None
    also: list[str] = field(default_factory=list)
    alias: str | None = None
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    plural: bool = False
