"""Table-driven tests of docs/cross-article.md's rules (app.resolution.rules): no Neo4j, no model."""

from __future__ import annotations

import pytest

from app.nlp import claims as cl
from app.resolution import rules
from app.resolution.judge import same_claim_bar

A = frozenset({"spk_a"})
B = frozenset({"spk_b"})
AB = frozenset({"spk_a", "spk_b"})
NONE: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    ("mine", "other", "same"),
    [
        (False, False, True),  # two assertions may be one claim
        (True, True, True),  # two denials may be one claim
        (True, False, False),  # a denial restates the accusation: its dispute, never the same claim
        (False, True, False),
    ],
)
def test_a_denial_is_never_the_same_claim(mine: bool, other: bool, same: bool) -> None:
    assert rules.may_be_same(mine, other) is same


@pytest.mark.parametrize(
    ("mine_refutes", "other_refutes", "mine", "other", "outgoing"),
    [
        # A refuting side answers the other whatever the dates.
        (True, False, ("2016-03-01", "art_b"), ("2016-03-05", "art_a"), True),
        (False, True, ("2016-03-05", "art_b"), ("2016-03-01", "art_a"), False),
        # Otherwise the later publication date answers the earlier ...
        (False, False, ("2016-03-05", "art_a"), ("2016-03-01", "art_b"), True),
        (False, False, ("2016-03-01", "art_b"), ("2016-03-05", "art_a"), False),
        (True, True, ("2016-03-05", "art_a"), ("2016-03-01", "art_b"), True),
        # ... then the article id on one date, so load order never decides.
        (False, False, ("2016-03-01", "art_b"), ("2016-03-01", "art_a"), True),
        (False, False, ("2016-03-01", "art_a"), ("2016-03-01", "art_b"), False),
        # An undated article is earlier than any dated one.
        (False, False, ("", "art_z"), ("2016-03-01", "art_a"), False),
    ],
)
def test_direction_by_refuter_then_date(
    mine_refutes: bool, other_refutes: bool, mine: rules.Order, other: rules.Order, outgoing: bool
) -> None:
    assert rules.answers(mine_refutes, other_refutes, mine, other) is outgoing
    # The same pair seen from the other side gets the opposite answer: one direction per pair.
    assert rules.answers(other_refutes, mine_refutes, other, mine) is (not outgoing)


@pytest.mark.parametrize(
    ("mine", "other", "same"),
    [(A, A, True), (A, AB, True), (A, B, False), (NONE, A, False), (NONE, NONE, False)],
)
def test_no_self_dispute_and_the_same_speaker_bar_need_one_speaker_node(
    mine: frozenset[str], other: frozenset[str], same: bool
) -> None:
    assert rules.same_speaker(mine, other) is same


@pytest.mark.parametrize(
    ("same_speaker", "bar"),
    [
        # One speaker: score >= 0.75 - 0.2 with the lexical similarity averaged in, so the lexical bar is
        # the claims module's floor; two speakers need half the way to 0.75 from the lexical side.
        (True, max(cl.MIN_LEXICAL, 2 * (cl.SAME_CLAIM_THRESHOLD - cl.SAME_SPEAKER_BONUS) - 1)),
        (False, 2 * cl.SAME_CLAIM_THRESHOLD - 1),
    ],
)
def test_same_speaker_bar_is_lower(same_speaker: bool, bar: float) -> None:
    assert same_claim_bar(same_speaker) == pytest.approx(bar)
    assert same_claim_bar(True) < same_claim_bar(False)


@pytest.mark.parametrize(
    ("articles", "first"),
    [
        ([("2016-03-04", "art_c"), ("2016-03-02", "art_a")], ("2016-03-02", "art_a")),
        # Dates normalise before comparing: a datetime in another zone is the same UTC day.
        ([("2016-03-02T23:30:00-05:00", "art_b"), ("2016-03-03", "art_a")], ("2016-03-03", "art_a")),
        ([("2016-03-02", "art_b"), ("2016-03-02", "art_a")], ("2016-03-02", "art_a")),
        ([(None, "art_b"), ("2016-03-02", "art_a")], ("", "art_b")),
        ([], ("", "")),
    ],
)
def test_a_claim_is_dated_by_its_earliest_article(
    articles: list[tuple[str | None, str]], first: rules.Order
) -> None:
    got = rules.first_said(articles)
    assert got[1] == first[1]
    assert got[0][:10] == first[0][:10]
    # Load order does not matter.
    assert rules.first_said(list(reversed(articles))) == got


@pytest.mark.parametrize(
    ("cues", "refuting", "picked"),
    [
        (["said", "denied", "told"], {"denied"}, "denied"),
        (["told", "said"], set(), "said"),
        (["said", "told"], set(), "said"),  # sorted: the same cue whatever order the graph gives
        (["", "rejected", "denied"], {"denied", "rejected"}, "denied"),
        ([], set(), ""),
    ],
)
def test_pick_cue_prefers_a_denial_then_sort_order(cues: list[str], refuting: set[str], picked: str) -> None:
    assert rules.pick_cue(cues, lambda c: c in refuting) == picked
    assert rules.pick_cue(list(reversed(cues)), lambda c: c in refuting) == picked


@pytest.mark.parametrize(
    ("other", "seen", "clauses", "folds"),
    [
        ("c2", set(), (True, True), True),
        ("c1", set(), (True, True), False),  # itself
        ("c2", {("c1", "c2")}, (True, True), False),  # held in dispute
        ("c2", {("c2", "c1")}, (True, True), False),
        ("c2", set(), (True, False), False),  # a noun phrase names a topic: never folds
        ("c2", set(), (False, True), False),
    ],
)
def test_only_undisputed_clauses_fold(
    other: str, seen: set[tuple[str, str]], clauses: tuple[bool, bool], folds: bool
) -> None:
    got = rules.may_fold("c1", other, seen, survivor_clause=clauses[0], other_clause=clauses[1])
    assert got is folds


@pytest.mark.parametrize(
    ("mine", "earlier", "disputes", "ok"),
    [
        ((3, A, False), (1, A, False), set(), True),
        ((3, A, False), (1, B, False), set(), False),  # another speaker
        ((3, NONE, False), (1, NONE, False), set(), False),  # no (non-generic) speaker
        ((3, A, True), (1, A, False), set(), False),  # a denial never repeats an assertion
        ((3, A, False), (1, A, False), {(1, 3)}, False),  # the extraction found them in dispute
        ((3, A, False), (1, A, False), {(3, 1)}, False),
    ],
)
def test_repeat_inside_one_article(
    mine: tuple[int, frozenset[str], bool],
    earlier: tuple[int, frozenset[str], bool],
    disputes: set[tuple[int, int]],
    ok: bool,
) -> None:
    assert rules.may_repeat(mine, earlier, disputes) is ok


@pytest.mark.parametrize(
    ("repeat", "match", "keep"),
    [
        (0.8, None, True),
        (0.8, 0.7, True),
        (0.8, 0.8, True),
        (0.7, 0.8, False),
        (None, 0.8, False),
        (None, None, False),
    ],
)
def test_a_repeat_wins_unless_another_article_matches_better(
    repeat: float | None, match: float | None, keep: bool
) -> None:
    assert rules.keep_repeat(repeat, match) is keep


@pytest.mark.parametrize(
    ("kind", "ok"), [("PERSON", True), ("ORG", True), ("GENERIC", False), ("DOCUMENT", False)]
)
def test_generic_and_document_speakers_are_not_linked(kind: str, ok: bool) -> None:
    assert rules.linkable(kind) is ok
