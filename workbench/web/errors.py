"""Errors people and scripts can act on: a page for browsers, ``{"error": ...}`` for the API.

Status codes are the contract for scripts: 400 bad input, 401 not logged in
or bad token, 403 role, 404 missing, 409 stale status change, 413 too large,
503 busy or an environment problem (a module or model the server lacks).
"""
from __future__ import annotations

from flask import current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from workbench.errors import EnvironmentProblem, from_import_error
from workbench.store import StoreError

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
        limit = (request.max_content_length or 0) / 1e6
        message = f"The upload is too large: the limit is {limit:.0f} MB."
    return _respond(error.code or 500, message or MESSAGES.get(error.code, error.name))


def _csrf_error(error: CSRFError):
    return _respond(400, "The form's security token is missing or expired (CSRF). Reload the page and try again.")


def _store_error(error: StoreError):
    """claims.db busy (a long ingest holds the lock) or unusable: say so, and that nothing was lost."""
    return _respond(503, f"{error}. Nothing was changed; try again in a moment.")


def _environment_problem(error: Exception):
    """The server's installation lacks something (a module, the model package): the operator's to fix."""
    problem = error if isinstance(error, EnvironmentProblem) else from_import_error(error, "the server")
    current_app.logger.error("%s", problem)
    return _respond(503, f"The server cannot do this: {problem}. Nothing was changed.")


def init_app(app) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(StoreError, _store_error)
    app.register_error_handler(EnvironmentProblem, _environment_problem)
    app.register_error_handler(ImportError, _environment_problem)
    app.register_error_handler(HTTPException, _http_error)
