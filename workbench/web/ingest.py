"""Ingest from the browser: paste a report or upload a file, with its outlet, URL, title and date.

Pasted text goes through ``Workbench.ingest_text``; an upload is saved to a
temporary file under a safe name and goes through ``Workbench.ingest``, so
the same readers and decoders as the CLI apply and a bad file gets the same
one-line reason (empty, binary, not decodable, not a JSON object...).  The
size limit (MAX_CONTENT_LENGTH) turns an oversized upload into a clean 413.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.utils import secure_filename

from .auth import role_required
from .db import get_wb

bp = Blueprint("ingest", __name__)
METADATA = ("outlet", "url", "title", "published", "language")


def metadata_from(form) -> dict:
    return {key: form.get(key, "").strip() for key in METADATA if form.get(key, "").strip()}


def _upload(upload, metadata: dict) -> list:
    """Ingest one uploaded file through the CLI's readers; messages name the file, not the temp path."""
    name = secure_filename(upload.filename or "") or "upload.txt"
    stem, suffix = os.path.splitext(name)
    name = stem[:100] + suffix[:16]  # a file system refuses names over 255 bytes
    with tempfile.TemporaryDirectory(prefix="workbench-upload-") as folder:
        path = Path(folder) / name
        upload.save(path)
        return get_wb().ingest_file(path, metadata, label=f"upload:{name}")


def _show(results: list, form: dict):
    """Where to go next: the first new (or duplicated) article, opened on what it contradicts and
    corroborates in other reports; the form again if all failed."""
    for result in results:
        flash(result.message, "success" if result.status == "added" else "info" if result.ok else "error")
    landed = next((result for result in results if result.ok and result.article_id), None)
    if landed:
        session["ingested"] = landed.article_id  # one view of it opens on what it contradicts (library.article)
        return redirect(url_for("library.article", article_id=landed.article_id))
    return render_template("ingest.html", form=form), 400


@bp.route("/ingest", methods=("GET", "POST"))
@role_required("factchecker")
def index():
    if request.method == "GET":
        return render_template("ingest.html", form={})
    form = request.form.to_dict()
    metadata = metadata_from(request.form)
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        return _show(_upload(upload, metadata), form)
    text = request.form.get("text", "")
    if not text.strip():
        flash("Paste the report's text or choose a file to upload.", "error")
        return render_template("ingest.html", form=form), 400
    return _show([get_wb().ingest_text(text, source="pasted text", **metadata)], form)
