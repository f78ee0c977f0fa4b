"""Every setting the environment gives is read in one place (workbench.config), with its default."""
from __future__ import annotations

from pathlib import Path

from workbench import Workbench, config
from workbench.web import create_app

VARIABLES = ("WORKBENCH_DB", "WORKBENCH_INDEX_DIR", "WORKBENCH_MODEL", "WORKBENCH_ENCODER", "WORKBENCH_MODEL_CACHE",
             "WORKBENCH_SECRET_KEY", "WORKBENCH_SECURE_COOKIES", "WORKBENCH_BEHIND_PROXY", "WORKBENCH_ORGANISATION",
             "WORKBENCH_PUBLIC_URL")


def test_defaults_when_nothing_is_set(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert config.current() == config.Settings()
    assert config.current().db == "claims.db" and config.current().encoder == "torch"


def test_the_environment_is_read_for_every_setting(monkeypatch, tmp_path):
    values = {"WORKBENCH_DB": str(tmp_path / "x.db"), "WORKBENCH_INDEX_DIR": str(tmp_path / "ix"),
              "WORKBENCH_MODEL": "multilingual-e5-small", "WORKBENCH_ENCODER": "ONNX",
              "WORKBENCH_MODEL_CACHE": str(tmp_path / "cache"), "WORKBENCH_SECRET_KEY": "s3cret",
              "WORKBENCH_SECURE_COOKIES": "1", "WORKBENCH_BEHIND_PROXY": "1",
              "WORKBENCH_ORGANISATION": "Desk Check", "WORKBENCH_PUBLIC_URL": "https://check.example"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = config.current()
    assert settings == config.Settings(db=values["WORKBENCH_DB"], index_dir=values["WORKBENCH_INDEX_DIR"],
                                       model="multilingual-e5-small", encoder="onnx",
                                       model_cache=Path(values["WORKBENCH_MODEL_CACHE"]), secret_key="s3cret",
                                       secure_cookies=True, behind_proxy=True, organisation="Desk Check",
                                       public_url="https://check.example")
    workbench = Workbench(embedder=None)
    assert (workbench.db_path, workbench.index_dir, workbench.model) == (
        Path(values["WORKBENCH_DB"]), Path(values["WORKBENCH_INDEX_DIR"]), "multilingual-e5-small")
    app = create_app()
    assert app.config["DATABASE"] == values["WORKBENCH_DB"] and app.config["SECRET_KEY"] == "s3cret"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["BEHIND_PROXY"]


def test_arguments_win_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "env.db"))
    assert Workbench(tmp_path / "given.db", embedder=None).db_path == tmp_path / "given.db"
