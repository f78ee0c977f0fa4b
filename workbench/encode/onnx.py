"""Stage 7, second encoder — the same sentence model run by ONNX Runtime, int8-quantised.

Chosen with ``WORKBENCH_ENCODER=onnx`` (default ``torch``).  Nothing is
downloaded: on first use the packaged all-MiniLM-L6-v2 weights are exported
to ONNX with torch, quantised to int8 with onnxruntime's dynamic quantiser,
and cached (``WORKBENCH_MODEL_CACHE``, default ``~/.cache/workbench/onnx``).
Later processes load only onnxruntime and the Rust tokenizer — no torch, no
transformers — so a command that encodes one query starts in about a second.

Quantising every matrix multiply moved some vectors to 0.985 cosine of the
torch ones; the feed-forward output projections carry the widest activations,
so they stay float32 (``KEEP_FLOAT``) and every demo claim stays above 0.99
(``tests/test_onnx.py``).  Vectors are mean-pooled and L2-normalised exactly
as sentence-transformers does for this model, so the two encoders can share
an index.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import warnings
from pathlib import Path

import numpy as np

from .. import config
from ..errors import BadInput, EnvironmentProblem

__all__ = ["ENCODERS", "OnnxEmbedder", "cache_dir", "quantised_model"]

ENCODERS = ("torch", "onnx")
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17
KEEP_FLOAT = "/output/dense/MatMul"  # feed-forward output projections (not attention/output/dense)
INSTALL_HINT = "pip install 'workbench[onnx]'"


def cache_dir() -> Path:
    return config.current().model_cache


def _model_key(model_dir: Path) -> str:
    """Names the cached file after the weights it came from, so new weights export anew."""
    digest = hashlib.sha256()
    for name in ("config.json", "tokenizer.json"):
        digest.update((model_dir / name).read_bytes())
    weights = next((model_dir / name for name in ("model.safetensors", "pytorch_model.bin")
                    if (model_dir / name).exists()), None)
    if weights is not None:
        digest.update(str(weights.stat().st_size).encode())
    return digest.hexdigest()[:16]


def _require(module: str):
    try:
        return __import__(module)
    except ImportError:
        raise EnvironmentProblem(f"environment problem: WORKBENCH_ENCODER=onnx needs the {module} package, "
                                 f"which is not installed: {INSTALL_HINT}") from None


def _export(model_dir: Path, target: Path) -> None:
    """Traces the transformer (without pooling) to ONNX with torch's exporter."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    model = LastHiddenState(AutoModel.from_pretrained(str(model_dir)).eval())
    example = torch.ones(2, 8, dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    with torch.no_grad():
        torch.onnx.export(model, (example, example, torch.zeros_like(example)), str(target),
                          input_names=list(INPUTS), output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=OPSET, dynamo=False)


def _quantise(source: Path, target: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    kept = [node.name for node in onnx.load(str(source)).graph.node
            if node.op_type == "MatMul" and node.name.endswith(KEEP_FLOAT) and "/attention/" not in node.name]
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"], nodes_to_exclude=kept)


@contextlib.contextmanager
def _quiet():
    """The tracer's and quantiser's advice is for model authors, not for a fact-checker's terminal."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def quantised_model(model_dir: Path, cache: Path | None = None, log=None) -> Path:
    """The cached int8 model for ``model_dir``, exported and quantised on first use.

    Written to a temporary name and renamed, so a second process never loads
    half a file; two processes exporting at once both finish with the same file.
    """
    _require("onnxruntime")
    _require("onnx")
    target = (cache or cache_dir()) / f"{model_dir.name}-{_model_key(model_dir)}-int8.onnx"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if log:
        log(f"exporting the sentence model to ONNX (once) into {target.parent}")
    stem = target.with_name(f".{target.stem}.{os.getpid()}")
    float_model, int8_model = stem.with_suffix(".fp32.onnx"), stem.with_suffix(".int8.onnx")
    try:
        with _quiet():
            _export(model_dir, float_model)
            _quantise(float_model, int8_model)
        os.replace(int8_model, target)
    finally:
        for leftover in (float_model, int8_model, float_model.with_suffix(".onnx.data")):
            leftover.unlink(missing_ok=True)
    return target


class OnnxEmbedder:
    """A sentence-transformers folder (mean pooling, BERT tokenizer) run as int8 ONNX."""

    def __init__(self, name: str, model_dir: str | Path, cache: Path | None = None, log=None):
        ort = _require("onnxruntime")
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        self._check_pooling(name, model_dir)
        self.name = name
        options = ort.SessionOptions()
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(quantised_model(model_dir, cache, log)), options,
                                             providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(self._max_tokens(model_dir))
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text of a batch
        self.dim = int(json.loads((model_dir / "config.json").read_text())["hidden_size"])

    @staticmethod
    def _check_pooling(name: str, model_dir: Path) -> None:
        pooling = model_dir / "1_Pooling" / "config.json"
        if not pooling.exists() or not json.loads(pooling.read_text()).get("pooling_mode_mean_tokens"):
            raise BadInput(f"model {name!r}: WORKBENCH_ENCODER=onnx supports mean-pooled "
                             f"sentence-transformers folders only")

    @staticmethod
    def _max_tokens(model_dir: Path) -> int:
        config = model_dir / "sentence_bert_config.json"
        return int(json.loads(config.read_text()).get("max_seq_length", 256)) if config.exists() else 256

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Batches texts of similar length together (as sentence-transformers does) to pad less."""
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda number: -len(texts[number]))
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            vectors[batch] = self._encode_batch([texts[number] for number in batch])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        feed = {name: np.array([getattr(encoding, field) for encoding in encodings], dtype=np.int64)
                for name, field in zip(INPUTS, ("ids", "attention_mask", "type_ids"))}
        hidden = self._session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def calibrate(self, cosine: float) -> float:
        return cosine
