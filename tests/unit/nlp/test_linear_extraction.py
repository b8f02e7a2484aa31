"""Extraction's cost grows linearly with the article, whatever its shape.

Each shape is extracted at three sizes (×1, ×2, ×4) in one run and the CPU-time ratios are checked:
linear growth gives about 2 and 4, quadratic 4 and 16. The largest sizes are the issue's (one
800 KB line, 50k whitespace, 10k sentences, one 100k-character token) scaled down to keep the test
within a minute or so; the growth, not the size, is what is tested.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

from app.nlp.pipeline import extract, get_nlp

SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "one long line": (lambda n: "The minister said the plan would work and " * n + "Reuters", 1_200),
    "whitespace": (lambda n: "He said the plan works." + " " * n + "She agreed with him.", 12_500),
    "sentences": (lambda n: "Tom said the tax plan is bad for us. " * n, 250),
    "one token": (lambda n: "He said it works. " + "x" * n + " She agreed.", 25_000),
}


def _cpu(text: str) -> float:
    start = time.process_time()
    extract(text)
    return time.process_time() - start


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("CLAIMGRAPH_TEST_LINEAR", "") != "1",
    reason="opt-in (CLAIMGRAPH_TEST_LINEAR=1) until it has run to completion once on a quiet machine",
)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_extraction_time_grows_linearly(shape: str) -> None:
    make, base = SHAPES[shape]
    get_nlp()
    extract(make(base // 4))  # warm: models, lazy sessions
    times = [min(_cpu(make(base * f)) for _ in range(2)) for f in (1, 2, 4)]
    ratios = [t / max(times[0], 1e-3) for t in times]
    assert ratios[2] < 7, (shape, [round(r, 2) for r in ratios], [round(t, 3) for t in times])
