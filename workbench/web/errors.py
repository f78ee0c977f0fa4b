"""Errors people and scripts can act on: a page for browsers, ``{"error": ...}`` for the API.

Status codes are the contract for scripts: 400 bad input, 401 not logged in
or bad token, 403 role, 404 missing, 409 stale status change, 413 too large,
503 busy or an environment problem (a module or model the server lacks).
Every library error is a ``WorkbenchError`` that knows its status; this is the
one place it becomes a response, so views let such errors rise.
"""
from __future__ import annotations

import sqlite3

import psycopg

from flask import current_app, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from workbench.errors import (BadInput, Busy, EnvironmentProblem, Unavailable, WorkbenchError, database_trouble,
                              from_import_error)
from workbench.model import MIB

__all__ = ["init_app", "wants_json"]

MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to do that.",
    404: "There is nothing here.",
    405: "That action is not available here.",
    413: "The upload is too large: the limit is 10 MB.",
    500: "Something went wrong on the server; nothing you sent was half-saved. Try again.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _respond(code: int, message: str):
    if wants_json():
        return jsonify(error=message), code
    return render_template("error.html", code=code, message=message), code


def _http_error(error: HTTPException):
    custom = error.description and error.description != type(error).description  # abort(..., description=)
    message = error.description if custom or error.code in (400, 401, 403, 409) else None
    if isinstance(error, RequestEntityTooLarge):
        limit = (request.max_content_length or 0) / MIB
        message = f"The upload is too large: the limit is {limit:.0f} MB."
    return _respond(error.code or 500, message or MESSAGES.get(error.code, error.name))


def _csrf_error(error: CSRFError):
    return _respond(400, "The form's security token is missing or expired (CSRF). Reload the page and try again.")


def _workbench_error(error: WorkbenchError):
    """A library error at its own status; claims.db busy or unusable also says that nothing was lost."""
    if isinstance(error, EnvironmentProblem):
        return _environment_problem(error)
    if isinstance(error, Unavailable):
        return _respond(error.http_status, f"{error}. Nothing was changed; try again in a moment.")
    return _respond(error.http_status, str(error))


def _environment_problem(error: Exception):
    """The server's installation lacks something (a module, the model package): the operator's to fix."""
    problem = error if isinstance(error, EnvironmentProblem) else from_import_error(error, "the server")
    current_app.logger.error("%s", problem)
    return _respond(503, f"The server cannot do this: {problem}. Nothing was changed.")


def _unusable_value(error: ValueError):
    """The safety net under input checks: a request value that cannot go where a view sent it — a
    newline in a header Werkzeug refuses to build (a ``next`` or a file name), text that cannot be
    encoded (a lone surrogate) — is the request's fault: a 400 like any ``BadInput``, never a 500.
    Any other ValueError is a bug and stays a 500."""
    if isinstance(error, UnicodeError):
        reason = "text that is not valid Unicode (a lone surrogate such as \\udc80)"
    elif "newline" in str(error):
        reason = "a line break where none can go (a value that becomes a header, such as next)"
    else:
        raise error
    return _workbench_error(BadInput(f"The request holds {reason}; remove it and try again."))


def _unavailable(error: Unavailable):
    """claims.db busy (another write held the lock for the whole timeout), read-only or full: a 503 "try
    again" naming it, never a 500.  The transaction was rolled back, so nothing is half-stored; a form's
    note comes back in the message so it is not lost."""
    if isinstance(error, EnvironmentProblem):
        return _environment_problem(error)
    current_app.logger.warning("%s %s: %s", request.method, request.path, error)
    kept = (request.form.get("note") or "").strip() if request.method == "POST" and not wants_json() else ""
    message = str(error)
    message += "" if "nothing was changed" in message else ". Nothing was changed"
    message += "." if "try again" in message else "; try again in a moment."
    if kept:
        message += f" Your note, not saved: “{kept[:2000]}”"
    response = make_response(_respond(error.http_status, message))
    response.headers["Retry-After"] = "2"
    return response


def _database_error(error: Exception):
    """A busy, read-only or full claims.db (or PostgreSQL server) met outside a transaction: the same 503; any other
    OperationalError (a query the code got wrong) stays a 500."""
    trouble = database_trouble(error, "claims.db", current_app.config.get("BUSY_TIMEOUT_S", 15))
    if trouble is None:
        raise error
    kind, message = trouble
    return _unavailable(Busy(message) if kind == "busy" else Unavailable(message))


def init_app(app) -> None:
    app.register_error_handler(Unavailable, _unavailable)
    app.register_error_handler(sqlite3.OperationalError, _database_error)
    app.register_error_handler(psycopg.OperationalError, _database_error)  # the same, from a PostgreSQL server
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(WorkbenchError, _workbench_error)
    app.register_error_handler(ImportError, _environment_problem)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ValueError, _unusable_value)  # BadInput, a ValueError too, has its own
