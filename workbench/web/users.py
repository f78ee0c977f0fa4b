"""Accounts (admins only): list, add, change role, set a password, disable, enable, remove, issue
and revoke API tokens.

Password and token hashes never leave ``review``: it returns users without
them.  A new API token is shown once, in the response to the request that
made it (it is not put in a flash message, which would store it in the
session cookie).  A role change, a new password, disabling and removing end
every session and the token of that user at once (``review.accounts``).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from workbench.errors import BadInput, NotFound

from .auth import actor, role_required, sign_in
from .db import get_wb

bp = Blueprint("users", __name__, url_prefix="/users")


def _page(code: int = 200, form: dict | None = None, token: dict | None = None):
    return render_template("users.html", users=get_wb().users(), form=form or {}, token=token), code


def _change(name: str, call, done: str, refused: str):
    """Run an account change for ``name``; flash what happened (or why not) and go back to the list."""
    try:
        user = call()
    except NotFound:
        abort(404, description=f"User {name} does not exist.")
    except BadInput as error:  # includes PermissionDenied: yourself, the last admin
        flash(f"{refused}: {error}.", "error")
        return redirect(url_for("users.index"))
    flash(done.format(**user), "success")
    return redirect(url_for("users.index"))


@bp.route("")
@role_required("admin")
def index():
    return _page()


@bp.post("")
@role_required("admin")
def add():
    form = {"name": request.form.get("name", ""), "role": request.form.get("role", "")}
    try:
        user = get_wb().add_user(form["name"], form["role"], request.form.get("password", ""))
    except BadInput as error:
        flash(f"User not added: {error}.", "error")
        return _page(400, form)
    flash(f"Added {user['name']} as {user['role']}.", "success")
    return redirect(url_for("users.index"))


@bp.post("/<name>/role")
@role_required("admin")
def change_role(name: str):
    me = actor()
    role = request.form.get("role", "")
    if get_wb().user_name_key(name) == me["name"] and role != "admin":
        flash("You cannot take the admin role from yourself; ask another admin.", "error")
        return redirect(url_for("users.index"))
    return _change(name, lambda: get_wb().set_role(name, role, me), "{name} is now {role}. Their sessions and "
                   "API token have ended.", "Role not changed")


@bp.post("/password")
@role_required("admin")
def set_password():
    me, name = actor(), request.form.get("name", "")
    response = _change(name, lambda: get_wb().set_password(name, request.form.get("password", ""), me),
                       "New password set for {name}; their sessions and token have ended.", "Password not changed")
    if get_wb().user_name_key(name) == me["name"] and get_wb().user(me["id"]) is not None:
        sign_in(get_wb().user(me["id"]))  # your own new password ends your sessions too: keep this one
    return response


@bp.post("/<name>/disable")
@role_required("admin")
def disable(name: str):
    return _change(name, lambda: get_wb().disable_user(name, actor()),
                   "{name} is disabled: signed out everywhere, token revoked, no sign-in.", "Not disabled")


@bp.post("/<name>/enable")
@role_required("admin")
def enable(name: str):
    return _change(name, lambda: get_wb().enable_user(name, actor()),
                   "{name} can sign in again (issue a new token if they need one).", "Not enabled")


@bp.route("/<name>/remove", methods=("GET", "POST"))
@role_required("admin")
def remove(name: str):
    """GET asks for confirmation; only the POST (with its CSRF token) removes."""
    if request.method == "GET":
        user = get_wb().user(name)
        if user is None:
            abort(404, description=f"User {name} does not exist.")
        return render_template("user_remove.html", user=user)
    return _change(name, lambda: get_wb().remove_user(name, actor()),
                   "{name} is removed: signed out everywhere, token revoked; history still names them.",
                   "Not removed")


@bp.post("/<name>/token")
@role_required("admin")
def token(name: str):
    try:
        issued = get_wb().create_token(name)
    except NotFound:
        abort(404, description=f"User {name} does not exist.")
    except BadInput as error:
        flash(f"No token issued: {error}.", "error")
        return redirect(url_for("users.index"))
    return _page(token={"name": get_wb().user_name_key(name), "value": issued})


@bp.post("/<name>/revoke-token")
@role_required("admin")
def revoke_token(name: str):
    return _change(name, lambda: get_wb().revoke_token(name, actor()), "The API token of {name} is revoked.",
                   "Token not revoked")
