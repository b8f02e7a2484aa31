"""SOURCE/CUE/CONTENT token tagger: a fine-tuned all-MiniLM-L6-v2, int8 ONNX, run with onnxruntime.

Trained by scripts/train_tagger.py on PolNeAR train. It reads 254 word pieces at a time (windows
overlap; each piece takes the prediction of the window where it sits most centrally), so a cue's
content is tagged with the whole sentence and its neighbours in view. The spaCy component
`claimgraph_tagger` stores the tagged spans as character offsets on `doc._.cg_tags`:
`{"SRC": [[s, e, p], ...], "CUE": [...], "CON": [...]}` with p the span's mean tag probability.
Torch is not needed at run time.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger(__name__)
WEIGHTS = Path(__file__).resolve().parent / "weights"

if not Doc.has_extension("cg_tags"):
    Doc.set_extension("cg_tags", default=None)


def weights_present(weights_dir: Path = WEIGHTS) -> bool:
    return all((weights_dir / f).exists() for f in ("tagger.onnx", "tokenizer.json", "tagger.json"))


def decode(
    probs: np.ndarray, offsets: list[tuple[int, int]], labels: list[str], text: str
) -> dict[str, list[list[float]]]:
    """Word pieces to character spans per type.

    B- and I- probabilities are pooled per type (O vs SRC vs CUE vs CON), so an undertrained
    boundary guess never splits a span; a run of pieces of one type is one span, and pieces that
    continue a word take the type of the word's first piece.
    """
    kinds = ["O", "SRC", "CUE", "CON"]
    pooled = np.zeros((len(offsets), len(kinds)), dtype=np.float32)
    for j, lab in enumerate(labels):
        pooled[:, kinds.index(lab.split("-", 1)[-1]) if lab != "O" else 0] += probs[:, j]
    best = pooled.argmax(-1)
    out: dict[str, list[list[float]]] = {"SRC": [], "CUE": [], "CON": []}
    cur = 0
    start = end = 0
    ps: list[float] = []

    def close() -> None:
        if cur:
            out[kinds[cur]].append([start, end, round(float(np.mean(ps)), 4)])

    for k, (s, e) in enumerate(offsets):
        kind = int(best[k])
        if k > 0 and s == offsets[k - 1][1] and text[s : s + 1].isalnum() and text[s - 1 : s].isalnum():
            kind = cur  # "##s" continues its word
        if kind != cur:
            close()
            cur, start, ps = kind, s, []
        end = e
        ps.append(float(pooled[k, kind]))
    close()
    return out


class TaggerComponent:
    def __init__(
        self, *, weights_dir: str, window: int, stride: int, threads: int, batch_windows: int
    ) -> None:
        self.weights_dir = Path(weights_dir)
        self.window = window
        self.stride = stride
        self.threads = threads
        self.batch_windows = batch_windows
        meta = json.loads((self.weights_dir / "tagger.json").read_text())
        self.labels: list[str] = meta["labels"]
        self._session: Any = None
        self._tokenizer: Any = None
        self._pid = -1

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_session"] = state["_tokenizer"] = None
        return state

    def _load(self) -> None:
        # A session is never shared across a fork: each worker process builds its own.
        if self._session is not None and self._pid == os.getpid():
            return
        from tokenizers import Tokenizer

        from app.nlp.onnx_session import cpu_session

        self._session = cpu_session(self.weights_dir / "tagger.onnx", self.threads)
        tok = Tokenizer.from_file(str(self.weights_dir / "tokenizer.json"))
        tok.no_truncation()
        tok.no_padding()
        self._tokenizer = tok
        self._pid = os.getpid()

    def __call__(self, doc: Doc) -> Doc:
        self._load()
        return self._tag([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 8) -> Iterator[Doc]:
        """One Doc at a time, whatever spaCy's batch_size: the int8 model quantizes its activations
        with one scale per input tensor (DynamicQuantizeLinear), padding included, so windows of
        other articles in the same run changed this article's tags (the same article gave 29
        attributions alone and 33 in a batch). Windows of one article are still run together,
        batch_windows at a time: the output is a function of the article alone."""
        self._load()
        for doc in docs:
            yield from self._tag([doc])

    def _windows(self, n: int) -> list[int]:
        starts = [0]
        while starts[-1] + self.window < n:
            starts.append(starts[-1] + self.stride)
        return starts

    def _tag(self, docs: list[Doc]) -> list[Doc]:
        cls_id = self._tokenizer.token_to_id("[CLS]")
        sep_id = self._tokenizer.token_to_id("[SEP]")
        pad_id = self._tokenizer.token_to_id("[PAD]") or 0
        # Plain encode, not encode_batch: the batch path starts a Rust thread pool that deadlocks in
        # processes forked by nlp.pipe(n_process=N) once the parent has used it.
        encs = [self._tokenizer.encode(d.text, add_special_tokens=False) for d in docs]
        jobs: list[tuple[int, int, list[int]]] = []  # (doc, window start, piece ids)
        for di, enc in enumerate(encs):
            for st in self._windows(len(enc.ids)):
                jobs.append((di, st, enc.ids[st : st + self.window]))
        probs = [np.zeros((len(e.ids), len(self.labels)), dtype=np.float32) for e in encs]
        centre = [np.full(len(e.ids), -1, dtype=np.int32) for e in encs]
        # Longest windows together keeps padding small.
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))
        for b in range(0, len(order), self.batch_windows):
            chunk = [jobs[j] for j in order[b : b + self.batch_windows]]
            n = max(len(ids) for _, _, ids in chunk) + 2
            inp = np.full((len(chunk), n), pad_id, dtype=np.int64)
            att = np.zeros((len(chunk), n), dtype=np.int64)
            for r, (_, _, ids) in enumerate(chunk):
                inp[r, : len(ids) + 2] = [cls_id, *ids, sep_id]
                att[r, : len(ids) + 2] = 1
            if not chunk or n == 2:
                continue
            logits = self._session.run(["logits"], {"input_ids": inp, "attention_mask": att})[0]
            ex = np.exp(logits - logits.max(-1, keepdims=True))
            p = ex / ex.sum(-1, keepdims=True)
            for r, (di, st, ids) in enumerate(chunk):
                k = np.arange(len(ids))
                # Distance to the nearest window edge that cuts context (document edges don't).
                left = k if st > 0 else np.full(len(ids), 10**6)
                right = len(ids) - 1 - k if st + len(ids) < len(encs[di].ids) else np.full(len(ids), 10**6)
                dist = np.minimum(left, right)
                better = dist > centre[di][st + k]
                idx = st + k[better]
                probs[di][idx] = p[r, 1 : len(ids) + 1][better]
                centre[di][idx] = dist[better]
        for doc, enc, pr in zip(docs, encs, probs, strict=True):
            doc._.cg_tags = decode(pr, list(enc.offsets), self.labels, doc.text) if len(enc.ids) else {}
        return docs


@Language.factory(
    "claimgraph_tagger",
    default_config={
        "weights_dir": str(WEIGHTS),
        "window": 254,
        "stride": 192,
        "threads": 0,
        "batch_windows": 8,
    },
)
def make_tagger(
    nlp: Language, name: str, *, weights_dir: str, window: int, stride: int, threads: int, batch_windows: int
) -> TaggerComponent:
    return TaggerComponent(
        weights_dir=weights_dir, window=window, stride=stride, threads=threads, batch_windows=batch_windows
    )
