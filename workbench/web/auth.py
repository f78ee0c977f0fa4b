"""Who is asking: session login for people, bearer tokens for scripts, and roles.

Pages need a session (Flask-Login); the JSON API accepts either a session
(then CSRF applies, via the X-CSRFToken header) or ``Authorization: Bearer
<token>`` (``review.user_for_token``; exempt from CSRF because another site
cannot make a browser send it).  The user is reloaded from claims.db on
every request, so a role an admin changes takes effect at once.

A session names the user's id *and* session nonce (``Workbench.session_id``),
checked on every request: signing out, a password or role change, disabling
or removing the user draw a new nonce and drop the API token, so every
earlier cookie and token of that user stops working at once.  Failed
sign-ins are limited per name and address and per address
(``limits.LoginLimits``: 429 saying when to try again).
"""
from __future__ import annotations

import functools

from flask import (Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, session,
                   url_for)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from workbench.errors import Forbidden
from workbench.model import ROLES

from .db import get_wb
from .views import same_site_path
from .limits import LoginLimits

__all__ = ["bp", "User", "login_manager", "role_required", "actor", "bearer_token", "can", "init_app"]

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
PUBLIC_ENDPOINTS = {"auth.login", "static"}


class User(UserMixin):
    """A row of ``users`` (never its password or token hash) as Flask-Login wants it; its session id
    ("<id>:<nonce>") is what the cookie keeps."""

    def __init__(self, record: dict, session_id: str):
        self.record, self.session_id = record, session_id
        self.id, self.name, self.role = record["id"], record["name"], record["role"]

    def get_id(self) -> str:
        return self.session_id

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


@login_manager.user_loader
def _load_user(session_id: str):
    """The cookie's user while its session is still valid (not ended, user not disabled or removed)."""
    record = get_wb().user_for_session(session_id)
    return User(record, session_id) if record else None


def sign_in(record: dict) -> None:
    """A fresh session (no fixation) for ``record``, naming its current session id."""
    session.clear()
    login_user(User(record, get_wb().session_id(record["id"])))


@login_manager.unauthorized_handler
def _unauthorized():
    if request.path.startswith("/api/"):
        return jsonify(error="not logged in: send a session cookie or Authorization: Bearer <token>"), 401
    flash("Please log in to continue.", "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer`` header ('' when the header is malformed)."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def actor() -> dict | None:
    """The review-layer user dict of whoever makes this request (token or session)."""
    if "api_user" in g:
        return g.api_user
    return current_user.record if current_user.is_authenticated else None


def can(role: str) -> bool:
    user = actor()
    return user is not None and ROLES.index(user["role"]) >= ROLES.index(role)


def role_required(role: str):
    """Views for ``role`` and above: others get 403 (and a login page when not logged in)."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if actor() is None:
                return login_manager.unauthorized()
            if not can(role):
                abort(403, description=f"This needs the {role} role; you are signed in as {actor()['role']}.")
            return view(**kwargs)
        return wrapped
    return decorator


def _require_login():
    """Every page except the login form needs a session; the API authenticates itself."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.path.startswith("/api/") or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot be used to redirect elsewhere (nor, with a
    newline in ``next``, to build a header Werkzeug refuses: a 500)."""
    return same_site_path(target) or url_for("dashboard.index")


@bp.route("/login", methods=("GET", "POST"))
def login():
    if request.method == "POST":
        name, password = request.form.get("name", ""), request.form.get("password", "")
        wb, limits = get_wb(), current_app.extensions["workbench.login_limits"]
        key, address = wb.user_name_key(name[:256]), request.remote_addr or "unknown"
        wait = limits.wait(key, address)
        if wait:  # no password is checked while a wait is asked for
            message = f"Too many failed sign-ins; try again in {wait} second{'s' if wait != 1 else ''}."
            flash(message, "error")
            return render_template("login.html", name=name), 429, {"Retry-After": str(wait)}
        try:
            record = wb.authenticate(name, password)
        except Forbidden as error:  # the right password for a disabled account
            flash(f"{str(error)[0].upper()}{str(error)[1:]}.", "error")
            return render_template("login.html", name=name), 403
        if record is None:
            limits.failed(key, address)
            flash("Unknown user name or wrong password.", "error")
            return render_template("login.html", name=name), 401
        limits.succeeded(key, address)
        sign_in(record)
        flash(f"Signed in as {record['name']} ({record['role']}).", "success")
        return redirect(_safe_next(request.args.get("next")))
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    return render_template("login.html", name="")


@bp.route("/logout", methods=("GET", "POST"))
def logout():
    """GET asks for confirmation; only the POST (with its CSRF token) signs out."""
    if request.method == "GET":
        return render_template("logout.html")
    if current_user.is_authenticated:
        get_wb().end_sessions(current_user.id)  # every session of this user and its token end, not just this one
    logout_user()
    session.clear()
    flash("Signed out.", "success")
    return redirect(url_for("auth.login"))


def init_app(app) -> None:
    """Flask-Login, the login requirement, and the sign-in limits (``LOGIN_LIMITS``: a dict of
    ``LoginLimits`` fields, for tests and unusual sites)."""
    app.extensions["workbench.login_limits"] = LoginLimits(**app.config.get("LOGIN_LIMITS", {}))
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    app.before_request(_require_login)
    app.context_processor(lambda: {"can": can})
