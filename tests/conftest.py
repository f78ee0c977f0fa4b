"""Shared fixtures: a Workbench over a temporary database, a CLI runner, test data."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def wb(tmp_path):
    """A fresh workbench (claims.db and indexes/) in a temporary folder."""
    from workbench import Workbench

    workbench = Workbench(tmp_path / "claims.db", tmp_path / "indexes")
    workbench.init()
    yield workbench
    workbench.close()


@pytest.fixture
def runner(tmp_path, monkeypatch):
    """A CLI runner whose default database and index live in a temporary folder."""
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "claims.db"))
    monkeypatch.setenv("WORKBENCH_INDEX_DIR", str(tmp_path / "indexes"))
    return CliRunner()
