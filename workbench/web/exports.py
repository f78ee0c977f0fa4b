"""Downloads: the claims as CSV or JSON Lines, the reviewed ones as ClaimReview JSON-LD.

GET only and read-only (nothing changes, so no CSRF token is needed), for any
logged-in user.  Filters come from the query string as on the CLI
(``status`` repeatable, ``since`` a date); they are checked before the first
byte is sent, so a bad filter is a clear 400, never a truncated file.  The
body is streamed from ``workbench.exports`` as it is produced, so a large
database is never held in memory.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request

from workbench.errors import BadInput

from .auth import role_required
from .db import get_wb

bp = Blueprint("exports", __name__, url_prefix="/exports")
DOWNLOADS = {"csv": ("claims", "csv", "text/csv; charset=utf-8"),
             "jsonl": ("claims", "jsonl", "application/x-ndjson; charset=utf-8"),
             "claimreview": ("claimreview", "json", "application/ld+json; charset=utf-8")}


@bp.route("/")
@role_required("viewer")
def index():
    return render_template("exports.html", organisation=get_wb().publisher())


def _download(fmt: str):
    """Stream one export (over a connection of its own, ``Workbench.export_pieces``)."""
    statuses, since = request.args.getlist("status"), request.args.get("since") or None
    try:
        pieces = get_wb().export_pieces(fmt, statuses, since)
    except BadInput as error:
        abort(400, description=f"Cannot export: {error}.")

    def body():
        for piece in pieces:  # closing the generator (the client went away) closes its connection
            yield piece.encode("utf-8")

    stem, extension, content_type = DOWNLOADS[fmt]
    name = f"workbench-{stem}-{date.today().isoformat()}.{extension}"
    # content_type, not mimetype: Flask adds "; charset=utf-8" to a text/* mimetype, a second charset
    return Response(body(), content_type=content_type, headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/claims.csv")
@role_required("viewer")
def claims_csv():
    return _download("csv")


@bp.route("/claims.jsonl")
@role_required("viewer")
def claims_jsonl():
    return _download("jsonl")


@bp.route("/claimreview.json")
@role_required("viewer")
def claimreview():
    return _download("claimreview")
