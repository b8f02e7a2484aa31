"""The resolver: one article's attributions in, canonical speakers out.

`resolve_speakers(doc, attributions)` reads the attributions in text order (first-person sources
last: 'I' needs the speaker of the quote around it) and resolves each source mention by its
syntactic head: pronouns and descriptions (`references`), names (`people`), documents
(`documents`), after repairing the span (`repair`). The rules follow shared/eval/SPEAKERS.md; why
each rule is there is in docs/speakers.md.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from app.nlp import names
from app.nlp.models import Attribution, Speaker, SpeakerKind
from app.nlp.speakers.config import DEFAULT, SpeakerConfig
from app.nlp.speakers.documents import DocumentsMixin, name_documents, start_of
from app.nlp.speakers.index import ArticleIndex
from app.nlp.speakers.lexicon import (
    AD_NOUNS,
    ALL_PRON,
    DOC_NOUNS,
    FIRST_PRON,
    ORG_NOUNS,
    PERSON_ROLE_NOUNS,
)
from app.nlp.speakers.people import PeopleMixin
from app.nlp.speakers.records import KnownEntity, Mention, Resolved
from app.nlp.speakers.references import ReferencesMixin
from app.nlp.speakers.repair import RepairMixin


class Resolver(PeopleMixin, DocumentsMixin, ReferencesMixin, RepairMixin):
    def __init__(self, doc: Doc, cfg: SpeakerConfig = DEFAULT) -> None:
        super().__init__(ArticleIndex(doc), cfg)
        self._register_index()
        self.signatures, self.bio_author = self._authors()

    def _register_index(self) -> None:
        """The index's people and organisations become the first known entities and mentions."""
        for span in self.ix.person_spans:
            res = self._person_from_span(span)
            if res is None or res.name is None:
                continue
            ent = self.register(res.name, "PERSON", alias=res.alias, gender=res.gender)
            ent.role_words.update(self._role_words_around(span))
            self.add_mention(
                Mention(span.start_char, res.name, "PERSON", self.ix.is_subject(span.root), False)
            )
        for ne in self.ix.named_entities:
            e = ne.ent
            if ne.person_word:
                name = self.resolve_short(e.text, e.start_char, None)
                self.register(name, "PERSON", alias=e.text)
                self.add_mention(Mention(e.start_char, name, "PERSON", self.ix.is_subject(e.root), False))
                continue
            self.register(ne.name, "ORG")
            self.add_mention(
                Mention(
                    e.start_char, ne.name, "ORG", self.ix.is_subject(e.root), False, plural=e.label_ == "NORP"
                )
            )

    def _authors(self) -> tuple[list[tuple[int, str]], str | None]:
        """Who 'I' is outside quotes: letter signatures ('John Gorra.', '@casawhitby.') after each
        letter, or an op-ed's closing bio ('Charlotte Meehan is playwright-in-residence ...')."""
        text = self.text
        sigs: list[tuple[int, str]] = []
        bio: str | None = None
        pos = 0
        paras: list[tuple[int, str]] = []
        for line in text.split("\n"):
            if line.strip():
                paras.append((pos + len(line) - len(line.lstrip()), line.strip()))
            pos += len(line) + 1
        for start, line in paras:
            bare = line.rstrip(".").strip()
            if bare.startswith("@") and " " not in bare:
                sigs.append((start, bare))
                continue
            if len(bare.split()) > 4:
                continue
            person = next((sp for sp in self.ix.person_spans if sp.start_char == start), None)
            if person is not None and person.end_char >= start + len(bare) - 1:
                res = self._person_from_span(person)
                if res and res.name:
                    sigs.append((start, res.name))
        for start, _line in paras[-3:]:
            person = next((sp for sp in self.ix.person_spans if sp.start_char == start), None)
            if person is None or person.end >= len(self.doc):
                continue
            nxt = self.doc[person.end]
            if (
                nxt.lower_ in ("is", "was", ",")
                and len(names.person_name(self.ix.span_words(person)).split()) >= 2
            ):
                res = self._person_from_span(person)
                bio = res.name if res else None
        return sigs, bio

    def resolve_tokens(self, toks: list[Token], alias_text: str) -> Resolved:
        res = self._resolve_tokens(toks, alias_text)
        if res.kind == "PERSON" and not res.also:
            # 'Trump and Pence' however NER labelled it: named co-sources go to `also`.
            content = [t for t in toks if not t.is_punct and not t.is_space]
            if len(content) > 2:
                ids = {t.i for t in content}
                root = self.root_of(content)
                for c in root.conjuncts:
                    if c.i not in ids or c.pos_ != "PROPN":
                        continue
                    sub = [t for t in c.subtree if t.i in ids and t.dep_ not in ("cc", "conj")] or [c]
                    o = self._resolve_tokens(sub, c.text)
                    if o.kind == "PERSON" and o.name and o.name != res.name and o.name not in res.also:
                        res.also.append(o.name)
        return res

    def _resolve_tokens(self, toks: list[Token], alias_text: str) -> Resolved:
        content = [t for t in toks if not t.is_space and not t.is_punct]
        while content and content[-1].tag_ == "POS":
            content.pop()
        if not content:
            return Resolved(None, None)
        pos = content[0].idx
        if len(content) == 1 and content[0].lower_ in ALL_PRON:
            return self.resolve_pronoun(content[0])
        root = self.root_of(content)
        if root.lower_ in ALL_PRON and root.i not in self.ix.person_at:
            return self.resolve_pronoun(root)
        ids = {t.i for t in content}
        # Named person: the person at the head, or the one the head introduces ("one of the attorneys, X").
        in_span = [sp for sp in self.ix.person_spans if sp.start in ids or (sp.end - 1) in ids]
        head_person = self.ix.person_at.get(root.i)
        if head_person is not None and head_person not in in_span:
            head_person = None
        low, lem = root.lower_, root.lemma_.lower()
        if head_person is None and root.tag_ in ("NNS", "NNPS"):
            # 'Proponents, including the United States Conference of Mayors': the named member speaks.
            for c in root.children:
                if c.dep_ == "prep" and c.lower_ in ("including", "like", "as"):
                    obj = [p for p in c.children if p.dep_ == "pobj" and p.i in ids]
                    if obj:
                        sub = [t for t in obj[0].subtree if t.i in ids and not t.is_punct]
                        member = self.resolve_tokens(sub, names.clean_text(" ".join(t.text for t in sub)))
                        if member.kind in ("PERSON", "ORG") and member.name:
                            return member
        if (
            head_person is None
            and root.pos_ in ("NOUN", "PROPN", "NUM", "PRON")
            and low not in ("campaign", "team", "camp")
        ):
            for sp in in_span:
                dep = sp.root.dep_
                if dep in ("appos", "conj") and sp.root.head.i in ids:
                    head_person = sp
                    break
                if (
                    dep == "compound"
                    and sp.root.head.i == root.i
                    and lem in PERSON_ROLE_NOUNS
                    and root.pos_ != "PROPN"
                ):
                    head_person = None
        if head_person is None and (lem in PERSON_ROLE_NOUNS or lem in ("head", "member", "one")):
            # 'head of the ... Center for Syrian Reconciliation Lt. Gen. Sergei Solomatin': the role's
            # holder is the name closing the mention (not a possessor: "Pagliano's lawyer").
            named = [
                sp
                for sp in in_span
                if sp.end < len(self.doc)
                and self.doc[sp.end].tag_ != "POS"
                and sp.start > root.i
                and self.doc[sp.start - 1].pos_ != "ADP"
            ]
            if named:
                head_person = named[-1]
        if head_person is None and in_span and in_span[0].start == content[0].i:
            # A mention that opens with a name not used as a possessor: the name is the speaker
            # ('Elizabeth Warren Hammers Wells Fargo CEO' in a headline).
            first = in_span[0]
            if first.end < len(self.doc) and self.doc[first.end].tag_ != "POS" and first.root.dep_ != "poss":
                head_person = first
        if head_person is None and in_span:
            # '<affiliation> <role> <Name>' however it was parsed ('Tulsa police Chief Chuck Jordan'
            # with 'Tulsa' taken for a verb): the closing name right after a title speaks
            last_sp = in_span[-1]
            lead = [t for t in content if t.i < last_sp.start]
            if (
                last_sp.end - 1 == content[-1].i
                and lead
                and not any(t.pos_ == "ADP" or t.lemma_.lower() in DOC_NOUNS for t in lead)
            ):
                prev = self.doc[last_sp.start - 1]
                if prev.i in ids and (names.is_title(prev.text) or prev.lower_ in PERSON_ROLE_NOUNS):
                    head_person = last_sp
        if head_person is not None:
            return self._person_res(head_person, content, in_span)
        # A capitalised word that is a known surname, NER missed or called it ORG ('Sanders', 'WALLACE').
        props = [t for t in content if t.pos_ not in ("DET",) and t.tag_ != "POS"]
        if (
            len(props) == 1
            and props[0].text[:1].isupper()
            and "." not in props[0].text
            and names.canonical_org(props[0].text) is None
            and self._known_person_word(props[0].text)
        ):
            return Resolved(self.resolve_short(props[0].text, pos, None), "PERSON", alias=alias_text)
        # Campaigns: "Trump campaign", "his campaign", "Clinton's team", "the Clinton ad".
        if low in ("campaign", "camp", "team") or (low in AD_NOUNS and self._owner(root) is not None):
            camp_owner = self._owner(root)
            if camp_owner is not None and camp_owner.kind == "PERSON" and camp_owner.name:
                res = Resolved(f"{camp_owner.name} campaign", "ORG", alias=alias_text)
                if low in AD_NOUNS:
                    self.last_ad = res
                return res
            if low in ("campaign", "camp"):
                prev_camp = self._recent(pos, ("ORG",), lambda m: m.name.endswith(" campaign"))
                if prev_camp:
                    return Resolved(prev_camp.name, "ORG", alias=alias_text)
        root_ent = self.ix.ent_of_token.get(root.i)
        if (
            root.pos_ == "PROPN"
            and low in PERSON_ROLE_NOUNS
            and (root_ent is None or root_ent.root.i == root.i)
        ):
            # Headline title case: 'Judge Rejects ...', 'Former White House Doctor Says ...'.
            r = self._role_description(root, pos, alias_text, lem=low)
            if r is not None:
                return r
        if (lem in DOC_NOUNS or low in DOC_NOUNS) and not (root.pos_ == "PROPN" and root_ent is not None):
            return self._document_res(root, content, alias_text, pos)
        # 'the Times', 'The Post': the article's own Tampa Bay Times / New York Post if it has one.
        if low in ("times", "post", "journal", "tribune", "herald", "globe") and len(content) <= 2:
            m = self._recent(
                pos, ("ORG",), lambda m: names.key_words(m.name)[-1:] == [low] and len(m.name.split()) > 1
            )
            if m:
                return Resolved(m.name, "ORG", alias=alias_text)
        # A role the article has given someone ('President Erdogan' ... 'the president') before the
        # domain's default holder of that role.
        if lem in PERSON_ROLE_NOUNS and root.tag_ == "NN" and self._definite(root) and len(content) <= 3:
            m = self._recent(
                pos,
                ("PERSON",),
                lambda m: lem in self.ents.get(m.name, KnownEntity("", "PERSON")).role_words,
                max_sents=self.cfg.role_window,
            )
            if m is not None:
                return Resolved(m.name, "PERSON", alias=alias_text)
        # Domain descriptions ("the Republican nominee") and organisation aliases ("the bureau").
        desc_text = " ".join(t.text for t in content if t.i <= root.i)
        for text in (desc_text, self._with_of(content, root)):
            d = names.description(text)
            if d and d[0]:
                return Resolved(d[0], d[1], alias=alias_text)  # type: ignore[arg-type]
            org_alias = names.canonical_org(text)
            if org_alias:
                return Resolved(org_alias, "ORG", alias=alias_text)
        acr = self.ix.acronyms.get(names.fold(desc_text).removeprefix("the ").replace(".", ""))
        if acr:
            return Resolved(acr, "ORG", alias=alias_text)
        ent = self.ix.ent_of_token.get(root.i)
        label = ent.label_ if ent is not None else ""
        if label in ("ORG", "GPE", "FAC", "WORK_OF_ART", "PRODUCT", "LOC") or (
            root.pos_ == "PROPN" and label != "NORP" and root.tag_ != "NNPS" and root.text[:1].isupper()
        ):
            return self._org_res(content, root, alias_text)
        if (
            root.tag_ in ("NN", "NNP")
            and (
                self._definite(root)
                or lem in PERSON_ROLE_NOUNS
                or (
                    lem in ORG_NOUNS
                    and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in root.children)
                )
            )
        ) or lem == "police":
            r = self._role_description(root, pos, alias_text)
            if r is not None:
                return r
        return Resolved(self._generic(content, root), "GENERIC", alias=alias_text)

    def _owner(self, root: Token) -> Resolved | None:
        for c in root.children:
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN"):
                if c.lower_ in ALL_PRON:
                    return self.resolve_pronoun(c)
                sub = [t for t in c.subtree if not t.is_punct and t.tag_ != "POS"]
                if sub:
                    return self.resolve_tokens(sub, names.clean_text(" ".join(t.text for t in sub)))
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from", "for", "by"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        sub = [t for t in p.subtree if not t.is_punct]
                        return self.resolve_tokens(sub, names.clean_text(" ".join(t.text for t in sub)))
        return None

    def resolve(self, a: Attribution) -> Resolved:
        toks = self.tokens_of(a.source)
        inside = bool(toks) and all(any(s <= t.idx < e for s, e in a.content) for t in toks)
        # a quote signed '"..." ― Name', or a transcript turn 'NAME: ...': for a source-less (or
        # implausible, inside-the-quote) attribution anywhere in the turn, for any attribution whose
        # content opens the turn
        labelled = self._labelled_speaker(a, strict=bool(toks) and not inside)
        if labelled is not None:
            return labelled
        repaired = self._repair_source(toks, a) if toks else []
        alias = names.clean_text(" ".join(self.text[s:e] for s, e in a.source))
        if repaired != toks:
            alias = names.clean_text(" ".join(t.text for t in repaired))
        toks = repaired
        if toks and a.cue:
            # a tagged source with no syntactic tie to its cue verb while the verb has a subject of
            # its own ('Donald Trump, who had talked about ...' tagged with source 'she'): the subject
            sub = self._finite_subject(a)
            if sub and not ({t.i for t in sub} & {t.i for t in toks}) and not self._linked(toks, a):
                toks = sub
                alias = names.clean_text(" ".join(t.text for t in toks))
        if not toks:
            sub = self.subject_of_cue(a) or self._subject_of_content(a)
            if not sub:
                return self._continuing_speaker(a)
            toks = sub
            alias = alias or names.clean_text(" ".join(t.text for t in toks))
        return self.resolve_tokens(toks, alias)


def resolve_speakers(
    doc: Doc, attributions: list[Attribution], cfg: SpeakerConfig = DEFAULT
) -> tuple[list[Attribution], list[Speaker]]:
    """Fill `speaker`, `speaker_kind`, `also` of each attribution; return them and the article's speakers."""
    r = Resolver(doc, cfg)
    text = r.text

    def first_person(a: Attribution) -> bool:
        return " ".join(text[s:e] for s, e in a.source).strip().lower() in FIRST_PRON

    # Text order, first-person sources last: 'I' needs the speaker of the quote around it.
    order = sorted(
        range(len(attributions)), key=lambda i: (first_person(attributions[i]), start_of(attributions[i]))
    )
    results: dict[int, Resolved] = {}
    for i in order:
        a = attributions[i]
        res = r.resolve(a)
        if res.name is None:
            res.kind = None
        results[i] = res
        if res.name and res.kind:
            ent = r.register(
                res.name,
                res.kind,
                alias=res.alias if res.kind != "GENERIC" else None,
                gender=res.gender,
                role=res.role,
                affiliation=res.affiliation,
            )
            if res.kind == "PERSON" and res.role:
                ent.role_words.update(names.role_words(res.role))
            r.add_mention(Mention(start_of(a), res.name, res.kind, True, True, plural=bool(res.also)))
            r.contents.append((list(a.content), res, r.sent_of(start_of(a))))
    name_documents(results, attributions)
    for res in results.values():
        if res.kind == "DOCUMENT" and res.name and not any(c.isupper() or c.isdigit() for c in res.name):
            # a document nobody named ('polls', 'the video') is a descriptor, not an identity: it must
            # not become one Speaker across articles
            res.kind = "GENERIC"
    out: list[Attribution] = []
    used: dict[str, Speaker] = {}
    for i, a in enumerate(attributions):
        res = results[i]
        out.append(
            a.model_copy(update={"speaker": res.name, "speaker_kind": res.kind, "also": list(res.also)})
        )
        for n in [res.name, *res.also]:
            if not n or n in used:
                continue
            known = r.ents.get(n)
            fallback: SpeakerKind = "PERSON" if n in res.also else res.kind or "GENERIC"
            kind: SpeakerKind = known.kind if known and res.kind != "GENERIC" else fallback
            used[n] = Speaker(
                name=n,
                kind=kind,
                aliases=list(known.aliases) if known else [],
                role=known.role if known else None,
                affiliation=known.affiliation if known else None,
            )
    return out, list(used.values())
