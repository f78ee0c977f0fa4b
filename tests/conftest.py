"""Shared fixtures: workbenches over temporary databases, a CLI runner, the real model."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"


class HashEmbedder:
    """A cheap stand-in model (hashed bag of words) for tests about something other than search."""

    name = "test-hash-embedder"
    dim = 64

    def encode(self, texts):
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def wb(tmp_path):
    """A fresh workbench in a temporary folder, with the stand-in embedder."""
    from workbench import Workbench

    workbench = Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=HashEmbedder())
    workbench.init()
    yield workbench
    workbench.close()


@pytest.fixture(scope="session")
def embedder():
    """The real default model (multilingual USE), loaded once for the whole session."""
    from workbench.encode.embed import get_embedder

    return get_embedder()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory, embedder):
    """The demo corpus ingested once with the real model (claims.db + indexes/); tests work on copies."""
    from workbench import Workbench

    folder = tmp_path_factory.mktemp("demo")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as workbench:
        workbench.init()
        assert all(result.ok for result in workbench.load_demo())
    return folder


@pytest.fixture
def make_workbench(tmp_path, embedder):
    """Factory for workbenches with the real model over one temporary claims.db and index."""
    from workbench import Workbench

    opened = []

    def make(log=None, **options):
        options.setdefault("embedder", embedder)
        workbench = Workbench(tmp_path / "claims.db", tmp_path / "indexes", log=log, **options)
        opened.append(workbench)
        return workbench

    yield make
    for workbench in opened:
        workbench.close()


@pytest.fixture
def runner(tmp_path, monkeypatch):
    """A CLI runner whose default database and index live in a temporary folder."""
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "claims.db"))
    monkeypatch.setenv("WORKBENCH_INDEX_DIR", str(tmp_path / "indexes"))
    return CliRunner()
