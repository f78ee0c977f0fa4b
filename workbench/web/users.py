"""Accounts (admins only): list, add, change role, issue an API token.

Password and token hashes never leave ``review``: it returns users without
them.  A new API token is shown once, in the response to the request that
made it (it is not put in a flash message, which would store it in the
session cookie).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from workbench.errors import BadInput

from .auth import actor, role_required
from .db import get_wb

bp = Blueprint("users", __name__, url_prefix="/users")


def _page(code: int = 200, form: dict | None = None, token: dict | None = None):
    return render_template("users.html", users=get_wb().users(), form=form or {}, token=token), code


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
    if name == me["name"] and role != "admin":
        flash("You cannot take the admin role from yourself; ask another admin.", "error")
        return redirect(url_for("users.index"))
    try:
        user = get_wb().set_role(name, role, me)
    except KeyError:
        abort(404, description=f"User {name} does not exist.")
    except BadInput as error:
        flash(f"Role not changed: {error}.", "error")
        return redirect(url_for("users.index"))
    flash(f"{user['name']} is now {user['role']}.", "success")
    return redirect(url_for("users.index"))


@bp.post("/<name>/token")
@role_required("admin")
def token(name: str):
    try:
        issued = get_wb().create_token(name)
    except KeyError:
        abort(404, description=f"User {name} does not exist.")
    return _page(token={"name": name, "value": issued})
