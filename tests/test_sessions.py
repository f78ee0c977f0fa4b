"""Sessions that end: a copied cookie or token stops working the moment its user's sessions end,
user ids are never handed on, sign-in guessing is slowed without locking anyone out for long,
and the session key does not live in the index cache.

Every replay is checked first to work *before* the event (so a test cannot pass because the
replay itself is broken), then to be refused after it with nothing stored.
"""
from __future__ import annotations

import hashlib
import shutil

import pytest

from test_web import PASSWORD, corpus, csrf_from, find_claim, make_app, text_of, with_db  # noqa: F401
from workbench.review import accounts
from workbench.review import actions as review
from workbench.web import create_app, secret_key_path
from workbench.web.limits import LoginLimits
from conftest import HashEmbedder

NEW_PASSWORD = "a fresh passphrase here"


@pytest.fixture
def app(corpus, tmp_path):  # noqa: F811
    return make_app(corpus, tmp_path, WTF_CSRF_ENABLED=True)


def sign_in(app, name: str, password: str = PASSWORD, address: str = "127.0.0.1"):
    """A client signed in as ``name`` through the real form (with its CSRF token); (client, cookie, csrf)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    page = text_of(client.get("/login"))
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": csrf_from(page)})
    assert response.status_code == 302, text_of(response)
    csrf = csrf_from(text_of(client.get("/")))  # first: the page may put the CSRF secret in the session
    return client, client.get_cookie("session").value, csrf


def replayer(app, cookie: str):
    """Another browser holding a copy of ``cookie``."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def review_digest(app) -> str:
    """Every row of the tables a reviewer can change: equal digests, nothing was stored."""
    def dump(db):
        rows = [repr(row) for table in ("claims", "status_history", "flags", "relations")
                for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        return hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return with_db(app, dump)


def attempts(app, client, cookie_csrf: str | None, token: str | None, claim_id: int) -> list[int]:
    """Status codes of a page, a form post and a JSON post with the copied cookie (or the token)."""
    body = {"status": "false", "note": "replayed", "expected": "unverified"}
    if token:
        headers = {"Authorization": f"Bearer {token}"}
        return [client.get("/api/claims?limit=1", headers=headers).status_code,
                client.post(f"/api/claims/{claim_id}/status", json=body, headers=headers).status_code]
    return [_to_login(client.get(f"/claims/{claim_id}")),
            _to_login(client.post(f"/claims/{claim_id}/status", data={**body, "csrf_token": cookie_csrf})),
            client.post(f"/api/claims/{claim_id}/status", json=body, headers={"X-CSRFToken": cookie_csrf}).status_code]


def _to_login(response) -> int | str:
    """"login" for a redirect to the sign-in page, else the status code."""
    if response.status_code == 302 and response.headers["Location"].startswith("/login"):
        return "login"
    return response.status_code


def _logout(app, client, csrf):
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302


EVENTS = {
    "logout": _logout,
    "password change": lambda app, client, csrf: with_db(app, lambda db: review.set_password(
        db, "factchecker", NEW_PASSWORD)),
    "role change": lambda app, client, csrf: with_db(app, lambda db: review.set_role(
        db, "factchecker", "editor", review.get_user(db, "admin"))),
    "disabling": lambda app, client, csrf: with_db(app, lambda db: review.disable_user(db, "factchecker")),
    "removal": lambda app, client, csrf: with_db(app, lambda db: review.remove_user(db, "factchecker")),
}


@pytest.mark.parametrize("event", list(EVENTS))
def test_every_session_and_the_token_end_at_once(app, event):
    claim = find_claim(app)
    client, cookie, csrf = sign_in(app, "factchecker")
    _, other_cookie, other_csrf = sign_in(app, "factchecker")  # the same person in a second browser
    token = with_db(app, lambda db: review.create_token(db, "factchecker"))
    # the replays work before: a copied cookie is a session like any other (GET only: nothing stored)
    assert replayer(app, cookie).get(f"/claims/{claim['id']}").status_code == 200
    assert replayer(app, other_cookie).get("/api/claims?limit=1").status_code == 200
    assert app.test_client().get("/api/claims?limit=1", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    before = review_digest(app)

    EVENTS[event](app, client, csrf)

    for copied, copied_csrf in ((cookie, csrf), (other_cookie, other_csrf)):
        page, form, api = attempts(app, replayer(app, copied), copied_csrf, None, claim["id"])
        assert page == "login" and form == "login" and api == 401, (event, page, form, api)
        login = replayer(app, copied).get("/queue")
        assert login.status_code == 302 and login.headers["Location"].startswith("/login")
    assert attempts(app, app.test_client(), None, token, claim["id"]) == [401, 401]
    assert review_digest(app) == before
    assert find_claim(app)["status"] == "unverified"


def test_after_a_password_change_or_role_change_the_user_signs_in_again_and_works(app):
    claim = find_claim(app)
    with_db(app, lambda db: review.set_password(db, "factchecker", NEW_PASSWORD))
    client, _, csrf = sign_in(app, "factchecker", NEW_PASSWORD)
    response = client.post(f"/claims/{claim['id']}/status", data={"status": "disputed", "note": "checked",
                                                                  "expected": "unverified", "csrf_token": csrf})
    assert response.status_code == 302 and find_claim(app)["status"] == "disputed"


def test_a_token_is_revoked_alone_and_sessions_go_on(app):
    client, cookie, _ = sign_in(app, "editor")
    token = with_db(app, lambda db: review.create_token(db, "editor"))
    with_db(app, lambda db: review.revoke_token(db, "editor"))
    response = app.test_client().get("/api/claims?limit=1", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and response.get_json() == {"error": "invalid API token"}
    assert replayer(app, cookie).get("/queue").status_code == 200


def test_a_removed_users_cookie_never_signs_in_as_a_user_made_later(app):
    with_db(app, lambda db: review.add_user(db, "temp.reporter", "viewer", PASSWORD))
    _, cookie, _ = sign_in(app, "temp.reporter")
    old_id = with_db(app, lambda db: review.get_user(db, "temp.reporter"))["id"]
    with_db(app, lambda db: review.remove_user(db, "temp.reporter"))
    newcomer = with_db(app, lambda db: review.add_user(db, "newadmin", "admin", PASSWORD))
    assert newcomer["id"] != old_id  # the removed row stays: ids are not handed on
    assert replayer(app, cookie).get("/users").status_code == 302
    with pytest.raises(Exception, match="users are never deleted"):
        with_db(app, lambda db: db.execute("DELETE FROM users WHERE id = ?", [old_id]))
    # and were an id reused anyway (the row deleted behind the workbench's back), the cookie still fails:
    # it names the old user's random session nonce, which the new user does not have
    def reuse(db):
        with db.conn:
            db.execute("DROP TRIGGER users_are_never_deleted")
            db.execute("DELETE FROM users WHERE id >= ?", [old_id])
        return review.add_user(db, "second.admin", "admin", PASSWORD)
    reused = with_db(app, reuse)
    assert reused["id"] == old_id
    assert replayer(app, cookie).get("/users").status_code == 302
    assert replayer(app, cookie).get("/api/claims?limit=1").status_code == 401


def test_a_session_names_no_secret_and_no_hash_reaches_a_page(app):
    client, _, _ = sign_in(app, "admin")
    nonce = with_db(app, lambda db: db.execute("SELECT session_nonce FROM users WHERE name = 'admin'").fetchone()[0])
    token = with_db(app, lambda db: review.create_token(db, "viewer"))
    page = text_of(client.get("/users"))
    assert nonce not in page and token not in page and "scrypt:" not in page
    assert "session_nonce" not in repr(with_db(app, lambda db: review.list_users(db)))


# -- disabling and removing from the web UI ---------------------------------------------------------------
def test_admins_disable_enable_remove_and_revoke_from_the_users_page(app):
    admin, _, csrf = sign_in(app, "admin")
    _, viewer_cookie, _ = sign_in(app, "viewer")
    token = with_db(app, lambda db: review.create_token(db, "viewer"))
    admin.post("/users/viewer/disable", data={"csrf_token": csrf})
    page = text_of(admin.get("/users"))
    assert "viewer is disabled: signed out everywhere, token revoked, no sign-in." in page
    assert "viewer <span class=\"muted\">(disabled)</span>" in page
    assert replayer(app, viewer_cookie).get("/").status_code == 302
    assert app.test_client().get("/api/claims", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    client = app.test_client()
    login = csrf_from(text_of(client.get("/login")))
    refused = client.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf_token": login})
    assert refused.status_code == 403 and "The account viewer is disabled; ask an admin." in text_of(refused)
    wrong = client.post("/login", data={"name": "viewer", "password": "not the password", "csrf_token": login})
    assert wrong.status_code == 401 and "disabled" not in text_of(wrong)  # nothing told without the password
    assert admin.post("/users/viewer/token", data={"csrf_token": csrf}).status_code == 302  # no token while disabled
    assert "No token issued: the account viewer is disabled" in text_of(admin.get("/users"))

    admin.post("/users/viewer/enable", data={"csrf_token": csrf})
    sign_in(app, "viewer")
    admin.post("/users/admin/disable", data={"csrf_token": csrf})
    assert "Not disabled: you cannot disable your own account; ask another admin." in text_of(admin.get("/users"))

    token = with_db(app, lambda db: review.create_token(db, "editor"))
    admin.post("/users/editor/revoke-token", data={"csrf_token": csrf})
    assert "The API token of editor is revoked." in text_of(admin.get("/users"))
    assert app.test_client().get("/api/claims", headers={"Authorization": f"Bearer {token}"}).status_code == 401

    assert "Remove editor?" in text_of(admin.get("/users/editor/remove"))
    admin.post("/users/editor/remove", data={"csrf_token": csrf})
    page = text_of(admin.get("/users"))
    assert "editor is removed" in page and "/users/editor/role" not in page
    assert admin.get("/users/editor/remove").status_code == 404


def test_admins_set_passwords_with_the_policy_and_keep_their_own_session(app):
    admin, _, csrf = sign_in(app, "admin")
    _, viewer_cookie, _ = sign_in(app, "viewer")
    admin.post("/users/password", data={"name": "viewer", "password": "          ", "csrf_token": csrf})
    assert "Password not changed: a password cannot be blank or only spaces." in text_of(admin.get("/users"))
    assert replayer(app, viewer_cookie).get("/").status_code == 200  # a refused change ends nothing
    admin.post("/users/password", data={"name": "viewer", "password": NEW_PASSWORD, "csrf_token": csrf})
    assert "New password set for viewer" in text_of(admin.get("/users"))
    assert replayer(app, viewer_cookie).get("/").status_code == 302
    sign_in(app, "viewer", NEW_PASSWORD)
    admin.post("/users/password", data={"name": "admin", "password": NEW_PASSWORD, "csrf_token": csrf})
    assert admin.get("/users").status_code == 200  # the admin's own change keeps the session it was made in


# -- sign-in limits -----------------------------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def limited_app(corpus, tmp_path, **limits):  # noqa: F811
    app = make_app(corpus, tmp_path, LOGIN_LIMITS=limits)
    clock = app.extensions["workbench.login_limits"].clock = Clock()
    return app, clock


def try_login(client, name, password="wrong password!"):
    return client.post("/login", data={"name": name, "password": password})


def test_guesses_slow_down_per_account_and_address_and_say_when_to_retry(corpus, tmp_path, monkeypatch):  # noqa: F811
    app, clock = limited_app(corpus, tmp_path)
    client = app.test_client()
    for _ in range(5):
        assert try_login(client, "viewer").status_code == 401
    refused = try_login(client, "viewer", PASSWORD)  # even the right password is not tried during the wait
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert "Too many failed sign-ins; try again in 1 second." in text_of(refused)
    calls = []
    monkeypatch.setattr(accounts, "check_password_hash", lambda *args: calls.append(args) or False)
    assert try_login(client, "viewer", PASSWORD).status_code == 429 and calls == []
    monkeypatch.undo()
    clock.now += 1
    assert try_login(client, "viewer", PASSWORD).status_code == 302  # the wait is over: in
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    assert try_login(elsewhere, "Viewer", PASSWORD).status_code == 302  # the same person elsewhere is not slowed


def test_waits_double_but_never_lock_anyone_out_for_more_than_five_minutes(corpus, tmp_path):  # noqa: F811
    app, clock = limited_app(corpus, tmp_path)
    client, waits = app.test_client(), []
    for _ in range(20):
        response = try_login(client, "editor")
        if response.status_code == 429:
            wait = int(response.headers["Retry-After"])
            waits.append(wait)
            clock.now += wait
            assert try_login(client, "editor").status_code == 401  # after the wait, one more try is heard
    assert waits[:4] == [1, 2, 4, 8] and max(waits) == 300 and waits[-1] == 300
    clock.now += 300
    assert try_login(client, "editor", PASSWORD).status_code == 302


def test_one_address_guessing_many_names_is_slowed_too(corpus, tmp_path):  # noqa: F811
    app, clock = limited_app(corpus, tmp_path)
    client = app.test_client()
    for number in range(20):
        assert try_login(client, f"guess{number}").status_code == 401  # unknown names count like known ones
    assert try_login(client, "someone.new").status_code == 429
    assert try_login(client, "admin", PASSWORD).status_code == 429
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.9"
    assert try_login(other, "admin", PASSWORD).status_code == 302


def test_the_limits_hold_bounded_memory():
    limits = LoginLimits(max_keys=100, clock=Clock())
    for number in range(1000):
        limits.failed(f"name{number}", f"10.0.{number // 250}.{number % 250}")
    assert len(limits._counts) <= 101


def test_unknown_names_cost_the_same_hash_check_as_known_ones(app, monkeypatch):
    """Structural, not timed: every sign-in runs exactly one password hash check, against a dummy
    hash when the name is unknown, removed or has no password."""
    with_db(app, lambda db: review.add_user(db, "gone.soon", "viewer", PASSWORD))
    with_db(app, lambda db: review.remove_user(db, "gone.soon"))
    real, checked = accounts.check_password_hash, []

    def spy(stored, password):
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    for name in ("viewer", "nobody-by-this-name", "gone.soon", "x" * 5000):
        checked.clear()
        with_db(app, lambda db: review.authenticate(db, name, "wrong password!"))
        assert len(checked) == 1, name
        assert checked[0].startswith("scrypt:"), name  # the same kind of hash, so the same work
    client = app.test_client()
    checked.clear()
    page = csrf_from(text_of(client.get("/login")))
    response = client.post("/login", data={"name": "nobody", "password": "wrong password!", "csrf_token": page})
    assert response.status_code == 401 and len(checked) == 1
    assert "Unknown user name or wrong password." in text_of(response)


# -- the session key ---------------------------------------------------------------------------------------
def test_the_session_key_lives_beside_claims_db_and_survives_deleting_the_index(corpus, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.delenv("WORKBENCH_SECRET_KEY", raising=False)
    shutil.copy(corpus / "claims.db", tmp_path / "claims.db")
    shutil.copytree(corpus / "indexes", tmp_path / "indexes")
    config = {"DATABASE": str(tmp_path / "claims.db"), "INDEX_DIR": str(tmp_path / "indexes"),
              "EMBEDDER": HashEmbedder()}
    first = create_app(dict(config))
    key_file = secret_key_path(tmp_path / "claims.db")
    assert key_file == tmp_path / ".claims.db.secret_key" and key_file.read_text() == first.secret_key
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "indexes" / ".secret_key").exists()
    client = first.test_client()
    assert client.post("/login", data={"name": "viewer", "password": PASSWORD}).status_code == 400  # CSRF on
    page = csrf_from(text_of(client.get("/login")))
    assert client.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf_token": page}).status_code == 302
    cookie = client.get_cookie("session").value

    shutil.rmtree(tmp_path / "indexes")  # the index is a cache: deleting it must not end sessions
    second = create_app(dict(config))
    assert second.secret_key == first.secret_key
    assert replayer(second, cookie).get("/").status_code == 200

    monkeypatch.setenv("WORKBENCH_SECRET_KEY", "from-the-environment")
    assert create_app(dict(config)).secret_key == "from-the-environment"
    assert key_file.read_text() == first.secret_key  # the file is left alone


def test_a_key_kept_in_the_index_folder_by_an_older_version_is_moved_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_SECRET_KEY", raising=False)
    (tmp_path / "indexes").mkdir()
    legacy = tmp_path / "indexes" / ".secret_key"
    legacy.write_text("ab" * 32)
    legacy.chmod(0o644)
    app = create_app({"DATABASE": str(tmp_path / "claims.db"), "INDEX_DIR": str(tmp_path / "indexes"),
                      "EMBEDDER": HashEmbedder()})
    assert app.secret_key == "ab" * 32 and not legacy.exists()
    assert (tmp_path / ".claims.db.secret_key").stat().st_mode & 0o777 == 0o600
    (tmp_path / ".claims.db.secret_key").chmod(0o644)  # loosened by hand: tightened on the next start
    create_app({"DATABASE": str(tmp_path / "claims.db"), "INDEX_DIR": str(tmp_path / "indexes"),
                "EMBEDDER": HashEmbedder()})
    assert (tmp_path / ".claims.db.secret_key").stat().st_mode & 0o777 == 0o600
