"""The rules of docs/cross-article.md that need no similarity judgement: pure functions of plain values.

Each is table-tested in tests/unit/resolution/test_rules.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph.ids import normalize_published_at

Order = tuple[str, str]  # (publication date, article id): the later one answers the earlier


def linkable(kind: str) -> bool:
    """May a Speaker of this kind be linked to an existing Speaker of another article? GENERIC ones
    ("officials") are scoped to their article; documents are linked by their exact name only (same id):
    their aliases are common nouns ("poll", "report") that would fuse two outlets' polls."""
    return kind not in ("GENERIC", "DOCUMENT")


def same_speaker(a: frozenset[str], b: frozenset[str]) -> bool:
    """One Speaker node asserts both claims (the same-speaker bar applies, and no dispute)."""
    return bool(a & b)


def may_be_same(refutes_a: bool, refutes_b: bool) -> bool:
    """A denial is never the same Claim as an assertion: its content restates the accusation word for
    word, and is its dispute. Two denials (or two assertions) may be one Claim."""
    return refutes_a == refutes_b


def answers(mine_refutes: bool, other_refutes: bool, mine: Order, other: Order) -> bool:
    """Does my claim dispute the other (True) or the other mine (False)? A refuting side answers the
    other whatever the dates; otherwise the later (publication date, article id) answers the earlier,
    so the direction does not depend on load order."""
    if mine_refutes != other_refutes:
        return mine_refutes
    return mine > other


def first_said(articles: Iterable[tuple[str | None, str]]) -> Order:
    """(date, article id) of the earliest article asserting a claim: a claim asserted in several
    articles is dated by its earliest. Undated articles sort first (date '')."""
    return min(((normalize_published_at(date) or "", aid) for date, aid in articles), default=("", ""))


def pick_cue(cues: Iterable[str], refutes: Callable[[str], bool]) -> str:
    """A claim asserted in several articles has several cues: a denial cue wins (it decides who
    answers whom), else the first in sort order, so the choice does not depend on load order."""
    ordered = sorted(c for c in cues if c)
    return next((c for c in ordered if refutes(c)), ordered[0] if ordered else "")


def may_fold(
    survivor: str, other: str, seen: set[tuple[str, str]], *, survivor_clause: bool, other_clause: bool
) -> bool:
    """May an existing Claim fold into the one this article's claim linked to? Not itself, never two
    claims the graph (or this article) holds in dispute, and only clauses: a noun phrase ("the death of
    Terence Crutcher") names a topic that many different claims repeat."""
    if other == survivor or (survivor, other) in seen or (other, survivor) in seen:
        return False
    return survivor_clause and other_clause


def may_repeat(
    mine: tuple[int, frozenset[str], bool],
    earlier: tuple[int, frozenset[str], bool],
    in_article_disputes: set[tuple[int, int]],
) -> bool:
    """May an attribution (index, speaker ids, refutes) be a repeat of an earlier one of its article:
    one non-generic speaker's clauses, neither refuting while the other asserts, and no dispute between
    them found by the extraction. (The similarity bar is the judge's, at the same-speaker bar.)"""
    k, speakers, refutes = mine
    j, j_speakers, j_refutes = earlier
    if not speakers or j_speakers != speakers or j_refutes != refutes:
        return False
    return not ({(j, k), (k, j)} & in_article_disputes)


def keep_repeat(repeat_score: float | None, best_match: float | None) -> bool:
    """A repeat inside the article wins unless another article's claim matches better."""
    return repeat_score is not None and (best_match is None or repeat_score >= best_match)
