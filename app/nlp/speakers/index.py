"""The article's entity index: what the parsed Doc says before any source is resolved.

Built once per article and read-only afterwards. It holds the sentence starts, the NER entity of
each token, the PERSON spans (repaired: headline verbs cut, names NER cut short extended, names NER
missed found by their first name), the article's full person names and the surnames first used
alone, and the organisations named in the article (their acronyms and short first words:
'Peabody' -> 'Peabody Energy'). The resolver registers these people and organisations in its
timeline; the index never changes after `__init__`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from app.nlp import names
from app.nlp.speakers.lexicon import ORG_SUFFIX, PERSON_ROLE_NOUNS

_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z]+\b")


@dataclass(frozen=True)
class NamedEntity:
    """An NER entity the resolver registers at the start: an organisation under `name`, or a person
    known by a surname NER took for a place (`person_word`: 'Nervo' tagged GPE)."""

    ent: Span
    name: str
    person_word: bool = False


class ArticleIndex:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt from the tokens on every access
        # a Doc without sentence boundaries (no parser/senter) is one sentence
        self.sent_starts = [s.start_char for s in doc.sents] if doc.has_annotation("SENT_START") else [0]
        self.ent_of_token: dict[int, Span] = {}
        for e in doc.ents:
            for t in e:
                self.ent_of_token[t.i] = e
        self.acronyms: dict[str, str] = {}
        self.org_short: dict[str, str] = {}
        self.person_spans: list[Span] = self._person_spans()
        self.person_at: dict[int, Span] = {}
        for sp in self.person_spans:
            for t in sp:
                self.person_at[t.i] = sp
        self.full_people: list[tuple[int, str]] = []
        self.first_bare: dict[str, int] = {}
        self.domain_full: set[str] = set()
        self.written_full: list[str] = []
        self._names()
        self.named_entities: list[NamedEntity] = self._named_entities()

    def sent_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

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
                and self.name_like(doc[end])
                and doc[end].i not in self.ent_of_token
            ):
                end += 1
            while (
                start > 0
                and e.end - e.start == 1
                and end - start < 4
                and self.name_like(doc[start - 1])
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
        for i in self.capitalised_tokens(lambda w: names.gender_of_first(w) is not None):
            if i in covered or i >= len(doc) - 1:
                continue
            prev = doc[i - 1] if i > 0 else None
            starts_name = (
                prev is None
                or not (
                    self.name_like(prev)
                    or prev.text in ("-", "'")
                    or (prev.whitespace_ == "" and not prev.is_punct)
                )
                or names.is_title(prev.text)
            )
            if not starts_name:
                continue
            end = i + 1
            while end < len(doc) and end - i < 3 and self.name_like(doc[end]) and doc[end].i not in covered:
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

    def capitalised_tokens(self, keep: Callable[[str], bool]) -> list[int]:
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
    def name_like(t: Token) -> bool:
        return (
            t.pos_ == "PROPN"
            and t.text[:1].isupper()
            and not names.is_title(t.text)
            and t.text.isalpha() is not False
            and not t.text.isupper()
        )

    def span_words(self, span: Span) -> list[str]:
        return span.text.replace("\xa0", " ").split()

    def _names(self) -> None:
        """The article's full person names, the surnames first used alone, the domain's full names."""
        table = names.canon_table()
        self.domain_full = {
            " ".join(names.key_words(n))
            for n in [
                *table["surname_default"].values(),
                *table["first_name_default"].values(),
                *table["person_variants"].values(),
            ]
        }
        # every written person name, so a clean name seen elsewhere in the article is recognised
        self.written_full = [
            " ".join(names.key_words(names.person_name(self.span_words(sp)))) for sp in self.person_spans
        ]
        short: list[tuple[Span, str]] = []
        for span in self.person_spans:
            name = names.person_name(self.span_words(span))
            if not name:
                continue
            words = self.clean_words(name.split(), headline=self.sent_of(span.start_char) == 0)
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
            longer = self.longer_with_suffix(name)
            if longer:
                self.full_people.remove((start, name))
                self.full_people.append((start, longer))
        self.full_people.sort()
        for span, name in short:
            self.first_bare.setdefault(names.fold(name), span.start_char)
        defaults = names.canon_table()["surname_default"]
        for i in self.capitalised_tokens(lambda w: w.lower() in defaults):
            t = self.doc[i]
            if t.pos_ == "PROPN":
                self.first_bare[t.lower_] = min(self.first_bare.get(t.lower_, t.idx), t.idx)

    def _named_entities(self) -> list[NamedEntity]:
        """Organisations (and surnames NER called places) in entity order, with the acronyms and
        short first words their names give."""
        out: list[NamedEntity] = []
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
                out.append(NamedEntity(e, e.text, person_word=True))
                continue
            if (e.label_ in ("ORG", "GPE", "NORP") or org_like) and e.root.i not in self.person_at:
                toks = [t for t in e if t.tag_ != "POS"]
                if not toks:
                    continue
                org = self.org_name(toks, toks[-1]) if e.label_ in ("ORG", "PERSON") else ""
                if e.label_ == "GPE":
                    org = names.canonical_org(e.text) or names.clean_text(e.text).removeprefix("the ")
                if not org:
                    continue
                name = org
                out.append(NamedEntity(e, name))
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
                    name = self.org_name([t for t in e if t.tag_ != "POS"], e.root)
                    if name:
                        self.acronyms[acr_tok.text.lower()] = name
        return out

    def clean_words(self, words: list[str], headline: bool = False) -> list[str]:
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
                if is_first(words[i]) and self.known_full(words[i:]):
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
        if self.headline_slip(words):
            return words[:1]
        return words

    def known_full(self, words: list[str]) -> bool:
        key = " ".join(names.key_words(" ".join(words)))
        if key in self.domain_full:
            return True
        return sum(1 for n in self.written_full if n.endswith(key)) >= 2

    @staticmethod
    def headline_slip(words: list[str]) -> bool:
        """'Obama Says', 'Clinton Plan': a famous surname first is a surname, not a first name."""
        first = names.fold(words[0])
        t = names.canon_table()
        return (
            first in t["surname_default"]
            and names.gender_of_first(first) is None
            and first not in t["first_name_default"]
        )

    def longer_with_suffix(self, name: str) -> str | None:
        kw = names.key_words(name)
        for _, full in self.full_people:
            fw = names.key_words(full)
            if len(fw) > len(kw) and fw[-len(kw) :] == kw:
                return full
        return None

    def in_quotes(self, pos: int) -> bool:
        text = self.text
        line_start = text.rfind("\n", 0, pos) + 1
        before = text[line_start:pos]
        return (before.count('"') % 2 == 1) or before.count("\u201c") > before.count("\u201d")

    @staticmethod
    def is_subject(tok: Token) -> bool:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return True
        return tok.dep_ in ("compound", "appos", "poss") and tok.head.dep_ in ("nsubj", "nsubjpass")

    def org_name(self, content: list[Token], root: Token) -> str:
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
            if t.i not in cut and (t.i <= root.i or (t.head.i in ids and self.in_name(t, root)))
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

    @staticmethod
    def in_name(t: Token, root: Token) -> bool:
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
