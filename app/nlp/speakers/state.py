"""The resolver's state while it reads one article, and the small lookups every part uses.

`ResolverState` holds the read-only `ArticleIndex`, the knobs, and what grows as sources are resolved
in text order: the entities known so far (`ents`), their mentions (`timeline`, sorted by offset), the
content spans of resolved attributions (for 'I' inside a quote) and the latest campaign ad. The
parts of the resolver (people, documents, references, repair) are mixins over this state.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from app.nlp import names
from app.nlp.models import SpeakerKind
from app.nlp.speakers.config import SpeakerConfig
from app.nlp.speakers.index import ArticleIndex
from app.nlp.speakers.lexicon import ALL_PRON, GENERIC_DROP
from app.nlp.speakers.records import KnownEntity, Mention, Resolved


class ResolverState:
    def __init__(self, ix: ArticleIndex, cfg: SpeakerConfig) -> None:
        self.ix = ix
        self.cfg = cfg
        self.doc = ix.doc
        self.text = ix.text
        self.ents: dict[str, KnownEntity] = {}
        self.timeline: list[Mention] = []
        self._starts: list[int] = []
        # (content spans, resolved speaker, sentence) of resolved attributions, for 'I' inside quotes
        self.contents: list[tuple[list[tuple[int, int]], Resolved, int]] = []
        self.last_ad: Resolved | None = None
        self._author_via = ""
        # who 'I' is outside quotes (letter signatures, an op-ed's closing bio): set by the Resolver
        self.signatures: list[tuple[int, str]] = []
        self.bio_author: str | None = None

    if TYPE_CHECKING:
        # implemented by the mixins (people, documents, references, repair) that `Resolver` combines

        def resolve_tokens(self, toks: list[Token], alias_text: str) -> Resolved: ...
        def resolve_pronoun(self, tok: Token) -> Resolved: ...
        def resolve_short(self, word: str, pos: int, gender: str | None) -> str: ...
        def _person_from_span(self, span: Span) -> Resolved | None: ...
        def _person_res(self, span: Span, content: list[Token], in_span: list[Span]) -> Resolved: ...
        def _known_person_word(self, text: str) -> bool: ...
        def _turn_speaker(self, pos: int, opening: bool = False) -> Resolved | None: ...
        def _owner(self, root: Token) -> Resolved | None: ...
        def _gender(self, name: str) -> str | None: ...

    def sent_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.ix.sent_starts, char) - 1)

    def add_mention(self, m: Mention) -> None:
        k = bisect.bisect_right(self._starts, m.start)
        self._starts.insert(k, m.start)
        self.timeline.insert(k, m)

    def register(
        self,
        name: str,
        kind: SpeakerKind,
        alias: str | None = None,
        gender: str | None = None,
        role: str | None = None,
        affiliation: str | None = None,
    ) -> KnownEntity:
        ent = self.ents.get(name)
        if ent is None:
            ent = KnownEntity(name=name, kind=kind)
            if kind == "PERSON":
                ent.gender = names.gender_of_first(name)
                ent.role_words.update(names.canon_table().get("roles", {}).get(name, []))
            self.ents[name] = ent
        if gender and not ent.gender:
            ent.gender = gender
        if alias:
            # one alias per wording: 'The Post' and 'the Post' are one
            bare = re.sub(r"^(the|a|an)\s+", "", alias, flags=re.IGNORECASE)
            seen = {names.fold(x) for x in [name, *ent.aliases]}
            if names.fold(bare) not in seen and bare.lower() not in ALL_PRON and bare:
                ent.aliases.append(bare)
        if role:
            ent.role = ent.role or role
            ent.role_words.update(names.role_words(role))
        if affiliation:
            ent.affiliation = ent.affiliation or affiliation
        return ent

    def _recent(
        self,
        pos: int,
        kinds: tuple[str, ...],
        pred: Callable[[Mention], bool] | None = None,
        max_sents: int = 1000,
    ) -> Mention | None:
        here = self.sent_of(pos)
        for m in reversed(self.timeline[: bisect.bisect_left(self._starts, pos)]):
            if here - self.sent_of(m.start) > max_sents:
                return None
            if m.kind in kinds and (pred is None or pred(m)):
                return m
        return None

    def tokens_of(self, spans: list[tuple[int, int]]) -> list[Token]:
        out: list[Token] = []
        for s, e in spans:
            span = self.doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            out.extend(t for t in span if not t.is_space)
        return out

    @staticmethod
    def root_of(toks: list[Token]) -> Token:
        """Syntactic head of a mention: its first token governed from outside, preferring nominals
        (a truncated 'a New York Times' has both 'a' and 'Times' attached outside)."""
        ids = {t.i for t in toks}
        heads = [t for t in toks if (t.head.i not in ids or t.head.i == t.i) and not t.is_punct]
        nominal = [t for t in heads if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM")]
        if nominal:
            return nominal[0]
        return heads[0] if heads else toks[0]

    @staticmethod
    def _with_of(content: list[Token], root: Token) -> str:
        """'the former secretary of state' — the head with its 'of' phrase, for the description table."""
        out = [t.text for t in content if t.i <= root.i]
        for c in root.rights:
            if c.dep_ == "prep" and c.lower_ == "of":
                out += [t.text for t in c.subtree]
                break
        return " ".join(out)

    @staticmethod
    def _definite(root: Token) -> bool:
        return any(
            c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "another") for c in root.children
        )

    @staticmethod
    def _generic(content: list[Token], root: Token) -> str:
        words: list[str] = []
        for t in content:
            if t.i > root.i:
                break
            if t.lower_ in GENERIC_DROP or t.pos_ in ("DET", "NUM", "PUNCT") or t.like_num or t.tag_ == "POS":
                continue
            words.append(t.text if t.pos_ == "PROPN" or t.ent_type_ == "NORP" else t.text.lower())
        return names.clean_text(" ".join(words)) or root.text.lower()

    def _text(self, toks: list[Token]) -> str:
        """Text of tokens as written, contiguous runs kept together."""
        if not toks:
            return ""
        toks = sorted(toks, key=lambda t: t.i)
        pieces: list[str] = []
        run = [toks[0]]
        for t in toks[1:]:
            gap = self.doc[run[-1].i + 1 : t.i]
            if all(g.text in (".", "-", "'", "/") for g in gap):  # 'Lt' '.' 'Gen.'
                run.append(t)
            else:
                pieces.append(self.doc[run[0].i : run[-1].i + 1].text)
                run = [t]
        pieces.append(self.doc[run[0].i : run[-1].i + 1].text)
        return re.sub(r"\s+", " ", " ".join(pieces)).strip(" ,;:")
