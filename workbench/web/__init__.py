"""The web UI and JSON API: an application factory in the style of Flask's tutorial (flaskr).

    flask --app workbench.web run            # development
    workbench serve                          # waitress, via bind() below

Every page is a thin view over ``Workbench`` and ``workbench.review``, so the
UI, the CLI and newsroom scripts never disagree.  Each request opens its own
Workbench (one SQLite connection) and closes it at teardown; the FAISS index
is shared across them (``shared_index=True``) so it is loaded once.

Safety is configured here, once: CSRF on every state-changing request except
token-authenticated API calls, secure cookie flags, a strict
Content-Security-Policy (no inline script or style: CSS lives in
``workbench/static/style.css``), and a secret key that is never hard-coded (kept beside
claims.db, mode 0600, unless WORKBENCH_SECRET_KEY gives one).
"""
from __future__ import annotations

import errno
import os
import secrets
import socket
from pathlib import Path

from flask import Flask, current_app, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter

import workbench
from workbench import config
from workbench.model import MAX_UPLOAD_BYTES
from workbench.errors import PortInUse

from .auth import bearer_token

__all__ = ["create_app", "bind", "ensure_port_free", "csrf", "secret_key_path"]

PACKAGE = Path(workbench.__file__).parent
MAX_UPLOAD = MAX_UPLOAD_BYTES
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

csrf = CSRFProtect()


class _RowId(IntegerConverter):
    """``<int:...>`` bounded to SQLite's INTEGER, so /claims/<30 digits> is a 404, not an OverflowError."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2 ** 63 - 1)
        super().__init__(url_map, *args, **kwargs)


def secret_key_path(database: str | Path) -> Path:
    """Where the session key of ``database`` is kept: beside it (``.claims.db.secret_key``), never in
    the index folder, which is a cache anyone may delete."""
    database = Path(database)
    return database.with_name(f".{database.name}.secret_key")


def _read_key(path: Path) -> str | None:
    try:
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if len(key) < 32:  # empty or cut short (a writer killed mid-write): not a key
        return None
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)  # readable by its owner only, whatever made it
    return key


def _write_key(path: Path, key: str) -> str:
    """Put ``key`` at ``path`` (mode 0600) unless another process got there first; the key in force."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(key)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temp, path)  # only if there is none: two servers starting at once agree on one key
        except FileExistsError:
            existing = _read_key(path)
            if existing:
                return existing
            os.replace(temp, path)  # an empty or broken file: replace it
        return key
    finally:
        temp.unlink(missing_ok=True)


def _secret_key(database: str | Path, index_dir: Path) -> str:
    """WORKBENCH_SECRET_KEY, else the database server's shared key, else a random key kept beside claims.db
    (mode 0600) so sessions survive restarts and deleting ``indexes/``.  A key an older version kept in
    the index folder is moved."""
    if config.current().secret_key:
        return config.current().secret_key
    with workbench.Workbench(database, index_dir) as claims:
        kept = claims.session_secret()  # a server database: one key for every web server in front of it
    if kept:
        return kept
    path = secret_key_path(database)
    if str(database) == ":memory:" or not path.parent.is_dir():  # nowhere to keep it (claims.db then says why)
        return secrets.token_hex(32)
    key = _read_key(path)
    if key:
        return key
    legacy = Path(index_dir) / ".secret_key"
    key = _write_key(path, _read_key(legacy) or secrets.token_hex(32))
    legacy.unlink(missing_ok=True)
    return key


def _configure(app: Flask, test_config: dict | None) -> None:
    settings = config.current()
    app.config.from_mapping(
        DATABASE=settings.db,
        INDEX_DIR=settings.index_dir,
        EMBEDDER=None,
        PER_PAGE=50,
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        MAX_FORM_MEMORY_SIZE=MAX_UPLOAD,  # a pasted report travels as an ordinary form field
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_CHECK_DEFAULT=False,  # checked in _csrf_unless_token, which exempts token API calls
        WTF_CSRF_TIME_LIMIT=None,  # a fact-checker may keep a claim open for hours
        BEHIND_PROXY=settings.behind_proxy,
    )
    if test_config:
        app.config.update(test_config)
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.config["DATABASE"], Path(app.config["INDEX_DIR"]))


def _csrf_unless_token() -> None:
    """CSRF protects cookie sessions; a bearer token cannot be sent by another site, so it is exempt."""
    if request.path.startswith("/api/") and (bearer_token() is not None or not current_user.is_authenticated):
        return  # a token call, or one the API refuses with 401 before doing anything
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")  # pages show private, changing data
    return response


def create_app(test_config: dict | None = None) -> Flask:
    """The application: config from env (WORKBENCH_DB, WORKBENCH_INDEX_DIR) or ``test_config``."""
    app = Flask(__name__, template_folder=str(PACKAGE / "templates"), static_folder=str(PACKAGE / "static"),
                static_url_path="/static")
    app.url_map.converters["int"] = _RowId  # before any route is added
    _configure(app, test_config)
    if app.config["BEHIND_PROXY"]:  # trust one proxy's X-Forwarded-For/-Proto/-Host (HTTPS ends there)
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    csrf.init_app(app)
    app.before_request(_csrf_unless_token)
    app.after_request(_security_headers)

    from . import api, auth, claims, dashboard, db, desk, errors, events, exports, ingest, library, users, views

    db.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    views.init_app(app)
    for module in (auth, dashboard, events, library, claims, desk, ingest, users, api, exports):
        app.register_blueprint(module.bp)
    return app


def bind(app: Flask, host: str = "127.0.0.1", port: int = 5000, threads: int = 8):
    """A waitress server (production WSGI: no debugger, bounded thread pool) bound to host:port but
    not yet serving, so a port in use is reported before anything is announced; ``.run()`` serves."""
    from waitress.server import create_server

    try:
        return create_server(app, host=host, port=port, threads=threads,
                             max_request_body_size=MAX_UPLOAD + 1024 * 1024, ident="workbench")
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortInUse(port) from None
        raise


def ensure_port_free(host: str, port: int) -> None:
    """Refuse a port in use before minutes of work that would end in a failed bind (``make demo``)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress binds
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUse(port) from None
            raise
