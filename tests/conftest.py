"""Shared fixtures: workbenches over temporary databases, a CLI runner, the real model."""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
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


# Modules whose tests run on both backends: each test that takes ``wb``, ``make_workbench``, ``runner`` or
# ``database`` runs once on a SQLite file and once on a fresh PostgreSQL database (tests/postgres.py).
BOTH_BACKENDS = {"test_review", "test_search", "test_claims", "test_ingest", "test_events", "test_accounts",
                 "test_sessions", "test_concurrency", "test_crash", "test_write_lock", "test_story_relations",
                 "test_exports", "test_cli", "test_postgres"}


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH_BACKENDS:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """``sqlite`` unless the module runs on both (``BOTH_BACKENDS``)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_cluster():
    """One throw-away PostgreSQL server for the session (skipped, saying why, without the binaries)."""
    from postgres import start_cluster

    try:
        cluster = start_cluster()
    except RuntimeError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(error))
    yield cluster
    from workbench.storage.postgres import close_pools

    close_pools()
    cluster.stop()


@pytest.fixture
def database(backend, tmp_path, request):
    """Where claims are stored: ``tmp_path/claims.db``, or the URL of a fresh PostgreSQL database —
    a copy of the demo database when the test also asks for ``demo_copy``."""
    if backend == "sqlite":
        yield tmp_path / "claims.db"
        return
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_demo")[0] if "demo_copy" in request.fixturenames else None
    url = cluster.create_database(template)
    yield url
    from workbench.storage.postgres import close_pools

    close_pools()
    cluster.drop_database(url)


@contextlib.contextmanager
def another_connection(database):
    """A second connection to ``database`` (either backend), as another process would open it: what is
    done inside is committed at the end, under the store's own rules (foreign keys on)."""
    from workbench.storage import store

    db = store.connect(database, migrate=False)
    try:
        with db.atomic():
            yield db
    finally:
        db.close()


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def wb(tmp_path, database):
    """A fresh workbench in a temporary folder, with the stand-in embedder."""
    from workbench import Workbench

    workbench = Workbench(database, tmp_path / "indexes", embedder=HashEmbedder())
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


@pytest.fixture(scope="session")
def pg_demo(pg_cluster, embedder, tmp_path_factory):
    """The demo corpus ingested once into a PostgreSQL database (a template for copies), and its index folder."""
    from workbench import Workbench
    from workbench.storage.postgres import close_pools

    url = pg_cluster.create_database()
    folder = tmp_path_factory.mktemp("pg-demo")
    with Workbench(url, folder / "indexes", embedder=embedder) as workbench:
        workbench.init()
        assert all(result.ok for result in workbench.load_demo())
    close_pools()  # a template must have no connections
    return url.split("///", 1)[1].split("?", 1)[0], folder


@pytest.fixture
def demo_copy(backend, database, tmp_path, request):
    """The demo store copied for one test into ``database`` and ``tmp_path/indexes`` (either backend)."""
    if backend == "sqlite":
        demo_store = request.getfixturevalue("demo_store")
        shutil.copy(demo_store / "claims.db", tmp_path / "claims.db")
        shutil.copytree(demo_store / "indexes", tmp_path / "indexes")
    else:
        shutil.copytree(request.getfixturevalue("pg_demo")[1] / "indexes", tmp_path / "indexes")
    return database


@pytest.fixture
def make_workbench(tmp_path, embedder, database):
    """Factory for workbenches with the real model over one temporary claims.db and index."""
    from workbench import Workbench

    opened = []

    def make(log=None, **options):
        options.setdefault("embedder", embedder)
        workbench = Workbench(database, tmp_path / "indexes", log=log, **options)
        opened.append(workbench)
        return workbench

    yield make
    for workbench in opened:
        workbench.close()


@pytest.fixture
def runner(tmp_path, monkeypatch, database):
    """A CLI runner whose default database and index live in a temporary folder."""
    monkeypatch.setenv("WORKBENCH_DB", str(database))
    monkeypatch.setenv("WORKBENCH_INDEX_DIR", str(tmp_path / "indexes"))
    return CliRunner()
