"""Review workflow: accounts, status with evidence and history, flags, queue, conflicts, the CLI."""
import json

import pytest

from workbench.review import actions as review
from workbench.cli import cli

PASSWORD = "correct horse battery"


@pytest.fixture
def people(wb):
    assert all(result.ok for result in wb.load_demo())
    return {role: review.add_user(wb.db, f"{role}1", role, PASSWORD) for role in ("viewer", "factchecker", "editor",
                                                                                 "admin")}


def a_claim(wb, fragment="held parts of the military airport"):
    return next(c for c in wb.claims() if fragment in c["text"])


def test_passwords_are_hashed_and_checked(wb, people):
    stored = wb.db.execute("SELECT password_hash FROM users WHERE name = 'editor1'").fetchone()[0]
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    assert review.authenticate(wb.db, "editor1", PASSWORD)["role"] == "editor"
    assert review.authenticate(wb.db, "editor1", "wrong password!") is None
    with pytest.raises(review.ReviewError, match="at least 10 characters"):
        review.add_user(wb.db, "short", "viewer", "abc")
    with pytest.raises(review.ReviewError, match="already exists"):
        review.add_user(wb.db, "editor1", "viewer", PASSWORD)


def test_tokens_are_shown_once_and_stored_hashed(wb, people):
    token = review.create_token(wb.db, "factchecker1")
    assert review.user_for_token(wb.db, token)["name"] == "factchecker1"
    assert token not in json.dumps(wb.db.execute("SELECT * FROM users").fetchall())
    assert review.user_for_token(wb.db, token + "x") is None
    assert review.user_for_token(wb.db, review.create_token(wb.db, "factchecker1"))  # new one works
    assert review.user_for_token(wb.db, token) is None  # old one no longer does


def test_status_change_needs_a_note_and_records_who_and_evidence(wb, people):
    claim = a_claim(wb)
    with pytest.raises(review.ReviewError, match="needs a note"):
        review.set_status(wb.db, claim["id"], "disputed", "  ", people["factchecker"])
    with pytest.raises(review.ReviewError, match="neither a claim id nor an http"):
        review.set_status(wb.db, claim["id"], "disputed", "why", people["factchecker"], ["javascript:alert(1)"])
    entry = review.set_status(wb.db, claim["id"], "disputed", "army denies it", people["factchecker"],
                              ["12", "https://example.org/statement"])
    assert (entry["user"], entry["from_status"], entry["to_status"]) == ("factchecker1", "unverified", "disputed")
    assert entry["evidence"] == ["#12", "https://example.org/statement"]
    assert wb.claim(claim["id"])["status"] == "disputed"


def test_each_role_only_its_own_work(wb, people):
    claim = a_claim(wb)
    with pytest.raises(review.PermissionDenied, match="needs the factchecker role"):
        review.set_status(wb.db, claim["id"], "confirmed", "ok", people["viewer"])
    with pytest.raises(review.PermissionDenied, match="needs the editor role"):
        review.add_flag(wb.db, claim["id"], "do_not_publish", people["factchecker"])
    with pytest.raises(review.PermissionDenied, match="needs the admin role"):
        review.set_role(wb.db, "viewer1", "admin", people["editor"])
    assert review.set_role(wb.db, "viewer1", "factchecker", people["admin"])["role"] == "factchecker"


def test_second_of_two_concurrent_changes_gets_a_conflict_and_nothing_is_lost(wb, people):
    claim = a_claim(wb)
    review.set_status(wb.db, claim["id"], "disputed", "first reviewer", people["factchecker"], expected="unverified")
    with pytest.raises(review.StaleStatus, match="changed by someone else"):
        review.set_status(wb.db, claim["id"], "confirmed", "second reviewer", people["admin"], expected="unverified")
    assert [h["note"] for h in review.history(wb.db, claim["id"])] == ["first reviewer"]
    assert wb.claim(claim["id"])["status"] == "disputed"


def test_flags_and_the_queue(wb, people):
    claim = a_claim(wb)
    flag = review.add_flag(wb.db, claim["id"], "needs_second_source", people["editor"], "only JNIM says so")
    assert [f["id"] for f in review.list_flags(wb.db, open_only=True)] == [flag["id"]]
    review.set_status(wb.db, claim["id"], "confirmed", "checked", people["factchecker"])
    ids, total = review.queue(wb.db, limit=1000)
    assert claim["id"] in ids  # confirmed, but still flagged
    review.resolve_flag(wb.db, flag["id"], people["editor"])
    ids, total_after = review.queue(wb.db, limit=1000)
    assert claim["id"] not in ids and total_after == total - 1
    with pytest.raises(review.StaleStatus, match="already resolved"):
        review.resolve_flag(wb.db, flag["id"], people["editor"])
    by_conflicts, _ = review.queue(wb.db, sort="conflicts", limit=5)
    conflicts = [wb.claim(i)["conflicts"] for i in by_conflicts]
    assert conflicts[0] >= conflicts[-1] and conflicts[0] > 0
    ids, _ = review.queue(wb.db, outlet="Kivu Matin", claim_type="casualty", limit=1000)
    assert ids and all(wb.claim(i)["outlet"] == "Kivu Matin" and wb.claim(i)["claim_type"] == "casualty" for i in ids)
    first, _ = review.queue(wb.db, limit=10)
    second, _ = review.queue(wb.db, limit=10, offset=10)
    assert not set(first) & set(second)
    # narrowed to some claims (the dashboard's "needs attention"): only those, in queue order; none is none
    assert review.queue(wb.db, ids=tuple(second[:3]), limit=1000) == (second[:3], 3)
    assert review.queue(wb.db, ids=(), limit=1000) == ([], 0)


def test_a_persons_relation_wins_over_the_computed_one(wb, people):
    board = wb.board(next(e["id"] for e in wb.events() if e["articles"] == 8))
    killed = next(f for f in board["frames"] if f["frame"] == "killed")
    a, b = (next(v["claim_id"] for v in killed["values"] if v["value"] == value) for value in ("77", "~100"))
    assert wb.compare(a, b).label == "conflicts"
    review.set_relation(wb.db, a, b, "related", people["factchecker"], "different counting dates")
    relation = wb.compare(a, b)
    assert relation.label == "related" and "different counting dates" in relation.reasons[0]


def test_accepting_a_suggestion_sets_the_matching_status(wb, people):
    claim = next(c for c in wb.claims() if c["suggested_status"] == "disputed")
    review.accept_suggestion(wb.db, claim["id"], claim["suggested_status"], people["factchecker"])
    assert wb.claim(claim["id"])["status"] == "disputed"


def test_cli_review_flag_flags_history_and_users(runner, tmp_path):
    assert runner.invoke(cli, ["demo", "--no-serve"]).exit_code == 0
    added = runner.invoke(cli, ["users", "add", "amina", "--role", "editor", "--password-stdin"], input=PASSWORD + "\n")
    assert added.exit_code == 0 and "amina added as editor" in added.output
    weak = runner.invoke(cli, ["users", "add", "bob", "--role", "viewer", "--password-stdin"], input="short\n")
    assert weak.exit_code == 1 and "at least 10 characters" in weak.output
    claim_id = json.loads(runner.invoke(cli, ["claims", "--json", "--limit", "1"]).output)[0]["id"]
    reviewed = runner.invoke(cli, ["review", str(claim_id), "--status", "false", "--note", "contradicted",
                                   "--evidence", "https://example.org/x", "--user", "amina"])
    assert reviewed.exit_code == 0 and "unverified → false by amina" in reviewed.output
    stale = runner.invoke(cli, ["review", str(claim_id), "--status", "confirmed", "--note", "n",
                                "--expected", "unverified", "--user", "amina"])
    assert stale.exit_code == 1 and "changed by someone else" in stale.output
    history = json.loads(runner.invoke(cli, ["history", str(claim_id), "--json"]).output)
    assert [(h["user"], h["to_status"], h["evidence"]) for h in history] == [("amina", "false",
                                                                             ["https://example.org/x"])]
    assert runner.invoke(cli, ["flag", str(claim_id), "--reason", "do_not_publish", "--user", "amina"]).exit_code == 0
    flags = json.loads(runner.invoke(cli, ["flags", "--open", "--json"]).output)
    assert [(f["claim_id"], f["reason"], f["user"]) for f in flags] == [(claim_id, "do_not_publish", "amina")]
    nobody = runner.invoke(cli, ["flag", str(claim_id), "--reason", "unconfirmed", "--user", "ghost"])
    assert nobody.exit_code == 1 and "user ghost does not exist" in nobody.output
    token = runner.invoke(cli, ["users", "token", "amina"]).output.strip()
    assert token.startswith("wb_") and len(token) > 30
