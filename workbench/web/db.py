"""One Workbench per request, kept on ``g`` and closed at teardown (flaskr's get_db pattern).

A request gets its own SQLite connection, so a slow page never blocks
another thread's transaction; the in-memory FAISS index is shared between
them (``shared_index=True``) so it is loaded once per process, not per
request.
"""
from __future__ import annotations

from flask import Flask, current_app, g

from workbench.api import Workbench

__all__ = ["get_wb", "close_wb", "init_app"]


def get_wb() -> Workbench:
    """This request's workbench, opened on first use."""
    if "wb" not in g:
        config = current_app.config
        g.wb = Workbench(config["DATABASE"], config["INDEX_DIR"], embedder=config.get("EMBEDDER"),
                         shared_index=True, log=current_app.logger.warning)
    return g.wb


def close_wb(exception=None) -> None:
    wb = g.pop("wb", None)
    if wb is not None:
        wb.close()


def init_app(app: Flask) -> None:
    """Close the workbench after each request; make sure claims.db and the index folder exist."""
    app.teardown_appcontext(close_wb)
    with app.app_context():
        get_wb().init()
