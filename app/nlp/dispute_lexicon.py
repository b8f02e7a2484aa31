"""Word lists behind the dispute detector and the claim matcher.

Kept apart from the logic so a reader can see (and extend) exactly which words
count as a denial, a refutation, an accusation or an antonym. All entries are
lower-case spaCy lemmas unless noted; phrases are matched on the lower-cased text.
The lists are general English reporting vocabulary, not fitted to one corpus.
"""

from __future__ import annotations

# Reporting verbs whose use says "the speaker answers / rejects something said before".
DENIAL_CUE_LEMMAS: frozenset[str] = frozenset(
    {
        "deny",
        "reject",
        "dispute",
        "counter",
        "dismiss",
        "refute",
        "rebut",
        "contradict",
        "reply",
        "respond",
        "retort",
        "contest",
        "debunk",
        "disagree",
        "scoff",
        "deride",
        "correct",
        "disavow",
        "repudiate",
    }
)
# Multi-word cues, matched on the cue text (lower-cased).
DENIAL_CUE_PHRASES: tuple[str, ...] = (
    "push back",
    "pushed back",
    "pushing back",
    "fired back",
    "fire back",
    "hit back",
    "shot down",
    "brushed off",
    "brushed aside",
    "took issue",
    "take issue",
    "in response",
    "responding to",
)

# Words inside a content that call something else false ("the charges are unfounded").
REFUTATION_LEMMAS: frozenset[str] = frozenset(
    {
        "false",
        "untrue",
        "lie",
        "lying",
        "liar",
        "unfounded",
        "baseless",
        "fabricate",
        "fabricated",
        "fabrication",
        "unsubstantiated",
        "exaggerate",
        "exaggeration",
        "hoax",
        "nonsense",
        "bogus",
        "myth",
        "misleading",
        "mislead",
        "inaccurate",
        "incorrect",
        "debunk",
        "discredit",
        "mischaracterize",
        "mischaracterization",
        "misrepresent",
        "falsehood",
        "groundless",
    }
)
REFUTATION_PHRASES: tuple[str, ...] = (
    "not true",
    "no evidence",
    "no proof",
    "no basis",
    "conspiracy theor",
    "hold weight",
    "hold water",
    "made up",
    "make it out to be",
    "made it out to be",
    "not accurate",
    "pants on fire",
    "failed to note",
    "fail to note",
    "no connection",
)

# Refutation adjectives that call a *statement* false; used attributively they must modify a
# claim-like noun ("false claims", not "false hope" or "misleading use of statistics").
REFUTATION_ADJECTIVES: frozenset[str] = frozenset(
    {
        "false",
        "untrue",
        "unfounded",
        "baseless",
        "bogus",
        "misleading",
        "inaccurate",
        "incorrect",
        "groundless",
        "unsubstantiated",
        "fabricated",
    }
)
# Nouns a refutation adjective may qualify besides CLAIM_NOUNS ("a false story", "bogus numbers").
STATEMENT_NOUNS: frozenset[str] = frozenset(
    {"story", "information", "narrative", "account", "statistic", "number", "figure", "fact", "news", "tweet"}
)
# Words that report or attribute what follows to someone else: a refutation word under one of them
# is not the speaker's own ("they hear a candidate say it's a hoax", "calling out Trump for lies").
EMBEDDING_LEMMAS: frozenset[str] = frozenset(
    {"say", "call", "hear", "accuse", "claim", "allege", "suggest", "ask", "expect", "question", "label"}
)
# Modifiers by which the speaker distances itself from a refutation word ("his supposed lies").
HEDGE_WORDS: frozenset[str] = frozenset({"supposed", "alleged", "so-called", "purported"})

# Whether someone was armed is the classic contested fact of a shooting: "he had a gun" and
# "he was unarmed" / "he has no weapon" conflict wherever in the article they are reported.
WEAPON_NOUNS: frozenset[str] = frozenset({"gun", "handgun", "weapon", "firearm", "pistol", "rifle"})

# Nouns with which a content points back at another claim ("rejected that argument").
CLAIM_NOUNS: frozenset[str] = frozenset(
    {
        "charge",
        "claim",
        "allegation",
        "accusation",
        "argument",
        "assertion",
        "report",
        "rationale",
        "suggestion",
        "notion",
        "characterization",
        "assessment",
        "contention",
        "premise",
        "insinuation",
        "rumor",
        "statement",
        "comment",
        "remark",
    }
)

# People who make the claims a refuter answers ("the petitioners make it out to be").
CLAIMANT_NOUNS: frozenset[str] = frozenset(
    {"critic", "opponent", "petitioner", "accuser", "detractor", "skeptic", "plaintiff", "naysayer"}
)

# Reporting verbs that mark an accusation or a contested claim (the thing answered).
CLAIM_CUE_LEMMAS: frozenset[str] = frozenset(
    {
        "accuse",
        "claim",
        "allege",
        "charge",
        "argue",
        "assert",
        "suggest",
        "contend",
        "insist",
        "maintain",
        "blame",
        "attack",
        "tweet",
        "question",
        "promise",
        "say",
        "call",
        "see",
    }
)

# Verbs that report a new statement: a piece introduced by one of them is a statement of its own
# ("told CNN that ..., but said witnesses saw a gun"), not the tail of the one before it.
REPORTING_LEMMAS: frozenset[str] = frozenset(
    {
        "say",
        "tell",
        "add",
        "state",
        "note",
        "observe",
        "write",
        "tweet",
        "post",
        "claim",
        "argue",
        "explain",
        "insist",
        "announce",
        "report",
        "according",
        "accord",
        "acknowledge",
        "admit",
        "warn",
        "suggest",
        "contend",
        "assert",
        "maintain",
        "allege",
        "charge",
        "accuse",
        "deny",
        "reply",
        "respond",
        "ask",
        "continue",
    }
)

NEGATION_WORDS: frozenset[str] = frozenset(
    {"not", "n't", "no", "never", "nothing", "neither", "nor", "none", "nobody", "without", "cannot"}
)
# Verbs that carry a negation in their meaning ("refused to keep his hands up").
NEGATIVE_VERBS: frozenset[str] = frozenset({"refuse", "fail", "deny", "lack", "decline", "reject", "oppose"})

# Pairs of opposite lemmas; a claim with one and a claim with the other about the
# same subject conflict. Symmetric: both directions are looked up.
ANTONYMS: tuple[tuple[str, str], ...] = (
    ("support", "oppose"),
    ("supportive", "oppose"),
    ("awake", "asleep"),
    ("success", "fail"),
    ("successful", "fail"),
    ("increase", "decrease"),
    ("rise", "fall"),
    ("armed", "unarmed"),
    ("gun", "unarmed"),
    ("weapon", "unarmed"),
    ("win", "lose"),
    ("extend", "exclude"),
    ("include", "exclude"),
    ("stable", "unstable"),
    ("legal", "illegal"),
    ("guilty", "innocent"),
    ("healthy", "sick"),
    ("healthy", "ill"),
    ("allow", "forbid"),
    ("permit", "forbid"),
    ("biased", "unbiased"),
    ("honest", "dishonest"),
    ("accurate", "inaccurate"),
)
ANTONYM_MAP: dict[str, frozenset[str]] = {}
for _a, _b in ANTONYMS:
    ANTONYM_MAP[_a] = ANTONYM_MAP.get(_a, frozenset()) | {_b}
    ANTONYM_MAP[_b] = ANTONYM_MAP.get(_b, frozenset()) | {_a}

# Lemmas too common in political reporting to show that two contents share a subject.
WEAK_LEMMAS: frozenset[str] = frozenset(
    {
        "say",
        "be",
        "have",
        "do",
        "make",
        "get",
        "go",
        "take",
        "think",
        "know",
        "want",
        "would",
        "could",
        "will",
        "people",
        "thing",
        "way",
        "time",
        "year",
        "lot",
        "well",
        "just",
        "also",
        "even",
        "really",
        "still",
        "now",
        "new",
        "good",
        "many",
        "much",
        "more",
        "other",
        "come",
        "see",
        "look",
        "tell",
        "give",
        "mr.",
        "mrs.",
        "ms.",
        "percent",
    }
)
