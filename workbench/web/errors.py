"""Errors people and scripts can act on: a page for browsers, ``{"error": ...}`` for the API.

Status codes are the contract for scripts: 400 bad input, 401 not logged in
or bad token, 403 role, 404 missing, 409 stale status change, 413 too large,
503 busy or an environment problem (a module or model the server lacks).
Every library error is a ``WorkbenchError`` that knows its status; this is the
one place it becomes a response, so views let such errors rise.
"""
from __future__ import annotations

from flask import current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from workbench.errors import EnvironmentProblem, Unavailable, WorkbenchError, from_import_error
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


def init_app(app) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(WorkbenchError, _workbench_error)
    app.register_error_handler(ImportError, _environment_problem)
    app.register_error_handler(HTTPException, _http_error)
