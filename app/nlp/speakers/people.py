"""Name and organisation matching: a person mention to the article's full name, an organisation
mention to its name as written.

A short form ('Solomatin', 'Mr. Guajardo Villarreal', 'Hillary') maps to the article's full name
ending (or starting) with it, gender-compatible, the most recently introduced one winning, else to
the domain default (`names.default_for_short`); a dominant surname ('Trump', 'Clinton') is its
famous bearer unless the title or the text just before rules it out. Each person gets a gender
(first name, Mr./Ms.) and role words (titles before the name, appositions: 'Sen.' -> senator).
"""

from __future__ import annotations

import bisect
from collections import Counter

from spacy.tokens import Span, Token

from app.nlp import names
from app.nlp.speakers.records import Resolved
from app.nlp.speakers.state import ResolverState


class PeopleMixin(ResolverState):
    def _gender_from_titles(self, span: Span) -> str | None:
        toks = [t.text.lower().strip(".") for t in span[:2]]
        if span.start > 0:
            toks.insert(0, self.doc[span.start - 1].text.lower().strip("."))
        for w in toks:
            if w in names.FEMALE_TITLES:
                return "f"
            if w in names.MALE_TITLES:
                return "m"
        return None

    def _title_before(self, span: Span) -> list[Token]:
        """Title/role tokens right before a name: 'Russian Foreign Minister' of '... Sergey Lavrov'."""
        out: list[Token] = []
        i = span.start - 1
        while i >= 0 and span.start - i <= 4:
            t = self.doc[i]
            if t.text == "." and i > 0 and names.is_title(self.doc[i - 1].text):
                i -= 1  # 'Gov' '.' tokenised apart
                continue
            if t.i in self.ix.ent_of_token or t.is_punct or t.pos_ not in ("PROPN", "NOUN"):
                break
            out.insert(0, t)
            i -= 1
        return out

    def _role_words_around(self, span: Span) -> set[str]:
        words: set[str] = set()
        for t in self._title_before(span):
            words |= names.role_words(t.text)
        for t in span:
            if names.is_title(t.text):
                words |= names.role_words(t.text)
        root = span.root
        for c in root.children:
            if c.dep_ == "appos" and c.pos_ == "NOUN":
                words |= names.role_words(c.lemma_)
                words |= {
                    x.lemma_.lower()
                    for x in c.children
                    if x.dep_ in ("compound", "amod") and x.pos_ == "NOUN"
                }
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            words |= names.role_words(root.head.lemma_)
        return words

    def _person_from_span(self, span: Span) -> Resolved | None:
        words = names.person_name(self.ix.span_words(span))
        if not words:
            return None
        gender = self._gender_from_titles(span)
        wl = self.ix.clean_words(words.split(), headline=self.sent_of(span.start_char) == 0)
        words = " ".join(wl)
        if len(wl) >= 2:
            name = names.canonical_person(words)
            name = self.ix.longer_with_suffix(name) or name
        else:
            name = self.resolve_short(wl[0], span.start_char, gender)
        return Resolved(name, "PERSON", alias=names.clean_text(span.text), gender=gender)

    def resolve_short(self, word: str, pos: int, gender: str | None) -> str:
        """A one-word person mention -> full name in this article, else the domain default.

        A dominant surname ('Trump', 'Clinton': used alone >= 500 times in train) is its famous
        bearer unless the title rules it out ('Mr. Clinton'). Otherwise the candidates are the
        article's full names with that surname plus the domain default (placed where the bare
        surname first occurs), and the one introduced most recently before the mention wins
        ('Luis Rubio' ... 'Mr. Rubio'; 'Jeh Johnson' after 'Gary Johnson').
        """
        key = names.fold(word)
        default = names.default_for_short(word)
        # compared as key words: 'O’Neill', "O'Neill" and 'ONeill' are one surname
        skey = names.surname(word)
        cands = [(p, n) for p, n in self.ix.full_people if names.surname(n) == skey]
        if not cands:
            cands = [(p, n) for p, n in self.ix.full_people if names.first_name(n) == skey]
        if gender:
            cands = [(p, n) for p, n in cands if self._gender(n) in (None, gender)]
            if default and names.gender_of_first(default) not in (None, gender):
                default = None
        if default and key in names.canon_table().get("dominant_surnames", []):
            # the famous bearer, unless the article is about another one: introduced first and
            # named in full more often so far ('Former President Bill Clinton ... his wife Hillary
            # Clinton ... Clinton said')
            seen = Counter(n for p, n in cands if p <= pos)
            first = min((c for c in cands if c[0] <= pos), default=None)
            if first is not None and first[1] != default and seen[first[1]] > seen[default]:
                # ... and the one the text was just talking about (latest subject or speaker)
                k = bisect.bisect_left(self._starts, pos)
                last = next(
                    (
                        m
                        for m in reversed(self.timeline[:k])
                        if m.kind == "PERSON" and (m.subject or m.source) and names.surname(m.name) == skey
                    ),
                    None,
                )
                if (
                    last is not None
                    and last.name == first[1]
                    and self.sent_of(pos) - self.sent_of(last.start) <= self.cfg.dominant_surname_window
                ):
                    return first[1]
            return default
        if default and all(n != default for _, n in cands):
            cands.append((self.ix.first_bare.get(key, pos), default))
        if cands:
            cands.sort()
            before = [c for c in cands if c[0] <= pos]
            return (before[-1] if before else cands[0])[1]
        return word.title() if word.isupper() and len(word) > 3 else word

    def _gender(self, name: str) -> str | None:
        ent = self.ents.get(name)
        if ent is not None and ent.gender:
            return ent.gender
        return names.gender_of_first(name)

    def _known_person_word(self, text: str) -> bool:
        """A surname (one or more words: 'De Blasio') of someone the article or the domain names in full."""
        if names.default_for_short(text):
            return True
        kw = names.key_words(text)
        if not kw:
            return False
        return any(
            names.key_words(n)[-len(kw) :] == kw and len(names.key_words(n)) > len(kw)
            for _, n in self.ix.full_people
        )

    def _person_res(self, span: Span, content: list[Token], in_span: list[Span]) -> Resolved:
        res = self._person_from_span(span) or Resolved(None, None)
        if res.name and " " not in res.name and names.fold(res.name) in self.ix.org_short:
            # a lone word no person in the article bears, first word of an organisation: that organisation
            return Resolved(self.ix.org_short[names.fold(res.name)], "ORG", alias=res.alias)
        also: list[str] = []
        ids = {t.i for t in content}
        for c in span.root.conjuncts:
            if c.i not in ids:
                continue
            other = self.ix.person_at.get(c.i)
            if other is not None:
                o = self._person_from_span(other)
            elif c.pos_ == "PROPN" and self._known_person_word(c.text):
                o = Resolved(self.resolve_short(c.text, c.idx, None), "PERSON")
            else:
                continue
            if o and o.name and o.name != res.name and o.name not in also:
                also.append(o.name)
        role, affiliation = self._role_affiliation(span, content)
        res.also, res.role, res.affiliation = also, role, affiliation
        res.kind = "PERSON"
        return res

    def _role_affiliation(self, person: Span, content: list[Token]) -> tuple[str | None, str | None]:
        """Role and affiliation from the words around a name inside the source mention.

        'The US Department of State spokesman Robert Palladino' -> ('spokesman', 'US Department of State');
        'head of the Russian ... Center for Syrian Reconciliation Lt. Gen. Sergei Solomatin' -> ('Lt. Gen.,
        head', "Russian ... Center for Syrian Reconciliation");
        'X, president of the NAACP' -> ('president', 'NAACP').
        """
        pre = [t for t in content if t.i < person.start and not t.is_space]
        titles_in_name = [t for t in person if names.is_title(t.text) and t.i < person.end - 1]
        role_toks: list[Token] = []
        while pre and (
            names.is_title(pre[-1].text)
            or (pre[-1].i not in self.ix.ent_of_token and pre[-1].pos_ in ("NOUN", "PROPN", "ADJ"))
            or (pre[-1].text == "." and len(pre) > 1 and names.is_title(pre[-2].text))
        ):
            role_toks.insert(0, pre.pop())
        while pre and (pre[0].pos_ == "DET" or pre[0].is_punct):
            pre.pop(0)
        role_parts = [self._text(role_toks + titles_in_name)]
        # 'head of the ...': the leading noun is a role too, the rest its organisation.
        if len(pre) > 2 and pre[0].pos_ == "NOUN" and pre[1].lower_ == "of":
            role_parts.append(pre[0].text)
            pre = pre[2:]
            while pre and pre[0].pos_ == "DET":
                pre.pop(0)
        while pre and (pre[-1].is_punct or pre[-1].pos_ in ("ADP", "DET", "CCONJ")):
            pre.pop()
        affiliation = self._text(pre) or None
        if not any(role_parts):
            for t in content:
                if t.i >= person.end and t.dep_ == "appos" and t.pos_ == "NOUN":
                    role_parts = [t.text]
                    for c in t.children:
                        if c.dep_ == "prep" and c.lower_ in ("of", "at", "for"):
                            obj = [
                                x
                                for x in c.subtree
                                if x.i != c.i and x.pos_ != "DET" and x.i in {y.i for y in content}
                            ]
                            affiliation = affiliation or self._text(obj) or None
                    break
        role = ", ".join(p for p in role_parts if p) or None
        if affiliation and affiliation.endswith("'s"):
            affiliation = affiliation[:-2]
        return role, affiliation

    def _org_res(self, content: list[Token], root: Token, alias_text: str) -> Resolved:
        text = self.ix.org_name(content, root)
        if text and " " not in text and names.fold(text) in self.ix.org_short:
            return Resolved(self.ix.org_short[names.fold(text)], "ORG", alias=alias_text)
        ids = {t.i for t in content}
        also = []
        for c in root.conjuncts:
            if c.i in ids and (c.pos_ == "PROPN" or c.i in self.ix.ent_of_token):
                sub = [
                    t for t in c.subtree if t.i in ids and t.dep_ not in ("cc", "conj", "punct") or t.i == c.i
                ]
                other = self.ix.org_name(sub, c)
                if other and other != text:
                    also.append(other)
        if text and len(text.split()) <= 2 and self._known_person_word(text):
            if len(text.split()) == 1:
                return Resolved(self.resolve_short(text, root.idx, None), "PERSON", alias=alias_text)
            return Resolved(self.ix.longer_with_suffix(text) or text, "PERSON", alias=alias_text)
        ent = self.ix.ent_of_token.get(root.i)
        if ent is not None and ent.label_ == "NORP" and root.tag_ == "NNPS":
            return Resolved(self._generic(content, root), "GENERIC", alias=alias_text)
        return Resolved(text or None, "ORG" if text else None, alias=alias_text, also=also)
