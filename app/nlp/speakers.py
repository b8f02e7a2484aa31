"""Speaker resolution inside an article.

Contract: `resolve_speakers(doc, attributions)` returns the attributions with
`speaker`/`speaker_kind` (and `also`) filled and the article's `Speaker` list.
Spans are character offsets into `doc.text`; the Doc is already parsed, nothing
is re-parsed here.

How a source mention becomes a canonical speaker (rules in shared/eval/SPEAKERS.md):

1. A pre-pass over the Doc's PERSON entities builds the article's people: full
   names (titles, initials, possessives dropped; domain variants folded, e.g.
   'Donald J. Trump' -> 'Donald Trump'), each with gender (first name, Mr./Ms.),
   role and affiliation words found around the mention, and a timeline of
   mentions. A bare surname ('Solomatin', 'Mr. Trump') maps to the full name in
   the article with that surname (gender-compatible), else to the domain default
   (`names.default_for_short`).
2. Each attribution, in text order, resolves its source span by its syntactic
   head: pronouns by antecedent search over the timeline (gender, sentence
   distance, subjects and earlier sources preferred; 'I'/'we' inside a quote to
   the quote's speaker; 'who'/'which' to the noun the clause modifies); names to
   the people above; organisations to their written full name minus the article
   (domain aliases: 'the F.B.I.' -> 'FBI'); descriptions ('the senator', 'the
   bureau', 'his campaign') to the article entity with that role, or the domain
   description table; documents to a short name; anything else to a GENERIC
   lowercase descriptor. A source-less attribution takes the subject of its cue
   verb (or of the verb it is coordinated with: 'he said ... and added').
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from app.nlp import names
from app.nlp.models import Attribution, Speaker, SpeakerKind
from app.nlp.names import word_set

log = logging.getLogger(__name__)

MALE_PRON = frozenset({"he", "him", "his", "himself"})
FEMALE_PRON = frozenset({"she", "her", "hers", "herself"})
FIRST_PRON = frozenset({"i", "me", "my", "we", "us", "our", "myself", "ourselves", "mine"})
PLURAL_PRON = frozenset({"they", "them", "their", "themselves", "theirs"})
NEUTER_PRON = frozenset({"it", "its", "itself"})
RELATIVE_PRON = frozenset({"who", "which", "that", "whom", "whose"})
SECOND_PRON = frozenset({"you", "your", "yourself"})
ALL_PRON = MALE_PRON | FEMALE_PRON | FIRST_PRON | PLURAL_PRON | NEUTER_PRON | RELATIVE_PRON | SECOND_PRON

# Head nouns that make the source a document speaking ("the poll shows").
DOC_NOUNS = word_set(
    """
    poll polls survey surveys report reports study studies analysis analyses email emails e-mail
    e-mails memo memos video videos data letter letters document documents filing filings ruling
    rulings record records return returns website site tweet tweets ad ads advertisement book
    article story editorial column review audit findings figures numbers estimate estimates
    projection projections forecast transcript transcripts footage recording recordings tape tapes
    release statement statements complaint lawsuit indictment budget plan proposal platform law bill
    constitution convention treaty guidelines research chart page account message messages text
    texts cable cables dossier motion order decision opinion verdict index average tally results
    census model documents records webpage post posts blog petition resolution agreement
    """
)
# Documents that are just the voice of a named author organisation ("a report by Politico" -> Politico).
VOICE_DOCS = frozenset(
    {
        "editorial",
        "report",
        "story",
        "article",
        "column",
        "analysis",
        "investigation",
        "review",
        "website",
        "site",
        "post",
        "blog",
        "statement",
    }
)
# Head nouns of descriptions that stand for an organisation mentioned elsewhere in the article.
ORG_NOUNS = word_set(
    """
    agency department bureau company firm group organization organisation committee administration
    ministry government court newspaper paper network channel outlet publication magazine party
    union association foundation institute center centre council board office team police university
    commission panel embassy army military coalition alliance fund bank corporation network station
    service house senate
    """
)
MEDIA_WORDS = frozenset(
    {
        "times",
        "post",
        "journal",
        "news",
        "cnn",
        "msnbc",
        "politico",
        "tribune",
        "herald",
        "globe",
        "reuters",
        "press",
        "magazine",
        "beast",
        "hill",
        "huffington",
        "breitbart",
        "guardian",
        "telegraph",
        "bbc",
        "npr",
        "abc",
        "cbs",
        "nbc",
        "fox",
        "daily",
        "gazette",
    }
)
# Determiners and quantifiers dropped from GENERIC descriptors ("some Republicans" -> "Republicans").
GENERIC_DROP = word_set(
    """
    a an the some many most several few all both any other others these those this that such more
    much numerous various certain each every one two three four five six seven eight nine ten dozens
    dozen hundreds thousands millions scores lots lot of
    """
)
PERSON_ROLE_NOUNS = word_set(
    """
    senator president governor spokesman spokeswoman spokesperson attorney lawyer nominee candidate
    official mayor judge chairman chairwoman director secretary minister ambassador congressman
    congresswoman representative leader chief executive founder economist analyst professor author
    writer reporter columnist host anchor commentator adviser advisor aide strategist manager
    surrogate businessman mogul billionaire general commander officer sheriff prosecutor lawmaker
    speaker sen rep gov wife husband widow mother father son daughter brother sister doctor
    physician
    """
)


@dataclass
class _Ent:
    name: str
    kind: SpeakerKind
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    role_words: set[str] = field(default_factory=set)


@dataclass
class _Mention:
    start: int
    name: str
    kind: SpeakerKind
    subject: bool
    source: bool


@dataclass
class _Res:
    name: str | None
    kind: SpeakerKind | None
    also: list[str] = field(default_factory=list)
    alias: str | None = None
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None


class _Resolver:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.ents: dict[str, _Ent] = {}
        self.timeline: list[_Mention] = []
        self._starts: list[int] = []
        self.sent_starts = [s.start_char for s in doc.sents]
        self.person_spans: list[Span] = [e for e in doc.ents if e.label_ == "PERSON"]
        self.ent_of_token: dict[int, Span] = {}
        for e in doc.ents:
            for t in e:
                self.ent_of_token[t.i] = e
        # (attribution content spans, resolved speaker) for 'I'/'we' inside quotes
        self.contents: list[tuple[list[tuple[int, int]], _Res]] = []
        self._prepass()

    # ---- registry -------------------------------------------------------------------------------------

    def sent_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def add_mention(self, start: int, name: str, kind: SpeakerKind, subject: bool, source: bool) -> None:
        k = bisect.bisect_right(self._starts, start)
        self._starts.insert(k, start)
        self.timeline.insert(k, _Mention(start, name, kind, subject, source))

    def register(
        self,
        name: str,
        kind: SpeakerKind,
        alias: str | None = None,
        gender: str | None = None,
        role: str | None = None,
        affiliation: str | None = None,
    ) -> _Ent:
        ent = self.ents.get(name)
        if ent is None:
            ent = _Ent(name=name, kind=kind)
            if kind == "PERSON":
                ent.gender = names.gender_of_first(name)
            self.ents[name] = ent
        if gender and not ent.gender:
            ent.gender = gender
        if alias and alias != name and alias not in ent.aliases and alias.lower() not in ALL_PRON:
            ent.aliases.append(alias)
        if role:
            ent.role = ent.role or role
            ent.role_words.update(names.key_words(role))
        if affiliation:
            ent.affiliation = ent.affiliation or affiliation
        return ent

    def _title_before(self, span: Span) -> list[Token]:
        """Title/role tokens right before a name span: 'Russian Foreign Minister' of '... Sergey Lavrov'."""
        out: list[Token] = []
        i = span.start - 1
        while i >= 0 and span.start - i <= 4:
            t = self.doc[i]
            if t.i in self.ent_of_token or t.is_punct or t.pos_ not in ("PROPN", "NOUN"):
                break
            out.insert(0, t)
            i -= 1
        return out

    def _prepass(self) -> None:
        full: list[tuple[Span, str]] = []
        short: list[Span] = []
        for span in self.person_spans:
            words = [t.text for t in span]
            name = names.person_name(words)
            if not name:
                continue
            if len(name.split()) >= 2:
                full.append((span, names.canonical_person(name)))
            else:
                short.append(span)
        for span, name in full:
            gender = self._gender_from_titles(span)
            titles = [t.text for t in self._title_before(span)] + [
                t.text for t in span if names.is_title(t.text) and t.i < span.end - 1
            ]
            role = " ".join(titles) if titles else None
            ent = self.register(name, "PERSON", alias=names.clean_text(span.text), gender=gender, role=role)
            ent.role_words.update(w for t in self._title_before(span) for w in names.key_words(t.text))
            self.add_mention(span.start_char, name, "PERSON", self._is_subject(span.root), False)
        self.full_people = [(span.start_char, name) for span, name in full]
        for span in short:
            words = [t.text for t in span]
            word = names.person_name(words)
            name = self.resolve_short(word, span.start_char, self._gender_from_titles(span))
            ent = self.register(
                name, "PERSON", alias=names.clean_text(span.text), gender=self._gender_from_titles(span)
            )
            ent.role_words.update(w for t in self._title_before(span) for w in names.key_words(t.text))
            self.add_mention(span.start_char, name, "PERSON", self._is_subject(span.root), False)

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

    @staticmethod
    def _is_subject(tok: Token) -> bool:
        return tok.dep_ in ("nsubj", "nsubjpass") or (
            tok.dep_ in ("compound", "appos") and tok.head.dep_ in ("nsubj", "nsubjpass")
        )

    def resolve_short(self, word: str, pos: int, gender: str | None) -> str:
        """A single-word person mention -> full name in this article, else the domain default."""
        key = names.fold(word)
        default = names.default_for_short(word)
        cands = [(p, n) for p, n in self.full_people if names.surname(n) == key]
        if not cands:
            cands = [(p, n) for p, n in self.full_people if names.first_name(n) == key]
        if gender:
            g = [(p, n) for p, n in cands if self.ents[n].gender in (None, gender)]
            cands = g or cands
            if default and names.gender_of_first(default) not in (None, gender):
                default = None
        if default and (not cands or any(n == default for _, n in cands)):
            return default
        if cands:
            before = [c for c in cands if c[0] <= pos]
            return (before[-1] if before else cands[0])[1]
        if default:
            return default
        return word

    # ---- mention resolution -----------------------------------------------------------------------------

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
        ids = {t.i for t in toks}
        for t in toks:
            if t.head.i not in ids or t.head.i == t.i:
                if not t.is_punct:
                    return t
        return toks[0]

    def resolve_tokens(self, toks: list[Token], alias_text: str) -> _Res:
        toks = [t for t in toks if not t.is_space]
        content = [t for t in toks if not t.is_punct]
        if not content:
            return _Res(None, None)
        pos = content[0].idx
        if len(content) == 1 and content[0].lower_ in ALL_PRON:
            return self.resolve_pronoun(content[0])
        # "which/who" heading a longer span, e.g. 'who' plus a stray comma
        root = self.root_of(content)
        people = [e for e in self.person_spans if e.start <= root.i < e.end]
        if root.lower_ in ALL_PRON and not people:
            return self.resolve_pronoun(root)
        ids = {t.i for t in content}
        # Named person: the PERSON entity at the head, or the one the head introduces ("one of the attorneys, X").
        in_span = [e for e in self.person_spans if e.start in ids or (e.end - 1) in ids]
        head_person = next((e for e in in_span if e.start <= root.i < e.end), None)
        if (
            head_person is None
            and root.pos_ in ("NOUN", "PROPN", "NUM", "PRON")
            and root.lower_ != "campaign"
        ):
            head_person = next(
                (
                    e
                    for e in in_span
                    if e.root.dep_ in ("appos", "conj")
                    or e.root.head.i == root.i
                    and e.root.dep_ == "compound"
                ),
                None,
            )
            if (
                head_person is not None
                and head_person.root.dep_ == "compound"
                and root.lemma_.lower() in DOC_NOUNS
            ):
                head_person = None
            if (
                head_person is not None
                and root.lemma_.lower() not in PERSON_ROLE_NOUNS
                and root.lower_ != "one"
                and root.pos_ != "PROPN"
                and head_person.root.dep_ == "compound"
            ):
                head_person = None
        if head_person is not None:
            return self._person_res(head_person, content, alias_text, in_span)
        lem = root.lemma_.lower()
        low = root.lower_
        # Campaigns: "Trump campaign", "his campaign", "Clinton's campaign".
        if low in ("campaign", "camp") or (low in ("ad", "advertisement") and self._owner(root) is not None):
            owner = self._owner(root)
            if owner is not None and owner.kind == "PERSON" and owner.name:
                return _Res(f"{owner.name} campaign", "ORG", alias=alias_text)
            if low in ("campaign", "camp"):
                prev = self._recent(pos, kinds=("ORG",), pred=lambda m: m.name.endswith(" campaign"))
                if prev:
                    return _Res(prev.name, "ORG", alias=alias_text)
        # Documents: "a new Quinnipiac poll", "a report by Politico" (-> Politico, ORG).
        if lem in DOC_NOUNS or low in DOC_NOUNS:
            return self._document_res(root, content, alias_text, pos)
        # Domain descriptions ("the Republican nominee") and role descriptions ("the senator").
        desc_text = " ".join(t.text for t in content if t.i <= root.i)
        d = names.description(desc_text)
        if d and d[0]:
            return _Res(d[0], d[1], alias=alias_text)  # type: ignore[arg-type]
        org_alias = names.canonical_org(desc_text)
        if org_alias:
            return _Res(org_alias, "ORG", alias=alias_text)
        ent = self.ent_of_token.get(root.i)
        if ent is not None and ent.label_ in ("ORG", "GPE", "FAC", "WORK_OF_ART", "PRODUCT", "LOC"):
            return self._org_res(content, root, alias_text)
        if (
            root.pos_ == "PROPN"
            and not (ent is not None and ent.label_ == "NORP")
            and not root.tag_ == "NNPS"
        ):
            return self._org_res(content, root, alias_text)
        if root.tag_ in ("NN",) and self._definite(root):
            r = self._role_description(root, pos, alias_text, desc_text)
            if r is not None:
                return r
        return _Res(self._generic(content, root), "GENERIC", alias=alias_text)

    def _definite(self, root: Token) -> bool:
        return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in root.children) or any(
            c.dep_ == "compound" for c in root.children
        )

    def _owner(self, root: Token) -> _Res | None:
        for c in root.children:
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN"):
                if c.lower_ in ALL_PRON:
                    return self.resolve_pronoun(c)
                sub = [t for t in c.subtree if not t.is_punct and t.lower_ not in ("'s", "’s", "'")]
                if sub:
                    r = self.resolve_tokens(sub, names.clean_text(" ".join(t.text for t in sub)))
                    if r.kind == "ORG" and r.name and len(r.name.split()) == 1:
                        # NER often misses a bare surname used as a modifier ("Trump campaign").
                        full = self.resolve_short(r.name, c.idx, None)
                        if full != r.name or names.default_for_short(r.name):
                            return _Res(full, "PERSON")
                    return r
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "from", "for", "by"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        sub = [t for t in p.subtree if not t.is_punct]
                        return self.resolve_tokens(sub, names.clean_text(" ".join(t.text for t in sub)))
        return None

    def _person_res(self, span: Span, content: list[Token], alias_text: str, in_span: list[Span]) -> _Res:
        word_name = names.person_name([t.text for t in span])
        gender = self._gender_from_titles(span)
        if len(word_name.split()) >= 2:
            name = names.canonical_person(word_name)
        else:
            name = self.resolve_short(word_name, span.start_char, gender)
        # Co-sources joined by "and": "Trump and Pence".
        also: list[str] = []
        conj_ids = {t.i for t in span.root.conjuncts}
        for other in in_span:
            if other is span or other.root.i not in conj_ids:
                continue
            w = names.person_name([t.text for t in other])
            o = (
                names.canonical_person(w)
                if len(w.split()) >= 2
                else self.resolve_short(w, other.start_char, None)
            )
            if o and o != name and o not in also:
                also.append(o)
        role, affiliation = self._role_affiliation(span, content)
        return _Res(
            name,
            "PERSON",
            also=also,
            alias=names.clean_text(span.text),
            role=role,
            affiliation=affiliation,
            gender=gender,
        )

    def _role_affiliation(self, person: Span, content: list[Token]) -> tuple[str | None, str | None]:
        """Role words and affiliating organisation around a name inside the source mention."""
        ids = {t.i for t in content}
        affiliation = None
        for e in self.doc.ents:
            if e.label_ in ("ORG", "GPE", "NORP") and e.start in ids and e is not person:
                if affiliation is None or len(e.text) > len(affiliation):
                    affiliation = names.clean_text(e.text)
                    if affiliation.lower().startswith("the "):
                        affiliation = affiliation[4:]
        role_toks: list[Token] = []
        for t in content:
            if t.i >= person.start:
                break
            if t.is_punct or t.pos_ in ("DET", "ADP", "PART") or t.i in self.ent_of_token:
                role_toks = [] if t.i in self.ent_of_token or t.pos_ == "ADP" else role_toks
                continue
            role_toks.append(t)
        role_toks += [t for t in person if names.is_title(t.text) and t.i < person.end - 1]
        if not role_toks:
            # appositive after the name: "Cornell Brooks, president of the NAACP"
            for t in content:
                if t.i >= person.end and t.dep_ == "appos" and t.pos_ == "NOUN":
                    role_toks = [t]
                    break
        role = names.clean_text(" ".join(t.text for t in role_toks)) or None
        return role, affiliation

    def _document_res(self, root: Token, content: list[Token], alias_text: str, pos: int) -> _Res:
        lem = root.lemma_.lower()
        author = None
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                for p in c.children:
                    if p.dep_ == "pobj" and (p.pos_ == "PROPN" or p.i in self.ent_of_token):
                        sub = [t for t in p.subtree if not t.is_punct]
                        author = self.resolve_tokens(sub, names.clean_text(" ".join(t.text for t in sub)))
        if author is not None and author.kind in ("ORG", "PERSON") and lem in VOICE_DOCS:
            return _Res(author.name, author.kind, alias=alias_text)
        mods: list[str] = []
        for t in content:
            if t.i >= root.i:
                break
            if t.dep_ == "poss" and t.lower_ in ALL_PRON:
                owner = self.resolve_pronoun(t)
                if owner.name and owner.kind in ("PERSON", "ORG"):
                    mods.append(owner.name)
                continue
            if t.pos_ == "PROPN" or (t.dep_ == "compound" and t.pos_ == "NOUN"):
                mods.append(t.text.replace("\u2019", "'"))
        mods = [m[:-2] if m.endswith("'s") else m for m in mods if m not in ("'s", "'")]
        if author is not None and author.name and author.kind in ("ORG", "PERSON"):
            mods.insert(0, author.name)
        if mods:
            name = names.clean_text(" ".join([*mods, root.text.lower()]))
            name = names.canonical_person(name) if False else name
            return _Res(name, "DOCUMENT", alias=alias_text)
        # "the poll" after "a new Quinnipiac poll": the latest document with that head noun.
        head = root.text.lower()
        prev = self._recent(pos, kinds=("DOCUMENT",), pred=lambda m: m.name.lower().endswith(head))
        if prev:
            return _Res(prev.name, "DOCUMENT", alias=alias_text)
        return _Res(self._generic(content, root), "DOCUMENT", alias=alias_text)

    def _org_res(self, content: list[Token], root: Token, alias_text: str) -> _Res:
        # Cut appositives and relative clauses; keep the name as written minus the article.
        ids = {t.i for t in content}
        keep = [
            t
            for t in content
            if t.i <= root.i
            or (
                t.head.i in ids
                and t.dep_ in ("prep", "pobj", "compound", "amod", "poss", "case")
                and self._in_name(t, root)
            )
        ]
        text = names.clean_text(
            " ".join(t.text + t.whitespace_ for t in keep if not (t.pos_ == "DET" and t.i == keep[0].i))
        )
        text = text.replace(" 's", "'s").replace(" '", "'")
        canon = names.canonical_org(text)
        if canon:
            return _Res(canon, "ORG", alias=alias_text)
        # A bare known surname tagged as ORG by NER ("Trump").
        if len(text.split()) == 1 and names.default_for_short(text):
            return _Res(self.resolve_short(text, root.idx, None), "PERSON", alias=alias_text)
        full = [n for _, n in self.full_people if names.surname(n) == names.fold(text)]
        if len(text.split()) == 1 and full:
            return _Res(self.resolve_short(text, root.idx, None), "PERSON", alias=alias_text)
        return _Res(text, "ORG", alias=alias_text)

    @staticmethod
    def _in_name(t: Token, root: Token) -> bool:
        # tokens after the head belong to the name only inside "Center for Syrian Reconciliation"
        cur = t
        while cur.i != root.i and cur.head.i != cur.i:
            if cur.dep_ not in ("prep", "pobj", "compound", "amod", "poss", "case", "cc", "conj"):
                return False
            if cur.dep_ in ("pobj",) and cur.pos_ != "PROPN":
                return False
            cur = cur.head
        return cur.i == root.i and t.pos_ in ("PROPN", "ADP", "DET", "CCONJ", "PART")

    def _role_description(self, root: Token, pos: int, alias_text: str, desc_text: str) -> _Res | None:
        lem = root.lemma_.lower()
        if lem in PERSON_ROLE_NOUNS:
            for m in reversed(self.timeline[: bisect.bisect_left(self._starts, pos)]):
                if m.kind == "PERSON" and lem in self.ents.get(m.name, _Ent("", "PERSON")).role_words:
                    return _Res(m.name, "PERSON", alias=alias_text)
            return None
        if lem in ORG_NOUNS:
            if lem in ("newspaper", "paper", "publication", "outlet"):
                m = self._recent(
                    pos, kinds=("ORG",), pred=lambda m: bool(set(names.key_words(m.name)) & MEDIA_WORDS)
                )
            else:
                m = self._recent(pos, kinds=("ORG",), pred=lambda m: lem in names.key_words(m.name))
            if m:
                return _Res(m.name, "ORG", alias=alias_text)
        return None

    def _recent(self, pos: int, kinds: tuple[str, ...], pred: object = None) -> _Mention | None:
        for m in reversed(self.timeline[: bisect.bisect_left(self._starts, pos)]):
            if m.kind in kinds and (pred is None or pred(m)):  # type: ignore[operator]
                return m
        return None

    @staticmethod
    def _generic(content: list[Token], root: Token) -> str:
        words: list[str] = []
        for t in content:
            if t.i > root.i:
                break
            if t.lower_ in GENERIC_DROP or t.pos_ in ("DET", "NUM", "PUNCT") or t.like_num:
                continue
            words.append(t.text if t.pos_ == "PROPN" or t.ent_type_ == "NORP" else t.text.lower())
        return names.clean_text(" ".join(words)) or root.text.lower()

    # ---- pronouns ---------------------------------------------------------------------------------------

    def resolve_pronoun(self, tok: Token) -> _Res:
        low = tok.lower_
        pos = tok.idx
        if low in RELATIVE_PRON:
            verb = tok.head
            noun = verb.head if verb.dep_ in ("relcl", "acl") else None
            if noun is None or noun.i == tok.i:
                return _Res(None, None)
            sub = [
                t
                for t in noun.subtree
                if t.i < verb.i and not (t.dep_ == "relcl") and t.i not in {x.i for x in verb.subtree}
            ]
            return self.resolve_tokens(sub or [noun], names.clean_text(" ".join(t.text for t in sub)))
        if low in FIRST_PRON:
            for spans, res in reversed(self.contents):
                if any(s <= pos < e for s, e in spans) and res.name:
                    return _Res(res.name, res.kind)
            return _Res(low if low in ("we", "us") else None, "GENERIC" if low in ("we", "us") else None)
        if low in SECOND_PRON:
            return _Res("you", "GENERIC")
        if low in NEUTER_PRON:
            m = self._antecedent(pos, kinds=("ORG", "DOCUMENT"), gender=None)
            return _Res(m.name, m.kind) if m else _Res(None, None)
        if low in PLURAL_PRON:
            m = self._antecedent(pos, kinds=("ORG", "GENERIC"), gender=None, max_sents=1)
            return _Res(m.name, m.kind) if m else _Res("they", "GENERIC")
        gender = "m" if low in MALE_PRON else "f"
        m = self._antecedent(pos, kinds=("PERSON",), gender=gender)
        if m:
            ent = self.ents.get(m.name)
            if ent is not None and ent.gender is None:
                ent.gender = gender
            return _Res(m.name, "PERSON")
        return _Res(None, None)

    def _antecedent(
        self, pos: int, kinds: tuple[str, ...], gender: str | None, max_sents: int = 4
    ) -> _Mention | None:
        here = self.sent_of(pos)
        best: tuple[float, int] | None = None
        best_m: _Mention | None = None
        k = bisect.bisect_left(self._starts, pos)
        for idx in range(k - 1, -1, -1):
            m = self.timeline[idx]
            d = here - self.sent_of(m.start)
            if d > max_sents:
                break
            if m.kind not in kinds:
                continue
            if gender is not None:
                ent = self.ents.get(m.name)
                g = ent.gender if ent else None
                if g is not None and g != gender:
                    continue
            score = -1.0 * d + (0.6 if m.subject or m.source else 0.0) + 0.001 * idx
            if best is None or score > best[0]:
                best, best_m = (score, idx), m
        return best_m

    # ---- attributions -----------------------------------------------------------------------------------

    def subject_of_cue(self, a: Attribution) -> list[Token] | None:
        cue = self.tokens_of(a.cue)
        if not cue:
            return None
        verb = self.root_of(cue)
        for v in (verb, verb.head if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") else None):
            if v is None:
                continue
            for c in v.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in (
                    "it",
                    "there",
                    "that",
                    "this",
                    "what",
                ):
                    sub = [t for t in c.subtree if t.i <= c.i or t.dep_ in ("appos", "compound")]
                    return [c] if c.lower_ in ALL_PRON else sub
        return None

    def resolve(self, a: Attribution) -> _Res:
        toks = self.tokens_of(a.source)
        if not toks:
            sub = self.subject_of_cue(a)
            if not sub:
                return _Res(None, None)
            toks = sub
        alias = names.clean_text(" ".join(self.doc.text[s:e] for s, e in a.source)) or names.clean_text(
            " ".join(t.text for t in toks)
        )
        return self.resolve_tokens(toks, alias)


def _order_key(a: Attribution) -> tuple[int, int]:
    spans = a.source or a.cue or a.content
    first_person = 0
    return (first_person, min(s for s, _ in spans) if spans else 0)


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> tuple[list[Attribution], list[Speaker]]:
    """Fill `speaker`, `speaker_kind` and `also` of each attribution; return them with the article's speakers."""
    r = _Resolver(doc)
    text = doc.text
    results: dict[int, _Res] = {}

    def is_first_person(a: Attribution) -> bool:
        src = " ".join(text[s:e] for s, e in a.source).strip().lower()
        return src in FIRST_PRON

    order = sorted(
        range(len(attributions)),
        key=lambda i: (is_first_person(attributions[i]), _order_key(attributions[i])),
    )
    for i in order:
        a = attributions[i]
        res = r.resolve(a)
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
            if res.role and ent.role != res.role and res.kind == "PERSON":
                ent.role_words.update(names.key_words(res.role))
            start = min(s for s, _ in a.source) if a.source else min(s for s, _ in a.cue or a.content)
            r.add_mention(start, res.name, res.kind, True, True)
            r.contents.append((list(a.content), res))
    out: list[Attribution] = []
    used: dict[str, Speaker] = {}
    for i, a in enumerate(attributions):
        res = results[i]
        out.append(
            a.model_copy(
                update={
                    "speaker": res.name,
                    "speaker_kind": res.kind if res.name else None,
                    "also": list(res.also),
                }
            )
        )
        for n in [res.name, *res.also]:
            if not n or n in used:
                continue
            ent = r.ents.get(n)
            kind: SpeakerKind = ent.kind if ent else ("PERSON" if n in res.also else res.kind or "GENERIC")
            used[n] = Speaker(
                name=n,
                kind=kind,
                aliases=list(ent.aliases) if ent else [],
                role=ent.role if ent else None,
                affiliation=ent.affiliation if ent else None,
            )
    return out, list(used.values())
