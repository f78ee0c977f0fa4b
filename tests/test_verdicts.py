"""A person's verdict on a pair wins everywhere: the CLI, the JSON API, the claim page and the queue
read it through one rule (``workbench.relations``), so they cannot disagree."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from workbench import Workbench
from workbench.review import actions as review
from workbench.cli import cli
from workbench.storage.relations import summaries
from workbench.web import create_app

PASSWORD = "correct horse battery"
AIRPORT = "held parts of the military airport"


@pytest.fixture
def corrected(demo_store, embedder, tmp_path):
    """A demo copy where a fact-checker corrected the computed relation of the top match of a claim."""
    shutil.copy(demo_store / "claims.db", tmp_path / "claims.db")
    shutil.copytree(demo_store / "indexes", tmp_path / "indexes")
    with Workbench(tmp_path / "claims.db", tmp_path / "indexes", embedder=embedder) as wb:
        [claim] = [c for c in wb.claims() if AIRPORT in c["text"]]
        match = wb.similar(claim["id"], k=10)[0]
        computed = match["relation"]
        corrected = "corroborates" if computed == "conflicts" else "conflicts"
        user = review.add_user(wb.db, "checker", "factchecker", PASSWORD)
        review.set_relation(wb.db, claim["id"], match["claim"]["id"], corrected, user, note="read both reports")
    return {"folder": tmp_path, "a": claim["id"], "b": match["claim"]["id"], "computed": computed,
            "corrected": corrected}


def test_the_python_api_cli_json_api_and_claim_page_agree_on_a_corrected_pair(corrected, embedder):
    folder, a, b, label = corrected["folder"], corrected["a"], corrected["b"], corrected["corrected"]
    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as wb:
        [python] = [r for r in wb.similar(a, k=10) if r["claim"]["id"] == b]
    assert python["relation"] == label and python["auto_relation"] == corrected["computed"]
    assert python["reasons"][0] == "set by checker: read both reports"

    done = CliRunner().invoke(cli, ["--db", str(folder / "claims.db"), "--index-dir", str(folder / "indexes"),
                                    "similar", str(a), "-k", "10", "--json"])
    assert done.exit_code == 0, done.output
    [line] = [r for r in json.loads(done.output)["results"] if r["claim"]["id"] == b]
    assert line["relation"] == label

    text = CliRunner().invoke(cli, ["--db", str(folder / "claims.db"), "--index-dir", str(folder / "indexes"),
                                    "similar", str(a), "-k", "10"]).output
    assert re.search(rf"{label.upper()}\s+\[[0-9.]+\] #{b} \(set by a person\)", text), text

    app = create_app({"TESTING": True, "DATABASE": str(folder / "claims.db"), "INDEX_DIR": str(folder / "indexes"),
                      "EMBEDDER": embedder, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    assert client.post("/login", data={"name": "checker", "password": PASSWORD}).status_code == 302
    [api] = [r for r in client.get(f"/api/claims/{a}/similar").get_json()["results"] if r["claim"]["id"] == b]
    assert api["relation"] == label and api["person"]["label"] == label

    page = client.get(f"/claims/{a}").get_data(as_text=True)
    groups = {match.group(1): match.group(2) for match in
              re.finditer(r'<section class="group group-(\w+)"(.*?)</section>', page, re.S)}
    assert f">#{b}</a>" in groups[label]
    assert all(f">#{b}</a>" not in body for key, body in groups.items() if key != label)


def test_the_queue_sorts_by_the_conflict_count_it_shows(corrected, embedder):
    folder = corrected["folder"]
    with Workbench(folder / "claims.db", folder / "indexes", embedder=embedder) as wb:
        ids, total = review.queue(wb.db, sort="conflicts", limit=500)
        shown = summaries(wb.db, ids)
    counts = [shown[claim_id]["conflicts"] for claim_id in ids]
    assert total == len(ids) and max(counts) > 0
    assert counts == sorted(counts, reverse=True), "the queue's order disagrees with the counts it shows"
    assert shown[corrected["a"]]["conflicts"] >= (1 if corrected["corrected"] == "conflicts" else 0)
