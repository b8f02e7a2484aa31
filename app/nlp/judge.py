"""The sentence-pair judge: does one statement entail, contradict, or say nothing about another?

A MiniLM cross-encoder (`[CLS] premise [SEP] hypothesis [SEP]`) fine-tuned by
`scripts/train_judge.py` on the training pairs of `../shared/data/nli/` and shipped as
`app/nlp/weights/judge.onnx` (8-bit weights, onnxruntime; model card: docs/judge.md). The word
embeddings are not in that file: they come from the int8 table the sentence encoder already ships
(`minilm-l6-int8.npz`), which training kept frozen. Tokenisation is the shipped WordPiece
`tokenizer.json`, pair-encoded with longest-first truncation exactly as in training.

A pair's answer does not depend on the other pairs it is judged with: the matrix products quantise
activations per row, and padding is masked (a unit test compares alone against batched).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS_DIR = Path(__file__).parent / "weights"
JUDGE_PATH = WEIGHTS_DIR / "judge.onnx"
TOKENIZER_PATH = WEIGHTS_DIR / "tokenizer.json"
LABELS = ("entailment", "neutral", "contradiction")
MAX_TOKENS = 128
BATCH = 16


def available() -> bool:
    from app.nlp import dispute_embed

    return JUDGE_PATH.exists() and TOKENIZER_PATH.exists() and dispute_embed.WEIGHTS_PATH.exists()


@dataclass(frozen=True)
class Verdict:
    entailment: float
    neutral: float
    contradiction: float

    @property
    def label(self) -> str:
        probs = (self.entailment, self.neutral, self.contradiction)
        return LABELS[int(np.argmax(probs))]


class Judge:
    """One loaded judge: a tokenizer and an onnxruntime session (never shared across a fork)."""

    def __init__(self, model_path: Path = JUDGE_PATH, tokenizer_path: Path = TOKENIZER_PATH) -> None:
        from tokenizers import Tokenizer

        from app.nlp.dispute_embed import word_embedding_table
        from app.nlp.onnx_session import cpu_session

        self._tok = Tokenizer.from_file(str(tokenizer_path))
        self._tok.enable_truncation(max_length=MAX_TOKENS, strategy="longest_first")
        self._tok.no_padding()
        self._table = word_embedding_table()
        self._session = cpu_session(model_path)

    def probs(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities (entailment, neutral, contradiction), one row per (premise, hypothesis)."""
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        if not pairs:
            return out
        encs = self._tok.encode_batch([(a, b) for a, b in pairs])
        order = sorted(range(len(encs)), key=lambda k: len(encs[k].ids))
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            out[idx] = self._run([encs[k] for k in idx])
        return out

    def _run(self, encs: list[Any]) -> np.ndarray:
        n = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), n), dtype=np.int64)
        types = np.zeros((len(encs), n), dtype=np.int64)
        mask = np.zeros((len(encs), n), dtype=np.int64)
        for r, e in enumerate(encs):
            ids[r, : len(e.ids)] = e.ids
            types[r, : len(e.type_ids)] = e.type_ids
            mask[r, : len(e.ids)] = 1
        feed = {"inputs_embeds": self._table[ids], "token_type_ids": types, "attention_mask": mask}
        result: np.ndarray = self._session.run(None, feed)[0]
        return result

    def verdict(self, premise: str, hypothesis: str) -> Verdict:
        p = self.probs([(premise, hypothesis)])[0]
        return Verdict(float(p[0]), float(p[1]), float(p[2]))

    def both_ways(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Per pair (a, b): the judge's rows for a→b and b→a, as an (n, 2, 3) array."""
        flat = [p for a, b in pairs for p in ((a, b), (b, a))]
        return self.probs(flat).reshape(len(pairs), 2, 3)


@lru_cache(maxsize=2)
def _judge_for(pid: int) -> Judge:
    return Judge()


def get_judge() -> Judge:
    """The process's judge, loaded on first use (a forked worker loads its own)."""
    return _judge_for(os.getpid())
