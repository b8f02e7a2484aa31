"""The shipped sentence-pair judge on pairs written for these tests (none from an evaluation file)."""

from __future__ import annotations

import numpy as np
import pytest

from app.nlp import judge

pytestmark = pytest.mark.skipif(not judge.available(), reason="judge weights not built")

# (premise, hypothesis, its non-contradicting twin's hypothesis).
HELD = [
    ("The two men met twice in March.", "I never met him.", "They talked on the phone in March."),
    (
        "The ministry ordered the closure.",
        "The ministry had no role in the decision.",
        "The weather was cold.",
    ),
    (
        "The United States forbade the refugees to leave the camp.",
        "The United States did not prevent the refugees from leaving the camp.",
        "The refugees were kept in the camp.",
    ),
]
# Kinds the shipped judge gets wrong (docs/judge.md, "Known failure kinds"): a state against its
# opposite state, a description that excludes another, and a negated paraphrase read as a denial.
MISSED = [
    (
        "The plant is operating normally.",
        "The plant was shut down after the leak.",
        "The plant is running as usual.",
    ),
    ("The crowd was peaceful.", "Protesters hurled rocks at the police.", "Nobody in the crowd was violent."),
]
PARAPHRASES = [
    ("The company will cut 2,000 jobs.", "The firm plans to eliminate about 2,000 positions."),
]


def _contradiction(rows: list[tuple[str, str]]) -> np.ndarray:
    return judge.get_judge().probs(rows)[:, 2]


@pytest.mark.parametrize(("premise", "hypothesis", "twin"), HELD)
def test_contradiction_is_found_and_its_twin_is_not(premise: str, hypothesis: str, twin: str) -> None:
    c, n = _contradiction([(premise, hypothesis), (premise, twin)])
    assert c >= 0.5 > n, (c, n)


@pytest.mark.xfail(reason="known failure kind of the shipped judge (docs/judge.md)", strict=False)
@pytest.mark.parametrize(("premise", "hypothesis", "twin"), MISSED)
def test_known_failure_kinds(premise: str, hypothesis: str, twin: str) -> None:
    c, n = _contradiction([(premise, hypothesis), (premise, twin)])
    assert c >= 0.5 > n, (c, n)


@pytest.mark.xfail(
    reason="known failure kind: a hedged paraphrase ('plans to', 'about') reads neutral", strict=False
)
def test_paraphrase_is_entailment_not_contradiction() -> None:
    v = judge.get_judge().verdict(*PARAPHRASES[0])
    assert abs(v.entailment + v.neutral + v.contradiction - 1.0) < 1e-4
    assert v.contradiction < 0.2
    assert v.entailment > v.contradiction


def test_a_pair_gets_the_same_answer_alone_and_in_any_batch() -> None:
    j = judge.get_judge()
    pairs = [(p, h) for p, h, _ in HELD + MISSED] + [(p, t) for p, _, t in HELD + MISSED] + PARAPHRASES
    together = j.probs(pairs)
    alone = np.stack([j.probs([p])[0] for p in pairs])
    reversed_ = j.probs(pairs[::-1])[::-1]
    np.testing.assert_array_equal(together, alone)
    np.testing.assert_array_equal(together, reversed_)


def test_both_ways_reads_each_order() -> None:
    j = judge.get_judge()
    pair = (HELD[0][0], HELD[0][1])
    out = j.both_ways([pair])
    assert out.shape == (1, 2, 3)
    np.testing.assert_array_equal(out[0, 0], j.probs([pair])[0])
    np.testing.assert_array_equal(out[0, 1], j.probs([pair[::-1]])[0])


def test_no_pairs_no_work() -> None:
    assert judge.get_judge().probs([]).shape == (0, 3)
