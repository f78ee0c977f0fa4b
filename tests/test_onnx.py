"""The ONNX Runtime encoder: int8 vectors that agree with torch's, cached once, and a search that
starts without torch."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("onnxruntime", reason="the onnx extra is not installed: pip install 'workbench[onnx]'")

from workbench import Workbench
from workbench.encode import embed
from workbench.encode import onnx as embed_onnx  # noqa: E402
from workbench.encode.embed import ENGLISH_MODEL as DEFAULT_MODEL, MULTILINGUAL_MODEL, model_location  # noqa: E402
from workbench.encode.onnx import OnnxEmbedder  # noqa: E402
from workbench.errors import EnvironmentProblem  # noqa: E402


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="session")
def onnx_embedder(onnx_cache):
    return OnnxEmbedder(DEFAULT_MODEL, model_location(DEFAULT_MODEL), cache=onnx_cache)


@pytest.fixture(scope="session")
def minilm():
    """The reference: the same MiniLM weights under torch (the default model is another one)."""
    return embed.get_embedder(DEFAULT_MODEL, "torch")


@pytest.fixture(scope="session")
def minilm_store(tmp_path_factory, minilm):
    """The demo corpus ingested with MiniLM, whose index the ONNX runtime can then search."""
    folder = tmp_path_factory.mktemp("demo-minilm")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=minilm) as workbench:
        workbench.init()
        assert all(result.ok for result in workbench.load_demo())
    return folder


@pytest.fixture(scope="session")
def demo_texts(demo_store):
    with sqlite3.connect(demo_store / "claims.db") as db:
        return [text for (text,) in db.execute("SELECT text FROM claims ORDER BY id")]


def test_int8_vectors_agree_with_torch_on_every_demo_claim(onnx_embedder, minilm, demo_texts):
    quantised, reference = onnx_embedder.encode(demo_texts), minilm.encode(demo_texts)
    agreement = (quantised * reference).sum(axis=1)
    assert len(demo_texts) > 150 and quantised.shape == reference.shape and quantised.dtype == np.float32
    assert np.allclose(np.linalg.norm(quantised, axis=1), 1, atol=1e-5)
    # 0.985: the int8 model pads each batch to its longest text, so the batches (and the last
    # digits) move as the demo grows; the worst claim sat at 0.9896 with 273 claims
    assert agreement.min() >= 0.985, f"worst claim: {demo_texts[int(agreement.argmin())]!r} at {agreement.min():.4f}"


def test_nearest_neighbours_match_torch(onnx_embedder, minilm, demo_texts):
    """What a fact-checker sees: each claim's top-5 neighbours are (almost always) the same claims."""
    quantised, reference = onnx_embedder.encode(demo_texts), minilm.encode(demo_texts)

    def top5(vectors):
        scores = vectors @ vectors.T
        np.fill_diagonal(scores, -1)
        return np.argsort(-scores, axis=1)[:, :5]

    shared = [len(set(a) & set(b)) / 5 for a, b in zip(top5(quantised), top5(reference))]
    assert np.mean(shared) >= 0.9


def test_order_and_empty_input_are_kept(onnx_embedder):
    texts = ["Short.", "A much longer sentence about who controls the airport road this morning, officials said."]
    both, reversed_order = onnx_embedder.encode(texts), onnx_embedder.encode(texts[::-1])
    assert np.allclose(both, reversed_order[::-1], atol=1e-5)
    assert onnx_embedder.encode([]).shape == (0, 384)


def test_the_model_is_exported_once_and_reused(onnx_embedder, onnx_cache, monkeypatch):
    [cached] = onnx_cache.glob("*-int8.onnx")
    assert not [path for path in onnx_cache.iterdir() if path.name.startswith(".")]  # no leftovers
    monkeypatch.setattr(embed_onnx, "_export", lambda *args: pytest.fail("exported a second time"))
    again = OnnxEmbedder(DEFAULT_MODEL, model_location(DEFAULT_MODEL), cache=onnx_cache)
    assert np.allclose(again.encode(["Troops hold the airport."]), onnx_embedder.encode(["Troops hold the airport."]))
    assert list(onnx_cache.glob("*-int8.onnx")) == [cached]


def test_search_with_the_onnx_encoder_never_imports_torch(minilm_store, onnx_embedder, onnx_cache, tmp_path):
    shutil.copy(minilm_store / "claims.db", tmp_path / "claims.db")
    shutil.copytree(minilm_store / "indexes", tmp_path / "indexes")
    probe = ("import json, sys\nfrom workbench.__main__ import main\nsys.argv = ['workbench', *sys.argv[1:]]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write('PROBE ' + json.dumps('torch' in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe, "--db", str(tmp_path / "claims.db"), "--index-dir",
                           str(tmp_path / "indexes"), "search", "who controls the airport", "-k", "3", "--json"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "WORKBENCH_ENCODER": "onnx", "WORKBENCH_MODEL": DEFAULT_MODEL,
                               "WORKBENCH_MODEL_CACHE": str(onnx_cache)})
    assert done.stderr.rsplit("PROBE ", 1)[1] == "false", done.stderr
    found = json.loads(done.stdout)
    with Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=onnx_embedder) as workbench:
        expected = workbench.search("who controls the airport", k=3)
    assert [hit["claim"]["id"] for hit in found] == [hit["claim"]["id"] for hit in expected]
    assert "airport" in found[0]["claim"]["text"].lower()


def test_unknown_encoder_is_refused(monkeypatch):
    monkeypatch.setenv("WORKBENCH_ENCODER", "tensorrt")
    embed._embedder.cache_clear()
    with pytest.raises(ValueError, match="encoder 'tensorrt': choose one of torch, onnx"):
        embed.get_embedder()
    with pytest.raises(ValueError, match="already a 4-bit model"):
        embed.get_embedder(MULTILINGUAL_MODEL, "onnx")
    embed._embedder.cache_clear()


def test_missing_onnxruntime_is_an_environment_problem(monkeypatch, onnx_cache):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(EnvironmentProblem, match=r"onnxruntime package.*pip install 'workbench\[onnx\]'"):
        OnnxEmbedder(DEFAULT_MODEL, model_location(DEFAULT_MODEL), cache=onnx_cache)
