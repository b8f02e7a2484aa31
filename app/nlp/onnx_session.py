"""onnxruntime sessions for the shipped int8 models (the tagger, the sentence encoder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def cpu_session(path: Path, threads: int = 1) -> Any:
    """A CPU session on `threads` intra-op threads and one inter-op thread: the models run beside
    spaCy worker processes on the same cores. A session is never shared across a fork: callers build
    one per process."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
