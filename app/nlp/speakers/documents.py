"""Documents as sources: 'the poll shows', 'a WikiLeaks document', 'the Trump ad'.

An ad, statement or editorial with a named author is the author's voice (a person's ad is the
person's campaign); other documents get a short name (owner, year, proper modifiers, head:
'Quinnipiac poll'); an unnamed one ('a new poll') takes the nearest named document of its kind
(`name_documents`), and one nobody names stays a lowercase descriptor.
"""

from __future__ import annotations

from spacy.tokens import Token

from app.nlp import names
from app.nlp.models import Attribution
from app.nlp.speakers.lexicon import (
    AD_NOUNS,
    ALL_PRON,
    DOC_ADJECTIVES,
    DOC_CLASSES,
    GENERIC_DROP,
    MEDIA_WORDS,
    PART_NOUNS,
    VOICE_DOCS,
)
from app.nlp.speakers.records import Resolved
from app.nlp.speakers.state import ResolverState


class DocumentsMixin(ResolverState):
    def _author(self, root: Token) -> Resolved | None:
        self._author_via = ""
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        sub = [t for t in p.subtree if not t.is_punct]
                        r = self.resolve_tokens(sub, names.clean_text(" ".join(t.text for t in sub)))
                        if r.kind in ("ORG", "PERSON") and r.name:
                            self._author_via = "prep"
                            return r
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN"):
                if c.lower_ in ALL_PRON:
                    r = self.resolve_pronoun(c)
                else:
                    sub = [t for t in c.subtree if not t.is_punct and t.tag_ != "POS"]
                    r = self.resolve_tokens(sub, names.clean_text(" ".join(t.text for t in sub)))
                if r.kind in ("ORG", "PERSON") and r.name:
                    self._author_via = c.dep_
                    return r
        return None

    def _document_res(self, root: Token, content: list[Token], alias_text: str, pos: int) -> Resolved:
        lem, low = root.lemma_.lower(), root.lower_
        author = self._author(root)
        if author is not None and (low in VOICE_DOCS or lem in VOICE_DOCS):
            if low in AD_NOUNS or lem in AD_NOUNS:
                res = Resolved(
                    f"{author.name} campaign" if author.kind == "PERSON" else author.name,
                    "ORG",
                    alias=alias_text,
                )
                self.last_ad = res
                return res
            return Resolved(author.name, author.kind, alias=alias_text)
        if (
            author is None
            and lem in ("article", "piece", "story", "editorial", "column")
            and self._definite(root)
        ):
            # 'The article' in a piece about a newspaper's article: the newspaper speaking.
            m = self._recent(
                pos,
                ("ORG",),
                lambda m: bool(set(names.key_words(m.name)) & MEDIA_WORDS),
                max_sents=self.cfg.article_window,
            )
            if m:
                return Resolved(m.name, "ORG", alias=alias_text)
        if (low in AD_NOUNS or lem in AD_NOUNS) and self.last_ad is not None and self._definite(root):
            return Resolved(self.last_ad.name, self.last_ad.kind, alias=alias_text)
        if lem in ("statement", "release") and author is None:
            # "the statement said": the voice of whoever issued it, the latest organisation speaking.
            m = self._recent(pos, ("ORG",), lambda m: m.source, max_sents=self.cfg.statement_window)
            if m:
                return Resolved(m.name, "ORG", alias=alias_text)
        # Name = who it belongs to (a resolved possessor or 'by X') + its proper-noun modifiers as written.
        owner: str | None = None
        for c in root.children:
            if c.dep_ == "poss":
                r = (
                    self.resolve_pronoun(c)
                    if c.lower_ in ALL_PRON
                    else self.resolve_tokens(
                        [t for t in c.subtree if not t.is_punct and t.tag_ != "POS"], c.text
                    )
                )
                if r.name and r.kind in ("PERSON", "ORG"):
                    owner = r.name
        if owner is None and author is not None and author.name and self._author_via == "prep":
            owner = author.name
        # 'Data from the 2014 American Community Survey', 'Article 21 in the U.N. Charter': the named source.
        if lem in PART_NOUNS:
            for c in root.children:
                if c.dep_ == "prep" and c.lower_ in ("from", "in", "of"):
                    for p in c.children:
                        if p.dep_ == "pobj" and p.pos_ == "PROPN":
                            sub = [t for t in p.subtree if t.i in {x.i for x in content}]
                            inner = self._proper_modifiers(sub, p) if sub else []
                            name = names.clean_text(" ".join([*inner, p.text]))
                            if name:
                                return Resolved(name, "DOCUMENT", alias=alias_text)
        mods = self._proper_modifiers(content, root)
        if owner and mods and names.fold(mods[0]) in names.fold(owner):
            mods = mods[1:]
        if lem in ("poll", "survey"):
            # pollsters go by their short names: 'Quinnipiac University poll' -> 'Quinnipiac poll'
            mods = [" ".join(w for w in m.split() if w not in ("University", "College")) or m for m in mods]
        parts = [p for p in [owner, *mods] if p]
        if (
            not parts
            and root.tag_ == "NNS"
            and lem in ("statement", "report", "remark", "comment", "account", "claim")
            and not self._definite(root)
        ):
            # 'According to earlier statements': nobody's in particular.
            return Resolved(self._generic(content, root), "GENERIC", alias=alias_text)
        if parts:
            years = [
                t.text
                for t in content
                if t.i < root.i and t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20")
            ][:1]
            # a named treaty or survey keeps its capital ('1951 Refugee Convention'), a poll is a 'poll'
            ent = self.ix.ent_of_token.get(root.i)
            head = root.text if ent is not None and ent.label_ in ("LAW", "WORK_OF_ART", "EVENT") else low
            # the year goes after an author ('Justin Levitt 2014 study'), first otherwise
            words = [owner, *years, *mods] if owner else [*years, *mods]
            return Resolved(
                names.clean_text(" ".join([w for w in words if w] + [head])),
                "DOCUMENT",
                alias=alias_text,
                plural=root.tag_ == "NNS",
            )
        # "the poll" after "a new Quinnipiac poll": the latest document with that head noun.
        prev = self._recent(pos, ("DOCUMENT",), lambda m: m.name.lower().endswith(low))
        if prev:
            return Resolved(prev.name, "DOCUMENT", alias=alias_text, plural=root.tag_ == "NNS")
        # unnamed: 'a new poll' -> 'poll' (a named one of its kind may name it later, _name_documents)
        bare = [w.lower() for w in self._generic(content, root).split() if w.lower() not in DOC_ADJECTIVES]
        # qualified by what it is about when the mention says so: 'a review of records' -> 'records review'
        ids = {t.i for t in content}
        topic = next(
            (
                p
                for c in root.rights
                if c.dep_ == "prep" and c.lower_ in ("of", "on", "about", "into") and c.i in ids
                for p in c.children
                if p.dep_ == "pobj"
                and p.i in ids
                and p.pos_ in ("NOUN", "PROPN")
                and p.lower_ not in GENERIC_DROP
            ),
            None,
        )
        if topic is not None and len(bare) <= 2:
            mods = [t.text.lower() for t in topic.lefts if t.dep_ == "compound" and t.i in ids]
            bare = [*mods, topic.text.lower(), *(bare or [low])]
        return Resolved(" ".join(bare) or low, "DOCUMENT", alias=alias_text, plural=root.tag_ == "NNS")

    def _proper_modifiers(self, content: list[Token], root: Token) -> list[str]:
        """Proper-noun runs before the head as written: 'Reuters/Ipsos', 'Quinnipiac University'."""
        runs: list[str] = []
        cur: list[Token] = []
        for t in content:
            if t.i >= root.i:
                break
            if (
                t.tag_ == "POS"
                or t.dep_ == "poss"
                or any(a.dep_ == "poss" for a in t.ancestors if a.i < root.i)
            ):
                continue
            if t.pos_ == "PROPN" or (
                t.text[:1].isupper() and t.pos_ in ("NOUN", "ADJ") and t.i != content[0].i
            ):
                if cur and t.i > cur[-1].i + 1:
                    gap = self.doc[cur[-1].i + 1 : t.i]
                    if all(g.text in ("/", "-") for g in gap):
                        cur.extend(gap)
                    else:
                        runs.append(self.doc[cur[0].i : cur[-1].i + 1].text)
                        cur = []
                cur.append(t)
        if cur:
            runs.append(self.doc[cur[0].i : cur[-1].i + 1].text)
        out = []
        for r in runs:
            words = names.clean_text(r).split()
            while words and words[0].lower() in DOC_ADJECTIVES and words[1:2] != ["York"]:
                words = words[1:]
            text = " ".join(words)
            if text:
                out.append(names.canonical_org(text) or text)
        return out


def start_of(a: Attribution) -> int:
    spans = a.source or a.cue or a.content
    return min(s for s, _ in spans) if spans else 0


EMAIL_CLASS = next(k for k, cls in enumerate(DOC_CLASSES) if "email" in cls)


def doc_class(name: str) -> int | None:
    head = name.split()[-1].lower() if name.split() else ""
    return next((k for k, cls in enumerate(DOC_CLASSES) if head in cls), None)


def name_documents(results: dict[int, Resolved], attributions: list[Attribution]) -> None:
    """'A new poll' ... 'the latest Reuters/Ipsos poll' ... 'the poll': a document mentioned without a
    name takes the nearest named document of its kind (an earlier one first, else a later one)."""
    named = [
        (start_of(attributions[i]), r.name, doc_class(r.name), r.plural)
        for i, r in results.items()
        if r.kind == "DOCUMENT" and r.name and any(c.isupper() or c.isdigit() for c in r.name)
    ]
    if not named:
        return
    for i, r in results.items():
        if r.kind != "DOCUMENT" or not r.name or any(c.isupper() or c.isdigit() for c in r.name):
            continue
        cls = doc_class(r.name)
        if cls is None:
            continue
        pos = start_of(attributions[i])
        # one poll is not 'exit polls': number must agree; but one leaked email belongs to the
        # collection it was leaked in ('a leaked email' -> 'Podesta emails', SPEAKERS.md)
        same = [
            (p, n) for p, n, c, pl in named if c == cls and (pl == r.plural or (pl and cls == EMAIL_CLASS))
        ]
        before = [x for x in same if x[0] <= pos]
        pick = before[-1] if before else (same[0] if same else None)
        if pick:
            r.name = pick[1]
