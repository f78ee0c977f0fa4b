"""Who is asking: session login for people, bearer tokens for scripts, and roles.

Pages need a session (Flask-Login); the JSON API accepts either a session
(then CSRF applies, via the X-CSRFToken header) or ``Authorization: Bearer
<token>`` (``review.user_for_token``; exempt from CSRF because another site
cannot make a browser send it).  The user is reloaded from claims.db on
every request, so a role an admin changes takes effect at once.
"""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from workbench.model import ROLES

from .db import get_wb

__all__ = ["bp", "User", "login_manager", "role_required", "actor", "bearer_token", "can", "init_app"]

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
PUBLIC_ENDPOINTS = {"auth.login", "static"}


class User(UserMixin):
    """A row of ``users`` (never its password or token hash) as Flask-Login wants it."""

    def __init__(self, record: dict):
        self.record = record
        self.id, self.name, self.role = record["id"], record["name"], record["role"]

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


@login_manager.user_loader
def _load_user(user_id: str):
    record = get_wb().user(int(user_id)) if user_id.isdigit() else None
    return User(record) if record else None


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
    """Only same-site paths, so the login form cannot be used to redirect elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("dashboard.index")


@bp.route("/login", methods=("GET", "POST"))
def login():
    if request.method == "POST":
        name, password = request.form.get("name", ""), request.form.get("password", "")
        record = get_wb().authenticate(name.strip(), password)
        if record is None:
            flash("Unknown user name or wrong password.", "error")
            return render_template("login.html", name=name), 401
        session.clear()  # a fresh session on login: no fixation
        login_user(User(record))
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
    logout_user()
    session.clear()
    flash("Signed out.", "success")
    return redirect(url_for("auth.login"))


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    app.before_request(_require_login)
    app.context_processor(lambda: {"can": can})
