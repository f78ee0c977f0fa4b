"""Accounts: the password policy, normalised and look-alike user names, ids never handed on,
disabling, removing and revoking (library and CLI), and the demo account's once-shown password."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench import Workbench
from workbench.cli import cli
from workbench.review import accounts
from workbench.review import actions as review

PASSWORD = "correct horse battery"


@pytest.fixture
def people(wb):
    return {role: review.add_user(wb.db, role, role, PASSWORD) for role in ("viewer", "factchecker", "editor", "admin")}


# -- the password policy -----------------------------------------------------------------------------------
@pytest.mark.parametrize("password, message", [
    ("", "a password cannot be blank or only spaces"),
    (" " * 12, "a password cannot be blank or only spaces"),
    ("\t \n  \u3000 ", "a password cannot be blank or only spaces"),
    ("abc123!", "a password needs at least 10 characters"),
    ("abcabcabc", "a password needs at least 10 characters"),
    ("x" * 1025, "a password can have at most 1024 characters"),
    ("aaaaaaaaaa", "a password cannot be one short piece repeated"),
    ("abcabcabcabc", "a password cannot be one short piece repeated"),
    ("Ab1Ab1Ab1Ab1", "a password cannot be one short piece repeated"),
    ("aaaaaaaaab", "a password needs at least 4 different characters"),
    ("abcdefghijkl", "a password cannot be a run of consecutive characters"),
    ("9876543210", "a password cannot be a run of consecutive characters"),
    ("1234567890", "that password is among the most commonly used ones"),
    ("qwertyuiop", "that password is among the most commonly used ones"),
    ("Password123!", "that password is among the most commonly used ones"),
    ("P@ssw0rd2024", "that password is among the most commonly used ones"),
    ("  iloveyou  2 ", "that password is among the most commonly used ones"),
    ("Workbench2024", "that password is among the most commonly used ones"),
    ("mot de passe 99", "that password is among the most commonly used ones"),
    ("Amina 2024!!", "a password cannot be the user name"),
])
def test_weak_passwords_are_refused_in_one_line(wb, password, message):
    with pytest.raises(review.ReviewError) as refused:
        review.add_user(wb.db, "amina", "viewer", password)
    assert str(refused.value).startswith(message) and "\n" not in str(refused.value)
    assert review.get_user(wb.db, "amina") is None


@pytest.mark.parametrize("password", [PASSWORD, "long enough password", "Tr0ub4dor&3 horse", "ZsN3-q8pLw_u2Xr"])
def test_reasonable_passwords_are_accepted(wb, password):
    assert review.add_user(wb.db, "amina", "viewer", password)["name"] == "amina"
    assert review.authenticate(wb.db, "amina", password)["name"] == "amina"


def test_the_common_password_list_is_data_kept_apart_from_code():
    listed = accounts._common_passwords()
    assert len(listed) > 200 and "password" in listed and "qwertyuiop" in listed
    assert (accounts.DATA / "common-passwords.txt").is_file() and (accounts.DATA / "confusables.tsv").is_file()


# -- names ----------------------------------------------------------------------------------------------------
def test_names_are_normalised_and_sign_in_however_they_are_typed(wb):
    user = review.add_user(wb.db, "  Amina.Diallo ", "viewer", PASSWORD)
    assert user["name"] == "amina.diallo"
    for typed in ("amina.diallo", "AMINA.DIALLO", "ａｍｉｎａ.ｄｉａｌｌｏ", " Amina.Diallo"):
        assert review.authenticate(wb.db, typed, PASSWORD)["id"] == user["id"], typed
        assert review.get_user(wb.db, typed)["id"] == user["id"]


@pytest.mark.parametrize("name, message", [
    ("demo", "user demo already exists"),
    ("DEMO", "user demo already exists"),
    ("ｄｅｍｏ", "user demo already exists"),             # fullwidth
    ("dem\u043e", "looks like the existing user demo"),   # Cyrillic о
    ("d\u0435m\u043e", "looks like the existing user demo"),  # Cyrillic е and о
    ("\u0501em\u03bf", "looks like the existing user demo"),  # Cyrillic ԁ, Greek ο
    ("DЕМО", "looks like the existing user demo"),        # Cyrillic capitals, case-folded first
    ("dem0", "looks like the existing user demo"),
    ("derno", "looks like the existing user demo"),
])
def test_look_alike_names_are_refused(wb, name, message):
    review.add_user(wb.db, "demo", "admin", PASSWORD)
    with pytest.raises(review.ReviewError, match=message):
        review.add_user(wb.db, name, "viewer", PASSWORD)
    assert [user["name"] for user in review.list_users(wb.db)] == ["demo"]


def test_names_that_only_share_letters_are_fine_and_scripts_of_their_own_too(wb):
    review.add_user(wb.db, "demo", "admin", PASSWORD)
    for name in ("demos", "dema", "d.emo", "дмитрий", "δημήτρης", "amína"):
        assert review.add_user(wb.db, name, "viewer", PASSWORD)["name"] == name.casefold()  # final ς → σ
    with pytest.raises(review.ReviewError, match="looks like the existing user amína"):
        review.add_user(wb.db, "\u0430m\u00edna", "viewer", PASSWORD)  # Cyrillic а, then the accented í


@pytest.mark.parametrize("name", ["", "   ", "a b", "x" * 65, "<b>", "demo\u200b", "demo\x00", "evil\nname"])
def test_names_outside_the_rule_are_refused(wb, name):
    with pytest.raises(review.ReviewError, match="a user name is 1–64 letters"):
        review.add_user(wb.db, name, "viewer", PASSWORD)


# -- ids, disabling, removing, tokens ------------------------------------------------------------------
def test_removed_users_keep_their_row_their_history_and_their_name(wb, people):
    temp = review.add_user(wb.db, "stringer", "factchecker", PASSWORD)
    review.remove_user(wb.db, "stringer")
    assert review.get_user(wb.db, "stringer") is None and review.get_user(wb.db, temp["id"]) is None
    assert "stringer" not in [user["name"] for user in review.list_users(wb.db)]
    assert review.authenticate(wb.db, "stringer", PASSWORD) is None
    later = review.add_user(wb.db, "newcomer", "admin", PASSWORD)
    assert later["id"] > temp["id"]  # never the removed user's id
    with pytest.raises(review.ReviewError, match="was removed; the name stays reserved"):
        review.add_user(wb.db, "Stringer", "viewer", PASSWORD)
    with pytest.raises(review.ReviewError, match="looks like the existing user stringer"):
        review.add_user(wb.db, "str\u0456nger", "viewer", PASSWORD)
    with pytest.raises(Exception, match="users are never deleted"):
        with wb.db.atomic():
            wb.db.execute("DELETE FROM users")
    assert wb.db.execute("SELECT count(*) FROM users").fetchone()[0] == 6


def test_disabled_users_cannot_sign_in_use_a_token_or_act(wb, people):
    token = review.create_token(wb.db, "editor")
    disabled = review.disable_user(wb.db, "editor")
    assert disabled["disabled"] and not disabled["has_token"]
    assert review.user_for_token(wb.db, token) is None
    with pytest.raises(review.AccountDisabled, match="the account editor is disabled; ask an admin"):
        review.authenticate(wb.db, "editor", PASSWORD)
    assert review.authenticate(wb.db, "editor", "wrong password!") is None
    with pytest.raises(review.ReviewError, match="is disabled; enable it before issuing a token"):
        review.create_token(wb.db, "editor")
    with pytest.raises(review.PermissionDenied, match="the account editor is disabled"):
        review.add_flag(wb.db, 1, "do_not_publish", disabled)
    review.enable_user(wb.db, "editor")
    assert review.authenticate(wb.db, "editor", PASSWORD)["name"] == "editor"
    assert review.user_for_token(wb.db, token) is None  # a token revoked stays revoked


def test_admins_cannot_lock_themselves_or_everyone_out(wb, people):
    admin = people["admin"]
    for change in (review.disable_user, review.remove_user):
        with pytest.raises(review.ReviewError, match="cannot (disable|remove) your own account"):
            change(wb.db, "admin", admin)
        with pytest.raises(review.ReviewError, match="admin is the last active admin"):
            change(wb.db, "admin")  # the operator at the command line
    with pytest.raises(review.ReviewError, match="last active admin"):
        review.set_role(wb.db, "admin", "editor", admin)
    with pytest.raises(review.PermissionDenied, match="needs the admin role"):
        review.disable_user(wb.db, "viewer", people["editor"])
    review.set_role(wb.db, "editor", "admin", admin)
    assert review.disable_user(wb.db, "admin", review.get_user(wb.db, "editor"))["disabled"]


def test_a_session_id_changes_whenever_sessions_end(wb, people):
    user_id = people["viewer"]["id"]
    seen = [review.session_id(wb.db, user_id)]
    for end in (lambda: review.end_sessions(wb.db, user_id),
                lambda: review.set_password(wb.db, "viewer", "a fresh passphrase here"),
                lambda: review.set_role(wb.db, "viewer", "factchecker", people["admin"]),
                lambda: review.disable_user(wb.db, "viewer")):
        assert review.user_for_session(wb.db, seen[-1]) is not None
        end()
        assert review.user_for_session(wb.db, seen[-1]) is None
        seen.append(review.session_id(wb.db, user_id))
    assert len(set(seen)) == len(seen)
    assert review.user_for_session(wb.db, seen[-1]) is None  # disabled: no session at all
    for bogus in (None, "", str(user_id), f"{user_id}:", f"x:{seen[-1]}", "9" * 40 + ":" + "0" * 32):
        assert review.user_for_session(wb.db, bogus) is None


def test_same_role_is_no_change_and_ends_nothing(wb, people):
    before = review.session_id(wb.db, people["editor"]["id"])
    review.set_role(wb.db, "editor", "editor", people["admin"])
    assert review.session_id(wb.db, people["editor"]["id"]) == before


# -- the command line --------------------------------------------------------------------------------------
def test_cli_disables_enables_removes_and_revokes(runner, tmp_path):
    def run(*args, input=None):
        return runner.invoke(cli, ["users", *args], input=input)

    assert run("add", "demo", "--role", "admin", "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    assert run("add", "amina", "--role", "editor", "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    token = run("token", "amina").output.strip()
    assert run("list").output.splitlines() == ["amina                editor       token", "demo                 admin"]

    revoked = run("revoke-token", "amina")
    assert revoked.exit_code == 0 and revoked.output == "user amina: API token revoked\n"
    disabled = run("disable", "Amina")
    assert disabled.exit_code == 0 and "user amina disabled: signed out everywhere, token revoked" in disabled.output
    assert "amina                editor       disabled" in run("list").output
    acting = runner.invoke(cli, ["flag", "1", "--reason", "unconfirmed", "--user", "amina"])
    assert acting.exit_code == 1 and "the account amina is disabled" in acting.output
    assert run("enable", "amina").output == "user amina enabled\n"

    weak = run("password", "amina", "--password-stdin", input="aaaaaaaaaaaa\n")
    assert weak.exit_code == 1 and weak.output == ("Error: a password cannot be one short piece repeated "
                                                   "(like aaaaaaaaaa or abcabcabc)\n")
    changed = run("password", "amina", "--password-stdin", input="a fresh passphrase here\n")
    assert changed.exit_code == 0 and "new password set; sessions and token ended" in changed.output

    kept = run("remove", "amina", input="n\n")
    assert kept.exit_code == 1 and "amina" in run("list").output
    removed = run("remove", "amina", "--yes")
    assert removed.exit_code == 0 and "user amina removed" in removed.output
    assert "amina" not in run("list").output

    for args in (("disable", "ghost"), ("remove", "ghost", "--yes"), ("revoke-token", "ghost"), ("enable", "ghost")):
        missing = run(*args)
        assert missing.exit_code == 1 and missing.output == "Error: user ghost does not exist\n", args
    last = run("disable", "demo")
    assert last.exit_code == 1 and "demo is the last active admin" in last.output
    blank = run("add", "bob", "--role", "viewer", "--password-stdin", input="          \n")
    assert blank.exit_code == 1 and blank.output == "Error: a password cannot be blank or only spaces\n"
    lookalike = run("add", "dem\u043e", "--role", "admin", "--password-stdin", input=PASSWORD + "\n")
    assert lookalike.exit_code == 1 and "looks like the existing user demo" in lookalike.output
    with Workbench(tmp_path / "claims.db", tmp_path / "indexes") as wb:
        assert wb.user_for_token(token) is None


# -- the demo account --------------------------------------------------------------------------------------
def test_the_demo_password_is_written_to_a_file_only_its_owner_can_read(wb):
    first = wb.demo_account()
    path = Path(first["file"])
    beside = wb.db_path.with_name("claims.db.demo-password") if isinstance(wb.db_path, Path) \
        else wb.index_dir / ".demo-password"  # a server database: with this server's index
    assert first["created"] and path == beside
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text() == f"user demo\npassword {first['password']}\n"
    assert review.authenticate(wb.db, "demo", first["password"])["role"] == "admin"
    again = wb.demo_account()
    assert not again["created"] and again["password"] is None and again["file"] == str(path)


def test_the_demo_password_is_still_shown_when_it_cannot_be_written(wb, monkeypatch):
    def refuse(path, write):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(accounts, "atomic_write", refuse)
    result = wb.demo_account()
    assert result["created"] and result["password"] and result["file"] is None
    assert "Permission denied" in result["file_error"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_workbench_demo_piped_to_a_file_shows_the_password_while_the_server_runs(demo_store, tmp_path):
    """The once-shown password must reach a pipe or file at once, not when the server stops."""
    shutil.copytree(demo_store, tmp_path / "demo")
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    command = [sys.executable, "-m", "workbench", "--db", str(tmp_path / "demo" / "claims.db"), "--index-dir",
               str(tmp_path / "demo" / "indexes"), "demo", "--port", str(_free_port())]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}  # a file: block-buffered
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        server = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env)
        try:
            deadline = time.monotonic() + 180
            while "serving" not in err.read_text() and time.monotonic() < deadline:
                assert server.poll() is None, err.read_text()
                time.sleep(0.2)
            assert "serving" in err.read_text(), "the server did not start"
            time.sleep(0.5)
            assert server.poll() is None  # still serving, and yet:
            shown = out.read_text()
        finally:
            server.terminate()
            server.wait(timeout=30)
    line = next(line for line in shown.splitlines() if "password" in line and "shown once" in line)
    password = line.split("password ", 1)[1].split(" ")[0]
    secret = tmp_path / "demo" / "claims.db.demo-password"
    assert f"password also written to {secret} (readable by you only)" in shown
    assert secret.stat().st_mode & 0o777 == 0o600 and f"password {password}\n" in secret.read_text()


# -- the migration -----------------------------------------------------------------------------------------
def test_m009_gives_existing_users_a_session_nonce_normalised_names_and_no_deletes(tmp_path):
    from werkzeug.security import generate_password_hash

    from workbench.storage import store
    from workbench.storage.migrations import apply_migrations, migrations

    db = store.connect(tmp_path / "claims.db", migrate=False)
    migrations.apply(db, stop_before="m009_accounts_sessions")
    for name in ("Amina", "Moussa", "moussa"):  # as an older version let them be added
        db["users"].insert({"name": name, "role": "admin", "password_hash": generate_password_hash(PASSWORD),
                            "created_at": "2024-09-17T00:00:00+00:00"})
    assert apply_migrations(db)[0] == "m009_accounts_sessions"
    rows = db.execute("SELECT name, session_nonce FROM users ORDER BY id").fetchall()
    assert [name for name, _ in rows] == ["amina", "Moussa", "moussa"]  # two that would collide stay as they were
    assert len({nonce for _, nonce in rows}) == 3 and all(len(nonce) == 32 for _, nonce in rows)
    assert review.authenticate(db, "AMINA", PASSWORD)["name"] == "amina"
    assert review.authenticate(db, "Moussa", PASSWORD)["name"] == "Moussa"
    assert review.user_for_session(db, "1") is None  # a cookie of the old kind (just the id) is not a session
    with pytest.raises(Exception, match="users are never deleted"):
        with db.conn:
            db.execute("DELETE FROM users WHERE name = 'amina'")
    db.close()
