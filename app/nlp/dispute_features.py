"""Per-claim views and pair features shared by the in-article dispute detector
(`app.nlp.disputes`) and the cross-article claim scorer (`app.nlp.claims`).

A `ClaimView` is what the rules need to know about one attribution's content:
its content-word lemmas, negations, refutation words, numbers, entities and the
cue words that introduced it. Everything is lexical (spaCy lemmas, POS, NER):
the shipped spaCy model has no real word vectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from app.nlp.dispute_lexicon import (
    ANTONYM_MAP,
    CLAIM_CUE_LEMMAS,
    CLAIM_NOUNS,
    CLAIMANT_NOUNS,
    DENIAL_CUE_LEMMAS,
    DENIAL_CUE_PHRASES,
    EMBEDDING_LEMMAS,
    HEDGE_WORDS,
    NEGATION_WORDS,
    NEGATIVE_VERBS,
    REFUTATION_ADJECTIVES,
    REFUTATION_LEMMAS,
    REFUTATION_PHRASES,
    STATEMENT_NOUNS,
    WEAK_LEMMAS,
    WEAPON_NOUNS,
)

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
_NUMBER = re.compile(r"\d[\d,.]*")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Words of a speaker name that never identify anyone on their own.
_NAME_NOISE = frozenset(
    {"the", "of", "and", "campaign", "department", "mr.", "mrs.", "ms.", "dr.", "jr.", "sr.", "'s", "u.s."}
)


# Last words of organisation / place names that are common nouns on their own.
_GENERIC_NAME_WORDS = frozenset(
    {
        "states",
        "house",
        "department",
        "party",
        "court",
        "committee",
        "administration",
        "office",
        "government",
        "news",
        "times",
        "post",
        "journal",
        "center",
        "council",
        "agency",
        "service",
        "bureau",
        "union",
        "nations",
        "kingdom",
        "republic",
        "city",
        "county",
        "university",
        "foundation",
        "institute",
        "association",
        "group",
        "network",
        "campaign",
        "senate",
        "congress",
        "ministry",
    }
)


# Third-person saying verbs that put what follows in someone else's mouth.
_SAYING_FORMS = frozenset(
    {"say", "says", "said", "saying", "hear", "heard", "claim", "claims", "claimed", "allege", "alleged"}
)

# Dependencies of a verb that is part of a noun phrase, not the content's predicate
# ("tweets shaming Machado", "a series of tweets in which he called ...").
_NOT_PREDICATE = frozenset({"dobj", "pobj", "amod", "compound", "nsubj", "attr", "acl", "relcl"})


@dataclass
class ClaimView:
    """What the detectors use from one attribution (or one free-standing claim text)."""

    index: int
    text: str
    start: int
    tokens: list[Token]
    lemmas: set[str]  # content-word lemmas, lower-case, weak ones removed
    lower_text: str
    negated: set[str]  # lemmas of the words a negation attaches to ("prevent" in "had not prevented")
    neg_count: int
    refutations: list[str]  # refutation words/phrases found in the content
    claim_nouns: list[str]  # "charges", "argument" ...: the content points back at another claim
    numbers: list[float]
    money: list[float]  # amounts written with a currency sign: "$1.1 trillion"
    entities: set[str]  # lower-cased entity texts
    subjects: set[str] = field(
        default_factory=set
    )  # lemmas of nominal subjects (with compounds), no pronouns
    all_lemmas: set[str] = field(default_factory=set)  # every token's lemma and lower form
    cue_text: str = ""
    cue_lemmas: set[str] = field(default_factory=set)
    speaker: str | None = None
    speaker_keys: set[str] = field(default_factory=set)  # surname / org words used to spot mentions
    sentence: int = 0
    liars: set[str] = field(default_factory=set)  # who the content says is lying ("Clinton is lying")
    armed: bool | None = None  # says someone had a weapon (True), had none (False), or neither / both
    points_back_to_one: bool = False  # "that argument", "the claim": one earlier claim, not several
    pointer_topic: set[str] = field(default_factory=set)  # "claims about [retaliation]": their subject
    noun_cue: bool = False  # the cue is a bare noun ("Trump's obsession with ..."): no statement reported
    urged: set[str] = field(default_factory=set)  # predicates under "should"/"must": what ought to be

    @property
    def is_clause(self) -> bool:
        """Does the content say something (a verb), rather than name something ("a veto", "the rules")?"""
        # A verb as object or modifier is no predicate ("rules" tagged VERB in "the Clean Power Plan rules").
        return any(t.pos_ in ("VERB", "AUX") and t.dep_ not in _NOT_PREDICATE for t in self.tokens)

    @property
    def denial_cue(self) -> str | None:
        hit = sorted(self.cue_lemmas & DENIAL_CUE_LEMMAS)
        if hit:
            return hit[0]
        low = self.cue_text.lower()
        for phrase in DENIAL_CUE_PHRASES:
            if phrase in low:
                return phrase
        return None

    @property
    def claim_cue(self) -> str | None:
        hit = sorted(self.cue_lemmas & CLAIM_CUE_LEMMAS)
        return hit[0] if hit else None


def speaker_keys(name: str | None) -> set[str]:
    """Words by which a content would mention this speaker: surname, or an organisation's words."""
    if not name:
        return set()
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z.'-]*", name) if w.lower() not in _NAME_NOISE]
    if not words:
        return set()
    if len(words) <= 3 and all(w[:1].isupper() for w in words):
        if words[-1].lower() in _GENERIC_NAME_WORDS:
            # "United States", "White House": no single word names it; keep the whole name.
            return {" ".join(w.lower() for w in words)}
        # A person-like name: the last word is what reporters repeat ("Trump", "Clinton").
        return {words[-1].lower()}
    return {w.lower() for w in words if len(w) > 3 and w[:1].isupper()}


def _numbers(tokens: list[Token], money_only: bool = False) -> list[float]:
    out: list[float] = []
    for k, t in enumerate(tokens):
        if not t.like_num or not _NUMBER.fullmatch(t.text):
            continue
        try:
            value = float(t.text.replace(",", ""))
        except ValueError:
            continue
        nxt = tokens[k + 1].lower_ if k + 1 < len(tokens) else ""
        if money_only and not (k > 0 and tokens[k - 1].text in ("$", "US$", "€", "£")) and nxt != "dollars":
            continue
        value *= _SCALE.get(nxt, 1.0)
        out.append(value)
    return out


def _points_back(t: Token) -> bool:
    """A definite reference to a claim ("the charges", "that argument", "the president's claims")
    or to those who made it ("the petitioners", "critics")."""
    if t.pos_ != "NOUN" or t.lemma_.lower() not in CLAIM_NOUNS | CLAIMANT_NOUNS:
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in ("the", "that", "this", "these", "those", "such"))
        or c.dep_ == "poss"
        for c in t.children
    )


def _is_refutation(t: Token, inside: set[int]) -> bool:
    """Does this token call something false in the speaker's own voice? `inside`: content token indices."""
    lemma = t.lemma_.lower()
    if lemma not in REFUTATION_LEMMAS:
        return False
    # "lies in the area" is a location; only "lied"/"is lying about" accuse someone of lying.
    located = any(c.lower_ in ("in", "on", "at", "down") for c in t.children)
    if lemma == "lie" and t.pos_ != "NOUN" and (t.lower_ not in ("lied", "lying") or located):
        return False
    # "false claims" refutes; "false hope", "misleading use of statistics" do not call a statement false.
    qualified = t.head.lemma_.lower()
    if lemma in REFUTATION_ADJECTIVES and t.dep_ == "amod" and qualified not in CLAIM_NOUNS | STATEMENT_NOUNS:
        return False
    if any(c.dep_ == "neg" for c in (*t.children, *t.head.children)):
        # "It isn't because these companies are lying": a negated refutation refutes nothing.
        return False
    if any(c.lower_ in HEDGE_WORDS for c in t.children):
        # "his supposed lies": the speaker reports an accusation, it does not make one.
        return False
    # A refutation word under a reporting verb inside the content belongs to someone else
    # ("when they hear a candidate say it's a hoax"), unless the speaker reports itself ("I call it a lie").
    for anc in t.ancestors:
        if anc.i not in inside:
            break
        if anc.lemma_.lower() in EMBEDDING_LEMMAS:
            subj = [c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subj or subj[0].lower_ not in ("i", "we"):
                return False
    # The small parser often hangs such clauses elsewhere: a saying verb just before the word, with
    # a third-person subject in front of it, embeds it too ("hear a candidate say it's a hoax").
    doc = t.doc
    for k in range(max(0, t.i - 6), t.i):
        w = doc[k]
        # "the president's claims about retaliation are unfounded": a claim noun is what is refuted.
        saying = w.lower_ in _SAYING_FORMS and not _points_back(w)
        if k in inside and saying and k > 0 and doc[k - 1].lower_ not in ("i", "we"):
            return False
    return True


def _name_word(t: Token) -> str | None:
    # The small model often tags a name as NOUN ("Trump exaggerates"): a capitalised non-pronoun counts.
    if t.pos_ in ("PROPN", "NOUN") and t.text[:1].isupper():
        return t.lower_.removesuffix("'s")
    return None


def _liar(t: Token) -> str | None:
    """Whom a refutation accuses, if named: the subject of "lied" / "exaggerates", the possessor or
    teller of "lies" ("Trump's lies", "Trump tells lies"), or the possessor of what is called false
    ("Trump's tweets ... are lies", "Clinton's claims are false")."""
    cands = []
    if t.pos_ in ("VERB", "NOUN"):
        cands = [c for c in t.children if c.dep_ in ("nsubj", "poss", "compound")]
    top = t
    while top.dep_ in ("nmod", "conj", "compound", "amod") and top.head is not top:
        top = top.head  # "are lies and conspiracy theories": climb to the predicate noun
    if not cands and top.dep_ in ("dobj", "attr", "acomp") and top.head.lemma_.lower() in ("tell", "be"):
        cands = [c for c in top.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for c in cands:
        name = _name_word(c)
        if name:
            return name
        owner = [p for p in c.children if p.dep_ == "poss"]
        if c.pos_ == "NOUN" and owner and (name := _name_word(owner[0])):
            return name
    return None


_TOPIC_PREPS = frozenset({"about", "on", "over", "regarding", "concerning"})


def stem(word: str) -> str:
    """A crude stem that joins a word family ("retaliation"/"retaliatory", "support"/"supportive")."""
    return word[:6] if len(word) > 6 else word


def about_topic(topic: set[str], view: ClaimView) -> bool:
    """Does `view` speak of the topic a pointer names ("claims about retaliation")? True without one."""
    if not topic:
        return True
    return bool({stem(w) for w in topic} & {stem(w) for w in view.lemmas})


_ARMED_WORDS = WEAPON_NOUNS | {"armed", "unarmed"}
_LAW_ENFORCEMENT = frozenset({"officer", "police", "deputy", "trooper", "cop", "agent"})


def _armed(tokens: list[Token]) -> bool | None:
    """True when the content says a weapon was there, False when it says none was, else None.

    Not counted: a weapon word as modifier ("gun control"), in a question or hypothesis ("whether he
    had a gun"), or the police's own weapon ("an officer aiming a gun"), which nobody contests."""
    said: set[bool] = set()
    for t in tokens:
        low = t.lemma_.lower()
        if low == "unarmed" or t.lower_ == "unarmed":
            said.add(False)
            continue
        if not (low == "armed" or t.lower_ == "armed" or low in WEAPON_NOUNS) or t.dep_ in (
            "compound",
            "amod",
        ):
            continue
        chain = [t, *t.ancestors][:4]
        if any(c.lower_ in ("would", "could", "whether", "if") for w in chain for c in w.children):
            continue
        # Whose action involves the weapon: the subject of the nearest verb that has one
        # ("police shout at him to drop his gun"), or the noun a participle modifies ("officer aiming a gun").
        holder: list[Token] = []
        for w in chain[1:]:
            if w.pos_ != "VERB":
                continue
            # "Scott was armed with a handgun": a passive subject holds the weapon too.
            holder = [c for c in w.children if c.dep_ in ("nsubj", "nsubjpass")]
            holder += [w.head] if w.dep_ == "acl" else []
            if holder:
                break
        if any(h.lemma_.lower() in _LAW_ENFORCEMENT for h in holder):
            continue
        negated = any(c.dep_ == "neg" or c.lower_ in ("no", "without") for w in chain for c in w.children)
        said.add(not negated)
    return said.pop() if len(said) == 1 else None


def tokens_in(doc: Doc, spans: list[tuple[int, int]]) -> list[Token]:
    """Tokens overlapping any of the character spans, in document order (no scan of the whole Doc)."""
    seen: dict[int, Token] = {}
    for s, e in spans:
        if e <= s:
            continue
        part = doc.char_span(s, e, alignment_mode="expand")
        if part is None:
            continue
        for t in part:
            seen.setdefault(t.i, t)
    return [seen[i] for i in sorted(seen)]


def build_view(
    doc: Doc,
    index: int,
    content: list[tuple[int, int]],
    cue: list[tuple[int, int]] | None = None,
    speaker: str | None = None,
    sentence: int = 0,
    ents: list[Span] | None = None,
    doc_text: str | None = None,
) -> ClaimView:
    """Collect the lexical facts of one content (character spans into `doc.text`).

    `ents`, `doc_text`: `doc.ents` and `doc.text`, when the caller builds many views of one Doc
    (spaCy rebuilds both from the tokens on every access, which dominated an article's views)."""
    spans = sorted(content)
    tokens = tokens_in(doc, spans)
    cue_tokens = tokens_in(doc, cue or [])
    full = doc.text if doc_text is None else doc_text
    text = " ".join(full[s:e] for s, e in spans)
    lower = " ".join(t.lower_ for t in tokens)
    lemmas = {
        t.lemma_.lower()
        for t in tokens
        if t.pos_ in CONTENT_POS and not t.is_stop and t.lemma_.lower() not in WEAK_LEMMAS and len(t.text) > 1
    }
    negated: set[str] = set()
    neg_count = 0
    for t in tokens:
        if t.dep_ == "neg" or t.lower_ in NEGATION_WORDS:
            neg_count += 1
            negated.add(t.head.lemma_.lower())
            if t.dep_ == "det" and t.head.dep_ in ("nsubj", "nsubjpass", "dobj"):
                # "no executives have been held accountable" negates the predicate, not only the noun.
                negated.add(t.head.head.lemma_.lower())
        if t.lemma_.lower() in NEGATIVE_VERBS:
            neg_count += 1
            negated.add(t.lemma_.lower())
            for c in t.children:
                if c.dep_ in ("xcomp", "dobj", "ccomp"):
                    negated.add(c.lemma_.lower())
    inside = {t.i for t in tokens}
    refuting = [t for t in tokens if _is_refutation(t, inside)]
    refutations = sorted({t.lemma_.lower() for t in refuting})
    liars = {name for t in refuting if (name := _liar(t))}
    refutations += [p for p in REFUTATION_PHRASES if p in lower or p in text.lower()]
    pointing = [t for t in tokens if _points_back(t)]
    claim_nouns = sorted({t.lemma_.lower() for t in pointing})
    # "the president's claims about potential retaliation": what the claims were about.
    pointer_topic = {
        w.lemma_.lower()
        for t in pointing
        for p in t.children
        if p.dep_ == "prep" and p.lower_ in _TOPIC_PREPS
        for w in p.subtree
        if w.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and not w.is_stop and len(w.text) > 2
    }
    # Singular without a possessor ("rejected that argument") answers one claim; "the charges",
    # "the president's claims" answer several.
    # "his comments" points at one person's claims: treated like one claim, the nearest.
    one = bool(pointing) and all(
        (t.tag_ == "NN" and not any(c.dep_ == "poss" for c in t.children))
        or any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in t.children)
        for t in pointing
    )
    heads = [t for t in tokens if t.dep_ in ("nsubj", "nsubjpass")]
    heads += [c for t in heads for c in t.children if c.dep_ == "conj"]  # "the US and the militants forbade"
    subjects = {
        w.lemma_.lower()
        for t in heads
        if t.pos_ in ("NOUN", "PROPN")
        for w in [t, *(c for c in t.children if c.dep_ == "compound")]
    }
    entities = {
        e.text.lower()
        for e in (doc.ents if ents is None else ents)
        if e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT")
        and any(e.start_char < en and s < e.end_char for s, en in spans)
    }
    return ClaimView(
        index=index,
        text=text,
        start=spans[0][0] if spans else 0,
        tokens=tokens,
        lemmas=lemmas,
        lower_text=lower,
        negated=negated,
        neg_count=neg_count,
        refutations=refutations,
        claim_nouns=claim_nouns,
        numbers=_numbers(tokens),
        money=_numbers(tokens, money_only=True),
        entities=entities,
        subjects=subjects,
        all_lemmas={t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens},
        cue_text=" ".join(t.text for t in cue_tokens),
        cue_lemmas={t.lemma_.lower() for t in cue_tokens},
        speaker=speaker,
        speaker_keys=speaker_keys(speaker),
        sentence=sentence,
        liars=liars,
        armed=_armed(tokens),
        points_back_to_one=one,
        pointer_topic=pointer_topic,
        urged=_urged(tokens),
        noun_cue=bool(cue_tokens)
        and all(t.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "PUNCT", "SPACE") for t in cue_tokens)
        and any(t.pos_ == "NOUN" for t in cue_tokens),
    )


def mentions(view: ClaimView, keys: set[str]) -> bool:
    """Does the content name someone by one of these key words?"""
    if not keys:
        return False
    words = {t.lower_ for t in view.tokens} | {t.lower_.removesuffix("'s") for t in view.tokens}
    return bool(words & keys)


_AGENT_DEPS = ("nsubj", "nsubjpass", "poss")


def mentions_as_agent(view: ClaimView, keys: set[str]) -> bool:
    """Does the content name someone by these keys as a subject or possessor ("Trump's tweets are lies")?"""
    for t in view.tokens:
        if t.lower_.removesuffix("'s") not in keys:
            continue
        head = t.head if t.dep_ in ("compound", "flat") else t
        if head.dep_ in _AGENT_DEPS:
            return True
    return False


def antonym_hits(a: ClaimView, b: ClaimView) -> list[tuple[str, str]]:
    """Opposite lemma pairs, one in each content.

    Weapon words are left to `ClaimView.armed`, which knows whose weapon it is: "an officer aiming
    a gun" does not contradict "he was unarmed"."""
    a_all = {t.lemma_.lower() for t in a.tokens} | {t.lower_ for t in a.tokens}
    b_all = {t.lemma_.lower() for t in b.tokens} | {t.lower_ for t in b.tokens}
    hits = []
    for w in sorted(a_all - _ARMED_WORDS):
        for o in ANTONYM_MAP.get(w, frozenset()) - _ARMED_WORDS:
            if o in b_all and w not in b_all and o not in a_all:
                hits.append((w, o))
    return hits


def shared_lemmas(a: ClaimView, b: ClaimView) -> set[str]:
    return a.lemmas & b.lemmas


_DEONTIC = frozenset({"should", "must", "ought"})


def _urged(tokens: list[Token]) -> set[str]:
    """Lemmas of the predicates a deontic modal governs ("should follow ... and release": both)."""
    out: set[str] = set()
    for t in tokens:
        if t.lower_ in _DEONTIC and t.dep_ == "aux":
            out.add(t.head.lemma_.lower())
            out |= {c.lemma_.lower() for c in t.head.children if c.dep_ == "conj"}
    return out


def polarity_flip(a: ClaimView, b: ClaimView) -> str | None:
    """A shared predicate negated in one content and not in the other: the predicate's lemma. Not when
    one side says what ought to be ("Trump should release his returns" / "he is not releasing them"
    agree on the facts)."""
    shared = {t.lemma_.lower() for t in a.tokens} & {t.lemma_.lower() for t in b.tokens}
    for lemma in sorted(((a.negated ^ b.negated) & shared) - a.urged - b.urged):
        if lemma and lemma not in WEAK_LEMMAS and lemma.isalpha():
            return lemma
    return None


def number_conflict(a: ClaimView, b: ClaimView, max_ratio: float = 5.0) -> tuple[float, float] | None:
    """Two estimates of one amount: both give a sum of money, none agree, but they are of one order.

    Figures ten times apart are almost always different quantities (a fine vs a budget),
    so only amounts within `max_ratio` of each other count as a conflict.
    """
    if not a.money or not b.money:
        return None
    if any(abs(x - y) <= 0.05 * max(x, y) for x in a.money for y in b.money):
        return None
    for x in a.money:
        for y in b.money:
            if x > 0 and y > 0 and max(x, y) / min(x, y) <= max_ratio:
                return x, y
    return None
