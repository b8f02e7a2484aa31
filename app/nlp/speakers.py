"""Speaker resolution inside an article.

Contract: `resolve_speakers(doc, attributions)` returns the attributions with
`speaker`/`speaker_kind` (and `also`) filled and the article's `Speaker` list.
Spans are character offsets into `doc.text`; the Doc is already parsed, nothing
is re-parsed here.

How a source mention becomes a canonical speaker (rules in shared/eval/SPEAKERS.md):

1. A pre-pass over the Doc builds the article's people and organisations. PERSON
   entities are cleaned (titles, initials, possessives dropped; NER slips such as
   a headline's 'Obama Says' cut back; a name NER cut short extended over the
   neighbouring proper nouns) and folded to the usual full form ('Donald J. Trump'
   -> 'Donald Trump', `names.canonical_person`). Each person gets a gender (first
   name, Mr./Ms.), role words (titles before the name, appositions: 'Sen.' ->
   senator) and a timeline of mentions. A short form ('Solomatin', 'Mr. Guajardo
   Villarreal', 'Hillary') maps to the article's full name ending (or starting)
   with it, gender-compatible, the most recently introduced one winning, else to
   the domain default (`names.default_for_short`); a dominant surname ('Trump',
   'Clinton') is always its famous bearer unless Mr./Ms. rules it out.
   ORG entities join the timeline under their canonical names, with acronyms and
   short first words ('Peabody' -> 'Peabody Energy').
2. Each attribution, in text order (first-person sources last), resolves its
   source span by its syntactic head: pronouns by antecedent search over the
   timeline (gender, sentence distance, subjects/earlier sources and salience
   preferred; 'I' to the speaker of the quote around it, outside quotes to a
   letter's signature or an op-ed's closing bio; 'who'/'which' to the noun the
   clause modifies); names to the people above; a group 'including X' to X;
   organisations to
   their full name minus the article (domain aliases: 'the F.B.I.' -> 'FBI');
   descriptions ('the senator', 'the bureau', 'his campaign') to the article's
   entity with that role or name word, or the domain description table; ads,
   statements and editorials with a named author to the author; other documents
   to a short name (owner, year, proper modifiers, head: 'Quinnipiac poll'), and
   an unnamed one ('a new poll') takes the nearest named document of its kind;
   anything else to a GENERIC lowercase descriptor. A source-less attribution
   takes the subject of its cue verb (or of the verb it is coordinated with:
   'he said ... and added'), else the speaker of an earlier attribution in the
   same sentence.

3. A tagger's source spans are often a few words off, so before resolution a source span is
   repaired (`_repair_source`): leading prepositions cut ('by a group of researchers'); a span
   that is a predicate or a clause ('pooh-poohed the ... community', 'Trump demands ...') gives
   way to its subject; of several phrases ('RT he') the cue verb's subject is kept; a bare title,
   initial or first name ('Mr.') widens to the whole name, an organisation's head noun
   ('Council') to the organisation. A quote signed '"..." ― Name' and a transcript turn 'NAME:
   ...' name their speaker whatever the tagger picked inside them; a source with no dependency
   tie to its finite cue verb, whose content hangs from that verb, yields to the verb's subject.
   Unnamed documents ('the video', 'polls') come out GENERIC (qualified by their topic when the
   mention gives one: 'records review') so they never merge across articles.

Measured on PolNeAR dev (scripts/eval_speakers.py): with gold attribution spans speaker_acc
0.839, cross-document `speakers` pairwise F1 0.911; with `claimgraph extract`'s own spans
(`--spans`, extractor of 2026-11-28 08:08) speaker_acc 0.782, F1 0.806 (0.755 / 0.794 before
the repairs above).
"""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from app.nlp import names
from app.nlp.models import Attribution, Speaker, SpeakerKind
from app.nlp.names import word_set

log = logging.getLogger(__name__)

_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z]+\b")

MALE_PRON = word_set("he him his himself")
FEMALE_PRON = word_set("she her hers herself")
FIRST_PRON = word_set("i me my we us our myself ourselves mine")
PLURAL_PRON = word_set("they them their themselves theirs")
NEUTER_PRON = word_set("it its itself")
RELATIVE_PRON = word_set("who which that whom whose")
SECOND_PRON = word_set("you your yourself")
DEMONSTRATIVE = word_set("this these those")
ALL_PRON = MALE_PRON | FEMALE_PRON | FIRST_PRON | PLURAL_PRON | NEUTER_PRON | RELATIVE_PRON | SECOND_PRON

# Head nouns that make the source a document speaking ("the poll shows").
DOC_NOUNS = word_set(
    """
    poll polls survey surveys report reports study studies analysis analyses email emails e-mail e-mails memo
    memos video videos data letter letters document documents filing filings ruling rulings record records
    return returns website site tweet tweets ad ads advertisement book article story editorial column review
    audit findings finding figures numbers estimate estimates projection projections forecast transcript
    transcripts footage recording recordings tape tapes release statement statements complaint lawsuit
    indictment budget plan proposal platform law bill constitution convention treaty guidelines research chart
    page account message messages text texts cable cables dossier motion order decision opinion verdict index
    average tally results census model webpage post posts blog petition resolution agreement clip spot
    commercial brief documentary film piece memoir commentary submission remarks comments testimony
    speech interview op-ed program show
    """
)
# Documents that are just the voice of a named author ("a report by Politico" -> Politico).
VOICE_DOCS = word_set(
    """
    editorial report story article column website site post blog statement
    statements ad ads advertisement video clip spot commercial tweet tweets piece release letter
    commentary brief submission account remarks comments testimony speech interview op-ed memoir book
    program show
    """
)
# Capitalised in headlines but not part of a document's name ('New Poll Shows ...').
DOC_ADJECTIVES = word_set(
    "new latest recent national early previous final first last major big independent other annual weekly "
    "daily monthly online exhaustive secret leaked internal"
)
# Parts of a document that speak for the whole named after them ('data from the Census').
PART_NOUNS = word_set("data figures numbers section chapter results statistics")
# Document head nouns that can name one another across mentions ('a study ... the report').
DOC_CLASSES = [
    word_set("study studies report reports research analysis analyses finding findings survey paper"),
    word_set("poll polls survey surveys"),
    word_set("video videos recording footage clip tape"),
    word_set("email emails e-mail e-mails message messages"),
    word_set("film documentary movie"),
]
# Campaign productions: a person's ad speaks for the person's campaign.
AD_NOUNS = word_set("ad ads advertisement video clip spot commercial")
# Head nouns of descriptions that stand for an organisation named elsewhere in the article.
ORG_NOUNS = word_set(
    """
    agency department bureau company firm group organization organisation committee administration ministry
    government court newspaper paper network channel outlet publication magazine party union association
    foundation institute center centre council board office team police university commission panel embassy
    army military coalition alliance fund bank corporation station service senate house legislature city
    state county
    """
)
# What an organisation described by its kind may be called by name ('the panel' -> '... Committee').
ORG_SYNONYMS = {
    "panel": ("committee", "commission", "board", "subcommittee"),
    "committee": ("panel", "subcommittee"),
    "agency": ("administration", "department", "service", "bureau", "office", "commission"),
    "union": ("association", "federation", "workers", "brotherhood"),
    "department": ("agency", "ministry"),
    "ministry": ("department",),
    "network": ("news", "channel", "broadcasting"),
    "channel": ("news", "network"),
    "company": ("inc", "corp", "corporation", "co", "group", "energy", "coal"),
    "firm": ("inc", "corp", "corporation", "co", "group", "llc"),
    "group": ("association", "coalition", "alliance", "council", "foundation", "fund"),
}
# Org nouns that may take the latest organisation even when its name lacks the word
# ("the bank" -> Wells Fargo).
ORG_ANY = word_set(
    "company firm bank corporation agency network union organization organisation group channel"
)
MEDIA_WORDS = word_set(
    """
    times post journal news cnn msnbc politico tribune herald globe reuters press magazine beast hill huffpost
    huffington breitbart guardian telegraph bbc npr abc cbs nbc fox daily gazette chronicle examiner today
    """
)
# Determiners and quantifiers dropped from GENERIC descriptors ("some Republicans" -> "Republicans").
GENERIC_DROP = word_set(
    """
    a an the some many most several few all both any other others these those this that such more much
    numerous various certain each every one two three four five six seven eight nine ten dozens dozen
    hundreds thousands millions scores lots lot of at least
    """
)
PERSON_ROLE_NOUNS = word_set(
    """
    senator president governor spokesman spokeswoman spokesperson attorney lawyer nominee candidate official
    mayor judge chairman chairwoman chair director secretary minister ambassador congressman congresswoman
    representative leader chief executive founder economist analyst professor author writer reporter
    columnist host anchor commentator adviser advisor aide strategist manager surrogate businessman mogul
    billionaire general commander officer sheriff prosecutor lawmaker speaker wife husband widow mother
    father son daughter doctor physician moderator justice commissioner administrator
    """
)
# Name-final words that mark an organisation NER took for a person ('Patriot Coal').
ORG_SUFFIX = word_set("coal energy inc corp co llc group foundation institute center fund bank news media")


# Antecedent scoring for he/she: one point per sentence back, a bonus for subjects and earlier
# speakers (who news keeps talking about), and log-salience (mentions so far in the article).
SUBJECT_BONUS = 1.0
SALIENCE_WEIGHT = 0.5
PRONOUN_WINDOW = 3
# How far back (sentences) 'the senator' looks for someone the article called a senator
# before the domain's description table ('the president' -> Barack Obama) is used.
ROLE_WINDOW = 5
# A source-less attribution without a syntactic subject takes the speaker of an earlier
# attribution in the same sentence.
CONTINUE_SOURCELESS = True
# A tagged source not attached to its cue verb yields to the verb's own subject.
OVERRIDE_UNLINKED_SOURCE = True
# A name of unknown gender (rare first names, NER slips like 'Patriot Coal') is a weaker he/she antecedent.
UNKNOWN_GENDER_PENALTY = 0.5


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
    plural: bool = False


@dataclass
class _Res:
    name: str | None
    kind: SpeakerKind | None
    also: list[str] = field(default_factory=list)
    alias: str | None = None
    role: str | None = None
    affiliation: str | None = None
    gender: str | None = None
    plural: bool = False


class _Resolver:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt from the tokens on every access
        self.ents: dict[str, _Ent] = {}
        self.timeline: list[_Mention] = []
        self._starts: list[int] = []
        # a Doc without sentence boundaries (no parser/senter) is one sentence
        self.sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        self.ent_of_token: dict[int, Span] = {}
        for e in doc.ents:
            for t in e:
                self.ent_of_token[t.i] = e
        self.acronyms: dict[str, str] = {}
        self.org_short: dict[str, str] = {}
        # (content spans, resolved speaker, sentence) of resolved attributions, for 'I' inside quotes
        self.contents: list[tuple[list[tuple[int, int]], _Res, int]] = []
        self.last_ad: _Res | None = None
        self._author_via = ""
        self.person_spans: list[Span] = self._person_spans()
        self.person_at: dict[int, Span] = {}
        for sp in self.person_spans:
            for t in sp:
                self.person_at[t.i] = sp
        self.full_people: list[tuple[int, str]] = []
        self.first_bare: dict[str, int] = {}
        self._prepass()
        self.signatures, self.bio_author = self._authors()

    # ---- registry -------------------------------------------------------------------------------------

    def sent_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def add_mention(self, m: _Mention) -> None:
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
    ) -> _Ent:
        ent = self.ents.get(name)
        if ent is None:
            ent = _Ent(name=name, kind=kind)
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

    # ---- pre-pass ---------------------------------------------------------------------------------------

    def _person_spans(self) -> list[Span]:
        """PERSON entities, repaired: headline verbs cut, names NER cut short extended over proper nouns."""
        doc = self.doc
        out: list[Span] = []
        for e in doc.ents:
            if e.label_ != "PERSON":
                continue
            start, end = e.start, e.end
            while end - start > 1 and (
                doc[end - 1].tag_.startswith("VB") or doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"
            ):
                end -= 1
            # NER sometimes splits one name in two ('Keith' + 'Lamont Scott'): glue adjacent pieces.
            if out and out[-1].end == start and doc[start - 1].whitespace_:
                start = out.pop().start
            # 'Charlie' + 'King': extend right over capitalised proper nouns outside other entities.
            while (
                end < len(doc)
                and e.end - e.start == 1
                and end - start < 4
                and self._name_like(doc[end])
                and doc[end].i not in self.ent_of_token
            ):
                end += 1
            while (
                start > 0
                and e.end - e.start == 1
                and end - start < 4
                and self._name_like(doc[start - 1])
                and doc[start - 1].i not in self.ent_of_token
                and doc[start - 1].lower_ not in PERSON_ROLE_NOUNS
                and (names.gender_of_first(doc[start - 1].text) is not None or start == e.start)
            ):
                # a known first name, or one unknown proper noun glued to a lone surname ('Amelize Joseph')
                start -= 1
            # 'Trump and Pence' as one entity: one span per person.
            piece = start
            for i in range(start, end + 1):
                if i == end or doc[i].pos_ == "CCONJ" or doc[i].text in (",", ";", "&"):
                    if i > piece:
                        words = names.key_words(doc[piece:i].text)
                        if words and words[-1] not in ORG_SUFFIX:
                            out.append(doc[piece:i])
                    piece = i + 1
        # Names NER missed or mislabelled ('Chief Chuck Jordan', "Fox News' Megyn Kelly" as one ORG):
        # a known first name followed by one or two capitalised proper nouns.
        covered = {t.i for sp in out for t in sp}
        for i in self._capitalised_tokens(lambda w: names.gender_of_first(w) is not None):
            if i in covered or i >= len(doc) - 1:
                continue
            prev = doc[i - 1] if i > 0 else None
            starts_name = (
                prev is None
                or not (
                    self._name_like(prev)
                    or prev.text in ("-", "'")
                    or (prev.whitespace_ == "" and not prev.is_punct)
                )
                or names.is_title(prev.text)
            )
            if not starts_name:
                continue
            end = i + 1
            while end < len(doc) and end - i < 3 and self._name_like(doc[end]) and doc[end].i not in covered:
                end += 1
            # a third word is a name only after an initial-like middle word ('Christina N Luis' aside)
            if end - i == 3 and not names.is_initial(doc[i + 1].text) and doc[end - 1].tag_ not in ("NNP",):
                end -= 1
            ent = self.ent_of_token.get(i)
            # inside an organisation's name ('Ford Foundation', 'John Jay College') it is not a person
            inside_org = ent is not None and ent.label_ in ("ORG", "FAC") and ent.end > end and ent.start <= i
            if end > i + 1 and not inside_org and names.key_words(doc[end - 1].text)[-1:] != ["s"]:
                words = names.key_words(doc[i:end].text)
                if words and words[-1] not in ORG_SUFFIX:
                    out.append(doc[i:end])
                    covered.update(range(i, end))
        out.sort(key=lambda s: s.start)
        return out

    def _capitalised_tokens(self, keep: Callable[[str], bool]) -> list[int]:
        """Indices of capitalised one-token words passing `keep`, found by regex over the text
        (iterating Tokens in Python is the slow part of this module)."""
        out: list[int] = []
        for m in _CAPITALISED.finditer(self.text):
            if keep(m.group()):
                span = self.doc.char_span(m.start(), m.end())
                if span is not None and len(span) == 1:
                    out.append(span.start)
        return out

    @staticmethod
    def _name_like(t: Token) -> bool:
        return (
            t.pos_ == "PROPN"
            and t.text[:1].isupper()
            and not names.is_title(t.text)
            and t.text.isalpha() is not False
            and not t.text.isupper()
        )

    def _span_words(self, span: Span) -> list[str]:
        return span.text.replace("\xa0", " ").split()

    def _prepass(self) -> None:
        table = names.canon_table()
        self._domain_full = {
            " ".join(names.key_words(n))
            for n in [
                *table["surname_default"].values(),
                *table["first_name_default"].values(),
                *table["person_variants"].values(),
            ]
        }
        # every written person name, so a clean name seen elsewhere in the article is recognised
        self._written_full = [
            " ".join(names.key_words(names.person_name(self._span_words(sp)))) for sp in self.person_spans
        ]
        short: list[tuple[Span, str]] = []
        for span in self.person_spans:
            name = names.person_name(self._span_words(span))
            if not name:
                continue
            words = self._clean_words(name.split(), headline=self.sent_of(span.start_char) == 0)
            name = " ".join(words)
            if len(words) >= 2:
                self.full_people.append((span.start_char, names.canonical_person(name)))
            else:
                short.append((span, name))
        # A surname NER found alone whose full form it missed ('Mehmet Oz — Ivy League-trained
        # surgeon' ... 'Oz said'): the capitalised unknown word right before the surname elsewhere.
        known = {names.surname(n) for _, n in self.full_people}
        for _span, name in short:
            if names.surname(name) in known or names.default_for_short(name) or len(name) < 2:
                continue
            for m in re.finditer(r"\b([A-Z][a-z]+)[ \xa0]" + re.escape(name) + r"\b", self.text):
                first = self.doc.char_span(m.start(1), m.end(1))
                if (
                    first is not None
                    and len(first) == 1
                    and first[0].pos_ == "PROPN"
                    and not names.is_title(first.text)
                    and first[0].lower_ not in PERSON_ROLE_NOUNS
                    and self.ent_of_token.get(first[0].i, first).label_ in ("PERSON", "")
                    and (self.sent_of(m.start()) == self.sent_of(m.start(1)))
                ):
                    self.full_people.append((m.start(), f"{first.text} {name}"))
                    known.add(names.surname(name))
                    break
        # Longer names first absorb shorter ones that end with them ('Guajardo Villarreal').
        for start, name in list(self.full_people):
            longer = self._longer_with_suffix(name)
            if longer:
                self.full_people.remove((start, name))
                self.full_people.append((start, longer))
        self.full_people.sort()
        for span, name in short:
            self.first_bare.setdefault(names.fold(name), span.start_char)
        defaults = names.canon_table()["surname_default"]
        for i in self._capitalised_tokens(lambda w: w.lower() in defaults):
            t = self.doc[i]
            if t.pos_ == "PROPN":
                self.first_bare[t.lower_] = min(self.first_bare.get(t.lower_, t.idx), t.idx)
        for span in self.person_spans:
            res = self._person_from_span(span)
            if res is None or res.name is None:
                continue
            ent = self.register(res.name, "PERSON", alias=res.alias, gender=res.gender)
            ent.role_words.update(self._role_words_around(span))
            self.add_mention(
                _Mention(span.start_char, res.name, "PERSON", self._is_subject(span.root), False)
            )
        for e in self.doc.ents:
            # 'Patriot Coal' tagged PERSON is a company: an organisation here
            org_like = (
                e.label_ == "PERSON"
                and names.key_words(e.text)[-1:]
                and names.key_words(e.text)[-1] in ORG_SUFFIX
            )
            if (
                e.label_ in ("ORG", "GPE")
                and len(e) == 1
                and e.root.i not in self.person_at
                and e.text[:1].isupper()
                and names.canonical_org(e.text) is None
                and names.default_for_short(e.text) is None
                and any(names.surname(n) == names.surname(e.text) for _, n in self.full_people)
            ):
                # 'Justice Frank Nervo' ... 'Nervo wrote' with 'Nervo' tagged GPE: the person
                name = self.resolve_short(e.text, e.start_char, None)
                self.register(name, "PERSON", alias=e.text)
                self.add_mention(_Mention(e.start_char, name, "PERSON", self._is_subject(e.root), False))
                continue
            if (e.label_ in ("ORG", "GPE", "NORP") or org_like) and e.root.i not in self.person_at:
                toks = [t for t in e if t.tag_ != "POS"]
                if not toks:
                    continue
                org = self._org_name(toks, toks[-1]) if e.label_ in ("ORG", "PERSON") else ""
                if e.label_ == "GPE":
                    org = names.canonical_org(e.text) or names.clean_text(e.text).removeprefix("the ")
                if not org:
                    continue
                name = org
                self.register(name, "ORG")
                self.add_mention(
                    _Mention(
                        e.start_char, name, "ORG", self._is_subject(e.root), False, plural=e.label_ == "NORP"
                    )
                )
                acr = "".join(
                    w[0] for w in name.split() if w[:1].isupper() and w.lower() not in ("of", "for", "the")
                )
                if len(acr) >= 3 and len(name.split()) >= 3:
                    self.acronyms.setdefault(acr.lower(), name)
                if (
                    e.label_ != "GPE"
                    and len(name.split()) >= 2
                    and name.split()[0][:1].isupper()
                    and not any(x in name for x in (",", " and ", " & "))
                    and not names.default_for_short(name.split()[0])
                    and names.gender_of_first(name.split()[0]) is None
                ):
                    # 'Peabody' later stands for 'Peabody Energy'
                    self.org_short.setdefault(names.fold(name.split()[0]), name)
            if e.label_ == "ORG" and e.end < len(self.doc) - 2 and self.doc[e.end].text == "(":
                acr_tok = self.doc[e.end + 1]
                if acr_tok.text.isupper():
                    name = self._org_name([t for t in e if t.tag_ != "POS"], e.root)
                    if name:
                        self.acronyms[acr_tok.text.lower()] = name

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
            person = next((sp for sp in self.person_spans if sp.start_char == start), None)
            if person is not None and person.end_char >= start + len(bare) - 1:
                res = self._person_from_span(person)
                if res and res.name:
                    sigs.append((start, res.name))
        for start, _line in paras[-3:]:
            person = next((sp for sp in self.person_spans if sp.start_char == start), None)
            if person is None or person.end >= len(self.doc):
                continue
            nxt = self.doc[person.end]
            if (
                nxt.lower_ in ("is", "was", ",")
                and len(names.person_name(self._span_words(person)).split()) >= 2
            ):
                res = self._person_from_span(person)
                bio = res.name if res else None
        return sigs, bio

    def _in_quotes(self, pos: int) -> bool:
        text = self.text
        line_start = text.rfind("\n", 0, pos) + 1
        before = text[line_start:pos]
        return (before.count('"') % 2 == 1) or before.count("\u201c") > before.count("\u201d")

    def _clean_words(self, words: list[str], headline: bool = False) -> list[str]:
        """Cut words NER glued to a name: 'Crooked Hillary Clinton', 'Miss Universe Alicia Machado',
        headline 'Obama Says', 'Derelict Obama' (a famous surname after a non-first-name word).
        A leading word is only cut when what remains is a name the article or the domain knows
        ('Cornell William Brooks' keeps 'Cornell')."""
        if len(words) < 2:
            return words

        def is_first(w: str) -> bool:
            return (
                names.gender_of_first(w) is not None
                or names.fold(w) in names.canon_table()["first_name_default"]
            )

        if not is_first(words[0]):
            for i in range(1, len(words) - 1):
                if is_first(words[i]) and self._known_full(words[i:]):
                    return words[i:]
            defaults = names.canon_table()["surname_default"]
            if (
                headline
                and len(words) == 2
                and names.fold(words[-1]) in defaults
                and names.first_name(defaults[names.fold(words[-1])]) != names.fold(words[0])
            ):
                # only in a headline's title case: 'Derelict Obama', not 'Veronica Cruz'
                return words[-1:]
        if _Resolver._headline_slip(words):
            return words[:1]
        return words

    def _known_full(self, words: list[str]) -> bool:
        key = " ".join(names.key_words(" ".join(words)))
        if key in self._domain_full:
            return True
        return sum(1 for n in self._written_full if n.endswith(key)) >= 2

    @staticmethod
    def _headline_slip(words: list[str]) -> bool:
        """'Obama Says', 'Clinton Plan': a famous surname first is a surname, not a first name."""
        first = names.fold(words[0])
        t = names.canon_table()
        return (
            first in t["surname_default"]
            and names.gender_of_first(first) is None
            and first not in t["first_name_default"]
        )

    def _longer_with_suffix(self, name: str) -> str | None:
        kw = names.key_words(name)
        for _, full in self.full_people:
            fw = names.key_words(full)
            if len(fw) > len(kw) and fw[-len(kw) :] == kw:
                return full
        return None

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
            if t.i in self.ent_of_token or t.is_punct or t.pos_ not in ("PROPN", "NOUN"):
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

    @staticmethod
    def _is_subject(tok: Token) -> bool:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return True
        return tok.dep_ in ("compound", "appos", "poss") and tok.head.dep_ in ("nsubj", "nsubjpass")

    def _person_from_span(self, span: Span) -> _Res | None:
        words = names.person_name(self._span_words(span))
        if not words:
            return None
        gender = self._gender_from_titles(span)
        wl = self._clean_words(words.split(), headline=self.sent_of(span.start_char) == 0)
        words = " ".join(wl)
        if len(wl) >= 2:
            name = names.canonical_person(words)
            name = self._longer_with_suffix(name) or name
        else:
            name = self.resolve_short(wl[0], span.start_char, gender)
        return _Res(name, "PERSON", alias=names.clean_text(span.text), gender=gender)

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
        cands = [(p, n) for p, n in self.full_people if names.surname(n) == skey]
        if not cands:
            cands = [(p, n) for p, n in self.full_people if names.first_name(n) == skey]
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
                    and self.sent_of(pos) - self.sent_of(last.start) <= 3
                ):
                    return first[1]
            return default
        if default and all(n != default for _, n in cands):
            cands.append((self.first_bare.get(key, pos), default))
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
            for _, n in self.full_people
        )

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
        """Syntactic head of a mention: its first token governed from outside, preferring nominals
        (a truncated 'a New York Times' has both 'a' and 'Times' attached outside)."""
        ids = {t.i for t in toks}
        heads = [t for t in toks if (t.head.i not in ids or t.head.i == t.i) and not t.is_punct]
        nominal = [t for t in heads if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM")]
        if nominal:
            return nominal[0]
        return heads[0] if heads else toks[0]

    def resolve_tokens(self, toks: list[Token], alias_text: str) -> _Res:
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

    def _resolve_tokens(self, toks: list[Token], alias_text: str) -> _Res:
        content = [t for t in toks if not t.is_space and not t.is_punct]
        while content and content[-1].tag_ == "POS":
            content.pop()
        if not content:
            return _Res(None, None)
        pos = content[0].idx
        if len(content) == 1 and content[0].lower_ in ALL_PRON:
            return self.resolve_pronoun(content[0])
        root = self.root_of(content)
        if root.lower_ in ALL_PRON and root.i not in self.person_at:
            return self.resolve_pronoun(root)
        ids = {t.i for t in content}
        # Named person: the person at the head, or the one the head introduces ("one of the attorneys, X").
        in_span = [sp for sp in self.person_spans if sp.start in ids or (sp.end - 1) in ids]
        head_person = self.person_at.get(root.i)
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
            return _Res(self.resolve_short(props[0].text, pos, None), "PERSON", alias=alias_text)
        # Campaigns: "Trump campaign", "his campaign", "Clinton's team", "the Clinton ad".
        if low in ("campaign", "camp", "team") or (low in AD_NOUNS and self._owner(root) is not None):
            camp_owner = self._owner(root)
            if camp_owner is not None and camp_owner.kind == "PERSON" and camp_owner.name:
                res = _Res(f"{camp_owner.name} campaign", "ORG", alias=alias_text)
                if low in AD_NOUNS:
                    self.last_ad = res
                return res
            if low in ("campaign", "camp"):
                prev_camp = self._recent(pos, ("ORG",), lambda m: m.name.endswith(" campaign"))
                if prev_camp:
                    return _Res(prev_camp.name, "ORG", alias=alias_text)
        root_ent = self.ent_of_token.get(root.i)
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
                return _Res(m.name, "ORG", alias=alias_text)
        # A role the article has given someone ('President Erdogan' ... 'the president') before the
        # domain's default holder of that role.
        if lem in PERSON_ROLE_NOUNS and root.tag_ == "NN" and self._definite(root) and len(content) <= 3:
            m = self._recent(
                pos,
                ("PERSON",),
                lambda m: lem in self.ents.get(m.name, _Ent("", "PERSON")).role_words,
                max_sents=ROLE_WINDOW,
            )
            if m is not None:
                return _Res(m.name, "PERSON", alias=alias_text)
        # Domain descriptions ("the Republican nominee") and organisation aliases ("the bureau").
        desc_text = " ".join(t.text for t in content if t.i <= root.i)
        for text in (desc_text, self._with_of(content, root)):
            d = names.description(text)
            if d and d[0]:
                return _Res(d[0], d[1], alias=alias_text)  # type: ignore[arg-type]
            org_alias = names.canonical_org(text)
            if org_alias:
                return _Res(org_alias, "ORG", alias=alias_text)
        acr = self.acronyms.get(names.fold(desc_text).removeprefix("the ").replace(".", ""))
        if acr:
            return _Res(acr, "ORG", alias=alias_text)
        ent = self.ent_of_token.get(root.i)
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
        return _Res(self._generic(content, root), "GENERIC", alias=alias_text)

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

    def _owner(self, root: Token) -> _Res | None:
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

    def _person_res(self, span: Span, content: list[Token], in_span: list[Span]) -> _Res:
        res = self._person_from_span(span) or _Res(None, None)
        if res.name and " " not in res.name and names.fold(res.name) in self.org_short:
            # a lone word no person in the article bears, first word of an organisation: that organisation
            return _Res(self.org_short[names.fold(res.name)], "ORG", alias=res.alias)
        also: list[str] = []
        ids = {t.i for t in content}
        for c in span.root.conjuncts:
            if c.i not in ids:
                continue
            other = self.person_at.get(c.i)
            if other is not None:
                o = self._person_from_span(other)
            elif c.pos_ == "PROPN" and self._known_person_word(c.text):
                o = _Res(self.resolve_short(c.text, c.idx, None), "PERSON")
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
            or (pre[-1].i not in self.ent_of_token and pre[-1].pos_ in ("NOUN", "PROPN", "ADJ"))
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

    def _author(self, root: Token) -> _Res | None:
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

    def _document_res(self, root: Token, content: list[Token], alias_text: str, pos: int) -> _Res:
        lem, low = root.lemma_.lower(), root.lower_
        author = self._author(root)
        if author is not None and (low in VOICE_DOCS or lem in VOICE_DOCS):
            if low in AD_NOUNS or lem in AD_NOUNS:
                res = _Res(
                    f"{author.name} campaign" if author.kind == "PERSON" else author.name,
                    "ORG",
                    alias=alias_text,
                )
                self.last_ad = res
                return res
            return _Res(author.name, author.kind, alias=alias_text)
        if (
            author is None
            and lem in ("article", "piece", "story", "editorial", "column")
            and self._definite(root)
        ):
            # 'The article' in a piece about a newspaper's article: the newspaper speaking.
            m = self._recent(
                pos, ("ORG",), lambda m: bool(set(names.key_words(m.name)) & MEDIA_WORDS), max_sents=8
            )
            if m:
                return _Res(m.name, "ORG", alias=alias_text)
        if (low in AD_NOUNS or lem in AD_NOUNS) and self.last_ad is not None and self._definite(root):
            return _Res(self.last_ad.name, self.last_ad.kind, alias=alias_text)
        if lem in ("statement", "release") and author is None:
            # "the statement said": the voice of whoever issued it, the latest organisation speaking.
            m = self._recent(pos, ("ORG",), lambda m: m.source, max_sents=3)
            if m:
                return _Res(m.name, "ORG", alias=alias_text)
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
                                return _Res(name, "DOCUMENT", alias=alias_text)
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
            return _Res(self._generic(content, root), "GENERIC", alias=alias_text)
        if parts:
            years = [
                t.text
                for t in content
                if t.i < root.i and t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20")
            ][:1]
            # a named treaty or survey keeps its capital ('1951 Refugee Convention'), a poll is a 'poll'
            ent = self.ent_of_token.get(root.i)
            head = root.text if ent is not None and ent.label_ in ("LAW", "WORK_OF_ART", "EVENT") else low
            # the year goes after an author ('Justin Levitt 2014 study'), first otherwise
            words = [owner, *years, *mods] if owner else [*years, *mods]
            return _Res(
                names.clean_text(" ".join([w for w in words if w] + [head])),
                "DOCUMENT",
                alias=alias_text,
                plural=root.tag_ == "NNS",
            )
        # "the poll" after "a new Quinnipiac poll": the latest document with that head noun.
        prev = self._recent(pos, ("DOCUMENT",), lambda m: m.name.lower().endswith(low))
        if prev:
            return _Res(prev.name, "DOCUMENT", alias=alias_text, plural=root.tag_ == "NNS")
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
        return _Res(" ".join(bare) or low, "DOCUMENT", alias=alias_text, plural=root.tag_ == "NNS")

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

    def _org_name(self, content: list[Token], root: Token) -> str:
        """Organisation name as written; article, leading lowercase adjectives, appositions, clauses cut."""
        ids = {t.i for t in content}
        # 'China and Russia', 'China, Pyongyang's only ally': the first organisation only.
        cut = {
            x.i
            for c in root.children
            if c.dep_ in ("conj", "cc", "appos", "relcl", "acl", "punct")
            for x in c.subtree
        }
        keep = [
            t
            for t in content
            if t.i not in cut and (t.i <= root.i or (t.head.i in ids and self._in_name(t, root)))
        ]
        # NER knows where 'Alliance to Reclaim Our Schools' ends better than the parse does.
        ent = self.ent_of_token.get(root.i)
        if ent is not None and ent.label_ == "ORG":
            kept = {t.i for t in keep}
            stop = next((t.i for t in ent if t.i > root.i and t.text in (",", ";", "(")), ent.end)
            keep += [
                t for t in ent if t.i in ids and t.i not in kept and root.i < t.i < stop and t.i not in cut
            ]
            keep.sort(key=lambda t: t.i)
        while keep and (
            keep[0].pos_ in ("DET", "ADV")
            or (
                keep[0].is_lower
                and keep[0].pos_ in ("ADJ", "ADV", "VERB", "NOUN")
                and any(k.pos_ == "PROPN" for k in keep[1:])
            )
        ):
            keep = keep[1:]
        if not keep:
            return ""
        # Rebuild from the Doc so 'Jean-Marc' and 'Reuters/Ipsos' keep their inner punctuation.
        pieces: list[list[Token]] = [[keep[0]]]
        for t in keep[1:]:
            gap = self.doc[pieces[-1][-1].i + 1 : t.i]
            if all(g.is_punct and g.text not in (",", "(", ")", ";", ":") for g in gap):
                pieces[-1].extend([*gap, t])
            else:
                pieces.append([t])
        text = " ".join(self.doc[p[0].i : p[-1].i + 1].text for p in pieces)
        text = names.clean_text(text).replace(" 's", "'s")
        return names.canonical_org(text) or self.acronyms.get(names.fold(text).replace(".", "")) or text

    def _org_res(self, content: list[Token], root: Token, alias_text: str) -> _Res:
        text = self._org_name(content, root)
        if text and " " not in text and names.fold(text) in self.org_short:
            return _Res(self.org_short[names.fold(text)], "ORG", alias=alias_text)
        ids = {t.i for t in content}
        also = []
        for c in root.conjuncts:
            if c.i in ids and (c.pos_ == "PROPN" or c.i in self.ent_of_token):
                sub = [
                    t for t in c.subtree if t.i in ids and t.dep_ not in ("cc", "conj", "punct") or t.i == c.i
                ]
                other = self._org_name(sub, c)
                if other and other != text:
                    also.append(other)
        if text and len(text.split()) <= 2 and self._known_person_word(text):
            if len(text.split()) == 1:
                return _Res(self.resolve_short(text, root.idx, None), "PERSON", alias=alias_text)
            return _Res(self._longer_with_suffix(text) or text, "PERSON", alias=alias_text)
        ent = self.ent_of_token.get(root.i)
        if ent is not None and ent.label_ == "NORP" and root.tag_ == "NNPS":
            return _Res(self._generic(content, root), "GENERIC", alias=alias_text)
        return _Res(text or None, "ORG" if text else None, alias=alias_text, also=also)

    @staticmethod
    def _in_name(t: Token, root: Token) -> bool:
        # tokens after the head belong to the name only inside "Center for Syrian Reconciliation"
        if t.pos_ not in ("PROPN", "ADP", "DET", "CCONJ", "PART") or t.lower_ in (
            "at",
            "in",
            "from",
            "by",
            "with",
        ):
            return False
        cur = t
        while cur.i != root.i and cur.head.i != cur.i:
            if cur.dep_ not in ("prep", "pobj", "compound", "amod", "poss", "case", "cc", "conj", "det"):
                return False
            if cur.dep_ == "prep" and cur.lower_ not in ("of", "for", "on", "to", "and"):
                return False
            if cur.dep_ == "pobj" and cur.pos_ != "PROPN":
                return False
            cur = cur.head
        return cur.i == root.i

    def _role_description(self, root: Token, pos: int, alias_text: str, lem: str = "") -> _Res | None:
        lem = lem or root.lemma_.lower()
        if lem in PERSON_ROLE_NOUNS:
            # "Keith Scott's wife" is not Keith Scott.
            poss = [c for c in root.children if c.dep_ == "poss"]
            owner = self._owner(root) if poss else None
            owner_name = owner.name if owner else None

            def has_role(m: _Mention) -> bool:
                return m.name != owner_name and lem in self.ents.get(m.name, _Ent("", "PERSON")).role_words

            m = self._recent(pos, ("PERSON",), has_role)
            complement = any(c.dep_ == "prep" and c.lower_ in ("for", "of", "to") for c in root.children)
            if m is None and not complement:
                # 'A New York judge rejected ...' then 'Judge Frank Nervo': news names the holder later.
                k = bisect.bisect_left(self._starts, pos)
                m = next((x for x in self.timeline[k:] if x.kind == "PERSON" and has_role(x)), None)
            return _Res(m.name, "PERSON", alias=alias_text) if m else None
        if lem in ORG_NOUNS:
            if lem in ("newspaper", "paper", "publication", "outlet"):
                m = self._recent(pos, ("ORG",), lambda m: bool(set(names.key_words(m.name)) & MEDIA_WORDS))
            else:
                heads = {lem, *ORG_SYNONYMS.get(lem, ())}
                # 'A House panel' -> the House committee: proper modifiers must be in the name too
                mods = {
                    names.fold(c.text) for c in root.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                }

                def fits(m: _Mention) -> bool:
                    # a name, not the bare noun NER took for one ('Bank')
                    words = set(names.key_words(m.name))
                    return bool(words & heads) and mods <= words and not words <= heads

                m = self._recent(pos, ("ORG",), fits)
                if m is None and lem in ORG_ANY:
                    m = self._recent(pos, ("ORG",), lambda m: not m.plural, max_sents=6)
                if m is None and mods:
                    # 'A House panel voted ...' then 'The House Oversight ... Committee': named later
                    k = bisect.bisect_left(self._starts, pos)
                    m = next((x for x in self.timeline[k:] if x.kind == "ORG" and fits(x)), None)
            if m:
                return _Res(m.name, "ORG", alias=alias_text)
        return None

    def _recent(
        self,
        pos: int,
        kinds: tuple[str, ...],
        pred: Callable[[_Mention], bool] | None = None,
        max_sents: int = 1000,
    ) -> _Mention | None:
        here = self.sent_of(pos)
        for m in reversed(self.timeline[: bisect.bisect_left(self._starts, pos)]):
            if here - self.sent_of(m.start) > max_sents:
                return None
            if m.kind in kinds and (pred is None or pred(m)):
                return m
        return None

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

    # ---- pronouns ---------------------------------------------------------------------------------------

    def resolve_pronoun(self, tok: Token) -> _Res:
        low = tok.lower_
        pos = tok.idx
        if low in RELATIVE_PRON:
            verb = tok.head
            noun = verb.head if verb.dep_ in ("relcl", "acl", "advcl") else None
            if noun is None or noun.i == tok.i or noun.pos_ not in ("NOUN", "PROPN", "PRON"):
                return _Res(None, None)
            # 'Tim Kaine, a former civil rights lawyer who ...': the person the description is about.
            if noun.dep_ == "appos" and noun.head.i in self.person_at:
                noun = noun.head
            inner = {x.i for x in verb.subtree}
            sub = [t for t in noun.subtree if t.i < verb.i and t.i not in inner and t.dep_ != "relcl"]
            return self.resolve_tokens(sub or [noun], names.clean_text(" ".join(t.text for t in sub)))
        if low in FIRST_PRON:
            here = self.sent_of(pos)
            for spans, res, _ in reversed(self.contents):
                if any(s <= pos < e for s, e in spans) and res.name:
                    return _Res(res.name, res.kind)
            turn = self._turn_speaker(pos)
            if turn is not None:
                return _Res(turn.name, turn.kind)
            if low in ("i", "me", "my", "myself", "mine") and not self._in_quotes(pos):
                sig = next((n for p, n in self.signatures if p > pos), None)
                if sig or self.bio_author:
                    return _Res(sig or self.bio_author, "PERSON")
            near = [
                (abs(sent - here), res)
                for _, res, sent in self.contents
                if res.kind == "PERSON" and abs(sent - here) <= 1
            ]
            if near and low in ("i", "me", "my"):
                return _Res(min(near, key=lambda x: x[0])[1].name, "PERSON")
            return _Res(low if low in ("we", "us") else None, "GENERIC" if low in ("we", "us") else None)
        if low in SECOND_PRON:
            return _Res("you", "GENERIC")
        if low in NEUTER_PRON:
            m = self._antecedent(pos, kinds=("ORG", "DOCUMENT"), gender=None, plural=False)
            return _Res(m.name, m.kind) if m else _Res(None, None)
        if low in PLURAL_PRON:
            m = self._antecedent(
                pos, kinds=("ORG", "GENERIC", "PERSON", "DOCUMENT"), gender=None, max_sents=2, plural=True
            )
            return _Res(m.name, m.kind) if m else _Res("they", "GENERIC")
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
            return _Res(m.name, "PERSON")
        return _Res(None, None)

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
    ) -> _Mention | None:
        here = self.sent_of(pos)
        max_sents = max_sents or PRONOUN_WINDOW
        sal = self._salience()
        best: float | None = None
        best_m: _Mention | None = None
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
                + (SUBJECT_BONUS if m.subject or m.source else 0.0)
                + SALIENCE_WEIGHT * math.log1p(sal[m.name])
                - (UNKNOWN_GENDER_PENALTY if gender is not None and self._gender(m.name) is None else 0.0)
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

    def _agrees(self, m: _Mention, gender: str | None, plural: bool | None) -> bool:
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

    # ---- attributions -----------------------------------------------------------------------------------

    def subject_of_cue(self, a: Attribution) -> list[Token] | None:
        cue = self.tokens_of(a.cue)
        if not cue:
            return None
        verb = self.root_of(cue)
        if verb.pos_ == "NOUN":
            # a noun cue's owner: 'his long-standing ideas about', "Trump's claim that"
            poss = [c for c in verb.children if c.dep_ == "poss"]
            if poss and self._can_speak(poss[0]):
                return self._np_of(poss[0]) if poss[0].lower_ not in ALL_PRON else [poss[0]]
        steps = 0
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and steps < 2:
            # 'is more passionate about', 'extracted an agreement': the clause's verb
            if verb.dep_ not in ("acomp", "attr", "dobj", "prep", "pobj", "oprd"):
                break
            verb = verb.head
            steps += 1
        chain: list[Token] = [verb]
        if verb.dep_ in ("conj", "xcomp", "advcl"):
            head = verb.head
            # 'X said A and added B' is often parsed with 'added' coordinated into A's clause:
            # the subject sought is the earlier reporting verb's.
            chain += [head.head, head] if verb.dep_ == "conj" and head.dep_ in ("ccomp", "xcomp") else [head]
        for v in chain:
            for c in v.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in (
                    "it",
                    "there",
                    "that",
                    "this",
                    "what",
                ):
                    if c.lower_ in ALL_PRON:
                        return [c]
                    if steps and not self._can_speak(c):
                        return None
                    return [t for t in c.subtree if t.i <= c.i or t.dep_ in ("appos", "compound")]
        return None

    def _can_speak(self, tok: Token) -> bool:
        """A named person or organisation, or a pronoun (not 'the migration crisis')."""
        ent = self.ent_of_token.get(tok.i)
        return (
            tok.lower_ in ALL_PRON
            or tok.i in self.person_at
            or (ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"))
        )

    def _continuing_speaker(self, a: Attribution) -> _Res:
        """A source-less attribution right after another one in the same sentence continues it
        ('..., the F.B.I. said, adding that ...' parsed without a subject)."""
        if not CONTINUE_SOURCELESS:
            return _Res(None, None)
        here = self.sent_of(_start(a))
        for _spans, res, sent in reversed(self.contents):
            if sent == here and res.name and res.kind in ("PERSON", "ORG", "DOCUMENT"):
                return _Res(res.name, res.kind)
        return _Res(None, None)

    def resolve(self, a: Attribution) -> _Res:
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
        if toks and a.cue and OVERRIDE_UNLINKED_SOURCE:
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

    # ---- robustness to slightly-off source spans (a tagger's, not a careful reader's) ---------------------

    _SIGNED = re.compile(r"[\s\u201d\u2019\"'.,]*[\u2015\u2014\u2013-]{1,2}\s*")
    _TURN = re.compile(r"[\s\"\u201c\u201d]*([A-Z][A-Za-z.'\u2019-]*(?: [A-Z][A-Za-z.'\u2019-]*){0,2}):\s")

    def _labelled_speaker(self, a: Attribution, strict: bool = False) -> _Res | None:
        if not a.content:
            return None
        cs = min(s for s, _ in a.content)
        ce = max(e for _, e in a.content)
        m = self._SIGNED.match(self.text, ce, min(len(self.text), ce + 12))
        if m and (self.text[ce - 1 : ce] in "\"\u201d'\u2019" or "\u201d" in m.group() or '"' in m.group()):
            start = m.end()
            at = self.doc.char_span(start, start + 1, alignment_mode="expand")
            sp = self.person_at.get(at[0].i) if at is not None and len(at) else None
            if sp is not None:
                return self._person_res(sp, list(sp), [sp])
        return self._turn_speaker(cs, opening=strict)

    def _turn_speaker(self, pos: int, opening: bool = False) -> _Res | None:
        """The speaker of a transcript turn ('PENCE: Well, look, ...') holding `pos` (opening: `pos`
        is where the turn's words begin)."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        m = self._TURN.match(self.text, line_start, pos + 1)
        if m and m.end() <= pos + 1 and (not opening or pos - m.end() <= 2):
            span = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if span is not None:
                res = self.resolve_tokens(list(span), names.clean_text(m.group(1)))
                if res.kind == "PERSON" and res.name:
                    return res
                label = m.group(1)
                if label.isupper() and " " not in label and len(label) > 3:
                    # 'WALLACE:' opening a turn is a person, whatever the NER made of the capitals
                    return _Res(self.resolve_short(label, m.start(1), None), "PERSON", alias=label.title())
        return None

    def _repair_source(self, toks: list[Token], a: Attribution) -> list[Token]:
        """A tagged source span a few words off: cut to the constituent that can speak, widen a
        title or a piece of a name to the whole name ('Mr.' -> 'Mr. Clarke', 'Council' -> 'The
        Security Council'); a span that opens with a verb ('pooh-poohed the ... community') is the
        predicate, so its subject speaks."""
        toks = sorted({t.i: t for t in toks if not t.is_space}.values(), key=lambda t: t.i)
        # leading prepositions, conjunctions, punctuation ('by a group of researchers', 'and France')
        while len(toks) > 1 and (toks[0].pos_ in ("ADP", "CCONJ", "PUNCT") or toks[0].is_punct):
            toks = toks[1:]
        if not toks:
            return toks
        ids = {t.i for t in toks}
        roots = [t for t in toks if (t.head.i not in ids or t.head.i == t.i) and not t.is_punct]
        verb = toks[0]
        if verb.pos_ in ("VERB", "AUX") and verb in roots and verb.is_lower and len(toks) > 1:
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i:
                    return self._np_of(c)
            if verb.dep_ == "relcl" and verb.head.i < verb.i:
                return self._np_of(verb.head)
        if len(roots) == 1 and roots[0].tag_ in ("VBZ", "VBD", "VBP") and roots[0].i != toks[0].i:
            # 'Trump demands accountability and transparency': a clause; its subject speaks
            subj = [c for c in roots[0].children if c.dep_ in ("nsubj", "nsubjpass") and c.i in ids]
            if subj:
                return self._np_of(subj[0])
        last = toks[-1]
        owner = toks[-2] if last.tag_ == "POS" and len(toks) > 1 else None
        if owner is not None and owner.dep_ == "poss" and owner.head.i not in ids and owner.head.i > owner.i:
            # "Keith Lamont Scott's" cut from "Keith Lamont Scott's wife": the wife speaks
            head = owner.head
            if head.lemma_.lower() in PERSON_ROLE_NOUNS or head.lower_ in ("campaign", "camp", "team"):
                return [t for t in toks if t.i < owner.i] + [t for t in head.subtree if t.i <= head.i]
        if len(roots) > 1:
            # 'RT he', 'the third time AROS': several phrases; the one that is the cue's subject speaks
            cue = self.tokens_of(a.cue)
            cue_verb = self.root_of(cue) if cue else None
            cue_ids = {t.i for t in cue} | ({cue_verb.i} if cue_verb is not None else set())
            subj = [r for r in roots if r.dep_ in ("nsubj", "nsubjpass") and r.head.i in cue_ids]
            before = self.doc[subj[0].i - 1] if subj and subj[0].i > 0 else None
            # ... unless it closes a list ('Obama, others'): the first named one speaks
            if (
                len(subj) == 1
                and before is not None
                and before.text not in (",", ";")
                and before.pos_ != "CCONJ"
            ):
                best = subj[0]
                toks = [t for t in toks if t.i == best.i or best.is_ancestor(t)]
        # widen a title, an initial or a first name to the whole name, an organisation's head noun
        # ('Council') to the organisation's name
        first, last = toks[0], toks[-1]
        widen: list[Span] = []
        if all(names.is_title(t.text) or t.text == "." for t in toks):
            sp = self.person_at.get(last.i + 1)
            if sp is not None and sp.start == last.i + 1:
                widen.append(sp)
        for t in (first, last):
            sp = self.person_at.get(t.i)
            piece = names.is_initial(t.text) or names.is_title(t.text) or names.gender_of_first(t.text)
            if sp is not None and piece and len(sp) <= 4:
                widen.append(sp)
        ent = self.ent_of_token.get(last.i)
        if (
            len(toks) == 1
            and last.lower_ in ORG_NOUNS
            and ent is not None
            and ent.label_ == "ORG"
            and ent.end == last.i + 1
            and len(ent) <= 6
        ):
            widen.append(ent)
        if widen:
            lo = min([first.i, *(w.start for w in widen)])
            hi = max([last.i + 1, *(w.end for w in widen)])
            toks = [t for t in self.doc[lo:hi] if not t.is_space]
        return toks

    def _finite_subject(self, a: Attribution) -> list[Token] | None:
        """The explicit subject of a finite cue verb ('who had talked about'), nothing inferred."""
        cue = self.tokens_of(a.cue)
        if not cue:
            return None
        verb = self.root_of(cue)
        content = {t.i for t in self.tokens_of(a.content)}
        # only when cue and content agree (the content hangs from the verb) and the source is the odd one out
        if not any(t.i in content for t in verb.subtree) or verb.i in content:
            return None
        if verb.tag_ not in ("VBD", "VBZ", "VBP", "MD") and not any(
            c.dep_ == "aux" and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in verb.children
        ):
            return None
        for c in verb.children:
            if c.dep_ == "nsubj" and c.lower_ not in ("it", "there", "that", "this", "what"):
                return self._np_of(c)
        return None

    def _linked(self, toks: list[Token], a: Attribution) -> bool:
        """Is the source attached to the cue: within a few dependency steps of a cue or content token
        (either way round), or on the same line as an 'according to'?"""
        near = {t.i for t in self.tokens_of(a.cue)} | {t.i for t in self.tokens_of(a.content)}
        for t in toks:
            cur = t
            for _ in range(4):
                if cur.i in near:
                    return True
                if cur.head.i == cur.i:
                    break
                cur = cur.head
        for c in self.tokens_of(a.cue):
            cur = c
            for _ in range(3):
                if cur.i in {t.i for t in toks}:
                    return True
                if cur.head.i == cur.i:
                    break
                cur = cur.head
        return False

    def _np_of(self, tok: Token) -> list[Token]:
        if tok.lower_ in ALL_PRON:
            return [tok]
        return [t for t in tok.subtree if t.i <= tok.i or t.dep_ in ("appos", "compound")]

    def _subject_of_content(self, a: Attribution) -> list[Token] | None:
        """No source and no cue: the subject of the verb the content hangs from ('The committee voted
        ... to send ...'), when that subject lies outside the content."""
        content = self.tokens_of(a.content)
        if not content or a.cue:
            return None
        inside = {t.i for t in content}
        root = self.root_of(content)
        for v in (root, root.head):
            if v.pos_ not in ("VERB", "AUX"):
                continue
            for c in v.children:
                if (
                    c.dep_ in ("nsubj", "nsubjpass")
                    and c.i not in inside
                    and c.lower_
                    not in (
                        "it",
                        "there",
                        "that",
                        "this",
                        "what",
                    )
                ):
                    return self._np_of(c)
        return None


def _start(a: Attribution) -> int:
    spans = a.source or a.cue or a.content
    return min(s for s, _ in spans) if spans else 0


def _doc_class(name: str) -> int | None:
    head = name.split()[-1].lower() if name.split() else ""
    return next((k for k, cls in enumerate(DOC_CLASSES) if head in cls), None)


def _name_documents(results: dict[int, _Res], attributions: list[Attribution]) -> None:
    """'A new poll' ... 'the latest Reuters/Ipsos poll' ... 'the poll': a document mentioned without a
    name takes the nearest named document of its kind (an earlier one first, else a later one)."""
    named = [
        (_start(attributions[i]), r.name, _doc_class(r.name), r.plural)
        for i, r in results.items()
        if r.kind == "DOCUMENT" and r.name and any(c.isupper() or c.isdigit() for c in r.name)
    ]
    if not named:
        return
    for i, r in results.items():
        if r.kind != "DOCUMENT" or not r.name or any(c.isupper() or c.isdigit() for c in r.name):
            continue
        cls = _doc_class(r.name)
        if cls is None:
            continue
        pos = _start(attributions[i])
        # one poll is not 'exit polls': number must agree
        same = [(p, n) for p, n, c, pl in named if c == cls and pl == r.plural]
        before = [x for x in same if x[0] <= pos]
        pick = before[-1] if before else (same[0] if same else None)
        if pick:
            r.name = pick[1]


def resolve_speakers(doc: Doc, attributions: list[Attribution]) -> tuple[list[Attribution], list[Speaker]]:
    """Fill `speaker`, `speaker_kind`, `also` of each attribution; return them and the article's speakers."""
    r = _Resolver(doc)
    text = r.text

    def first_person(a: Attribution) -> bool:
        return " ".join(text[s:e] for s, e in a.source).strip().lower() in FIRST_PRON

    # Text order, first-person sources last: 'I' needs the speaker of the quote around it.
    # (Named sources before all pronouns was tried: no better on dev.)
    order = sorted(
        range(len(attributions)), key=lambda i: (first_person(attributions[i]), _start(attributions[i]))
    )
    results: dict[int, _Res] = {}
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
            r.add_mention(_Mention(_start(a), res.name, res.kind, True, True, plural=bool(res.also)))
            r.contents.append((list(a.content), res, r.sent_of(_start(a))))
    _name_documents(results, attributions)
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
