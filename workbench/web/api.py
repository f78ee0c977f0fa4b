"""The JSON API, for newsroom scripts and the pages' own partial updates.

Claims come out in the stable claim JSON of ``workbench claims --json``.
Authentication: ``Authorization: Bearer <token>`` (no CSRF: a browser never
sends it on another site's behalf) or the session cookie (then CSRF applies
to POSTs, via the X-CSRFToken header).  Errors are ``{"error": "..."}`` with
400 bad input, 401 not logged in or bad token, 403 role, 404 missing,
409 stale status change, 413 too large.
"""
from __future__ import annotations

import json

from flask import Blueprint, abort, g, jsonify, request
from flask_login import current_user

from workbench.errors import BadInput
from workbench.model import CLAIM_TYPES
from workbench.model import STATUSES

from .auth import actor, bearer_token, can
from .db import get_wb
from .library import search_filters
from .views import SIMILAR_K, choice_arg

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_LIMIT, MAX_K = 500, 100
METADATA = ("outlet", "url", "title", "published", "language")


@bp.before_request
def _authenticate():
    token = bearer_token()
    if token is not None:
        user = get_wb().user_for_token(token) if token else None
        if user is None:
            return jsonify(error="invalid API token"), 401
        g.api_user = user
    elif not current_user.is_authenticated:
        return jsonify(error="not logged in: send a session cookie or Authorization: Bearer <token>"), 401
    return None


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    digits = raw.removeprefix("-")
    if not (digits.isdecimal() and len(digits) <= 18) or not low <= int(raw) <= high:  # not isdigit: "²"
        abort(400, description=f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _body() -> dict:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8") if raw else "")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        abort(400, description=f"request body is not valid JSON: {error}")
    except (RecursionError, ValueError):  # json's own limits: nesting depth, 4300-digit integers
        abort(400, description="request body is not valid JSON: nested too deeply or a number too long")
    if not isinstance(data, dict):
        abort(400, description="request body must be a JSON object")
    return data


def _text(data: dict, key: str, optional: bool = False) -> str | None:
    value = data.get(key)
    if value is None:
        return None if optional else ""
    if not isinstance(value, str):
        abort(400, description=f"{key} must be a string")
    return value


def _review(call, created: bool = False):
    """Run a review action; its errors carry their own status codes (``web/errors.py``)."""
    return jsonify(call()), 201 if created else 200


def _claim_or_404(claim_id: int) -> dict:
    claim = get_wb().claim(claim_id)
    if claim is None:
        abort(404, description=f"claim {claim_id} does not exist")
    return claim


@bp.get("/claims")
def claims():
    limit = _int_arg("limit", 50, 1, MAX_LIMIT)
    offset = (_int_arg("page", 1, 1, 10 ** 7) - 1) * limit if "page" in request.args else _int_arg("offset", 0, 0, 10 ** 9)
    try:
        status, claim_type = choice_arg(request.args, "status", STATUSES), choice_arg(request.args, "type", CLAIM_TYPES)
    except BadInput as error:
        abort(400, description=str(error))
    article_id = _int_arg("article_id", 0, 0, 10 ** 12) or None
    rows = get_wb().claims(article_id=article_id, status=status, claim_type=claim_type,
                           speaker=request.args.get("speaker") or None, limit=limit + 1, offset=offset)
    return jsonify(claims=rows[:limit], limit=limit, offset=offset,
                   next_offset=offset + limit if len(rows) > limit else None)


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int):
    found = _claim_or_404(claim_id)
    wb = get_wb()
    return jsonify({**found, "history": wb.history(claim_id), "flags": wb.flags(claim_id=claim_id)})


@bp.get("/claims/<int:claim_id>/similar")
def similar(claim_id: int):
    _claim_or_404(claim_id)
    results = get_wb().similar(claim_id, k=SIMILAR_K)
    return jsonify(results=results, more_frame_mates=results.more_frame_mates)


@bp.get("/search")
def search():
    query = (request.args.get("q") or "").strip()
    if not query:
        abort(400, description="q (the text to search for) is required")
    try:
        filters = search_filters(request.args)
    except BadInput as error:
        abort(400, description=str(error))
    results = get_wb().search(query, k=_int_arg("k", 10, 1, MAX_K), **filters)
    groups = [] if results.taken_as == "claim" else [
        {**group, "results": [result["claim"]["id"] for result in group["results"]]} for group in get_wb().group_results(results)]
    return jsonify(query=query, taken_as=results.taken_as, results=results, groups=groups)


@bp.post("/articles")
def articles():
    if not can("factchecker"):
        abort(403, description="ingesting needs the factchecker role")
    data = _body()
    metadata = {key: _text(data, key) for key in METADATA if data.get(key) not in (None, "")}
    result = get_wb().ingest_text(data.get("text"), source="api", **metadata)
    if not result.ok:
        abort(400, description=result.message)
    return jsonify({**result.to_dict(), "claim_ids": result.claim_ids}), 201 if result.status == "added" else 200


@bp.post("/claims/<int:claim_id>/status")
def status(claim_id: int):
    data = _body()
    evidence = data.get("evidence") or []
    if isinstance(evidence, str):
        evidence = [evidence]
    if not isinstance(evidence, list):
        abort(400, description="evidence must be a list of claim ids or URLs")
    status, note, expected = _text(data, "status"), _text(data, "note"), _text(data, "expected", optional=True)
    return _review(lambda: get_wb().set_status(claim_id, status, note, actor(), evidence, expected))


@bp.post("/claims/<int:claim_id>/flags")
def flags(claim_id: int):
    data = _body()
    reason, note = _text(data, "reason"), _text(data, "note", optional=True)
    return _review(lambda: get_wb().add_flag(claim_id, reason, actor(), note), created=True)


@bp.post("/claims/<int:claim_id>/relations")
def relations(claim_id: int):
    data = _body()
    other = data.get("other")
    if not isinstance(other, int) or isinstance(other, bool) or not 0 < other < 2 ** 63:
        abort(400, description="other (the related claim's id) must be a number")
    label, note = _text(data, "label"), _text(data, "note", optional=True)
    return _review(lambda: get_wb().set_relation(claim_id, other, label, actor(), note))
