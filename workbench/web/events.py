"""Events: the list, and one event's frame board, timeline and editors' corrections.

The board lays every value reported for a frame ("killed", "control", ...)
side by side with who said it and where.  A figure frame is drawn over time
with the consensus band most independent sources agree on, and only the
values that stand apart from it are marked, so a desk sees at a glance that
four sources say 77 dead and one document about 100; a frame of positions
(who holds the airport) shows each side with its sources, the minority marked.
"""
from __future__ import annotations

import re

from flask import Blueprint, flash, redirect, render_template, request, url_for

from workbench.errors import BadInput, NotFound

from .auth import role_required
from .charts import NARROW, WIDE, figure_timeline, timeline
from .db import get_wb
from .views import paginate, refused, row_ids

bp = Blueprint("events", __name__, url_prefix="/events")
BOARD_VALUES = 60  # values drawn per frame; the rest are counted, not hidden silently


@bp.route("")
def index():
    rows, pager = paginate(lambda limit, offset: get_wb().overview.events_page(limit, offset))
    return render_template("events.html", events=rows, pager=pager)


def _board(event_id: int) -> dict:
    """The weighed board (``Workbench.overview.event_board``) with a timeline per figure frame, drawn wide and
    narrow (CSS shows the one that fits); each table shows at most ``BOARD_VALUES`` rows (the chart and the
    consensus count them all)."""
    board = get_wb().overview.event_board(event_id)
    for frame in board["frames"]:
        weighed = frame.get("weighed")
        figures = weighed and weighed["kind"] == "figures"
        frame["charts"] = [figure_timeline(weighed, box) for box in (WIDE, NARROW)] if figures else []
        frame["charts"] = [chart for chart in frame["charts"] if chart]
        frame["hidden"] = max(0, len(frame["values"]) - BOARD_VALUES)
        frame["values"] = frame["values"][:BOARD_VALUES]
    return board


@bp.route("/<int:event_id>")
def show(event_id: int):
    board = _board(event_id)
    articles, pager = paginate(lambda limit, offset: get_wb().overview.event_articles(event_id, limit, offset))
    return render_template("event.html", board=board, event=board["event"], articles=articles, pager=pager,
                           timeline=timeline(articles))


def _ids(text: str) -> list[int]:
    return row_ids(re.findall(r"\d+", text or ""))


@bp.post("/<int:event_id>/rename")
@role_required("editor")
def rename(event_id: int):
    with refused(""):
        get_wb().rename_event(event_id, request.form.get("label", ""))
        flash("Event renamed.", "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/<int:event_id>/merge")
@role_required("editor")
def merge(event_id: int):
    sources = [source for source in _ids(request.form.get("sources", "")) if source != event_id]
    if not sources:
        flash("Name at least one other event (its number) to merge into this one.", "error")
        return redirect(url_for("events.show", event_id=event_id))
    try:
        get_wb().merge_events(event_id, sources)
        flash(f"Merged event(s) {', '.join(map(str, sources))} into this one.", "success")
    except NotFound as error:
        flash(f"Nothing merged: {error}.", "error")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/<int:event_id>/split")
@role_required("editor")
def split(event_id: int):
    article_ids = row_ids(request.form.getlist("article_ids"))
    try:
        new_id = get_wb().split_event(event_id, article_ids, request.form.get("label", "").strip() or None)
    except BadInput as error:
        flash(f"Nothing split: {error}.", "error")
        return redirect(url_for("events.show", event_id=event_id))
    flash(f"Moved {len(article_ids)} article(s) into a new event.", "success")
    return redirect(url_for("events.show", event_id=new_id))
