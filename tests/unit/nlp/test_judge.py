"""The shipped sentence-pair judge on pairs written for these tests (none from an evaluation file)."""

from __future__ import annotations

import numpy as np
import pytest

from app.nlp import judge

pytestmark = pytest.mark.skipif(not judge.available(), reason="judge weights not built")

# (premise, hypothesis): each contradicting pair has a twin that does not contradict.
CONTRADICTIONS = [
    ("The two men met twice in March.", "I never met him."),
    ("The plant is operating normally.", "The plant was shut down after the leak."),
    ("The crowd was peaceful.", "Protesters hurled rocks at the police."),
    ("The ministry ordered the closure.", "The ministry had no role in the decision."),
    (
        "The United States forbade the refugees to leave the camp.",
        "The United States did not prevent the refugees from leaving the camp.",
    ),
]
NOT_CONTRADICTIONS = [
    ("The two men met twice in March.", "They saw each other in the spring."),
    ("The plant is operating normally.", "The plant is running as usual."),
    ("The crowd was peaceful.", "Nobody in the crowd was violent."),
    ("The ministry ordered the closure.", "The weather was cold that week."),
    ("The United States forbade the refugees to leave the camp.", "The refugees were kept in the camp."),
]
PARAPHRASES = [
    ("The company will cut 2,000 jobs.", "The firm plans to eliminate about 2,000 positions."),
]


def test_contradictions_outscore_their_twins() -> None:
    j = judge.get_judge()
    c = j.probs(CONTRADICTIONS)[:, 2]
    n = j.probs(NOT_CONTRADICTIONS)[:, 2]
    assert (c > n).all(), (c, n)
    assert (c >= 0.5).sum() >= 4, c
    assert (n < 0.5).sum() >= 4, n


def test_paraphrase_is_entailment_not_contradiction() -> None:
    v = judge.get_judge().verdict(*PARAPHRASES[0])
    assert v.contradiction < 0.2
    assert v.entailment > v.contradiction
    assert abs(v.entailment + v.neutral + v.contradiction - 1.0) < 1e-4


def test_a_pair_gets_the_same_answer_alone_and_in_any_batch() -> None:
    j = judge.get_judge()
    pairs = CONTRADICTIONS + NOT_CONTRADICTIONS + PARAPHRASES
    together = j.probs(pairs)
    alone = np.stack([j.probs([p])[0] for p in pairs])
    reversed_ = j.probs(pairs[::-1])[::-1]
    np.testing.assert_array_equal(together, alone)
    np.testing.assert_array_equal(together, reversed_)


def test_both_ways_reads_each_order() -> None:
    j = judge.get_judge()
    pair = CONTRADICTIONS[0]
    out = j.both_ways([pair])
    assert out.shape == (1, 2, 3)
    np.testing.assert_array_equal(out[0, 0], j.probs([pair])[0])
    np.testing.assert_array_equal(out[0, 1], j.probs([pair[::-1]])[0])


def test_no_pairs_no_work() -> None:
    assert judge.get_judge().probs([]).shape == (0, 3)
