"""Pronouns and descriptions: 'he', 'they', 'I', 'who', 'the senator', 'the bureau'.

He/she take the best-scoring earlier person of that gender (sentence distance, subjects and earlier
speakers, salience; knobs in `SpeakerConfig`); 'I' is the speaker of the quote around it, outside
quotes a letter's signature or an op-ed's closing bio; 'who'/'which' the noun the clause modifies.
A role description ('the senator') is the article's latest person with that role word, an
organisation description ('the panel') the latest organisation whose name has that head noun.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter

from spacy.tokens import Token

from app.nlp import names
from app.nlp.speakers.lexicon import (
    FIRST_PRON,
    MALE_PRON,
    MEDIA_WORDS,
    NEUTER_PRON,
    ORG_ANY,
    ORG_NOUNS,
    ORG_SYNONYMS,
    PERSON_ROLE_NOUNS,
    PLURAL_PRON,
    RELATIVE_PRON,
    SECOND_PRON,
)
from app.nlp.speakers.records import KnownEntity, Mention, Resolved
from app.nlp.speakers.state import ResolverState


class ReferencesMixin(ResolverState):
    def _role_description(self, root: Token, pos: int, alias_text: str, lem: str = "") -> Resolved | None:
        lem = lem or root.lemma_.lower()
        if lem in PERSON_ROLE_NOUNS:
            # "Keith Scott's wife" is not Keith Scott.
            poss = [c for c in root.children if c.dep_ == "poss"]
            owner = self._owner(root) if poss else None
            owner_name = owner.name if owner else None

            def has_role(m: Mention) -> bool:
                return (
                    m.name != owner_name
                    and lem in self.ents.get(m.name, KnownEntity("", "PERSON")).role_words
                )

            m = self._recent(pos, ("PERSON",), has_role)
            complement = any(c.dep_ == "prep" and c.lower_ in ("for", "of", "to") for c in root.children)
            if m is None and not complement:
                # 'A New York judge rejected ...' then 'Judge Frank Nervo': news names the holder later.
                k = bisect.bisect_left(self._starts, pos)
                m = next((x for x in self.timeline[k:] if x.kind == "PERSON" and has_role(x)), None)
            return Resolved(m.name, "PERSON", alias=alias_text) if m else None
        if lem in ORG_NOUNS:
            if lem in ("newspaper", "paper", "publication", "outlet"):
                m = self._recent(pos, ("ORG",), lambda m: bool(set(names.key_words(m.name)) & MEDIA_WORDS))
            else:
                heads = {lem, *ORG_SYNONYMS.get(lem, ())}
                # 'A House panel' -> the House committee: proper modifiers must be in the name too
                mods = {
                    names.fold(c.text) for c in root.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                }

                def fits(m: Mention) -> bool:
                    # a name, not the bare noun NER took for one ('Bank')
                    words = set(names.key_words(m.name))
                    return bool(words & heads) and mods <= words and not words <= heads

                m = self._recent(pos, ("ORG",), fits)
                if m is None and lem in ORG_ANY:
                    m = self._recent(pos, ("ORG",), lambda m: not m.plural, max_sents=self.cfg.org_window)
                if m is None and mods:
                    # 'A House panel voted ...' then 'The House Oversight ... Committee': named later
                    k = bisect.bisect_left(self._starts, pos)
                    m = next((x for x in self.timeline[k:] if x.kind == "ORG" and fits(x)), None)
            if m:
                return Resolved(m.name, "ORG", alias=alias_text)
        return None

    def resolve_pronoun(self, tok: Token) -> Resolved:
        low = tok.lower_
        pos = tok.idx
        if low in RELATIVE_PRON:
            verb = tok.head
            noun = verb.head if verb.dep_ in ("relcl", "acl", "advcl") else None
            if noun is None or noun.i == tok.i or noun.pos_ not in ("NOUN", "PROPN", "PRON"):
                return Resolved(None, None)
            # 'Tim Kaine, a former civil rights lawyer who ...': the person the description is about.
            if noun.dep_ == "appos" and noun.head.i in self.ix.person_at:
                noun = noun.head
            inner = {x.i for x in verb.subtree}
            sub = [t for t in noun.subtree if t.i < verb.i and t.i not in inner and t.dep_ != "relcl"]
            return self.resolve_tokens(sub or [noun], names.clean_text(" ".join(t.text for t in sub)))
        if low in FIRST_PRON:
            here = self.sent_of(pos)
            for spans, res, _ in reversed(self.contents):
                if any(s <= pos < e for s, e in spans) and res.name:
                    return Resolved(res.name, res.kind)
            turn = self._turn_speaker(pos)
            if turn is not None:
                return Resolved(turn.name, turn.kind)
            if low in ("i", "me", "my", "myself", "mine") and not self.ix.in_quotes(pos):
                sig = next((n for p, n in self.signatures if p > pos), None)
                if sig or self.bio_author:
                    return Resolved(sig or self.bio_author, "PERSON")
            near = [
                (abs(sent - here), res)
                for _, res, sent in self.contents
                if res.kind == "PERSON" and abs(sent - here) <= 1
            ]
            if near and low in ("i", "me", "my"):
                return Resolved(min(near, key=lambda x: x[0])[1].name, "PERSON")
            return Resolved(low if low in ("we", "us") else None, "GENERIC" if low in ("we", "us") else None)
        if low in SECOND_PRON:
            return Resolved("you", "GENERIC")
        if low in NEUTER_PRON:
            m = self._antecedent(pos, kinds=("ORG", "DOCUMENT"), gender=None, plural=False)
            return Resolved(m.name, m.kind) if m else Resolved(None, None)
        if low in PLURAL_PRON:
            m = self._antecedent(
                pos, kinds=("ORG", "GENERIC", "PERSON", "DOCUMENT"), gender=None, max_sents=2, plural=True
            )
            return Resolved(m.name, m.kind) if m else Resolved("they", "GENERIC")
        gender = "m" if low in MALE_PRON else "f"
        # 'he' inside someone's quote is rarely that someone
        quoted = {
            res.name for spans, res, _ in self.contents if res.name and any(s <= pos < e for s, e in spans)
        }
        m = self._antecedent(pos, kinds=("PERSON",), gender=gender, plural=False, exclude=quoted)
        if m is None and quoted:
            m = self._antecedent(pos, kinds=("PERSON",), gender=gender, plural=False)
        if m:
            ent = self.ents.get(m.name)
            if ent is not None and ent.gender is None:
                ent.gender = gender
            return Resolved(m.name, "PERSON")
        return Resolved(None, None)

    def _salience(self) -> Counter[str]:
        return Counter(m.name for m in self.timeline)

    def _antecedent(
        self,
        pos: int,
        kinds: tuple[str, ...],
        gender: str | None,
        max_sents: int = 0,
        plural: bool | None = None,
        exclude: set[str] | None = None,
    ) -> Mention | None:
        here = self.sent_of(pos)
        max_sents = max_sents or self.cfg.pronoun_window
        sal = self._salience()
        best: float | None = None
        best_m: Mention | None = None
        k = bisect.bisect_left(self._starts, pos)
        for idx in range(k - 1, -1, -1):
            m = self.timeline[idx]
            d = here - self.sent_of(m.start)
            if d > max_sents:
                break
            if m.kind not in kinds or not self._agrees(m, gender, plural) or (exclude and m.name in exclude):
                continue
            score = (
                -1.0 * d
                + (self.cfg.subject_bonus if m.subject or m.source else 0.0)
                + self.cfg.salience_weight * math.log1p(sal[m.name])
                - (
                    self.cfg.unknown_gender_penalty
                    if gender is not None and self._gender(m.name) is None
                    else 0.0
                )
                + 0.001 * idx
            )
            if best is None or score > best:
                best, best_m = score, m
        if best_m is None and gender is not None:
            # Nobody in reach: the article's most talked-about person of that gender, if mentioned before.
            seen = [
                m
                for m in self.timeline[:k]
                if m.kind in kinds and self._agrees(m, gender, plural) and not (exclude and m.name in exclude)
            ]
            if seen:
                top = max(seen, key=lambda m: (sal[m.name], m.start))
                return top
        return best_m

    def _agrees(self, m: Mention, gender: str | None, plural: bool | None) -> bool:
        if gender is not None:
            ent = self.ents.get(m.name)
            g = ent.gender if ent else None
            if g is not None and g != gender:
                return False
        if plural is True and m.kind == "PERSON" and not m.plural:
            return False
        if plural is True and m.kind == "ORG" and not m.source:
            return False  # 'they' is a group that was speaking, not any place named in passing
        return not (plural is False and m.plural)
