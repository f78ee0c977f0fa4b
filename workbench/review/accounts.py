"""Accounts: user names, passwords, sessions and API tokens, with the rules that keep them safe.

* **Names** are stored NFKC-normalised and case-folded (``ｄｅｍｏ`` and ``Demo`` are ``demo``), and a
  new name is refused when it reads like one already taken: its *skeleton* (look-alike characters
  from other scripts mapped to the Latin letter they resemble, ``data/confusables.tsv``) equals that
  of an existing or removed user (``demо`` with a Cyrillic о beside ``demo``).
* **Passwords** are hashed (werkzeug's scrypt) and must pass ``check_password``: not blank, not
  short, not one piece repeated or a run of consecutive keys, not one of the most common
  (``data/common-passwords.txt``), not the user name with a few digits.
* **Sessions** end for real.  Each user has a random ``session_nonce``; a browser session carries
  ``"<id>:<nonce>"`` (``session_id``) and is accepted only while the nonce still matches
  (``user_for_session``, on every request).  Signing out, a password change, a role change,
  disabling and removing a user all draw a new nonce *and* drop the API token, so every session
  and token of that user stops working at once.  A nonce is random, so even a reused id would not
  revive an old cookie; and ids are not reused: users are never deleted (a trigger refuses it),
  ``remove_user`` keeps the row — and its name, reserved — so history still says who did what.
* **Sign-in** takes the same work for unknown and known names: the password is always checked
  against a hash (a dummy one when there is no such user, or it is removed or disabled).
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import unicodedata
from pathlib import Path

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import NotFound
from ..model import ROLES
from ..storage.files import atomic_write
from ..storage.store import now
from .base import PermissionDenied, ReviewError, fetch_all, fetch_one, require_role

__all__ = ["MIN_PASSWORD", "MAX_PASSWORD", "AccountDisabled", "normalise_name", "skeleton", "check_name",
           "check_password", "add_user", "get_user", "list_users", "authenticate", "session_id", "user_for_session",
           "end_sessions", "set_role", "set_password", "disable_user", "enable_user", "remove_user", "create_token",
           "revoke_token", "user_for_token", "demo_account"]

DATA = Path(__file__).parent / "data"
MIN_PASSWORD, MAX_PASSWORD = 10, 1024
MAX_NAME = 64
NAME_RULE = "a user name is 1–64 letters, digits, '.', '-' or '_'"
DEMO_NAME = "demo"
# what a user record shows; never the password hash, the token hash or the session nonce
_COLUMNS = "id, name, role, created_at, disabled_at IS NOT NULL AS disabled, token_hash IS NOT NULL AS has_token"
_LEET = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t",
                       "+": "t", "8": "b", "9": "g"})


class AccountDisabled(PermissionDenied):
    """The password was right but an admin has disabled the account."""


# -- names -------------------------------------------------------------------------------------------
def normalise_name(name: str | None) -> str:
    """NFKC, case-folded, NFKC again (Unicode's NFKC_Casefold, near enough), spaces trimmed."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold()).strip()


@functools.cache
def _confusables() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(single look-alike character → what it reads as, [(sequence, reads as)]) from data/confusables.tsv."""
    single, sequences = {}, []
    for line in (DATA / "confusables.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target = line.split("\t")[:2]
        text = "".join(chr(int(code.removeprefix("U+"), 16)) for code in source.split())
        if len(text) == 1:
            single[text] = target
        else:
            sequences.append((text, target))
    return single, sequences


def skeleton(name: str) -> str:
    """What a name reads as: normalised, accents set apart from their letters, look-alikes mapped to
    the Latin letter they resemble; two names with one skeleton can be mistaken for each other."""
    single, sequences = _confusables()
    decomposed = unicodedata.normalize("NFD", normalise_name(name))
    mapped = "".join(single.get(char, char) for char in decomposed)
    for sequence, target in sequences:
        mapped = mapped.replace(sequence, target)
    return unicodedata.normalize("NFC", mapped)


def check_name(name: str | None) -> str:
    """The stored form of a new user name, or ReviewError saying what a name may be."""
    if not isinstance(name, str) or len(name) > 4 * MAX_NAME:
        raise ReviewError(NAME_RULE)
    key = normalise_name(name)
    if not key or len(key) > MAX_NAME or not all(char.isalnum() or char in ".-_" for char in key):
        raise ReviewError(NAME_RULE)
    return key


def _taken(db: Database, key: str) -> None:
    """Refuse a name already used (by a current or removed user) or one that reads like it."""
    mine = skeleton(key)
    for row in fetch_all(db, "SELECT name, removed_at FROM users", []):
        if normalise_name(row["name"]) == key:
            if row["removed_at"]:
                raise ReviewError(f"user {key} was removed; the name stays reserved so history stays unambiguous — "
                                  "choose another")
            raise ReviewError(f"user {key} already exists")
        if skeleton(row["name"]) == mine:
            raise ReviewError(f"user name {key} looks like the existing user {row['name']} (look-alike letters); "
                              "choose a name that cannot be mistaken for it")


# -- passwords ---------------------------------------------------------------------------------------
def _compact(text: str) -> str:
    return "".join(text.casefold().split())


@functools.cache
def _common_passwords() -> frozenset[str]:
    lines = (DATA / "common-passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(_compact(line) for line in lines if line.strip() and not line.startswith("#"))


def _readings(compact: str) -> set[str]:
    """The password as a guesser would try it: as is, without trailing digits and symbols, without
    leading digits, with letter swaps (p@ssw0rd) undone."""
    trimmed = re.sub(r"[\W\d_]+$", "", compact)
    forms = {compact, trimmed, re.sub(r"^\d+", "", trimmed)}
    return {form for base in forms for form in (base, base.translate(_LEET)) if form}


def _is_run(text: str) -> bool:
    """Consecutive characters all one step up or all one step down (abcdefghij, 9876543210)."""
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:])}
    return steps in ({1}, {-1})


def check_password(password, name: str | None = None) -> None:
    """Refuse, in one line, a password that is blank, short, long, trivially patterned or common."""
    if not isinstance(password, str) or not password.strip():
        raise ReviewError("a password cannot be blank or only spaces")
    if len(password) < MIN_PASSWORD:
        raise ReviewError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ReviewError(f"a password can have at most {MAX_PASSWORD} characters")
    compact = _compact(password)
    if re.fullmatch(r"(.+?)\1+", compact, flags=re.DOTALL):
        raise ReviewError("a password cannot be one short piece repeated (like aaaaaaaaaa or abcabcabc)")
    if len(set(compact)) < 4:
        raise ReviewError("a password needs at least 4 different characters")
    if _is_run(compact):
        raise ReviewError("a password cannot be a run of consecutive characters (like 1234567890 or abcdefghij)")
    if _readings(compact) & _common_passwords():
        raise ReviewError("that password is among the most commonly used ones; choose one that is harder to guess")
    if normalise_name(name) in _readings(compact):
        raise ReviewError("a password cannot be the user name (give or take digits and symbols)")


@functools.cache
def _dummy_hash() -> str:
    """A hash made the way real ones are, to check a password against when there is no such user."""
    return generate_password_hash(secrets.token_hex(16))


# -- users -------------------------------------------------------------------------------------------
def _record(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {**row, "disabled": bool(row["disabled"]), "has_token": bool(row["has_token"])}


def _find(db: Database, name: str | None, columns: str = _COLUMNS) -> dict | None:
    """The current (not removed) user called ``name``, however it is typed (a name stored before
    names were normalised, beside one it would now collide with, is found as written first)."""
    if not isinstance(name, str) or len(name) > 4 * MAX_NAME:
        return None
    for candidate in dict.fromkeys((name.strip(), normalise_name(name))):
        row = fetch_one(db, f"SELECT {columns} FROM users WHERE name = ? AND removed_at IS NULL", [candidate])
        if row is not None:
            return row
    return None


def get_user(db: Database, name_or_id: str | int) -> dict | None:
    """A current user by name or id (None when there is none, or it was removed)."""
    if isinstance(name_or_id, int):
        return _record(fetch_one(db, f"SELECT {_COLUMNS} FROM users WHERE id = ? AND removed_at IS NULL",
                                 [name_or_id]))
    return _record(_find(db, name_or_id))


def _existing(db: Database, name: str) -> dict:
    user = get_user(db, name)
    if user is None:
        raise NotFound(f"user {name} does not exist")
    return user


def list_users(db: Database) -> list[dict]:
    """Current users by name (removed ones are kept only for history and are not listed)."""
    return [_record(row) for row in
            fetch_all(db, f"SELECT {_COLUMNS} FROM users WHERE removed_at IS NULL ORDER BY name", [])]


def add_user(db: Database, name: str, role: str, password: str) -> dict:
    key = check_name(name)
    if role not in ROLES:
        raise ReviewError(f"role must be one of {', '.join(ROLES)}")
    check_password(password, key)
    password_hash = generate_password_hash(password)  # slow on purpose: before the write lock is taken
    with db.atomic():
        _taken(db, key)  # inside the transaction, so two admins cannot add look-alikes at once
        user_id = db["users"].insert({"name": key, "role": role, "password_hash": password_hash,
                                      "created_at": now(), "session_nonce": secrets.token_hex(16)}).last_pk
    return get_user(db, user_id)


def authenticate(db: Database, name: str, password: str) -> dict | None:
    """The user whose name and password these are, else None — after the same work either way.
    A right password for a disabled account raises AccountDisabled."""
    row = _find(db, name, columns="id, password_hash, disabled_at")
    stored = row["password_hash"] if row and row["password_hash"] else None
    # always one hash check: an unknown name costs what a known one does (no telling them apart by time)
    matches = check_password_hash(stored or _dummy_hash(), (password or "")[:MAX_PASSWORD + 1])
    if not (matches and stored):
        return None
    if row["disabled_at"]:
        raise AccountDisabled(f"the account {normalise_name(name)} is disabled; ask an admin")
    return get_user(db, row["id"])


# -- sessions and tokens -----------------------------------------------------------------------------
def session_id(db: Database, user_id: int) -> str:
    """What a browser session carries for this user: valid until the user's sessions are ended."""
    row = fetch_one(db, "SELECT id, session_nonce FROM users WHERE id = ? AND removed_at IS NULL", [user_id])
    if row is None:
        raise NotFound(f"user {user_id} does not exist")
    if not row["session_nonce"]:
        with db.atomic():
            db.execute("UPDATE users SET session_nonce = ? WHERE id = ?", [secrets.token_hex(16), user_id])
        return session_id(db, user_id)
    return f"{row['id']}:{row['session_nonce']}"


def user_for_session(db: Database, value: str | None) -> dict | None:
    """The user of a session id from ``session_id``, while it is still valid and the user is active."""
    user_id, _, nonce = (value or "").partition(":")
    if not (user_id.isdecimal() and len(user_id) <= 18 and len(nonce) == 32):
        return None
    return _record(fetch_one(db, f"SELECT {_COLUMNS} FROM users WHERE id = ? AND session_nonce = ? "
                                 "AND removed_at IS NULL AND disabled_at IS NULL", [int(user_id), nonce]))


def _end_all(db: Database, user_id: int, **changes) -> None:
    """A new session nonce and no API token (plus ``changes``), in the caller's transaction."""
    changes = {"session_nonce": secrets.token_hex(16), "token_hash": None, **changes}
    db.execute(f"UPDATE users SET {', '.join(f'{column} = ?' for column in changes)} WHERE id = ?",
               [*changes.values(), user_id])


def end_sessions(db: Database, user_id: int) -> None:
    """Sign a user out everywhere: every browser session and the API token stop working now."""
    with db.atomic():
        _end_all(db, user_id)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(db: Database, name: str) -> str:
    """A new API token for a user (shown once; only its hash is kept; replaces the old one)."""
    user = _existing(db, name)
    if user["disabled"]:
        raise ReviewError(f"the account {user['name']} is disabled; enable it before issuing a token")
    token = "wb_" + secrets.token_urlsafe(32)
    with db.atomic():
        db.execute("UPDATE users SET token_hash = ? WHERE id = ?", [_token_hash(token), user["id"]])
    return token


def revoke_token(db: Database, name: str, actor: dict | None = None) -> dict:
    """Drop a user's API token (sessions are not affected); the user without it."""
    user = _existing(db, name)
    if actor is not None:
        require_role(actor, "admin")
    with db.atomic():
        db.execute("UPDATE users SET token_hash = NULL WHERE id = ?", [user["id"]])
    return get_user(db, user["id"])


def user_for_token(db: Database, token: str) -> dict | None:
    if not isinstance(token, str) or not token:
        return None
    return _record(fetch_one(db, f"SELECT {_COLUMNS} FROM users WHERE token_hash = ? AND removed_at IS NULL "
                                 "AND disabled_at IS NULL", [_token_hash(token)]))


# -- changes by an admin (or the operator at the command line: actor None) ----------------------------
def _check_actor(actor: dict | None, user: dict, doing: str) -> None:
    if actor is None:
        return
    require_role(actor, "admin")
    if actor["id"] == user["id"]:
        raise ReviewError(f"you cannot {doing} your own account; ask another admin")


def _keep_an_admin(db: Database, user: dict) -> None:
    """Refuse to leave no active admin (nobody could manage accounts from the web UI)."""
    if user["role"] != "admin" or user["disabled"]:
        return
    others = db.execute("SELECT count(*) FROM users WHERE role = 'admin' AND id != ? AND disabled_at IS NULL "
                        "AND removed_at IS NULL", [user["id"]]).fetchone()[0]
    if not others:
        raise ReviewError(f"{user['name']} is the last active admin; make another user admin first")


def set_role(db: Database, name: str, role: str, actor: dict) -> dict:
    """Change a user's role (admins); every session and the token of that user end."""
    require_role(actor, "admin")
    if role not in ROLES:
        raise ReviewError(f"role must be one of {', '.join(ROLES)}")
    user = _existing(db, name)
    if user["role"] == role:
        return user
    if role != "admin":
        _keep_an_admin(db, user)
    with db.atomic():
        _end_all(db, user["id"], role=role)
    return get_user(db, user["id"])


def set_password(db: Database, name: str, password: str, actor: dict | None = None) -> dict:
    """A new password; every session and the token of that user end."""
    user = _existing(db, name)
    if actor is not None:
        require_role(actor, "admin")
    check_password(password, user["name"])
    password_hash = generate_password_hash(password)
    with db.atomic():
        _end_all(db, user["id"], password_hash=password_hash)
    return get_user(db, user["id"])


def disable_user(db: Database, name: str, actor: dict | None = None) -> dict:
    """The user can no longer sign in or use a token; sessions and token end now."""
    user = _existing(db, name)
    _check_actor(actor, user, "disable")
    if user["disabled"]:
        return user
    _keep_an_admin(db, user)
    with db.atomic():
        _end_all(db, user["id"], disabled_at=now())
    return get_user(db, user["id"])


def enable_user(db: Database, name: str, actor: dict | None = None) -> dict:
    """Undo ``disable_user`` (the user signs in again; a new token must be issued)."""
    user = _existing(db, name)
    _check_actor(actor, user, "enable")
    with db.atomic():
        db.execute("UPDATE users SET disabled_at = NULL WHERE id = ?", [user["id"]])
    return get_user(db, user["id"])


def remove_user(db: Database, name: str, actor: dict | None = None) -> dict:
    """Remove an account for good: it cannot sign in, its sessions and token end, it is no longer
    listed; the row stays (so history still names who made each change) and so does its name."""
    user = _existing(db, name)
    _check_actor(actor, user, "remove")
    _keep_an_admin(db, user)
    with db.atomic():
        _end_all(db, user["id"], removed_at=now(), password_hash=None)
    return {**user, "removed": True}


# -- the demo account --------------------------------------------------------------------------------
def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable and writable by its owner only (mode 0600)."""
    def write(handle):
        os.fchmod(handle.fileno(), 0o600)
        handle.write(text.encode("utf-8"))

    atomic_write(path, write)


def demo_account(db: Database, password_file: str | Path) -> dict:
    """Create the demo admin with a random password, written to ``password_file`` (mode 0600).
    Returns {"name", "created", "password" (None when it existed), "file" (None if not written),
    "file_error"}."""
    password_file = Path(password_file)
    if get_user(db, DEMO_NAME) is not None:
        return {"name": DEMO_NAME, "created": False, "password": None,
                "file": str(password_file) if password_file.exists() else None, "file_error": None}
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_password(password, DEMO_NAME)
            break
        except ReviewError:  # a random draw that happens to look like a pattern: draw again
            continue
    user = add_user(db, DEMO_NAME, "admin", password)
    result = {"name": user["name"], "created": True, "password": password, "file": str(password_file),
              "file_error": None}
    try:
        _write_private(password_file, f"user {user['name']}\npassword {password}\n")
    except OSError as error:
        result.update(file=None, file_error=f"{password_file}: {error.strerror or error}")
    return result
