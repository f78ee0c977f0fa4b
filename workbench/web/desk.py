"""The editors' queue: unconfirmed and flagged claims, filtered, sorted, flagged in bulk, exported.

Filtering, sorting and paging happen in SQL (``review.queue``), so the
queue stays fast however many claims are waiting.  The CSV export is the
current view (same filters, sort and page) written with the csv module, so
commas, quotes and line breaks inside claims survive.
"""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from workbench.api import spreadsheet_safe
from workbench.errors import BadInput, NotFound
from workbench.model import CLAIM_TYPES, QUEUE_SORTS, STATUSES

from .auth import actor, role_required
from .db import get_wb
from .views import choice_arg, date_arg, page_window, row_ids, same_site_path

bp = Blueprint("desk", __name__)
CSV_COLUMNS = ("id", "status", "claim_type", "checkworthiness", "conflicts", "corroborations", "open_flags",
               "speaker", "outlet", "published", "text", "url")


def queue_filters(args) -> dict:
    """The queue's filters from the query string; ``attention=1`` narrows it to the claims the dashboard
    lists under "Needs attention" (all of them, not only the first few)."""
    return {"attention": args.get("attention") == "1", "outlet": (args.get("outlet") or "").strip() or None,
            "claim_type": choice_arg(args, "type", CLAIM_TYPES), "status": choice_arg(args, "status", STATUSES),
            "speaker": (args.get("speaker") or "").strip() or None, "since": date_arg(args, "since"),
            "until": date_arg(args, "until"), "sort": choice_arg(args, "sort", QUEUE_SORTS) or "checkworthiness"}


def _page():
    """This page of the queue: claims in queue order, the pager and the filters used."""
    filters = queue_filters(request.args)
    pager = page_window()
    wb = get_wb()
    chosen = {key: value for key, value in filters.items() if key != "attention"}
    if filters["attention"]:
        ids, total = wb.overview.attention_queue(limit=pager.per_page, offset=pager.offset, **chosen)
        found = wb.claims_by_id(ids)
    else:
        found, total = wb.queue(limit=pager.per_page, offset=pager.offset, **chosen)
    flags = wb.overview.open_flag_counts([claim["id"] for claim in found])
    claims = [{**claim, "open_flags": flags.get(claim["id"], 0)} for claim in found]
    pager.total, pager.has_next = total, pager.offset + len(claims) < total
    return claims, pager, filters


@bp.route("/queue")
@role_required("editor")
def index():
    try:
        claims, pager, filters = _page()
    except BadInput as error:
        flash(str(error), "error")
        return render_template("queue.html", claims=[], pager=None, filters={}), 400
    return render_template("queue.html", claims=claims, pager=pager, filters=filters)


@bp.route("/queue.csv")
@role_required("editor")
def export():
    try:
        claims, _, _ = _page()
    except BadInput as error:
        return Response(f"{error}\n", status=400, mimetype="text/plain")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for claim in claims:
        claim = {**claim, "url": url_for("claims.show", claim_id=claim["id"], _external=True)}
        writer.writerow([spreadsheet_safe(claim.get(column)) for column in CSV_COLUMNS])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=workbench-queue.csv"})


@bp.post("/queue/flag")
@role_required("editor")
def bulk_flag():
    """Flag every ticked claim with one reason and note; report what was done."""
    ids = row_ids(request.form.getlist("claim_ids"))
    reason, note = request.form.get("reason", ""), request.form.get("note")
    back = redirect(same_site_path(request.form.get("back"), "/queue") or url_for("desk.index"))
    if not ids:
        flash("Tick at least one claim to flag.", "error")
        return back
    wb, flagged = get_wb(), 0
    for claim_id in ids:
        try:
            wb.add_flag(claim_id, reason, actor(), note)
            flagged += 1
        except NotFound:
            continue
        except BadInput as error:
            flash(f"Not flagged: {error}.", "error")
            return back
    flash(f"Flagged {flagged} claim(s): {reason.replace('_', ' ')}.", "success")
    return back
